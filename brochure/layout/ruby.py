"""Furigana (ruby) for the やさしい日本語 edition, as real text WeasyPrint can lay out.

WeasyPrint 70 has no ruby layout (its issue #406): ``<ruby>家族<rt>かぞく</rt></ruby>``
prints 家族かぞく on one line.  So each pair is built from what it does support:

* the base is an inline ``span.rb`` with ``white-space: nowrap``: a pair is never
  split across lines, and the base text stays in the line's text run, in order, so
  searching the PDF for 家族 finds it and copying a sentence copies the sentence;
* the reading is a ``span.rt`` positioned absolutely at its static place, pulled
  back over the base and up into the line spacing: it takes no room in the line,
  so every line of the edition has the same height (the edition's CSS gives the
  text the leading ruby needs, ruby or not), and WeasyPrint draws it after the
  line, so the readings do not interleave with the base text;
* a reading wider than its base pads the base on both sides so that neighbouring
  readings never touch;
* the reading's box (its width, and how far it reaches back from the end of the base)
  comes from attribute rules in layouts/base/base.css, ``data-w`` and ``data-m``, not
  from a ``style=""`` on each reading: WeasyPrint parses a style attribute once per
  element, and a leaflet has hundreds of readings (bench/ruby.py).  A box the table does
  not hold gets a ``style=""``.  The class attributes stay ``class="rb"`` and
  ``class="rt"``, which web.py, accessible.py and preflight look for.

Readings come from SudachiPy (data/kana.py, loaded once per process), word by
word; readings written in the data win: ``{漢字|かんじ}`` in a sentence, and a
contact's ``name_kana`` for its name.
"""

from __future__ import annotations

import html
import re
from typing import Iterable

from markupsafe import Markup

KANJI = re.compile(r"[\u3400-\u9fff\u3005\u3006\uf900-\ufaff]")
KANJI_RUN = re.compile(r"[\u3400-\u9fff\u3005\u3006\uf900-\ufaff]+")
KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]")
MARKUP = re.compile(r"\{([^{}|]+)\|([^{}|]+)\}")
TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
KATA_TO_HIRA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
FURIGANA_LANGUAGES = ("ja-easy",)   # the editions with a reading over every kanji word
RT_EM = 0.5      # the reading's size, relative to its base
OVERHANG_EM = RT_EM / 2   # how far a reading may reach over a neighbouring kana (base em)
MIN_BASE_PT = 10.0   # no text of a furigana edition below this: its reading is then 5 pt or more
RT_TABLE = (32, 32)   # the largest data-w and data-m (reading ems) layouts/base/base.css has a rule for


def hiragana(text: str) -> str:
    return text.translate(KATA_TO_HIRA)


def unmarked(text: str) -> str:
    """``{漢字|かんじ}`` → 漢字: the sentence as every edition but ja-easy prints it."""
    return MARKUP.sub(r"\1", text)


def pairs(text: str, overrides: dict[str, str] | None = None) -> list[tuple[str, str | None]]:
    """``text`` as (base, reading) pieces; reading None for text that needs none.  ``overrides``:
    words whose reading the data gives (contact names), tried before the analyser."""
    found: list[tuple[str, str | None]] = []
    at = 0
    for mark in MARKUP.finditer(text):
        found += _known(text[at:mark.start()], overrides or {})
        found.append((mark.group(1), hiragana(mark.group(2))))
        at = mark.end()
    return found + _known(text[at:], overrides or {})


def _known(text: str, overrides: dict[str, str]) -> list[tuple[str, str | None]]:
    if not overrides or not text:
        return _analysed(text)
    # A known word only where it stands whole: 居場所 in 居場所へ, never 支 inside 支援.
    alternatives = "|".join(re.escape(w) for w in sorted(overrides, key=len, reverse=True))
    words = re.compile(f"(?<!{KANJI.pattern})(?:{alternatives})(?!{KANJI.pattern})")
    found, at = [], 0
    for word in words.finditer(text):
        found += _analysed(text[at:word.start()]) + [(word.group(0), overrides[word.group(0)])]
        at = word.end()
    return found + _analysed(text[at:])


def _analysed(text: str) -> list[tuple[str, str | None]]:
    if not KANJI.search(text):
        return [(text, None)] if text else []
    from sudachipy import SplitMode

    from ..data.kana import _tokenizer
    found = []
    for morpheme in _tokenizer().tokenize(text, SplitMode.C):
        found += aligned(morpheme.surface(), hiragana(morpheme.reading_form()))
    return found


def aligned(surface: str, reading: str) -> list[tuple[str, str | None]]:
    """A word and its reading cut so that only the kanji carry ruby: 取り戻す/とりもどす →
    取(と) り 戻(もど) す.  A reading that does not fit the kana of the word goes over the whole word."""
    if not KANJI.search(surface):
        return [(surface, None)]
    parts = re.split(f"({KANJI_RUN.pattern})", surface)
    pattern = "".join("(.+?)" if KANJI_RUN.fullmatch(p) else re.escape(hiragana(p)) for p in parts if p)
    match = re.fullmatch(pattern, reading)
    if not match:
        return [(surface, reading)]
    readings = iter(match.groups())
    return [(p, next(readings) if KANJI_RUN.fullmatch(p) else None) for p in parts if p]


def name_overrides(names: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """Contact names → kanji run → reading, from each record's ``name_kana`` where it aligns."""
    found: dict[str, str] = {}
    for name, kana in names:
        if not kana:
            continue
        for base, reading in aligned(name, hiragana(kana.replace(" ", "").replace("　", ""))):
            if reading and KANJI_RUN.fullmatch(base) and len(base) > 1:   # one kanji is read by its context
                found[base] = reading
    return found


def ruby_html(fragment: str, overrides: dict[str, str] | None = None) -> Markup:
    """Furigana on every kanji word of an HTML fragment's text (tags and entities left alone)."""
    pieces = TAG_OR_TEXT.split(str(fragment))
    texts = [html.unescape(p) if p and not p.startswith("<") else "" for p in pieces]
    out = []
    for index, piece in enumerate(pieces):
        if piece.startswith("<") or not KANJI.search(piece):
            out.append(piece)
            continue
        # The text beside this piece across tags (a phrase's <span>): a reading may overhang kana there.
        before = next((t for t in reversed(texts[:index]) if t), "")[-1:]
        after = next((t for t in texts[index + 1:] if t), "")[:1]
        found = [(before, None)] + pairs(texts[index], overrides) + [(after, None)]
        out += [_pair_html(base, reading, _bare(found[i - 1], -1), _bare(found[i + 1], 0))
                for i, (base, reading) in enumerate(found[1:-1], 1)]
    return Markup("".join(out))


def _bare(beside: tuple[str, str | None], end: int) -> bool:
    """Whether the character beside a pair (``end``: -1 the last of the piece before, 0 the first of
    the piece after) is kana without a reading: a reading may overhang it."""
    text, reading = beside
    return reading is None and bool(text) and bool(KANA.match(text[end]))


def _pair_html(base: str, reading: str | None, bare_before: bool = False, bare_after: bool = False) -> str:
    if not reading or not KANJI.search(base):
        return html.escape(base, quote=False)
    width = max(len(base), len(reading) * RT_EM)
    # A reading wider than its base takes the room it needs beside the base, less what it may
    # overhang a neighbouring kana (half a reading character, as JIS X 4051 allows): 所 in
    # いろいろな所が keeps its place in the line instead of standing apart.
    spare = (width - len(base)) / 2
    left = max(0.0, spare - (OVERHANG_EM if bare_before else 0.0))
    right = max(0.0, spare - (OVERHANG_EM if bare_after else 0.0))
    style = f' style="padding:0 {right:.2f}em 0 {left:.2f}em"' if left or right else ""
    return (f'<span class="rb"{style}>{html.escape(base, quote=False)}<span class="rt"{_box(width, len(base))}>'
            f"{html.escape(reading, quote=False)}</span></span>")


def _box(width: float, base: int) -> str:
    """The reading's box, ``width`` base ems wide, centred over a base of ``base`` characters: it starts
    at the end of the base and reaches back (width + base) / 2 base ems.  Both are whole or half reading
    ems (readings are counted in half base ems), so base.css holds a rule for each that a leaflet uses."""
    w, m = width / RT_EM, (width + base) / 2 / RT_EM
    if w == int(w) and m * 2 == int(m * 2) and 2 <= w <= RT_TABLE[0] and 2 <= m <= RT_TABLE[1]:
        return f' data-w="{w:g}" data-m="{m:g}"'
    return f' style="width:{w:.2f}em;margin-left:{-m:.2f}em"'


def readings_of(fragment: str) -> list[tuple[str, str]]:
    """(base, reading) of every ruby pair in rendered HTML: what the tests read back."""
    return re.findall(r'<span class="rb"[^>]*>([^<]*)<span class="rt"[^>]*>([^<]*)</span>', str(fragment))
