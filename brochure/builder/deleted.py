"""A contact deleted while a leaflet still prints it: said as a deletion, with every place it prints.

The data stage sees only a reference to an id that is not in data/contacts.yaml, which reads as a
typo ("did you mean 'dream-factory-ibasho'?").  But when the last build printed that id, or a
frozen edition keeps it, the record was deleted, and what the user needs is where it is still
printed: every brochure, edition and panel, live and frozen.  Both are known only here: the
manifest (what each output printed, panel by panel) and the snapshots of frozen editions.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Iterator

import yaml

from ..errors import Problem
from ..i18n import _
from ..project import Project


@dataclass(frozen=True)
class Place:
    brochure: str
    edition: str
    position: int
    heading: str
    frozen: bool

    def __str__(self) -> str:
        text = _("{brochure} {edition} {heading} (panel {position})").format(
            brochure=self.brochure, edition=self.edition, heading=self.heading, position=self.position)
        return text + (_(" (frozen)") if self.frozen else "")


def explain_deleted(project: Project, problems: list[Problem]) -> list[Problem]:
    """Unknown-id problems for ids that were printed: one deletion message listing every place."""
    from ..data.model import UNKNOWN_ID
    missing = {p.subject for p in problems if p.code == UNKNOWN_ID and p.subject}
    places = printed_in(project, missing) if missing else {}
    said: set[str] = set()
    explained = []
    for problem in problems:
        where = places.get(problem.subject) if problem.code == UNKNOWN_ID else None
        if not where:
            explained.append(problem)
        elif problem.subject in said:
            explained.append(replace(problem, message=_("{id!r} is not in data/contacts.yaml, but this line still "
                                                        "names it").format(id=problem.subject), hint=None))
        else:
            said.add(problem.subject)
            explained.append(replace(problem, message=_("{id!r} cannot be deleted: it is printed in {places}").format(
                id=problem.subject, places=_(", ").join(str(p) for p in where)),
                hint=_("take it out of those panels first, or put its record back in data/contacts.yaml")))
    return explained


def printed_in(project: Project, ids: set[str]) -> dict[str, list[Place]]:
    """Id → every place the last build printed it (manifest) or a frozen edition keeps it (snapshots)."""
    found: dict[str, list[Place]] = {}
    seen: set[tuple] = set()
    for brochure, edition, position, panel_id, uses in _manifest_panels(project):
        for cid in ids & set(uses):
            _add(found, seen, cid, project, brochure, edition, position, panel_id)
    for brochure, edition, data in _snapshots(project):
        for index, panel in enumerate((data.get("brochure") or {}).get("panels") or []):
            linked = _linked(data.get("contacts") or {}, ids)
            for cid in ids:
                if _mentions(panel.get("blocks"), {cid} | linked.get(cid, set())):
                    _add(found, seen, cid, project, brochure, edition, index + 1, panel.get("id", ""), data)
    return found


def _add(found, seen, cid, project, brochure, edition, position, panel_id, snapshot=None) -> None:
    if (cid, brochure, edition, position) in seen:
        return
    seen.add((cid, brochure, edition, position))
    data = (snapshot or {}).get("brochure") or _brochure_data(project, brochure, edition)
    frozen = snapshot is not None or _current_edition(project, brochure) != edition
    found.setdefault(cid, []).append(Place(brochure, edition, position, _heading(data, position, cid) or panel_id,
                                           frozen))


def _manifest_panels(project: Project) -> Iterator[tuple[str, str, int, str, list[str]]]:
    from .outputs import read_manifest_document
    manifest = read_manifest_document(project.build / "manifest.json")
    for output in manifest.get("outputs", []):
        for panel in output.get("panels") or []:
            yield output["brochure"], output["edition"], panel.get("position"), panel.get("id", ""), \
                panel.get("contacts") or []


def _snapshots(project: Project) -> Iterator[tuple[str, str, dict]]:
    folder = project.data / "editions"
    for path in sorted(folder.glob("*/*.yaml")) if folder.is_dir() else []:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue   # a broken snapshot is reported when it is built; here it only adds places
        if isinstance(data, dict):
            yield path.parent.name, path.stem, data


def _linked(contacts: dict, ids: set[str]) -> dict[str, set[str]]:
    """Id → the records that print it through a link (a programme's organisation, a venue …)."""
    linked: dict[str, set[str]] = {}
    for cid, record in contacts.items():
        for value in (record or {}).values() if isinstance(record, dict) else ():
            if isinstance(value, str) and value in ids:
                linked.setdefault(value, set()).add(cid)
    return linked


def _mentions(value: Any, ids: set[str]) -> bool:
    if isinstance(value, str):
        return value in ids
    if isinstance(value, dict):
        return any(_mentions(v, ids) for v in value.values())
    if isinstance(value, list):
        return any(_mentions(v, ids) for v in value)
    return False


def _heading(data: dict | None, position: int, cid: str) -> str:
    """The heading over the block that prints the contact, else the panel's first heading."""
    panels = (data or {}).get("panels") or []
    if not 0 < position <= len(panels):
        return ""
    heading, first = "", ""
    for block in panels[position - 1].get("blocks") or []:
        if isinstance(block, dict) and isinstance(block.get("heading"), str):
            heading = block["heading"]
            first = first or heading
        elif _mentions(block, {cid}):
            return heading or first
    return first


def _brochure_data(project: Project, brochure: str, edition: str) -> dict:
    path = project.brochure_file(brochure)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _current_edition(project: Project, brochure: str) -> str | None:
    edition = _brochure_data(project, brochure, "").get("edition") or {}
    if not isinstance(edition, dict):
        return None
    return f"{edition.get('issued')}" + (f"r{edition['revised']}" if edition.get("revised") else "")
