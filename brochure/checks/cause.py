"""What made a panel overflow: the block or contact record on it whose text grew.

Preflight sees only the laid-out page; the person who lengthened a contact's
name needs the line they edited.  The build knows what each output printed at
its last build (the manifest's ``made_from``: the brochure's panels and blocks,
every printed contact record), so an overflowing panel is compared with that:
the blocks of the panel and the records it prints whose text changed are the
cause, the one that grew most first, and the problem is moved to its file:line.

Without an earlier build to compare with (``brochure check`` on a fresh
project), or when nothing on the panel changed (a stylesheet or font did), no
cause can be known: the panel's longest block and longest contact record are
named instead, said to be the longest, not the cause, and the problem stays
at the panel's line.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from ..data.loader import Located, dotted
from ..data.provenance import strings
from ..errors import Problem
from ..i18n import _, ngettext

OVERFLOW = "overflow"   # the code of the overflow check's problems (preflight.py); their subject is the panel id
NAMED = 3               # causes named per panel


@dataclass(frozen=True)
class Cause:
    located: Located
    path: tuple              # in ``located``: a block, a record, or the value in it that changed
    key: tuple               # the same thing in a ``made_from``: ('panel id', block index) or ('contact id',)
    value: Any = field(compare=False)
    grew: int | None = None  # characters more than at the last build; None: not compared

    @property
    def chars(self) -> int:
        return sum(len(text) for _path, text in strings(self.value))

    @property
    def where(self) -> str:
        line = self.located.where(self.path)[0]
        return f"{self.located.file}:{line}" if line is not None else self.located.file


def explain_overflows(problems: list[Problem], brochure: Located, contacts: Located | None,
                      uses: dict[str, set[str]], made: dict[str, Any], before: dict[str, Any] | None) -> list[Problem]:
    """``problems`` with each overflow's cause added.  ``uses``: panel id → the contact ids it prints;
    ``made``/``before``: what the brochure's outputs are made from now and at the last build."""
    return [_explained(p, brochure, contacts, uses, made, before) if p.code == OVERFLOW and p.subject in uses else p
            for p in problems]


def _explained(problem: Problem, brochure: Located, contacts: Located | None, uses: dict[str, set[str]],
               made: dict, before: dict | None) -> Problem:
    now = _items(brochure, contacts, problem.subject, uses[problem.subject], made)
    if before is not None:
        changed = [_compared(item, _value(item.key, before)) for item in now
                   if _value(item.key, before) != item.value]
        if changed:
            changed.sort(key=lambda item: -(item.grew or 0))
            return _moved_to(problem, changed[0], problem.message + " " + _("({causes})").format(
                causes="; ".join(_grown(item) for item in changed[:NAMED])))
    if not now:
        return problem
    longest = [max(group, key=lambda item: item.chars) for group in (
        [i for i in now if i.located is brochure], [i for i in now if i.located is not brochure]) if group]
    words = (_("nothing printed on this panel changed since the last build; its longest texts: {items}")
             if before is not None else _("the longest texts on this panel: {items}"))
    return replace(problem, message=problem.message + " (" + words.format(items=", ".join(
        _("{what} ({where}, {count} characters)").format(what=dotted(item.path), where=item.where, count=item.chars)
        for item in longest)) + ")")


def _items(brochure: Located, contacts: Located | None, panel_id: str, used: set[str], made: dict) -> list[Cause]:
    """The panel's blocks and the records it prints, as ``made`` has them."""
    found = []
    live = next((i for i, p in enumerate(brochure.data.get("panels", [])) if p.get("id") == panel_id), None)
    for b, block in enumerate(_value((panel_id, None), made) or []):
        if live is not None:
            found.append(Cause(brochure, ("panels", live, "blocks", b), (panel_id, b), block))
    if contacts is not None:
        found += [Cause(contacts, (contact_id,), (contact_id,), made["contacts"][contact_id])
                  for contact_id in sorted(used) if contact_id in made.get("contacts", {})]
    return found


def _value(key: tuple, made: dict) -> Any:
    """In a ``made_from``: a panel's blocks ((id, None)), one block ((id, index)) or a record ((contact id,))."""
    if len(key) == 1:
        return made.get("contacts", {}).get(key[0])
    panel = next((p for p in made.get("brochure", {}).get("panels", []) if p.get("id") == key[0]), {})
    blocks = panel.get("blocks", [])
    if key[1] is None:
        return blocks
    return blocks[key[1]] if key[1] < len(blocks) else None


def _compared(item: Cause, old: Any) -> Cause:
    """``item`` with how much it grew and its path narrowed to the value that changed (the line edited)."""
    grew = item.chars - (Cause(item.located, (), (), old).chars if old is not None else 0)
    return replace(item, path=item.path + _difference(item.value, old), grew=grew)


def _difference(new: Any, old: Any) -> tuple:
    """The path inside ``new`` to the first value that differs from ``old`` (where the edit is)."""
    if isinstance(new, dict) and isinstance(old, dict):
        for key in new:
            if new[key] != old.get(key):
                return (key,) + _difference(new[key], old.get(key))
    if isinstance(new, list) and isinstance(old, list):
        for index, value in enumerate(new):
            if index >= len(old) or value != old[index]:
                return (index,) + _difference(value, old[index] if index < len(old) else None)
    return ()


def _grown(item: Cause) -> str:
    if item.grew and item.grew > 0:
        return ngettext("since the last build {what} grew by {count} character: {where}",
                        "since the last build {what} grew by {count} characters: {where}", item.grew).format(
            what=dotted(item.path), count=item.grew, where=item.where)
    return _("since the last build {what} changed: {where}").format(what=dotted(item.path), where=item.where)


def _moved_to(problem: Problem, cause: Cause, message: str) -> Problem:
    """The problem at the cause's line: the panel stays named in its key."""
    where = problem.key.rsplit(": ", 1)[0]
    line, column = cause.located.where(cause.path)
    return replace(problem, file=cause.located.file, line=line, column=column, message=message,
                   key=f"{where}: {dotted(cause.path)}")
