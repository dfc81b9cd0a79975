"""Editions: the current one follows the live data, published ones are frozen.

A brochure's current edition is the month in its ``edition.issued``. When
staff start the next one (``brochure edition new``), the current edition is
frozen first: the exact brochure data and the exact contact records it
printed are written to ``data/editions/<name>/<YYYY-MM>.yaml``. Building that
edition later reads only the snapshot, so it comes out byte-identical however
the registry has changed since. A snapshot is loaded through the same schema
validation as the live files.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

import yaml

from ..errors import DataError, Problem, UsageError
from ..files import atomic_write
from ..i18n import _
from ..project import Project
from .loader import Located, load_yaml, parse_yaml
from .model import (
    BrochureSource,
    Registry,
    brochure_from,
    each_brochure,
    load_brochure,
    load_checked_registry,
    load_registry,
    registry_from,
)
from .schema import MONTH

# An edition's key: its month, and for a corrected reprint the month of the correction after r
# (2021-03r2022-06), so that a reprint's snapshot and outputs sit beside the printing they correct.
EDITION_KEY = re.compile(r"^(\d{4})-(\d{2})(?:r(\d{4})-(\d{2}))?$")
LINKS = ("organisation", "venue", "located_in", "office")  # contact fields naming other contacts
SNAPSHOT_KEYS = ("name", "issued", "brochure", "contacts")
SNAPSHOT_HEADER = """\
# Frozen edition {issued} of {name}, written by `brochure publish` (or `brochure edition new`).
# It holds the exact brochure data and contact records this edition printed, so
# `brochure build {name} --edition {issued}` rebuilds it byte for byte.
# Do not edit it: correct data/contacts.yaml and data/brochures/{name}.yaml instead,
# which the current edition follows.
"""


# --------------------------------------------------------------------------- where editions are


def snapshot_path(project: Project, name: str, issued: str) -> Path:
    return project.data / "editions" / name / f"{issued}.yaml"


def frozen_editions(project: Project, name: str) -> list[str]:
    """Months of the frozen editions of ``name``, oldest first."""
    folder = project.data / "editions" / name
    return sorted(p.stem for p in folder.glob("*.yaml") if EDITION_KEY.match(p.stem)) if folder.is_dir() else []


def check_month(text: str, what: str = "edition") -> str:
    match = MONTH.match(text or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise UsageError(_("{what} {text!r} is not a month written as YYYY-MM, e.g. 2022-03").format(what=what, text=text))
    return text


def check_key(text: str) -> str:
    """An edition named on the command line: a month, or a reprint's key (2021-03r2022-06)."""
    match = EDITION_KEY.match(text or "")
    if not match or not all(1 <= int(m) <= 12 for m in match.group(2, 4) if m):
        raise UsageError(_("edition {text!r} is not a month written as YYYY-MM (e.g. 2022-03), "
                           "or a reprint's YYYY-MMrYYYY-MM").format(text=text))
    return text


# --------------------------------------------------------------------------- loading an edition


def load_for_build(project: Project, names: list[str] | None,
                   edition: str | None) -> tuple[Registry, Iterable[BrochureSource]]:
    """The registry and brochures to build: the live data (each brochure as it is loaded, see
    model.each_brochure), or one frozen edition of one brochure."""
    if edition is None:
        registry = load_checked_registry(project)
        return registry, each_brochure(project, names, registry)
    if not names or len(names) != 1:
        raise UsageError(_("--edition needs exactly one brochure name, e.g. brochure build yamaguchi --edition 2021-03"))
    registry, source = open_edition(project, names[0], check_key(edition))
    return registry, [source]


def open_edition(project: Project, name: str, issued: str) -> tuple[Registry, BrochureSource]:
    """A frozen edition from its snapshot, or the current one from the live data."""
    if snapshot_path(project, name, issued).is_file():
        return load_snapshot(project, name, issued)
    registry = load_registry(project)
    source = load_brochure(project, name, registry)
    if source.brochure.edition.key != issued:
        known = frozen_editions(project, name) + [source.brochure.edition.key]
        raise UsageError(_("{name} has no edition {issued}; its editions are {editions} (the last is current, "
                           "from data/brochures/{name}.yaml)").format(name=name, issued=issued, editions=", ".join(known)))
    return registry, source


def load_snapshot(project: Project, name: str, issued: str) -> tuple[Registry, BrochureSource]:
    path = snapshot_path(project, name, issued)
    return snapshot_from(project, name, issued, load_yaml(path, project.relative(path)))


def snapshot_from(project: Project, name: str, issued: str, located: Located) -> tuple[Registry, BrochureSource]:
    """A snapshot's registry and brochure, validated like the live files (``publish`` renders one
    from its text before writing it)."""
    data = located.data
    if not isinstance(data, dict) or sorted(data) != sorted(SNAPSHOT_KEYS):
        got = ", ".join(map(str, data)) if isinstance(data, dict) else type(data).__name__
        raise DataError([located.problem((), _("a snapshot holds exactly {keys} (found: {got})").format(
            keys=", ".join(SNAPSHOT_KEYS), got=got),
            hint=_("snapshots are written by `brochure edition new`; restore it from git"))])
    if data["name"] != name or data["issued"] != issued:
        raise DataError([located.problem(("issued",), _(
            "snapshot is of {of_name} {of_issued}, but its file name says {name} {issued}").format(
            of_name=data["name"], of_issued=data["issued"], name=name, issued=issued),
            hint=_("restore the file from git; do not rename snapshots"))])
    registry = registry_from(part(located, "contacts"))
    source = brochure_from(name, part(located, "brochure"), registry, project.assets)
    if source.brochure.edition.key != issued:
        raise DataError([located.problem(("brochure", "edition", "issued"), _("differs from the snapshot's issued"),
                                         hint=_("restore the file from git"))])
    return registry, source


def part(located: Located, key: str) -> Located:
    """One top-level value of a document, with its own file:line marks."""
    marks = {path[1:]: mark for path, mark in located.marks.items() if path[:1] == (key,)}
    return Located(located.file, located.data[key], marks)


# --------------------------------------------------------------------------- freezing


def with_linked(registry: Registry, ids: set[str]) -> list[str]:
    """``ids`` plus every record they link to, transitively (so a snapshot of them validates)."""
    ids, pending = set(ids), list(ids)
    while pending:
        contact = registry[pending.pop()]
        for target in filter(None, (getattr(contact, field) for field in LINKS)):
            if target not in ids:
                ids.add(target)
                pending.append(target)
    return sorted(ids)


def snapshot_text(registry: Registry, source: BrochureSource, ids: list[str]) -> str:
    issued = source.brochure.edition.key
    document = {"name": source.name, "issued": issued, "brochure": source.located.data,
                "contacts": {cid: registry.located.data[cid] for cid in ids}}
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)
    return SNAPSHOT_HEADER.format(name=source.name, issued=issued) + body


def check_reads_back(text: str, shown: str, registry: Registry, source: BrochureSource, ids: list[str]) -> None:
    """The snapshot must load as exactly the data it was made from, or a rebuild would not be identical."""
    back = parse_yaml(text, shown)
    contacts = registry_from(part(back, "contacts"))
    brochure = brochure_from(source.name, part(back, "brochure"), contacts).brochure
    if brochure != source.brochure or any(contacts[cid] != registry[cid] for cid in ids):
        raise DataError([Problem(shown, "", _("the snapshot does not read back as the data it was made from"),
                                 hint=_("report this as a bug; nothing was written"))])


def set_issued(path: Path, located: Located, issued: str) -> None:
    """Replace the ``issued:`` value in place, keeping every comment and the rest of the file as written."""
    text = path.read_bytes().decode("utf-8")
    lines = text.splitlines(keepends=True)
    line, column = located.where(("edition", "issued"))
    if line is None or ("edition", "issued") not in located.marks:
        raise DataError([located.problem(("edition",), _("has no issued: line to update"),
                                         hint=_("add issued: 'YYYY-MM'"))])
    head, tail = lines[line - 1][:column - 1], lines[line - 1][column - 1:]
    new_tail, count = re.subn(r"^(issued\s*:\s*)(['\"]?)\d{4}-\d{2}\2", lambda m: f"{m[1]}{m[2]}{issued}{m[2]}", tail)
    if count != 1:
        raise DataError([located.problem(("edition", "issued"), _("cannot find the month to replace on this line"),
                                         hint=_("write it as issued: '{issued}' on a line of its own").format(
                                             issued=issued))])
    lines[line - 1] = head + new_tail
    updated = "".join(lines)
    check = parse_yaml(updated, located.file).data
    if check.get("edition", {}).get("issued") != issued:
        raise DataError([located.problem(("edition", "issued"), _("the updated file does not read back as intended"),
                                         hint=_("set issued: '{issued}' by hand").format(issued=issued))])
    atomic_write(path, updated.encode("utf-8"))


def set_revised(path: Path, located: Located, revised: str | None) -> None:
    """Write ``revised:`` (a reprint's month) under ``issued:``, or drop it (None): one line changes."""
    text = path.read_bytes().decode("utf-8")
    lines = text.splitlines(keepends=True)
    if ("edition", "revised") in located.marks:
        index = located.where(("edition", "revised"))[0] - 1
        del lines[index]
    else:
        index = located.where(("edition", "issued"))[0]
    if revised is not None:
        issued_line = lines[located.where(("edition", "issued"))[0] - 1]
        indent = issued_line[:len(issued_line) - len(issued_line.lstrip())]
        lines.insert(index, f'{indent}revised: "{revised}"\n')
    updated = "".join(lines)
    if parse_yaml(updated, located.file).data.get("edition", {}).get("revised") != revised:
        raise DataError([located.problem(("edition", "issued"), _("the updated file does not read back as intended"),
                                         hint=_("set edition.revised: '{revised}' by hand").format(revised=revised))])
    atomic_write(path, updated.encode("utf-8"))


def edition_list(project: Project, name: str) -> list[tuple[str, str]]:
    """(month, 'frozen' | 'published' | 'current' …) for every edition of ``name``, oldest first."""
    from .published import published_keys
    current = load_brochure(project, name, load_registry(project)).brochure.edition.key
    published = published_keys(project, name)
    rows = [(month, "published" if month in published else "frozen")
            for month in frozen_editions(project, name) if month != current]
    return rows + [(current, "current, published" if current in published else "current")]
