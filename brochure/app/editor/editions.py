"""Editions in the editor: start the next one, and compare two side by side.

Starting an edition is two steps, as a careful person would do it: first the
contacts to call and confirm (printed, and last verified before the current
edition), then the start itself, which freezes the current edition exactly
as ``brochure edition new`` does and is recorded in the history.
"""

from __future__ import annotations

from typing import Any

from ...builder.freeze import printed_contacts, start_edition
from ...data.editions import check_month, edition_list, snapshot_path
from ...data.model import load_brochure, load_registry
from ...data.wareki import month_of
from ...errors import BrochureError, Problem
from ..diff import compare
from . import forms


def editions_of(project, name: str) -> list[tuple[str, str]]:
    try:
        return edition_list(project, name)
    except BrochureError:
        return []


def to_confirm(project, name: str) -> list[dict]:
    """Printed contacts last verified before the current edition: call them before the next one."""
    registry = load_registry(project)
    source = load_brochure(project, name, registry)
    cutoff = month_of(source.brochure.edition.issued)
    rows = [{"id": cid, "name": registry[cid].name, "verified": registry[cid].verified.isoformat()}
            for cid in printed_contacts(project, registry, source) if registry[cid].verified < cutoff]
    return sorted(rows, key=lambda row: (row["verified"], row["id"]))


def start(editor: Any, name: str, form: dict, user: str) -> dict:
    """Step 1 (no ``confirm``): what to check first.  Step 2: freeze and start, recorded."""
    project = editor.project
    issued = str(form.get("issued", "")).strip()
    try:
        check_month(issued, "発行年月")
    except BrochureError:
        return {"status": 422, "errors": [Problem("", "issued", "発行年月は 2027-03 のように書きます")]}
    if not form.get("confirm"):
        return {"status": 200, "confirm_edition": {"issued": issued, "contacts": to_confirm(project, name)}}
    path = project.brochure_file(name)
    before = path.read_text(encoding="utf-8")
    try:
        started = start_edition(project, name, issued)
    except BrochureError as error:
        return {"status": 422, "errors": [Problem("", "", str(error))]}
    editor.workspace.refresh()
    snapshot = snapshot_path(project, name, started.previous)
    editor.history.record(user, snapshot, f"{name}: {started.previous} 版を凍結", "",
                          snapshot.read_text(encoding="utf-8"))
    editor.history.record(user, path, f"{name}: 新しい版 {issued} を開始", before, path.read_text(encoding="utf-8"))
    if editor.rebuilder is not None:
        editor.rebuilder.request()
    return {"redirect": f"/leaflets/{name}?saved=1"}


def side_by_side(project, name: str, old: str | None, new: str | None) -> dict:
    """The diff report of two editions, as rows of (what, before, after)."""
    report = compare(project, name, old, new)
    rows = [(change["field"], change["old"], change["new"]) for change in report["settings"]]
    contacts = report["contacts"]
    names = {}
    try:
        registry = load_registry(project)
        names = {cid: c.name for cid, c in registry.contacts.items()}
    except BrochureError:
        pass
    contact_rows = [(names.get(cid, cid), "", "（追加）") for cid in contacts["added"]]
    contact_rows += [(names.get(cid, cid), "（削除）", "") for cid in contacts["removed"]]
    for change in contacts["changed"]:
        label = forms.LABELS.get(change["field"].split(".")[0], (change["field"],))[0]
        contact_rows.append((f"{names.get(change['id'], change['id'])} {label}", change["old"], change["new"]))
    text_rows = []
    for change in report["text"]:
        removed = [line[1:] for line in change["diff"] if line.startswith("-")]
        added = [line[1:] for line in change["diff"] if line.startswith("+")]
        text_rows.append((f"{change['position']}面", "\n".join(removed), "\n".join(added)))
    return {"old": report["old"], "new": report["new"], "settings": rows, "contact_rows": contact_rows,
            "text_rows": text_rows, "panels": report["panels"]}
