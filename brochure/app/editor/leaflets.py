"""Leaflets in the editor: previews, problems by panel, downloads, and structural edits.

Structural edits are small named actions (add a contact to a section, remove
it, move it, change a text, shrink a panel to fit, make a new leaflet from an
existing one), each a change of a few values in the brochure file through the
round-trip writer, checked by the build's own validation before it is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...data.editions import check_month
from ...data.roundtrip import Conflict, Document
from ...errors import BrochureError, DataError, Problem
from .rebuild import page_image
from . import editions, uploads

TEXT_KEYS = ("heading", "subheading", "paragraph")
LIST_KEYS = ("bullets", "lines")
PANEL_KEY = re.compile(r"^(?P<name>\S+) (?P<edition>\S+) panel (?P<position>\d+)")
ROLE_LABELS = {"cover": "表紙", "flap": "折り返し", "inside": "中面", "back": "裏表紙"}


@dataclass
class BlockView:
    index: int
    kind: str                     # heading, paragraph, bullets, contacts, …
    text: str = ""                # texts; list items one per line
    entries: list[tuple[int, str, str]] = field(default_factory=list)   # (index, id, name)


@dataclass
class PanelView:
    index: int                    # 0-based, as in the file
    position: int                 # 1-based reading order, as printed on the proof
    id: str
    role: str
    fit: str
    blocks: list[BlockView]
    problems: list[Problem]


class LeafletEdits:
    def __init__(self, editor: Any):
        self.editor = editor       # the Editor that owns these edits (saving, history, rebuilds go through it)
        self.project = editor.project

    # ------------------------------------------------------------------ reading

    def rows(self) -> list[dict]:
        snapshot = self.editor.workspace.current()
        return [{"name": n, "title": s.brochure.title, "edition": s.brochure.edition.issued,
                 "cover": self._image(n, s.brochure.edition.issued, "download", 1)}
                for n, s in sorted(snapshot.brochures.items())]

    def view(self, name: str) -> dict | None:
        snapshot = self.editor.workspace.current()
        source = snapshot.brochures.get(name)
        if source is None:
            return None
        issued = source.brochure.edition.issued
        names = self.editor.names()
        status = self.editor.status()
        problems = [p for p in (status.problems if status else []) if _concerns(p, name)]
        panels = [self._panel(i, panel, names, problems) for i, panel in enumerate(source.brochure.panels)]
        placed = {id(p) for panel in panels for p in panel.problems}
        return {"name": name, "title": source.brochure.title, "edition": issued, "panels": panels,
                "pages": self._pages(name, issued), "downloads": self._downloads(name, issued),
                "problems": [p for p in problems if id(p) not in placed],
                "contacts": sorted(names.items(), key=lambda item: item[1]), "message": None,
                "errors": [], "roles": ROLE_LABELS, "editions": editions.editions_of(self.project, name),
                "confirm_edition": None}

    def _panel(self, index: int, panel: Any, names: dict, problems: list[Problem]) -> PanelView:
        blocks = []
        for b, block in enumerate(panel.blocks):
            kind = next((k for k in (*TEXT_KEYS, *LIST_KEYS, "contacts") if hasattr(block, k)), type(block).__name__)
            view = BlockView(b, kind)
            if kind in TEXT_KEYS:
                view.text = getattr(block, kind)
            elif kind in LIST_KEYS:
                view.text = "\n".join(getattr(block, kind))
            elif kind == "contacts":
                view.entries = [(i, e.id, names.get(e.id, e.id)) for i, e in enumerate(block.contacts)]
            blocks.append(view)
        mine = [p for p in problems if (m := PANEL_KEY.match(p.key)) and int(m["position"]) == index + 1]
        return PanelView(index, index + 1, panel.id, panel.role, panel.fit, blocks, mine)

    def _image(self, name: str, issued: str, variant: str, page: int) -> str | None:
        path = page_image(self.project, name, issued, variant, page)
        return "/files/" + path.relative_to(self.project.build).as_posix() if path.is_file() else None

    def _pages(self, name: str, issued: str) -> list[dict]:
        pages = []
        for variant, label in (("print", "印刷用"), ("download", "ホームページ用")):
            number = 1
            while (url := self._image(name, issued, variant, number)) is not None:
                pages.append({"variant": variant, "label": f"{label} {number}", "url": url})
                number += 1
        return pages

    def _downloads(self, name: str, issued: str) -> list[dict]:
        """The edition's PDFs, the Japanese first, then each other language built (languages:)."""
        from ...render.web import LANGUAGE_NAMES
        found = []
        for language in ["ja"] + sorted(LANGUAGE_NAMES.keys() - {"ja"}):
            infix = "" if language == "ja" else f"{language}-"
            suffix = "" if language == "ja" else f"（{LANGUAGE_NAMES[language]}）"
            for variant, label in (("print", "印刷会社に入稿する PDF"), ("download", "ホームページに載せる PDF"),
                                   ("proof", "校正用 PDF（A4）")):
                path = self.project.build / name / issued / f"{name}-{issued}-{infix}{variant}.pdf"
                if path.is_file():
                    found.append({"label": label + suffix, "url": f"/files/{name}/{issued}/{path.name}"})
        return found

    # ------------------------------------------------------------------ editing

    def edit(self, name: str, form: dict, user: str) -> dict:
        if name not in self.project.brochure_names():
            return {"status": 404, "errors": [], "message": None}
        path = self.project.brochure_file(name)
        try:
            document = Document.read(path, self.project.relative(path))
            action = form.get("action", "")
            if action == "copy":
                return self._copy(name, document, form, user)
            if action == "edition":
                return editions.start(self.editor, name, form, user)
            summary = self._apply(document, action, form)
        except (DataError, BrochureError, ValueError, KeyError, IndexError) as error:
            problems = error.problems if isinstance(error, DataError) else [
                Problem(self.project.relative(path), "", str(error))]
            return {"status": 422, "errors": problems}
        problems = self.editor.check_text(path, document.render())
        if problems:
            return {"status": 422, "errors": problems}
        try:
            self.editor._write(document, f"{name}: {summary}", user, path)
        except Conflict:
            return {"status": 409, "errors": [Problem(self.project.relative(path), "",
                                                      "ほかの人がこのファイルを変更しました。ページを読み込み直してください")]}
        return {"redirect": f"/leaflets/{name}?saved=1"}

    def add_picture(self, name: str, fields: dict, data: bytes, user: str) -> dict:
        """Store an uploaded picture in data/assets/ and add it at the end of a panel."""
        source = self.editor.workspace.current().brochures.get(name)
        if source is None:
            return {"status": 404, "errors": []}
        path = self.project.brochure_file(name)
        try:
            panel = int(fields["panel"])
            if not 0 <= panel < len(source.brochure.panels):
                raise ValueError
        except ValueError:
            return {"status": 422, "errors": [Problem("", "panel", "面を選んでください")]}
        alt = fields["alt"].strip()
        if not alt:
            return {"status": 422, "errors": [Problem("", "alt", "画像の説明（何が写っているか）を入力してください。"
                                                      "画面の読み上げで使われます")]}
        try:
            stored = uploads.store(self.project, data, fields["filename"], source.brochure.fold, panel)
        except uploads.UploadRefused as error:
            return {"status": 422, "errors": [Problem("", "file", str(error))]}
        document = Document.read(path, self.project.relative(path))
        blocks = ("panels", panel, "blocks")
        document.insert(blocks, len(document.get(blocks)), {"image": stored.name, "alt": alt})
        problems = self.editor.check_text(path, document.render())
        if problems:
            return {"status": 422, "errors": problems}
        self.editor._write(document, f"{name}: {panel + 1}面に画像 {stored.name}（{stored.width}×{stored.height} px）を追加",
                           user, path)
        return {"redirect": f"/leaflets/{name}?saved=1"}

    def _apply(self, document: Document, action: str, form: dict) -> str:
        p, b = int(form.get("panel", -1)), int(form.get("block", -1))
        blocks = ("panels", p, "blocks")
        if action == "fit":
            shrink = form.get("fit") == "shrink"
            if shrink:
                document.set(("panels", p, "fit"), "shrink")
            elif document.get(("panels", p)).get("fit") is not None:
                document.delete(("panels", p, "fit"))
            return f"{p + 1}面 {'文字を小さくして収める' if shrink else '文字の大きさを戻す'}"
        if action == "text":
            block = document.get(blocks + (b,))
            key = next(k for k in (*TEXT_KEYS, *LIST_KEYS) if k in block)
            text = str(form.get("text", "")).replace("\r\n", "\n").strip()
            if not text:
                raise ValueError("文章が空です。消すときはブロックごと削除してください")
            value = [line.strip() for line in text.split("\n") if line.strip()] if key in LIST_KEYS else text
            document.set(blocks + (b, key), value)
            return f"{p + 1}面の文章を変更"
        entries = blocks + (b, "contacts")
        if action == "contact-add":
            contact = str(form.get("contact", ""))
            if contact not in self.editor.names():
                raise ValueError("連絡先を一覧から選んでください")
            document.insert(entries, len(document.get(entries)), contact)
            return f"{p + 1}面に {self.editor.names()[contact]} を追加"
        i = int(form.get("entry", -1))
        if action == "contact-remove":
            document.delete(entries + (i,))
            return f"{p + 1}面から連絡先を外す"
        if action in ("contact-up", "contact-down"):
            target = i - 1 if action == "contact-up" else i + 1
            if not 0 <= target < len(document.get(entries)):
                raise ValueError("これ以上動かせません")
            document.move(entries, i, target)
            return f"{p + 1}面の連絡先の順番を変更"
        raise ValueError(f"unknown action {action!r}")

    def _copy(self, name: str, document: Document, form: dict, user: str) -> dict:
        """A new leaflet from this one: title and edition month asked for, the file name made here."""
        title = str(form.get("title", "")).strip()
        month = str(form.get("issued", "")).strip()
        errors = []
        if not title:
            errors.append(Problem("", "title", "題名を入力してください"))
        try:
            check_month(month, "発行年月")
        except BrochureError:
            errors.append(Problem("", "issued", "発行年月は 2026-04 のように書きます"))
        if errors:
            return {"status": 422, "errors": errors}
        new = _free_name(name, set(self.project.brochure_names()))
        document.set(("title",), title)
        document.set(("edition", "issued"), month)
        path = self.project.brochure_file(new)
        problems = self.editor.check_text(path, document.render())
        if problems:
            return {"status": 422, "errors": problems}
        text = document.render()
        _create(path, text)
        self.editor.workspace.refresh()
        self.editor.history.record(user, path, f"{new}: {name} から新しいリーフレット「{title}」を作成", "", text)
        if self.editor.rebuilder is not None:
            self.editor.rebuilder.request()
        return {"redirect": f"/leaflets/{new}?saved=1"}


def _create(path: Path, text: str) -> None:
    from ...files import atomic_write
    if path.exists():
        raise BrochureError(f"{path.name} already exists")
    atomic_write(path, text.encode("utf-8"))


def _free_name(base: str, taken: set[str]) -> str:
    stem = re.sub(r"-\d+$", "", base)
    number = 2
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def _concerns(problem: Problem, name: str) -> bool:
    return problem.key.startswith(f"{name} ") or problem.file.endswith(f"brochures/{name}.yaml")
