"""What a build makes of each brochure, once printings have been published.

* The current edition, never published: every output, from the live data.
* The current edition, published: nothing from the live data.  Its print and
  proof are its snapshot's (``build --edition``); when the live data would print
  something else, the build says so and what to do instead (a warning: with
  ``--strict`` the build is refused).
* The latest published printing: its **website copy** (the download PDF and the
  HTML page), from its snapshot's brochure data and the *live* contact records,
  so a corrected phone number reaches the website at once; its edition line
  says 最終更新日.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..errors import Problem
from ..i18n import _
from ..project import Project
from ..render.variants import VARIANTS, Variant
from .languages import language_targets

if TYPE_CHECKING:
    from ..data.model import BrochureSource, Registry


@dataclass
class Target:
    """One edition of one brochure to compose, with the registry to compose it with and what to make."""

    source: "BrochureSource"
    registry: "Registry"
    variants: list[Variant]
    updated: datetime.date | None = None      # the website copy's 最終更新日
    made: dict = field(default_factory=dict)  # added to what its outputs are made from
    language: str = "ja"                      # a language edition (languages.py)
    readings: dict = field(default_factory=dict)   # ja-easy: readings the sentences give ({漢字|かんじ})
    editions: tuple[str, ...] = ("ja",)       # the languages built of this edition: each HTML page links the others

    @property
    def task(self) -> str:
        """The renderer's name for it: the brochure, the edition when it is not the current one, and
        the language when it is not Japanese."""
        key = f" {self.source.brochure.edition.key}" if "website_copy" in self.made else ""
        return self.source.name + key + (f" {self.language}" if self.language != "ja" else "")


def targets(project: Project, source: "BrochureSource", registry: "Registry",
            frozen: bool, allow_missing: bool = False) -> tuple[list[Target], list[Problem]]:
    """The targets of one loaded brochure (``frozen``: loaded from a snapshot by ``--edition``); the
    language editions of a current, unpublished edition (``allow_missing``: languages.py)."""
    from ..data.published import latest, published_keys
    key = source.brochure.edition.key
    last = latest(project, source.name)
    if frozen:   # the latest published printing's website copy follows the live data, not its snapshot
        keep = [v for v in VARIANTS.values() if not (last and last.edition == key and v.public)]
        return [Target(source, registry, keep)], []
    found, notes = [], []
    if key not in published_keys(project, source.name):
        found, notes = _in_every_language(project, source, registry, allow_missing)
    elif _prints_differently(project, source, registry):
        notes.append(_refusal(project, source))
    if last is not None:
        copies, copy_notes = website_copies(project, source.name, last, registry, allow_missing)
        found += copies
        notes += copy_notes
    return found, notes


def website_copies(project: Project, name: str, printing, live: "Registry",
                   allow_missing: bool = False) -> tuple[list[Target], list[Problem]]:
    """The published printing's brochure with the live records of the contacts it prints (a record
    deleted since is taken from the snapshot): its download PDF and page, in Japanese and in each
    language it was published in, so that no language's copy on the website keeps a changed number."""
    from ..data.editions import load_snapshot
    from ..data.model import Registry
    frozen, source = load_snapshot(project, name, printing.edition)
    registry = Registry({**frozen.contacts, **live.contacts}, live.located)
    updated = last_updated(printing.published, [registry[cid] for cid in frozen.contacts])
    return _in_every_language(project, source, registry, allow_missing, updated, {"website_copy": printing.edition})


def _in_every_language(project: Project, source: "BrochureSource", registry: "Registry", allow_missing: bool,
                       updated: datetime.date | None = None, made: dict | None = None
                       ) -> tuple[list[Target], list[Problem]]:
    """The Japanese target and one per language of ``languages:`` whose catalogue allows it; a website
    copy (``updated`` given) makes only the public outputs.  The pages of the languages built link each
    other (``editions``)."""
    languages, notes = language_targets(project, source, allow_missing)
    editions = ("ja", *(fields["language"] for fields in languages))
    made = (made or {}) | ({"editions": list(editions)} if len(editions) > 1 else {})

    def kept(variants: list[Variant]) -> list[Variant]:
        return [v for v in variants if v.public] if updated is not None else list(variants)
    found = [Target(source, registry, kept(list(VARIANTS.values())), updated, dict(made), editions=editions)]
    found += [Target(registry=registry, updated=updated, editions=editions,
                     **(fields | {"variants": kept(fields["variants"]), "made": fields["made"] | made}))
              for fields in languages]
    return found, notes


def last_updated(published: datetime.date, contacts: list) -> datetime.date:
    """最終更新日, from the data, never the clock: the day the printing was published, or the newest
    ``verified:`` of the records it prints when one was checked since (a corrected record is
    re-verified), so the same data always gives the same page."""
    return max([published] + [contact.verified for contact in contacts])


def _prints_differently(project: Project, source: "BrochureSource", registry: "Registry") -> bool:
    """Whether the live data would print another PDF than the published snapshot."""
    from ..data.editions import load_snapshot
    from ..layout.compose import Composer
    from .depends import FileHashes, fingerprint, made_from
    hashes = FileHashes(project)
    frozen_registry, frozen = load_snapshot(project, source.name, source.brochure.edition.key)
    live = made_from(project, Composer(project, registry).compose(source), registry, hashes)
    was = made_from(project, Composer(project, frozen_registry).compose(frozen), frozen_registry, hashes)
    return fingerprint(live) != fingerprint(was)


def next_steps(name: str) -> str:
    """What to do instead of changing a published printing: said wherever one is refused."""
    return _("start the next edition (brochure edition new {name} --issued YYYY-MM), or make a corrected "
             "reprint (brochure publish {name} --reprint YYYY-MM)").format(name=name)


def _refusal(project: Project, source: "BrochureSource") -> Problem:
    key = source.brochure.edition.key
    return Problem(source.located.file, "edition", _("{name} {key} is published: its print PDF stays as it was "
                   "printed and is not rebuilt from the changed data (the website copy follows it)").format(
                       name=source.name, key=key),
                   hint=next_steps(source.name), severity="warning")
