"""The import's preview as lines of text, in Japanese (the command line prints them)."""

from __future__ import annotations

import datetime
from typing import Any

from ...data.table import BY_FIELD, KINDS
from .places import summary
from .plan import Plan

ACTIONS = {"changed": "変更", "added": "追加", "removed": "削除"}
ENCODINGS = {"xlsx": "Excel ブック", "utf-8-sig": "CSV UTF-8 (BOM 付き)", "utf-8": "CSV UTF-8",
             "cp932": "CSV Shift_JIS (CP932)"}


def preview(plan: Plan, target: str, applied: bool) -> list[str]:
    lines = [f"{plan.source}（{ENCODINGS.get(plan.encoding, plan.encoding)}）→ {target}"]
    if not plan.changes:
        return lines + ["変更はありません。何も書き込んでいません。"]
    for action in ("changed", "added", "removed"):
        group = [c for c in plan.changes if c.action == action]
        if group:
            lines.append(f"{ACTIONS[action]} {len(group)} 件:")
        for change in group:
            lines.append(f"  {change.contact_id}  {change.name}")
            lines += [f"    {_label(name)}: {_shown(name, old)} → {_shown(name, new)}" for name, old, new in change.fields]
            if change.places:
                lines.append(f"    掲載: {summary(change.places)}")
    affected = plan.affected()
    if affected:
        lines.append("影響するリーフレット: " + "、".join(
            f"{b} {e}（{_panels(ps)}）" for (b, e), ps in sorted(affected.items())))
    else:
        lines.append("影響するリーフレット: なし（変わる連絡先はどのリーフレットにも載っていません）")
    for warning in plan.warnings:
        lines.append(str(warning))
    if applied:
        lines.append(f"{target} に書き込みました。brochure build で影響するリーフレットを作り直します。")
    else:
        lines.append("まだ何も書き込んでいません。書き込むには --apply を付けて実行してください。")
    return lines


def _panels(positions: set[int]) -> str:
    """{4, 5, 6} → 4・5・6面; 0 is the document's metadata (the publisher), not a panel."""
    panels = "・".join(str(p) for p in sorted(positions) if p)
    return "、".join(filter(None, [panels + "面" if panels else "", "発行者" if 0 in positions else ""]))


def _label(name: str) -> str:
    column = BY_FIELD.get(name)
    return column.header if column else name


def _shown(name: str, value: Any) -> str:
    if value is None or value == [] or value == "":
        return "（空）"
    if name == "kind":
        return KINDS.get(value, str(value))
    if isinstance(value, list):
        return " / ".join(map(str, value))
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)
