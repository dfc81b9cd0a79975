"""What changed between two editions of a brochure.

Each edition is composed (not rendered) from its own data: a frozen edition
from its snapshot, the current one from the live files. The report lists
the brochure's settings that changed (edition.issued …), the printed
contacts added, removed and changed field by field, the text changed per
panel as a readable diff, and the panels whose content differs.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any

from ..data.editions import frozen_editions, open_edition
from ..data.model import Registry
from ..data.schema import (
    Bullets,
    Channels,
    Colophon,
    ContactCard,
    ContactList,
    Figure,
    Heading,
    Lines,
    Paragraph,
    Subheading,
)
from ..errors import UsageError
from ..i18n import N_, _
from ..layout.compose import Composer, Composition
from ..project import Project


@dataclass
class EditionView:
    issued: str
    registry: Registry
    comp: Composition


def compare(project: Project, name: str, old: str | None = None, new: str | None = None) -> dict:
    """The differences between editions ``old`` and ``new`` (default: last frozen → current)."""
    current = open_edition(project, name, new) if new else _current(project, name)
    if old is None:
        earlier = [m for m in frozen_editions(project, name) if m < current[1].brochure.edition.issued]
        if not earlier:
            raise UsageError(_("{name} has no frozen edition before {month} to compare with").format(
                name=name, month=current[1].brochure.edition.issued) + "\n  " + _("hint:") + " " + _(
                "name two editions (brochure diff {name} OLD NEW), or freeze one with brochure edition new {name} "
                "--issued YYYY-MM").format(name=name))
        old = earlier[-1]
    a, b = _view(project, *open_edition(project, name, old)), _view(project, *current)
    contacts = _contacts(a, b)
    touched = set(contacts["added"]) | set(contacts["removed"]) | {c["id"] for c in contacts["changed"]}
    text = _text(a, b)
    settings = _changes(_settings(a), _settings(b))
    return {"brochure": name, "old": a.issued, "new": b.issued, "settings": settings, "contacts": contacts,
            "text": text, "panels": _panels(a, b, touched, {t["position"] for t in text}, settings)}


def _current(project: Project, name: str):
    from ..data.model import load_brochure, load_registry
    registry = load_registry(project)
    return registry, load_brochure(project, name, registry)


def _view(project: Project, registry: Registry, source) -> EditionView:
    return EditionView(source.brochure.edition.issued, registry, Composer(project, registry).compose(source))


# --------------------------------------------------------------------------- fields


def flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """{'channels': [{'hours': 'x'}]} → {'channels[0].hours': 'x'}: one entry per printed fact."""
    if isinstance(value, dict):
        items: dict[str, Any] = {}
        for key, inner in value.items():
            items.update(flatten(inner, f"{prefix}.{key}" if prefix else str(key)))
        return items
    if isinstance(value, list) and value:
        items = {}
        for index, inner in enumerate(value):
            items.update(flatten(inner, f"{prefix}[{index}]"))
        return items
    return {prefix: value}


def _changes(old: dict[str, Any], new: dict[str, Any]) -> list[dict]:
    return [{"field": key, "old": old.get(key), "new": new.get(key)}
            for key in sorted(set(old) | set(new), key=_field_order(old, new)) if old.get(key) != new.get(key)]


def _field_order(old: dict, new: dict):
    order = {key: i for i, key in enumerate(list(old) + [k for k in new if k not in old])}
    return lambda key: order[key]


def _settings(view: EditionView) -> dict[str, Any]:
    return flatten(view.comp.source.brochure.model_dump(mode="json", exclude={"panels", "corrections"}))


def _contacts(a: EditionView, b: EditionView) -> dict:
    old_ids, new_ids = a.comp.uses, b.comp.uses
    changed = []
    for cid in sorted(old_ids & new_ids):
        old, new = (flatten(v.registry[cid].model_dump(mode="json")) for v in (a, b))
        changed += [{"id": cid, **change} for change in _changes(old, new)]
    return {"added": sorted(new_ids - old_ids), "removed": sorted(old_ids - new_ids), "changed": changed}


# --------------------------------------------------------------------------- text and panels


def block_texts(block: Any) -> list[str]:
    """The words a block prints (contacts by id), one string per paragraph, line or item."""
    if isinstance(block, Heading):
        return [f"## {block.heading}"]
    if isinstance(block, Subheading):
        return [f"### {block.subheading}"]
    if isinstance(block, Paragraph):
        return [block.paragraph]
    if isinstance(block, (Lines, Bullets)):
        return list(block.lines if isinstance(block, Lines) else [f"・{item}" for item in block.bullets])
    if isinstance(block, ContactList):
        return [f"[contact {entry.id}]" for entry in block.contacts]
    if isinstance(block, ContactCard):
        return [f"[card {block.card}]" + (f" {block.title}" if block.title else "")]
    if isinstance(block, Channels):
        return [f"[channels {block.channels}]"]
    if isinstance(block, Figure):
        return [f"[figure {block.figure}] {block.title or ''}".rstrip(),
                json.dumps(block.data, ensure_ascii=False, sort_keys=True, default=str)]
    if isinstance(block, Colophon):
        return ["[colophon]"]
    return []


def _panel_texts(view: EditionView) -> dict[int, list[str]]:
    panels = view.comp.source.brochure.panels
    return {i + 1: [t for block in panel.blocks for t in block_texts(block)] for i, panel in enumerate(panels)}


def _text(a: EditionView, b: EditionView) -> list[dict]:
    old, new = _panel_texts(a), _panel_texts(b)
    ids = {p.position: p.id for p in a.comp.panels} | {p.position: p.id for p in b.comp.panels}
    changes = []
    for position in sorted(set(old) | set(new)):
        lines = list(difflib.unified_diff(old.get(position, []), new.get(position, []), lineterm="", n=0))
        body = [line for line in lines[2:] if not line.startswith("@@")]
        if body:
            changes.append({"position": position, "panel": ids[position], "diff": body})
    return changes


def _panels(a: EditionView, b: EditionView, touched: set[str], text: set[int], settings: list) -> list[dict]:
    """Panels whose composed content differs, with the reasons found."""
    colophons = {i + 1 for i, panel in enumerate(b.comp.source.brochure.panels)
                 if any(isinstance(block, Colophon) for block in panel.blocks)}
    old = {p.position: p for p in a.comp.panels}
    new = {p.position: p for p in b.comp.panels}
    affected = []
    for position in sorted(set(old) | set(new)):
        before, after = old.get(position), new.get(position)
        if before and after and before.html == after.html:
            continue
        shown = (before.uses if before else set()) | (after.uses if after else set())
        reasons = [f"contact {cid}" for cid in sorted(shown & touched)]
        reasons += ["text"] if position in text else []
        reasons += ["edition"] if settings and (position in colophons or not reasons) else []
        reasons += ["layout"] if not reasons else []
        affected.append({"position": position, "panel": (after or before).id, "reasons": reasons})
    return affected


# --------------------------------------------------------------------------- output


def as_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


REASON_WORDS = {"text": N_("text"), "edition": N_("edition"), "layout": N_("layout")}


def as_text(report: dict) -> str:
    unchanged = "  " + _("no change")
    lines = [_("{brochure}: edition {old} → {new}").format(brochure=report["brochure"], old=report["old"],
                                                          new=report["new"]), ""]
    lines += [_("Brochure settings:")]
    lines += [f"  {c['field']} {_shown(c['old'])} → {_shown(c['new'])}" for c in report["settings"]] or [unchanged]
    contacts = report["contacts"]
    lines += ["", _("Contacts:")]
    lines += ["  " + _("added {id}").format(id=cid) for cid in contacts["added"]]
    lines += ["  " + _("removed {id}").format(id=cid) for cid in contacts["removed"]]
    lines += [f"  {c['id']}.{c['field']} {_shown(c['old'])} → {_shown(c['new'])}" for c in contacts["changed"]]
    if not any(contacts.values()):
        lines.append(unchanged)
    lines += ["", _("Text:")]
    for change in report["text"]:
        lines.append("  " + _("panel {position} ({id})").format(position=change["position"], id=change["panel"]) + ":")
        lines += [f"    {line[0]} {line[1:]}" for line in change["diff"]]
    if not report["text"]:
        lines.append(unchanged)
    lines += ["", _("Panels affected:")]
    lines += [f"  {p['position']} {p['panel']}: " + _(", ").join(_reason(r) for r in p["reasons"])
              for p in report["panels"]] or ["  " + _("none")]
    return "\n".join(lines) + "\n"


def _reason(reason: str) -> str:
    if reason.startswith("contact "):
        return _("contact {id}").format(id=reason.removeprefix("contact "))
    return _(REASON_WORDS[reason]) if reason in REASON_WORDS else reason


def _shown(value: Any) -> str:
    return _("(none)") if value is None else str(value)
