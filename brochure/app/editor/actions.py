"""What the editor does when staff press a button: plain functions over the project, no HTTP.

Every change follows one path: read the file with the round-trip writer,
change the values, check the result with the build's own checks, write it
atomically (only when nothing is wrong), record it in the history, ask for a
rebuild.  A file that someone changed since the form was opened is a
conflict, shown with both versions; a file that does not load is never
written.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from ...data.loader import parse_yaml
from ...data.model import brochure_from, registry_from
from ...data.roundtrip import Conflict, Document
from ...errors import BrochureError, DataError, Problem
from ...project import Project
from . import forms
from .history import History, UndoConflict
from .leaflets import LeafletEdits
from .workspace import Workspace


def record_hash(record: Any) -> str:
    """Identifies the version of a record a form was made from (a later save by someone else changes it)."""
    text = json.dumps(record, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


LINK_CHOICES = 300  # past this many contacts, a link's list offers those of the same area
ROWS_SHOWN = 200   # a national registry has 35,000 contacts: the search narrows them, the page stays light


class Editor:
    def __init__(self, project: Project, workspace: Workspace, rebuilder=None):
        self.project, self.workspace, self.rebuilder = project, workspace, rebuilder
        self.history = History(project)
        self.leaflets = LeafletEdits(self)

    def status(self):
        return self.rebuilder.status if self.rebuilder else None

    @property
    def contacts_shown(self) -> str:
        return self.project.relative(self.project.contacts_file)

    # ------------------------------------------------------------------ reading

    def contact_rows(self, query: str, limit: int = ROWS_SHOWN):
        """The contacts matching ``query``, the first ``limit`` of them, and how many matched."""
        snapshot = self.workspace.current()
        if snapshot.registry is None:
            return snapshot, [], 0
        ids = self.workspace.search(query)          # in list order: by 名称_カナ
        rows = [(cid, snapshot.registry.contacts[cid], len(snapshot.places.get(cid, []))) for cid in ids[:limit]]
        return snapshot, rows, len(ids)

    def link_choices(self, cid: str, record: dict) -> dict[str, tuple[str, str]]:
        """Contacts a link field may name: id → (name, kind).  A national registry has 35,000: then only
        those of the same area (ids sharing this one's prefix) are offered, with the current links."""
        snapshot = self.workspace.current()
        contacts = snapshot.registry.contacts if snapshot.registry else {}
        ids = [k for k in contacts if k != cid]
        if len(ids) > LINK_CHOICES:
            prefix = cid.rsplit("-", 1)[0] + "-"
            linked = {record.get(k) for k in forms.LINKS}
            ids = [k for k in ids if k.startswith(prefix) or k in linked]
        return {k: (contacts[k].name, contacts[k].kind) for k in ids}

    def names(self) -> dict[str, str]:
        return self.workspace.current().names

    def contact_view(self, cid: str, lang: str, record: dict | None = None, base: str | None = None,
                     problems: dict | None = None) -> dict | None:
        """The form of one contact, from the data held in memory (no YAML is read per request)."""
        snapshot = self.workspace.current()
        if snapshot.registry is None:
            return {**self._empty_form(cid), "broken": snapshot.problems}
        original = snapshot.registry.located.data.get(cid)
        if original is None and record is None:
            return None
        record = record if record is not None else original
        fields = forms.contact_fields(record, lang, self.link_choices(cid, record))
        channels = forms.channel_fields(record, lang)
        problems = problems if problems is not None else forms.check(cid, record, list(self.names()),
                                                                     self.contacts_shown)
        other = forms.attach(fields + [f for group in channels for f in group], problems)
        return {"cid": cid, "fields": fields, "channels": channels, "other_problems": other, "broken": [],
                "base": base or record_hash(original), "places": snapshot.places.get(cid, []),
                "is_new": False, "saved": None, "conflict": None, "name": record.get("name", cid)}

    def _empty_form(self, cid: str) -> dict:
        return {"cid": cid, "fields": [], "channels": [], "other_problems": [], "base": "", "places": [],
                "is_new": False, "saved": None, "conflict": None, "name": cid, "broken": []}

    def _contacts_document(self) -> Document | DataError:
        try:
            return Document.read(self.project.contacts_file, self.contacts_shown)
        except DataError as error:
            return error

    # ------------------------------------------------------------------ saving a contact

    def save_contact(self, cid: str, form: dict, lang: str, user: str) -> dict:
        document = self._contacts_document()
        if isinstance(document, DataError):
            return {**self._empty_form(cid), "broken": document.problems, "status": 409}
        original = document.get(()).get(cid)
        if original is None:
            return {"template": "missing.html", "what": cid, "status": 404}
        fix = form.get("_fix") or None
        record = forms.record_from_form(original, form, fix)
        if form.get("base") != record_hash(original) and not form.get("_overwrite"):
            return self._conflict(cid, original, record, lang)
        problems = forms.check(cid, record, list(self.names()), self.contacts_shown)
        errors = any(p.severity == "error" for ps in problems.values() for p in ps)
        if fix or errors:
            view = self.contact_view(cid, lang, record, form.get("base"), problems)
            return {**view, "status": 200 if fix else 422}
        changed = forms.changes(original, record)
        if not changed:
            return {"redirect": f"/contacts/{cid}?saved=0"}
        for key, _old, new in changed:
            if key in record:
                document.set((cid, key), new)
            else:
                document.delete((cid, key))
        summary = self._summary(cid, record.get("name", cid), changed)
        try:
            entry = self._write(document, summary, user)
        except Conflict:
            return self._conflict(cid, Document.read(self.project.contacts_file, self.contacts_shown).get((cid,)),
                                  record, lang)
        return {"redirect": f"/contacts/{cid}?saved={entry.number}"}

    def _conflict(self, cid: str, theirs: dict | None, mine: dict, lang: str) -> dict:
        view = self.contact_view(cid, lang, mine, record_hash(theirs), {}) or self._empty_form(cid)
        keys = list(dict.fromkeys([*(theirs or {}), *mine]))
        rows = [(key, (theirs or {}).get(key), mine.get(key)) for key in keys
                if (theirs or {}).get(key) != mine.get(key)]
        return {**view, "conflict": rows, "status": 409}

    def _summary(self, cid: str, name: str, changed: list) -> str:
        """「支えてネットワーク 電話番号 083-984-3742 → 083-984-1111（山口 2021-03 4・5・6面）」"""
        parts = []
        for key, old, new in changed:
            label = forms.LABELS.get(key, (key,))[0]
            parts.append(f"{label} {_words(old)} → {_words(new)}")
        return f"{name} " + "、".join(parts) + self._where(cid)

    def _where(self, cid: str) -> str:
        places = self.workspace.current().places.get(cid, [])
        grouped: dict[tuple[str, str], list[int]] = {}
        for place in places:
            if place.position:
                grouped.setdefault((place.brochure, place.edition), []).append(place.position)
        if not grouped:
            return ""
        shown = [f"{b} {e} " + "・".join(map(str, sorted(set(ps)))) + "面" for (b, e), ps in grouped.items()]
        return "（" + "、".join(shown) + "）"

    def _write(self, document: Document, summary: str, user: str, path=None):
        """Save, record, rebuild: the one way every change is written.  Returns the history entry."""
        path = path or self.project.contacts_file
        before = document.text
        after = document.save(path)
        self.workspace.refresh()
        entry = self.history.record(user, path, summary, before, after)
        if self.rebuilder is not None:
            self.rebuilder.request()
        return entry

    def check_field(self, cid: str, form: dict, name: str) -> tuple[list, bool]:
        """Problems of one form field, as the record would be saved: (problems, fixable by a click)."""
        snapshot = self.workspace.current()
        original = snapshot.registry.located.data.get(cid, {}) if snapshot.registry else {}
        record = forms.record_from_form(original, form)
        known = set(self.names())
        checked_id = cid if cid in known else new_id(record.get("kind", "organisation"), known)
        problems = forms.check(checked_id, record, sorted(known), self.contacts_shown).get(name, [])
        value = form.get(name, "")
        fixable = name in ("tel", "postal_code") and isinstance(value, str) and forms.has_wide_digits(value)
        return problems, fixable

    # ------------------------------------------------------------------ adding, deleting

    def new_contact_view(self, lang: str) -> dict:
        record = {"name": "", "verified": ""}
        fields = forms.contact_fields(record, lang, self.link_choices("", record))
        return {"cid": "", "fields": fields, "channels": forms.channel_fields(record, lang), "other_problems": [],
                "broken": [], "base": "", "places": [], "is_new": True, "saved": None, "conflict": None,
                "name": ""}

    def add_contact(self, form: dict, lang: str, user: str) -> dict:
        document = self._contacts_document()
        if isinstance(document, DataError):
            return {**self.new_contact_view(lang), "broken": document.problems, "status": 409}
        record = forms.record_from_form({}, form, form.get("_fix") or None)
        existing = set(document.get(()) or {})
        cid = new_id(record.get("kind", "organisation"), existing)
        problems = forms.check(cid, record, sorted(existing), self.contacts_shown)
        if form.get("_fix") or any(p.severity == "error" for ps in problems.values() for p in ps):
            view = self.new_contact_view(lang)
            view["fields"] = forms.contact_fields(record, lang, self.link_choices(cid, record))
            view["channels"] = forms.channel_fields(record, lang)
            view["other_problems"] = forms.attach(view["fields"] + [f for g in view["channels"] for f in g], problems)
            return {**view, "status": 200 if form.get("_fix") else 422}
        document.insert((), cid, record)
        entry = self._write(document, f"{record['name']} を追加", user)
        return {"redirect": f"/contacts/{cid}?saved={entry.number}"}

    def delete_contact(self, cid: str, user: str) -> dict:
        snapshot = self.workspace.current()
        places = snapshot.places.get(cid, [])
        document = self._contacts_document()
        if isinstance(document, DataError):
            return {"refused": "broken", "problems": document.problems, "cid": cid}
        data = document.get(())
        if cid not in data:
            return {"redirect": "/contacts"}
        linked = [(other, rec.get("name", other)) for other, rec in data.items()
                  if isinstance(rec, dict) and cid in [rec.get(k) for k in forms.LINKS]]
        if places or linked:
            return {"refused": "printed", "places": places, "linked": linked, "cid": cid,
                    "name": data[cid].get("name", cid)}
        name = data[cid].get("name", cid)
        document.delete((cid,))
        self._write(document, f"{name} を削除", user)
        return {"redirect": "/contacts?deleted=1"}

    # ------------------------------------------------------------------ leaflets

    def leaflet_rows(self) -> list:
        return self.leaflets.rows()

    def leaflet_view(self, name: str) -> dict | None:
        return self.leaflets.view(name)

    def edit_leaflet(self, name: str, form: dict, user: str) -> dict:
        return self.leaflets.edit(name, form, user)

    # ------------------------------------------------------------------ undo

    def undo(self, number: int, user: str) -> dict:
        try:
            self.history.undo(number, user)
            self.workspace.refresh()
        except UndoConflict as error:
            return {"refused": "undo", "message": str(error)}
        except BrochureError as error:
            return {"refused": "undo", "message": str(error)}
        if self.rebuilder is not None:
            self.rebuilder.request()
        return {"redirect": "/history?undone=1"}

    # ------------------------------------------------------------------ checks of a whole file

    def check_text(self, path, text: str) -> list[Problem]:
        """Every problem the build would find in ``text`` as the new content of ``path``."""
        shown = self.project.relative(path)
        try:
            located = parse_yaml(text, shown)
            if path == self.project.contacts_file:
                registry_from(located)
                return []
            snapshot = self.workspace.current()
            brochure_from(path.stem, located, snapshot.registry, self.project.assets)
        except DataError as error:
            return [p for p in error.problems if p.severity == "error"]
        return []


def _words(value: Any) -> str:
    if value in (None, "", []):
        return "（なし）"
    if isinstance(value, list):
        return "・".join(str(v) if not isinstance(v, dict) else v.get("label", "…") for v in value)
    return str(value)


def new_id(kind: str, existing: set[str]) -> str:
    """An id the user never types: the kind and the next free number (organisation-12)."""
    numbers = [int(m.group(1)) for cid in existing if (m := re.fullmatch(rf"{kind}-(\d+)", cid))]
    number = max(numbers, default=0) + 1
    while f"{kind}-{number}" in existing:
        number += 1
    return f"{kind}-{number}"


__all__ = ["Editor", "new_id", "record_hash"]
