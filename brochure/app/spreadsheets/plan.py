"""``brochure contacts import FILE``: what an edited spreadsheet would change, and applying it.

The sheet is compared with data/contacts.yaml value by value: a cell that
says what the file says (a date, 〜 that CP932 turned into ～, a kind written
as its Japanese label) is no change, so exporting and importing without an
edit changes nothing.  Rows may be sorted or filtered in Excel: records are
matched by ID, never by position, and the file keeps its own order.

Changed and added records are checked with the build's own checks
(``check_record``), the problems located at the cell of the field they
concern.  Applying writes through the editor's round-trip writer
(``Document``): only the lines of the changed values change, comments and
untouched records stay byte-identical, and a file changed meanwhile is
refused (``Conflict``).
"""

from __future__ import annotations

import copy
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from ...data.loader import Located
from ...data.model import check_record, each_brochure
from ...data.records import Edits, apply_edits
from ...data.roundtrip import Conflict
from ...files import atomic_write
from ...data.schema import Contact
from ...data.table import BY_FIELD, COLUMNS, CellProblem, LINKS, Read, Row, as_date, at, read_sheet
from ...errors import DataError, Problem
from ...i18n import speaking
from ...project import Project
from . import files
from .export import read_contacts, registry_of
from .places import Place, places


WORD = re.compile(r"[a-z0-9][a-z0-9-]*")   # anything that may be a contact id in a brochure file


@dataclass
class Change:
    contact_id: str
    name: str
    action: str                                   # added, changed, removed
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)   # (field, old, new); new None: removed
    record: dict | None = None                    # an added record
    places: list[Place] = field(default_factory=list)


@dataclass
class Plan:
    source: str
    encoding: str
    text: str                                     # data/contacts.yaml as the plan read it
    data: dict                                    # … and as PyYAML reads it
    changes: list[Change]
    warnings: list[Problem]

    def affected(self) -> dict[tuple[str, str], set[int]]:
        """(brochure, edition) → the panels that print a changed or removed contact."""
        found: dict[tuple[str, str], set[int]] = {}
        for change in self.changes:
            for place in change.places:
                found.setdefault((place.brochure, place.edition), set()).add(place.position)
        return found


def plan_import(project: Project, path: Path) -> Plan:
    """Read ``path`` and compare it with the registry; DataError lists every problem, located by cell."""
    sheet, encoding = files.read(path)
    read = read_sheet(sheet)
    if any(p.severity == "error" for p in read.problems):
        raise DataError(read.problems)
    return build_plan(project, path.name, encoding, read, sheet.name)


def build_plan(project: Project, source: str, encoding: str, read: Read, sheet: str,
               removable: Callable[[str], bool] = lambda cid: True) -> Plan:
    """Compare the rows with the registry, check what changes, find where it is printed.  A contact
    without a row is removed when ``removable`` says so (an open-data list removes only its own)."""
    text, current = read_contacts(project)    # validated below only where the sheet changes it
    changes = _compare(current, read.rows, encoding == "cp932", removable)
    problems = read.problems + _checked(sheet, read, current, changes)
    removed = {c.contact_id for c in changes if c.action == "removed"}
    touched = {c.contact_id for c in changes if c.action != "added"}
    if touched:
        registry = registry_of(project, current)
        candidates = _may_print(project, current, touched)
        sources = list(each_brochure(project, candidates, registry)) if candidates else []
        found = places(project, registry, sources, only=touched)
        for change in changes:
            change.places = found.get(change.contact_id, [])
        problems += [_printed(sheet, c) for c in changes if c.contact_id in removed and c.places]
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)
    return Plan(source, encoding, text, current, changes, problems)


def apply(project: Project, plan: Plan) -> None:
    """Write the plan into data/contacts.yaml; Conflict when the file changed since the plan read it."""
    edits = {}
    for change in plan.changes:
        edit = edits[change.contact_id] = Edits(removed=change.action == "removed", record=change.record)
        for name, _old, new in change.fields:
            if new is None:
                edit.deletes.append(name)
            else:
                edit.sets.append((name, new))
    shown = project.relative(project.contacts_file)
    text = apply_edits(plan.text, shown, plan.data, edits)
    current = project.contacts_file.read_bytes()
    if current != plan.text.encode("utf-8"):
        raise Conflict(shown, current.decode("utf-8", errors="replace"))
    atomic_write(project.contacts_file, text.encode("utf-8"))


def _may_print(project: Project, current: dict, ids: set[str]) -> list[str]:
    """The brochures that may print one of ``ids``: a brochure prints a contact it names, or one a
    named contact links to (organisation, venue, located_in, office), so it must name one of the
    ids or a record that links to one.  Composing only those keeps a change to a national
    registry quick; the composition then gives the exact panels."""
    reaching, grown = set(ids), True
    while grown:
        grown = False
        for cid, record in current.items():
            if cid not in reaching and isinstance(record, dict) and any(record.get(k) in reaching for k in LINKS):
                reaching.add(cid)
                grown = True
    names = []
    for name in project.brochure_names():
        words = set(WORD.findall(project.brochure_file(name).read_text(encoding="utf-8")))
        if not words.isdisjoint(reaching):
            names.append(name)
    return names


# --------------------------------------------------------------------------- comparing


def _compare(current: dict, rows: list[Row], cp932: bool, removable: Callable[[str], bool]) -> list[Change]:
    changes = []
    for row in rows:
        original = current.get(row.contact_id)
        if original is None:
            record = _merged({}, row.values, cp932)[0]
            changes.append(Change(row.contact_id, str(record.get("name", "")), "added", record=record))
            continue
        fields = _merged(original, row.values, cp932)[1]
        if fields:
            changes.append(Change(row.contact_id, str(original.get("name", "")), "changed", fields))
    listed = {row.contact_id for row in rows}
    changes += [Change(cid, str(record.get("name", "")), "removed") for cid, record in current.items()
                if cid not in listed and removable(cid)]
    return changes


def _merged(original: dict, values: dict[str, Any], cp932: bool) -> tuple[dict, list[tuple[str, Any, Any]]]:
    """The record as the row says, built on the original (fields the sheet does not show, such as
    channels, stay), and the fields that differ.  A default left out of the file stays out."""
    record = copy.deepcopy(original)
    fields = []
    for name, new in values.items():
        old = original.get(name)
        if _same(old, new, cp932):
            continue
        default = Contact.model_fields[name].get_default(call_default_factory=True)
        if name not in original and (new is None or new == default):
            continue
        if new is None or (new == default and name in ("located_in_note",)):
            record.pop(name, None)
            fields.append((name, old, None))
        else:
            record[name] = new
            fields.append((name, old, new))
    return record, fields


def _same(old: Any, new: Any, cp932: bool) -> bool:
    """The YAML's value and the cell's mean the same (a date as text, [] as an empty cell …)."""
    if old in (None, [], "", False) and new in (None, False):
        return True
    if isinstance(new, datetime.date):
        return as_date(old) == new
    if isinstance(new, list) and isinstance(old, list):
        return [_text(o, cp932) for o in old] == new
    if isinstance(new, str) and isinstance(old, (str, int, float)) and not isinstance(old, bool):
        return _text(old, cp932) == new
    return old == new


def _text(value: Any, cp932: bool) -> str:
    text = str(value).strip()
    return files.cp932_folded(text) if cp932 else text


# --------------------------------------------------------------------------- checking


def _checked(sheet: str, read: Read, current: dict, changes: list[Change]) -> list[Problem]:
    """The build's checks on the changed and added records, and links to removed ones."""
    rows = {row.contact_id: row for row in read.rows}
    data = dict(current)
    for change in changes:
        if change.action == "removed":
            del data[change.contact_id]
        elif change.action == "added":
            data[change.contact_id] = change.record
        else:
            data[change.contact_id] = _merged(current[change.contact_id], rows[change.contact_id].values, False)[0]
    marks = _marks(read)
    located = Located(sheet, data, marks)
    headers = {number: header for header, number in read.columns.items()}
    problems: list[Problem] = []
    with speaking("ja"):   # staff fix the sheet: the messages are Japanese whatever the locale
        for change in changes:
            if change.action != "removed":
                for problem in check_record(located, change.contact_id, data):
                    problems.append(_at_cell(sheet, problem, headers))
    problems += _links_to_removed(sheet, read, data, {c.contact_id for c in changes if c.action == "removed"})
    problems += _names_edited(sheet, read, data)
    return problems


def _marks(read: Read) -> dict[tuple, tuple[int, int]]:
    """Each record's and field's 'line and column': its row and the column of its header."""
    marks = {}
    for row in read.rows:
        marks[(row.contact_id,)] = (row.number, read.columns["ID"])
        for name in row.values:
            marks[(row.contact_id, name)] = (row.number, read.columns[BY_FIELD[name].header])
    return marks


def _at_cell(sheet: str, problem: Problem, headers: dict[int, str]) -> Problem:
    column = problem.column or 1
    return at(sheet, column, problem.line or 1, headers.get(column, "ID"), problem.message, problem.hint,
              problem.severity)


def _links_to_removed(sheet: str, read: Read, data: dict, removed: set[str]) -> list[Problem]:
    problems = []
    for row in read.rows:
        for link in LINKS:
            target = data.get(row.contact_id, {}).get(link)
            if target in removed:
                header = BY_FIELD[link].header
                problems.append(at(sheet, read.columns[header], row.number, header,
                                   f"ID「{target}」の行がないため、リンク先がありません",
                                   f"{target} の行を戻すか、{header}を変えてください"))
    return problems


def _names_edited(sheet: str, read: Read, data: dict) -> list[Problem]:
    """A linked name is shown for reading: editing it changes nothing, which the user should know."""
    problems = []
    for row in read.rows:
        for link, (column, shown) in row.names.items():
            target = data.get(row.contact_id, {}).get(link)
            actual = str(data.get(target, {}).get("name", "")) if target else ""
            if shown and target in data and shown != actual and files.cp932_folded(actual) != shown:
                header = next(c.header for c in COLUMNS if c.kind == "name" and c.link == link)
                problems.append(at(sheet, column, row.number, header,
                                   f"参照のみの列が「{shown}」に変えられています（取り込みません）",
                                   f"リンク先を変えるときは {BY_FIELD[link].header} を変えてください",
                                   "warning"))
    return problems


def _printed(sheet: str, change: Change) -> Problem:
    from .places import summary
    return CellProblem(sheet, "", f"ID「{change.contact_id}」（{change.name}）の行がありません。"
                       f"この連絡先は {summary(change.places)} に載っているため削除できません",
                       hint="行を戻してください。削除するときは、先にリーフレットから外してください")

