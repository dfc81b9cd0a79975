"""``brochure where-used``: every brochure, edition and panel that prints a contact.

Answers from the same composition a build uses (no rendering), so it sees
contacts reached through links too: a programme's organisation, a venue, the
building an office sits in, a figure's contact.
"""

from __future__ import annotations

from ..builder.depends import panels_using
from ..errors import BrochureError
from ..project import Project


def where_used(project: Project, contact_id: str) -> list[str]:
    """Lines ``brochure edition: panel N (id), …``; BrochureError when the id is unknown."""
    from ..data.model import _did_you_mean, load_all
    from ..layout.compose import Composer

    registry, sources = load_all(project)
    if contact_id not in registry.contacts:
        raise BrochureError(f"unknown contact id {contact_id!r}" + _did_you_mean(contact_id, list(registry.contacts))
                            + "\n  hint: contact ids are the top-level keys of data/contacts.yaml")
    composer = Composer(project, registry)
    lines = []
    for source in sources:
        comp = composer.compose(source)
        positions = panels_using(comp).get(contact_id, [])
        where = [f"panel {p.position} ({p.id})" for p in comp.panels if p.position in positions]
        if source.brochure.edition.publisher == contact_id:
            where.append("document metadata (publisher)")
        if where:
            lines.append(f"{source.name} {source.brochure.edition.issued}: " + ", ".join(where))
    return lines or [f"{contact_id} is not printed in any brochure"]
