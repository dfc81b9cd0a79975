"""Many record edits to a large contacts file, each made with the round-trip writer.

``Document`` (roundtrip.py) loads the whole file into ruamel.yaml, which takes
seconds per megabyte: a national registry (~8 MB) would take minutes for one
changed phone number.  The records of data/contacts.yaml are independent
top-level keys, so the file is cut into windows, each a run of whole records
(with the comments and blank lines after them, where ruamel also keeps them),
and only the windows an edit touches are opened as a ``Document`` and
rendered; every other window is kept as it was, byte for byte.  A removed
record is edited in the window of the record before it, so the text between
them is handled as ``Document.delete`` handles it; added records go at the end
of the last window.

The result is read back with PyYAML and must be exactly the edited data, as
``Document.render`` checks for a single window; if not, nothing is returned.
Only the edited windows are read back when each stands alone (whole records,
ending in a line break, no anchors in the file): every other byte is the file
as it was read, and reading 8 MB again took ~3 s of a one-number change.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..errors import DataError, Problem
from .roundtrip import Document, RoundTripError

TOP_KEY = re.compile(r"^(?![\s#\-]|\.\.\.|---)[^:]+:(?:\s|$)")   # a record's id line: `sasaete-network:`
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)           # the C loader: 8 MB in ~2 s, not ~20


@dataclass
class Edits:
    """What to do to one record: set or delete fields, remove it, or add it (``record``)."""

    sets: list[tuple[str, Any]] = field(default_factory=list)
    deletes: list[str] = field(default_factory=list)
    removed: bool = False
    record: dict | None = None


def apply_edits(text: str, shown: str, data: dict, edits: dict[str, Edits]) -> str:
    """The new text of a contacts file (``data`` is how PyYAML reads ``text``)."""
    windows = _windows(text, list(data), {cid for cid, e in edits.items() if e.removed})
    added = [cid for cid, e in edits.items() if e.record is not None]
    if windows and added and len(windows) > 1:   # two records show Document how records are set apart
        (start, _, first), (_, end, second) = windows[-2:]
        windows[-2:] = [(start, end, first + second)]
    if windows is None:                  # not plain `id:` lines: one Document for the whole file
        return _edited(text, shown, edits, list(edits))
    out, edited = [], []
    for index, (start, end, ids) in enumerate(windows):
        mine = [cid for cid in ids if cid in edits] + (added if index == len(windows) - 1 else [])
        chunk = text[start:end]
        out.append(_edited(chunk, shown, edits, mine) if mine else chunk)
        if mine:
            edited.append((out[-1], ids + [cid for cid in mine if cid not in ids]))
    result = "".join(out)
    if not _edited_windows_read_back(text, edited, shown, data, edits):
        _check(result, shown, data, edits)
    return result


def _windows(text: str, ids: list[str], removed: set[str]) -> list[tuple[int, int, list[str]]] | None:
    """(start, end, record ids) of each window: a record and the records after it up to the next
    one that starts a window.  None when the lines do not show the records one by one."""
    starts, offset = [], 0
    for line in text.splitlines(keepends=True):
        if TOP_KEY.match(line):
            starts.append(offset)
        offset += len(line)
    if len(starts) != len(ids) or not ids:
        return None
    keys = [text[s:text.index(":", s)].strip().strip("'\"") for s in starts]
    if keys != [str(cid) for cid in ids]:
        return None
    windows: list[tuple[int, int, list[str]]] = []
    for start, cid in zip(starts, ids):
        if windows and cid in removed:      # edited together with the record before it
            windows[-1][2].append(cid)
        else:
            windows.append((0 if not windows else start, 0, [cid]))
    ends = [w[0] for w in windows[1:]] + [len(text)]
    return [(start, end, ids_) for (start, _, ids_), end in zip(windows, ends)]


def _edited(text: str, shown: str, edits: dict[str, Edits], ids: list[str]) -> str:
    document = Document.parse(text, shown)
    for cid in ids:
        edit = edits[cid]
        if edit.record is not None:   # copies: one date object in two records would be dumped as an alias
            document.insert((), cid, copy.deepcopy(edit.record))
        elif edit.removed:
            document.delete((cid,))
        else:
            for name in edit.deletes:
                document.delete((cid, name))
            for name, value in edit.sets:
                document.set((cid, name), copy.deepcopy(value))
    return document.render()


def _edited_windows_read_back(text: str, edited: list[tuple[str, list[str]]], shown: str, data: dict,
                              edits: dict[str, Edits]) -> bool:
    """True when each edited window, read alone, is exactly its edited records; False when a window
    cannot be read alone (then the whole file is checked).  An anchor may be used in another window,
    and a window without a final line break would run into the next one."""
    if "&" in text or any(not window.endswith("\n") for window, _ids in edited):
        return False
    for window, ids in edited:
        try:
            part = yaml.load(window, Loader=Loader)
        except yaml.YAMLError:
            return False
        kept = [cid for cid in ids if not (cid in edits and edits[cid].removed)]
        if not isinstance(part, dict) or list(part) != kept:
            return False
        _check(window, shown, {cid: data[cid] for cid in ids if cid in data}, {c: edits[c] for c in ids if c in edits})
    return True


def _check(result: str, shown: str, data: dict, edits: dict[str, Edits]) -> None:
    expected = dict(data)
    for cid, edit in edits.items():
        if edit.removed:
            expected.pop(cid, None)
        elif edit.record is not None:
            expected[cid] = edit.record
        else:
            record = dict(expected[cid])
            for name in edit.deletes:
                record.pop(name, None)
            record.update(edit.sets)
            expected[cid] = record
    try:
        actual = yaml.load(result, Loader=Loader)
    except yaml.YAMLError as error:
        raise DataError([Problem(shown, "", f"the edited file does not read back: {error}")]) from None
    if actual != expected:
        raise RoundTripError(f"{shown}: the edited file would not read back as the edited records; nothing was written")
