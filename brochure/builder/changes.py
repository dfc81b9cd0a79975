"""The change report: why each output was rebuilt, down to the field and the panel.

Reasons come from comparing what an output was made from last time (kept in
build/manifest.json) with what it is made from now, e.g.

    yamaguchi 2021-03 print: sasaete-network.tel 083-984-3742 → 083-984-1111 (panels 2, 3, 4, 5)
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

MAX_VALUE = 40      # characters of a changed value shown in a reason
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
            shown.append(f"and {len(self.reasons) - MAX_REASONS} more changes")
        text = f"{self.brochure} {self.edition} {self.variant}: " + "; ".join(shown)
        return text if self.written else text + " (same bytes; file left as it was)"

    def as_dict(self) -> dict:
        return {"brochure": self.brochure, "edition": self.edition, "variant": self.variant, "path": self.path,
                "reasons": self.reasons, "written": self.written}


@dataclass
class Report:
    changes: list[Change] = field(default_factory=list)
    up_to_date: list[str] = field(default_factory=list)    # paths of outputs left alone

    def lines(self) -> list[str]:
        lines = [change.line() for change in self.changes]
        count = len(self.up_to_date)
        lines.append(f"{len(self.changes)} rebuilt, {count} up to date")
        return lines

    def json_bytes(self) -> bytes:
        document = {"rebuilt": [c.as_dict() for c in self.changes], "up_to_date": sorted(self.up_to_date)}
        return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def reasons(old: dict | None, new: dict, panels: dict[str, list[int]], data_file: str = "brochure") -> list[str]:
    """Why an output made from ``old`` must be made again from ``new``; [] when nothing differs."""
    if old is None:
        return ["new output"]
    found: list[str] = []
    if old.get("tool") != new["tool"]:
        found.append(f"tool version {old.get('tool')} → {new['tool']}")
    found += _contact_reasons(old.get("contacts", {}), new["contacts"], panels)
    found += [f"{data_file}: {path.lstrip('.')} {_show(a)} → {_show(b)}"
              for path, a, b in diff(old.get("brochure"), new["brochure"], "")]
    for group in ("layouts", "fonts", "assets"):
        found += _file_reasons(old.get(group, {}), new[group])
    return found


def _contact_reasons(old: dict, new: dict, panels: dict[str, list[int]]) -> list[str]:
    found = []
    for cid in sorted(set(old) | set(new)):
        where = _panels(panels.get(cid, []))
        if cid not in old:
            found.append(f"now prints {cid}{where}")
        elif cid not in new:
            found.append(f"no longer prints {cid}")
        else:
            found += [f"{cid}{path} {_show(a)} → {_show(b)}{where}" for path, a, b in diff(old[cid], new[cid], "")]
    return found


def _file_reasons(old: dict, new: dict) -> list[str]:
    found = []
    for rel in sorted(set(old) | set(new)):
        if rel not in old:
            found.append(f"{rel} added")
        elif rel not in new:
            found.append(f"{rel} removed")
        elif old[rel] != new[rel]:
            found.append(f"{rel} changed")
    return found


def diff(old: Any, new: Any, path: str) -> list[tuple[str, Any, Any]]:
    """(dotted path, old value, new value) for every leaf that differs."""
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in sorted(set(old) | set(new), key=str):
            found += diff(old.get(key), new.get(key), f"{path}.{key}")
        return found
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        found = []
        for index, (a, b) in enumerate(zip(old, new)):
            found += diff(a, b, f"{path}[{index}]")
        return found
    return [] if old == new else [(path, old, new)]


def _show(value: Any) -> str:
    if value is None:
        return "(none)"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= MAX_VALUE else text[: MAX_VALUE - 1] + "…"


def _panels(positions: list[int]) -> str:
    if not positions:
        return ""
    word = "panel" if len(positions) == 1 else "panels"
    return f" ({word} {', '.join(str(p) for p in sorted(positions))})"
