"""Language editions: a leaflet's own sentences in gettext PO catalogues.

``translations/<brochure>/<lang>.po`` holds, for one language, every sentence the
brochure file writes itself (title, headings, paragraphs, lines, bullets, a
contact's ``about``, figure labels and captions, alternative texts).  PO is the
format every translator's tool reads (Poedit, Weblate, Crowdin), so a centre can
hand the file out as it is.  Contacts are not translated: a reader must be able to
show the paper at a Japanese counter, so names and addresses print in Japanese.

A sentence is its own msgid: when the Japanese changes, ``update`` keeps the old
translation, marks it fuzzy (Babel's fuzzy matching) and the build refuses the
language until a translator has looked at it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from ..files import atomic_write
from .schema import Brochure

JAPANESE = "ja"
# Figure data values that are sentences: they contain Japanese (anchors and ids are ASCII).
HAS_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff5e]")
TEXT_FIELDS = ("heading", "subheading", "paragraph", "title", "alt")
LIST_FIELDS = ("lines", "bullets")


HEADER = """\
# {language} edition of the leaflet data/brochures/{name}.yaml: its own sentences.
# Write each translation in msgstr; a "#, fuzzy" one was translated from an earlier
# Japanese sentence (shown as "#| msgid"): check it, then delete the fuzzy line.
# Made and updated by: brochure translations update {name} (docs/translations.md)."""


@dataclass
class Coverage:
    """How far one language's catalogue covers the brochure's sentences."""

    language: str
    missing: list[str] = field(default_factory=list)   # no translation yet
    fuzzy: list[str] = field(default_factory=list)     # translated from an older Japanese sentence

    @property
    def complete(self) -> bool:
        return not self.missing and not self.fuzzy


def catalogue_path(root: Path, name: str, language: str) -> Path:
    return root / "translations" / name / f"{language}.po"


def sentences(brochure: Brochure) -> list[str]:
    """The brochure's own sentences, each once, in reading order (the order a translator reads them)."""
    found: dict[str, None] = {brochure.title: None}
    for panel in brochure.panels:
        for block in panel.blocks:
            for text in _block_texts(block):
                found.setdefault(text, None)
    return [s for s in found if s and HAS_JAPANESE.search(s)]


def _block_texts(block: Any) -> list[str]:
    texts = [getattr(block, name) for name in TEXT_FIELDS if isinstance(getattr(block, name, None), str)]
    for name in LIST_FIELDS:
        texts += getattr(block, name, None) or []
    texts += [entry.about for entry in getattr(block, "contacts", None) or [] if entry.about]
    return texts + _strings(getattr(block, "data", None))


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value] if HAS_JAPANESE.search(value) else []
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def read_catalogue(path: Path, language: str) -> Catalog:
    if not path.is_file():
        return Catalog(locale=None, domain=path.stem)
    with path.open("rb") as handle:
        return read_po(handle, locale=None, domain=path.stem)


def update(root: Path, name: str, brochure: Brochure, language: str) -> tuple[Path, Coverage]:
    """Bring one catalogue up to the brochure's sentences: new ones empty, changed ones fuzzy (their
    old translation kept for the translator), dropped ones kept as obsolete (#~)."""
    path = catalogue_path(root, name, language)
    old = read_catalogue(path, language)
    if not path.is_file():   # a new catalogue: a header a translator can read, not Babel's placeholders
        old.project, old.copyright_holder, old.msgid_bugs_address, old.fuzzy = name, "", "", False
        old.header_comment = HEADER.format(name=name, language=language)
    template = Catalog(locale=None, project=name, fuzzy=False)
    for sentence in sentences(brochure):
        template.add(sentence)
    old.update(template, no_fuzzy_matching=False)
    old.language_team = language
    atomic_write(path, _po_bytes(old))
    return path, coverage(old, brochure, language)


def _po_bytes(catalogue: Catalog) -> bytes:
    import io
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=0, omit_header=False, include_previous=True)
    return buffer.getvalue()


def coverage(catalogue: Catalog, brochure: Brochure, language: str) -> Coverage:
    found = Coverage(language)
    for sentence in sentences(brochure):
        message = catalogue.get(sentence)
        if message is None or not message.string:
            found.missing.append(sentence)
        elif message.fuzzy:
            found.fuzzy.append(sentence)
    return found


def translated(brochure: Brochure, catalogue: Catalog) -> Brochure:
    """The brochure with each sentence replaced by its translation; an untranslated or fuzzy sentence
    stays Japanese (the build allows that only with --allow-missing, and says so)."""
    def tr(text: str) -> str:
        message = catalogue.get(text) if isinstance(text, str) else None
        return message.string if message is not None and message.string and not message.fuzzy else text
    data = _mapped(brochure.model_dump(mode="python", by_alias=True, exclude_unset=True), tr)
    return Brochure.model_validate(data)


def _mapped(value: Any, tr, key: str | None = None) -> Any:
    """Every sentence field of a dumped brochure through ``tr``; ids, anchors and styles untouched."""
    if isinstance(value, dict):
        return {k: _mapped(v, tr, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_mapped(v, tr, key) for v in value]
    if isinstance(value, str) and key in (*TEXT_FIELDS, *LIST_FIELDS, "about") + _FIGURE_KEYS:
        return tr(value)
    if isinstance(value, str) and key not in _NEVER and HAS_JAPANESE.search(value):
        return tr(value)
    return value


_FIGURE_KEYS = ("ask", "text", "label", "points", "callout")
# Fields that name things or are never printed as the leaflet's own sentence.
_NEVER = ("id", "anchor", "target", "style", "fold", "paper", "layout", "corrections", "publisher", "office",
          "grant", "issued", "revised", "figure", "image", "programmes")
