"""Readings (名称_カナ) proposed by a morphological analyser, for a person to confirm.

SudachiPy with the ``sudachidict-core`` dictionary package (installed by pip,
no system MeCab, no download at run time) splits a name into words and gives
each its reading.  Proper names are often read wrongly (山口 as ヤマグチ is
right, but a person's or place's name may not be), so a reading from here is
only ever a suggestion: ``brochure contacts suggest-kana`` prints it, or,
with ``--write``, writes it with a comment that marks it unconfirmed.

Latin letters are spelt out as Japanese says them (NPO → エヌピーオー), since
the dictionary reads an abbreviation as the letters themselves.
"""

from __future__ import annotations

import functools
import unicodedata

# How Japanese says each Latin letter (JIS Z 8301 style, as open-data readings write NPO, KHJ …).
LETTERS = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", [
    "エー", "ビー", "シー", "ディー", "イー", "エフ", "ジー", "エイチ", "アイ", "ジェイ", "ケイ", "エル", "エム",
    "エヌ", "オー", "ピー", "キュー", "アール", "エス", "ティー", "ユー", "ブイ", "ダブリュー", "エックス",
    "ワイ", "ゼット"]))
DIGITS = dict(zip("0123456789", ["ゼロ", "イチ", "ニ", "サン", "ヨン", "ゴ", "ロク", "ナナ", "ハチ", "キュウ"]))
HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}


@functools.lru_cache(maxsize=1)
def _tokenizer():
    """Loaded once (the dictionary is ~70 MB); imported here so nothing else pays for it."""
    from sudachipy import Dictionary
    return Dictionary(dict="core").tokenizer()


def suggest(name: str) -> str:
    """A katakana reading of ``name``: the analyser's reading of each word, spaces kept."""
    from sudachipy import SplitMode
    text = unicodedata.normalize("NFKC", name)
    parts = []
    for morpheme in _tokenizer().tokenize(text, SplitMode.C):
        surface = morpheme.surface()
        if surface.isspace():
            parts.append(" ")        # the dictionary reads a space as キゴウ (a symbol)
        elif surface.isascii() and surface.isalnum():
            parts.append(_spelt(surface))
        elif morpheme.part_of_speech()[0] == "補助記号":
            parts.append("・" if surface in "・･" else "")
        else:
            parts.append(morpheme.reading_form())
    return "".join(parts).translate(HIRAGANA_TO_KATAKANA).strip()


def _spelt(word: str) -> str:
    return "".join(LETTERS.get(ch.upper(), DIGITS.get(ch, "")) for ch in word)
