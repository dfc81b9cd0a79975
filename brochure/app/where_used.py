"""``brochure where-used``: every brochure, edition and panel that prints a contact.

Answers from the same composition a build uses (no rendering), so it sees
contacts reached through links too: a programme's organisation, a venue, the
building an office sits in, a figure's contact.  Frozen editions are composed
from their snapshots, as ``build --edition`` does, so a contact printed only in
last year's leaflet is found too.  The contact can be named as staff know it:
its id, its name or part of it, or its phone number with or without hyphens.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Iterator

from ..builder.depends import panels_using
from ..errors import BrochureError
from ..i18n import _
from ..project import Project

MIN_PHONE_DIGITS = 6     # fewer digits are part of a name or an address, not a phone number


def where_used(project: Project, query: str) -> list[str]:
    """Lines ``brochure edition: panel N (id), …``, headed by each contact when the query was not its id;
    BrochureError when nothing matches."""
    from ..data.model import load_all

    registry, sources = load_all(project)
    ids = matching_contacts(registry, query)
    if not ids:
        from ..data.model import _did_you_mean
        raise BrochureError(_("no contact has the id, name or phone number {query!r}").format(query=query)
                            + _did_you_mean(query, list(registry.contacts)) + "\n  " + _("hint:") + " "
                            + _("give the contact's id, part of its name (e.g. 支えて) or its phone number"))
    editions = list(_editions(project, registry, sources))
    lines = []
    for cid in ids:
        found = [line for line in _places(editions, cid)] or [_("{id} is not printed in any brochure").format(id=cid)]
        if ids == [query]:
            lines += found
        else:
            lines += [f"{cid} {registry[cid].name}:"] + ["  " + line for line in found]
    return lines


def matching_contacts(registry, query: str) -> list[str]:
    """The id itself; else every contact whose phone number has the query's digits, or whose name
    contains the query (full- and half-width alike)."""
    if query in registry.contacts:
        return [query]
    wanted = _plain(query)
    digits = re.sub(r"\D", "", wanted)
    if len(digits) >= MIN_PHONE_DIGITS and re.fullmatch(r"[\d\-() ]+", wanted):
        return [cid for cid, contact in registry.contacts.items() if digits in _phone_digits(contact)]
    return [cid for cid, contact in registry.contacts.items()
            if wanted and (wanted in _plain(contact.name) or wanted in _plain(getattr(contact, "name_kana", None) or ""))]


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


def _phone_digits(contact) -> set[str]:
    numbers = [contact.tel] + [getattr(channel, "tel", None) for channel in contact.channels]
    return {re.sub(r"\D", "", _plain(n)) for n in numbers if n}


def _editions(project: Project, registry, sources) -> Iterator[tuple[str, str, bool, object]]:
    """(brochure, edition, frozen, composition) for every current edition, then every frozen one."""
    from ..data.editions import frozen_editions, load_snapshot
    from ..layout.compose import Composer

    composer = Composer(project, registry)
    for source in sources:
        current = source.brochure.edition.key
        yield source.name, current, False, composer.compose(source)
        for month in frozen_editions(project, source.name):
            if month != current:
                old_registry, old_source = load_snapshot(project, source.name, month)
                yield source.name, month, True, Composer(project, old_registry).compose(old_source)


def _places(editions, cid: str) -> Iterator[str]:
    for name, edition, frozen, comp in editions:
        positions = panels_using(comp).get(cid, [])
        where = [_("panel {position} ({id})").format(position=p.position, id=p.id)
                 for p in comp.panels if p.position in positions]
        if comp.source.brochure.edition.publisher == cid:
            where.append(_("document metadata (publisher)"))
        if where:
            yield f"{name} {edition}" + (_(" (frozen)") if frozen else "") + ": " + _(", ").join(where)
