"""Freezing an edition and starting the next one (``brochure edition new``).

Freezing needs to know which contacts the leaflet prints, and only composing
it tells that, so it lives here, above layout; the snapshot files themselves
(their paths, their text, loading them back) belong to data.editions.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from ..data.editions import (
    check_month,
    check_reads_back,
    load_snapshot,
    set_issued,
    set_revised,
    snapshot_path,
    snapshot_text,
    with_linked,
)
from ..data.model import BrochureSource, Registry, load_brochure, load_registry
from ..data.published import published_keys
from ..data.wareki import month_of
from ..errors import UsageError
from ..files import atomic_write
from ..i18n import _
from ..layout.compose import Composer
from ..project import Project


def printed_contacts(project: Project, registry: Registry, source: BrochureSource) -> list[str]:
    """Every contact id the brochure prints, plus the records those link to (so the snapshot validates)."""
    return with_linked(registry, set(Composer(project, registry).compose(source).uses))


def freeze(project: Project, name: str, registry: Registry, source: BrochureSource) -> tuple[Path, list[str]]:
    """Write the snapshot of the brochure's current edition; check it reads back as the same data."""
    issued = source.brochure.edition.issued
    ids = printed_contacts(project, registry, source)
    text = snapshot_text(registry, source, ids)
    path = snapshot_path(project, name, issued)
    if path.is_file() and path.read_text(encoding="utf-8") != text:
        raise UsageError(_("{path} already exists and differs from the current data: edition {issued} was published "
                           "before.").format(path=project.relative(path), issued=issued) + f"\n  {_('hint:')} "
                         + _("set edition.issued in data/brochures/{name}.yaml to the edition being prepared").format(
                             name=name))
    check_reads_back(text, project.relative(path), registry, source, ids)
    atomic_write(path, text.encode("utf-8"))
    return path, ids


# --------------------------------------------------------------------------- starting a new edition


@dataclass
class NewEdition:
    name: str
    previous: str
    issued: str
    snapshot: str                         # path relative to the project
    frozen_contacts: list[str]
    review: list[tuple[str, str, datetime.date]]  # (id, name, verified) verified before `previous`


def start_edition(project: Project, name: str, issued: str) -> NewEdition:
    """Freeze the current edition, then move the brochure file's ``edition.issued`` to ``issued``."""
    check_month(issued, "--issued")
    registry = load_registry(project)
    source = load_brochure(project, name, registry)
    previous = source.brochure.edition.issued
    if issued <= previous:
        raise UsageError(_("the new edition must come after the current one: {name} is at {previous}, --issued "
                           "{issued} is not later.").format(name=name, previous=previous, issued=issued)
                         + f"\n  {_('hint:')} " + _("give a month after {previous}, e.g. --issued {example}").format(
                             previous=previous, example=_next_year(previous)))
    path, ids = _replaced(project, name, registry, source)
    set_issued(project.brochure_file(name), source.located, issued)
    if source.brochure.edition.revised:   # the new edition is no reprint
        set_revised(project.brochure_file(name), load_brochure(project, name, registry).located, None)
    cutoff = month_of(previous)
    review = sorted(((cid, registry[cid].name, registry[cid].verified) for cid in ids
                     if cid in registry.contacts and registry[cid].verified < cutoff),
                    key=lambda item: (item[2], item[0]))
    return NewEdition(name, source.brochure.edition.key, issued, project.relative(path), ids, review)


def _replaced(project: Project, name: str, registry: Registry, source: BrochureSource) -> tuple[Path, list[str]]:
    """The edition being replaced, frozen: a published one is kept as it was printed (edits made since
    belong to the new edition); one never published is frozen from the data as it is now."""
    key = source.brochure.edition.key
    if key in published_keys(project, name):
        return snapshot_path(project, name, key), sorted(load_snapshot(project, name, key)[0].contacts)
    return freeze(project, name, registry, source)


def _next_year(month: str) -> str:
    year, mm = month.split("-")
    return f"{int(year) + 1}-{mm}"
