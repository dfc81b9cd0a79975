"""Where each contact is printed: the answer of ``brochure where-used``, for every contact at once.

From the same composition a build uses (``Composer`` and the build's own
``panels_using``), so a contact reached through a link (a programme's
organisation, a venue) counts as printed where the card that follows the link is.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...builder.depends import panels_using
from ...data.model import BrochureSource, Registry
from ...layout.compose import Composer
from ...project import Project


@dataclass(frozen=True)
class Place:
    brochure: str
    title: str
    edition: str
    position: int           # 0: the document's metadata (publisher), not a panel
    panel_id: str


def places(project: Project, registry: Registry, sources: list[BrochureSource],
           only: set[str] | None = None) -> dict[str, list[Place]]:
    """Contact id → where it is printed; ``only`` limits the answer to some ids (the import's changes)."""
    composer = Composer(project, registry)
    found: dict[str, list[Place]] = {}
    for source in sources:
        brochure = source.brochure
        comp = composer.compose(source, html=False)    # where it is printed, not how
        for contact_id, positions in panels_using(comp).items():
            if only is not None and contact_id not in only:
                continue
            for panel in comp.panels:
                if panel.position in positions:
                    found.setdefault(contact_id, []).append(
                        Place(source.name, brochure.title, brochure.edition.issued, panel.position, panel.id))
        publisher = brochure.edition.publisher
        if publisher not in found or all(p.brochure != source.name for p in found[publisher]):
            if only is None or publisher in only:
                found.setdefault(publisher, []).append(
                    Place(source.name, brochure.title, brochure.edition.issued, 0, "発行者"))
    return found


def summary(found: list[Place]) -> str:
    """「yamaguchi 2021-03 4・5・6面、sapporo 2021-03 2面」"""
    grouped: dict[tuple[str, str], list[str]] = {}
    for place in found:
        grouped.setdefault((place.brochure, place.edition), []).append(
            f"{place.position}面" if place.position else place.panel_id)
    return "、".join(f"{b} {e} " + "・".join(dict.fromkeys(ps)).replace("面・", "・") for (b, e), ps in grouped.items())
