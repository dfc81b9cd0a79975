"""The change report: why each output was rebuilt, down to the field and the panel.

Reasons come from comparing what an output was made from last time (kept in
build/manifest.json) with what it is made from now, e.g.

    yamaguchi 2021-03 print: sasaete-network.tel 083-984-3742 → 083-984-1111 (panels 2, 3, 4, 5)
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from typing import Any

from ..i18n import _, ngettext

MAX_VALUE = 40      # characters of a changed value shown in a reason
CONTEXT = 8         # characters shown before a change inside a long text
MAX_REASONS = 8     # per output; the rest are counted


@dataclass
class Change:
    brochure: str
    edition: str
    variant: str
    path: str
    reasons: list[str]
    written: bool = True      # False when the new bytes equal the old (the file was left alone)

    def line(self) -> str:
        shown = self.reasons[:MAX_REASONS]
        if len(self.reasons) > MAX_REASONS:
            shown.append(_("and {count} more changes").format(count=len(self.reasons) - MAX_REASONS))
        text = f"{self.brochure} {self.edition} {self.variant}: " + _("; ").join(shown)
        return text if self.written else text + _(" (same bytes; file left as it was)")

    def as_dict(self) -> dict:
        return {"brochure": self.brochure, "edition": self.edition, "variant": self.variant, "path": self.path,
                "reasons": self.reasons, "written": self.written}


@dataclass
class Report:
    changes: list[Change] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)    # paths of outputs left alone
    dropped: list[str] = field(default_factory=list)       # outputs no longer listed, and why (heal.py)

    def lines(self) -> list[str]:
        lines = [change.line() for change in self.changes] + self.dropped
        count = len(self.up_to_date)
        lines.append(_("{rebuilt} rebuilt, {count} up to date").format(rebuilt=len(self.changes), count=count))
        return lines

    def json_bytes(self) -> bytes:
        document = {"rebuilt": [c.as_dict() for c in self.changes], "up_to_date": sorted(self.up_to_date)}
        if self.dropped:
            document["dropped"] = self.dropped
        return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def reasons(old: dict | None, new: dict, panels: dict[str, list[int]], data_file: str = "brochure") -> list[str]:
    """Why an output made from ``old`` must be made again from ``new``; [] when nothing differs."""
    if old is None:
        return [_("new output")]
    found: list[str] = []
    if old.get("tool") != new["tool"]:
        found.append(_("tool version {old} → {new}").format(old=old.get("tool"), new=new["tool"]))
    found += _contact_reasons(old.get("contacts", {}), new["contacts"], panels)
    names = {cid: record.get("name", cid) for side in (old.get("contacts", {}), new["contacts"])
             for cid, record in side.items()}
    found += [f"{data_file}: {_change(path.lstrip('.'), a, b, names)}"
              for path, a, b in diff(old.get("brochure"), new["brochure"], "")]
    for group in ("layouts", "fonts", "assets"):
        found += _file_reasons(old.get(group, {}), new[group])
    return found


def _contact_reasons(old: dict, new: dict, panels: dict[str, list[int]]) -> list[str]:
    found = []
    for cid in sorted(set(old) | set(new)):
        where = _panels(panels.get(cid, []))
        if cid not in old:
            found.append(_("now prints {name} ({id})").format(name=new[cid].get("name", cid), id=cid) + where)
        elif cid not in new:
            found.append(_("no longer prints {name} ({id})").format(name=old[cid].get("name", cid), id=cid))
        else:
            found += [_change(f"{cid}{path}", a, b, {}) + where for path, a, b in diff(old[cid], new[cid], "")]
    return found


def _file_reasons(old: dict, new: dict) -> list[str]:
    found = []
    for rel in sorted(set(old) | set(new)):
        if rel not in old:
            found.append(_("{file} added").format(file=rel))
        elif rel not in new:
            found.append(_("{file} removed").format(file=rel))
        elif old[rel] != new[rel]:
            found.append(_("{file} changed").format(file=rel))
    return found


def diff(old: Any, new: Any, path: str) -> list[tuple[str, Any, Any]]:
    """(dotted path, old value, new value) for every leaf that differs."""
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in sorted(set(old) | set(new), key=str):
            found += diff(old.get(key), new.get(key), f"{path}.{key}")
        return found
    if _ids(old) is not None and _ids(new) is not None and _ids(old) != _ids(new):
        return [(path, old, new)]     # contacts added, removed or moved: said as names, not item by item
    if isinstance(old, list) and isinstance(new, list):
        return _list_diff(old, new, path)
    return [] if old == new else [(path, old, new)]


def _list_diff(old: list, new: list, path: str) -> list[tuple[str, Any, Any]]:
    """Items matched as a diff matches lines: an inserted block is one addition, not every later block changed."""
    key = lambda item: json.dumps(item, ensure_ascii=False, sort_keys=True)
    found = []
    matcher = difflib.SequenceMatcher(None, [key(i) for i in old], [key(i) for i in new], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)    # changed in place, side by side; the rest added or removed
        for offset in range(paired):
            found += diff(old[i1 + offset], new[j1 + offset], f"{path}[{j1 + offset}]")
        found += [(f"{path}[{i}]", old[i], None) for i in range(i1 + paired, i2)]
        found += [(f"{path}[{j}]", None, new[j]) for j in range(j1 + paired, j2)]
    return found


def _change(path: str, old: Any, new: Any, names: dict[str, str]) -> str:
    """One changed value in words: a list of contacts as names added, removed and moved; a long text
    as the excerpt around the change; never raw JSON."""
    listed = _list_change(old, new, names)
    if listed:
        return f"{path}: {listed}"
    if old is None:
        return _("{path}: added {value}").format(path=path, value=_show(new))
    if new is None:
        return _("{path}: removed {value}").format(path=path, value=_show(old))
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > MAX_VALUE:
        old, new = _excerpts(old, new)
        return f"{path} {old} → {new}"
    return f"{path} {_show(old)} → {_show(new)}"


def _list_change(old: Any, new: Any, names: dict[str, str]) -> str:
    old_ids, new_ids = _ids(old), _ids(new)
    if old_ids is None or new_ids is None:
        return ""
    name = lambda cid: names.get(cid, cid)
    parts = []
    added = [name(c) for c in new_ids if c not in old_ids]
    removed = [name(c) for c in old_ids if c not in new_ids]
    kept_old, kept_new = [c for c in old_ids if c in new_ids], [c for c in new_ids if c in old_ids]
    moved = [name(c) for i, c in enumerate(kept_new) if kept_old[i] != c]
    if added:
        parts.append(_("added {names}").format(names=_(", ").join(added)))
    if removed:
        parts.append(_("removed {names}").format(names=_(", ").join(removed)))
    if moved:
        parts.append(_("moved {names}").format(names=_(", ").join(moved)))
    if not parts:   # the same contacts in the same order: an entry's programmes or note changed
        parts.append(_("changed the entries of {names}").format(
            names=_(", ").join(name(c) for c, a, b in zip(old_ids, old, new) if a != b)))
    return _("; ").join(parts)


def _ids(value: Any) -> list[str] | None:
    """The contact ids of a contacts: list (entries with id:), else None."""
    if not isinstance(value, list):
        return None
    ids = [item.get("id") if isinstance(item, dict) else None for item in value]
    return ids if all(isinstance(i, str) for i in ids) else None


def _excerpts(old: str, new: str) -> tuple[str, str]:
    """「…context+old part…」 and 「…context+new part…」 around where two long texts differ."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    first = max(start - CONTEXT, 0)

    def cut(text: str) -> str:
        middle = text[first:len(text) - end + CONTEXT]
        middle = middle if len(middle) <= MAX_VALUE else middle[:MAX_VALUE - 1] + "…"
        return ("…" if first else "") + middle + ("…" if len(text) - end + CONTEXT < len(text) else "")
    return cut(old), cut(new)


def _show(value: Any) -> str:
    if value is None:
        return _("(none)")
    if isinstance(value, dict):    # a block or an entry: its kind and the start of its text
        key, inner = next(iter(value.items()), ("", ""))
        return f"{key}: {_show(inner)}" if key else "{}"
    if isinstance(value, list):
        return ngettext("{count} item", "{count} items", len(value)).format(count=len(value))
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _panels(positions: list[int]) -> str:
    if not positions:
        return ""
    return ngettext(" (panel {list})", " (panels {list})", len(positions)).format(
        list=_(", ").join(str(p) for p in sorted(positions)))
