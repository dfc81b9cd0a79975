"""build/ heals itself: the manifest lists only outputs that exist, of editions the data has.

People delete folders in build/ by hand, edit ``edition.issued`` without
freezing the edition first, or remove a brochure's file.  A manifest that still
listed those outputs made ``preview`` and ``site`` fail on every run, and no
build mended it: the build only writes the editions it builds.  So each build
that writes the manifest first drops

* an output whose file is no longer in build/ (a current edition's output is
  rebuilt by the same build; a frozen one's waits for ``build NAME --edition``),
* every output of a brochure whose data file is gone,
* every output of an edition of a built brochure that is neither its current
  edition, nor a frozen one (a snapshot), nor a published website copy,
* every output of the current edition in a language it is no longer built in
  (taken out of ``languages:``, or left unbuilt until its translation is
  complete): the download page must not keep offering a PDF the live data no
  longer makes, with a phone number that may have changed since,

and says so in the change report.  The files of a dropped edition are left
where they are: build/ may hold what someone copied there on purpose.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..i18n import _
from ..project import Project

MISSING, GONE_EDITION, GONE_BROCHURE, GONE_LANGUAGE = "missing", "edition", "brochure", "language"
PUBLIC_KINDS = ("download", "html")   # what the website shows of an edition (render/variants.py: public)


@dataclass(frozen=True)
class Dropped:
    brochure: str
    edition: str
    path: str
    why: str      # MISSING, GONE_EDITION or GONE_BROCHURE

    def line(self) -> str:
        if self.why == MISSING:
            return _("{path}: no longer in build/, dropped from build/manifest.json (it is made again by `brochure "
                     "build {name} --edition {edition}`)").format(path=self.path, name=self.brochure,
                                                                  edition=self.edition)
        if self.why == GONE_BROCHURE:
            return _("{name} {edition}: data/brochures/{name}.yaml no longer exists; its outputs are dropped from "
                     "build/manifest.json and the download page").format(name=self.brochure, edition=self.edition)
        if self.why == GONE_LANGUAGE:
            return _("{path}: its language is no longer built (languages:, or an incomplete translation); dropped "
                     "from build/manifest.json and the download page").format(path=self.path)
        return _("{name} {edition}: no longer an edition in the data (neither current nor frozen); its outputs are "
                 "dropped from build/manifest.json and the download page").format(name=self.brochure,
                                                                                   edition=self.edition)


def healed(project: Project, manifest: dict, jobs: list[Any], whole: bool = True) -> tuple[dict, list[Dropped]]:
    """``manifest`` without the outputs to drop (run after this build wrote its outputs), and what was
    dropped, one entry per edition (per file when files are missing).  ``whole``: the jobs are every
    edition of their brochures the data has (not a build of one frozen ``--edition``).  Each job is a
    pipeline.Job, not imported by name: pipeline imports this module."""
    editions = _editions_in_data(project, jobs) if whole else None
    languages = _languages_built(jobs) if whole else {}
    kept, dropped = [], {}
    for entry in manifest.get("outputs", []):
        why = _why_dropped(project, entry, editions, languages)
        if why is None:
            kept.append(entry)
            continue
        path = entry["path"] if why in (MISSING, GONE_LANGUAGE) else ""
        dropped.setdefault((entry["brochure"], entry["edition"], path), Dropped(entry["brochure"], entry["edition"],
                                                                                   entry["path"], why))
    inputs = {name: stamp for name, stamp in manifest.get("inputs", {}).items()
              if project.brochure_file(name).is_file()}
    return {**manifest, "outputs": kept, "inputs": inputs}, list(dropped.values())


def _why_dropped(project: Project, entry: dict, editions: dict[str, set[str]] | None,
                 languages: dict[tuple[str, str], set[str]]) -> str | None:
    name = entry["brochure"]
    if not project.brochure_file(name).is_file():
        return GONE_BROCHURE
    if editions is not None and name in editions and entry["edition"] not in editions[name]:
        return GONE_EDITION
    built, public_only = languages.get((name, entry["edition"]), (None, False))
    kind, _, language = entry["variant"].partition("-")
    if built is not None and (language or "ja") not in built and not (public_only and kind not in PUBLIC_KINDS):
        return GONE_LANGUAGE
    if not (project.root / entry["path"]).is_file():
        return MISSING
    return None


def _editions_in_data(project: Project, jobs: list[Any]) -> dict[str, set[str]]:
    """Brochure → the editions the data has, for the brochures of this build: each job's edition
    (the current one and the website copies of published ones) and every frozen one."""
    from ..data.editions import frozen_editions   # not at the top: a no-op build must not import pydantic
    found: dict[str, set[str]] = {}
    for job in jobs:
        source = job.comp.source
        found.setdefault(source.name, set()).add(source.brochure.edition.key)
    for name, keys in found.items():
        keys.update(frozen_editions(project, name))
    return found


def _languages_built(jobs: list[Any]) -> dict[tuple[str, str], tuple[set[str], bool]]:
    """(brochure, edition) → the languages this build makes of it, and whether only its public
    outputs are made (a published edition's website copy: its print and proof PDFs, in every
    language, stay as they were printed)."""
    found: dict[tuple[str, str], tuple[set[str], bool]] = {}
    for job in jobs:
        comp = job.comp
        if comp.language == "ja":
            found[comp.source.name, comp.source.brochure.edition.key] = (set(comp.editions), "website_copy" in job.made)
    return found


def manifest_intact(project: Project, manifest: dict) -> bool:
    """Every output the manifest lists is in build/ and its brochure still has a data file: the quick
    check may trust it (otherwise the full build heals it)."""
    return all(project.brochure_file(entry["brochure"]).is_file() and (project.root / entry["path"]).is_file()
               for entry in manifest.get("outputs", []))
