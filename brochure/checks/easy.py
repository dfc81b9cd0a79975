"""The やさしい日本語 check: warnings on a brochure's ``ja-easy`` catalogue (``brochure check``).

Following the national guideline (在留支援のためのやさしい日本語ガイドライン, 2020), each translated
sentence of ``translations/<name>/ja-easy.po`` is checked for: length (counted without the
``{漢字|かんじ}`` readings and ``**``), kanji words with no reading (the data's and the analyser's,
through layout/ruby.py ``pairs()``, as the print gets them), double negatives (〜ないわけではない,
〜なくはない, 〜ないことはない; 〜なければならない is an obligation, not flagged), honorific and humble
verbs (おります, いただきます, 申す, 伺う, 参る, ございます, なさる, 〜られる方) and katakana loanwords
not explained by a bracket right after them, once in the catalogue (グループ（…）).  Warnings only,
each naming the msgstr's line; the analyser is SudachiPy, loaded once per process (data/kana.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..data.model import BrochureSource, Registry
from ..errors import Problem
from ..i18n import _
from ..layout.ruby import KANJI, MARKUP, hiragana, name_overrides, pairs, unmarked

SENTENCE_LENGTH = 35       # characters; the guideline asks for short sentences and gives no number
CODE = "easy-japanese"
SENTENCE = re.compile(r"[^。！？!?\n　]+[。！？!?]*")
# 〜ないわけではない, 〜なくはない, 〜ないこともない, 〜ないではありません (NEG: a negation, see _negation)
DOUBLE_NEGATIVE = re.compile(r"NEG (?:(?:わけ|訳|こと|の) )?(?:で )?(?:は|も) (?:あり ませ )?NEG")
KATAKANA_WORD = re.compile(r"[\u30a1-\u30fa\u30fc・]{2,}")
# Humble (謙譲) and honorific (尊敬) verbs, by dictionary form.  ください (下さる) is left alone: the guideline uses it.
HONORIFIC = {"おる", "頂く", "いただく", "申す", "申し上げる", "伺う", "参る", "御座る", "ござる", "為さる", "なさる",
             "いらっしゃる", "仰る", "おっしゃる", "召し上がる", "致す", "いたす", "存じる", "差し上げる", "拝見"}
# Loanwords every reader of a leaflet knows; others get a note.
COMMON = {"テレビ", "メール", "ページ", "ホームページ", "インターネット", "パソコン", "スマートフォン", "スマホ",
          "バス", "タクシー", "トイレ", "ファクス", "ファックス", "サービス"}


def easy_problems(project_root: Path, source: BrochureSource, registry: Registry,
                  limit: int = SENTENCE_LENGTH) -> list[Problem]:
    """Warnings on the ``ja-easy`` catalogue of a brochure that lists ``ja-easy`` in ``languages:``."""
    from ..data.translations import catalogue_path, read_catalogue
    if "ja-easy" not in source.brochure.languages:
        return []
    path = catalogue_path(project_root, source.name, "ja-easy")
    if not path.is_file():
        return []   # the build already says the language has no translations
    shown, lines = path.relative_to(project_root).as_posix(), path.read_text(encoding="utf-8").splitlines()
    messages = [m for m in read_catalogue(path, "ja-easy") if m.id and m.string]
    contacts = [registry[c] for c in sorted(_contact_ids(source)) if c in registry.contacts]
    names, overrides = [c.name for c in contacts], name_overrides((c.name, c.name_kana) for c in contacts)
    explained = set()
    for message in messages:
        overrides |= {base: hiragana(reading) for base, reading in MARKUP.findall(message.string)}
        explained |= set(re.findall(rf"({KATAKANA_WORD.pattern})[（(]", unmarked(message.string)))
    found = []
    for message in messages:
        line = next((n for n in range(message.lineno - 1, len(lines)) if lines[n].startswith("msgstr")), 0) + 1
        plain = unmarked(message.string).replace("**", "")
        for sentence in SENTENCE.findall(plain):
            said = _findings(sentence, limit, explained, names)
            found += [Problem(shown, f"「{_excerpt(sentence)}」", text, line=line, hint=hint, severity="warning",
                              code=CODE) for text, hint in said]
        for base in _unread(message.string, overrides):
            found.append(Problem(shown, f"「{_excerpt(plain)}」", _("no reading for the kanji word {word}").format(
                word=base), line=line, severity="warning", code=CODE, hint=_(
                "write its reading where it stands, e.g. {markup}").format(markup=f"{{{base}|…}}")))
    return found


def _contact_ids(source: BrochureSource) -> set[str]:
    edition = source.brochure.edition
    ids = {edition.publisher, edition.office}
    for panel in source.brochure.panels:
        for block in panel.blocks:
            ids |= {e.id for e in getattr(block, "contacts", None) or []}
            ids |= {getattr(block, k) for k in ("card", "channels") if isinstance(getattr(block, k, None), str)}
    return ids - {None}


def _excerpt(sentence: str, size: int = 16) -> str:
    return sentence if len(sentence) <= size else sentence[:size] + "…"


def _unread(text: str, overrides: dict[str, str]) -> list[str]:
    """Kanji words the print would set without a reading: none from the data, none from the analyser
    (an unknown word comes back read as itself)."""
    return [base for piece in text.split("**") for base, reading in pairs(piece, overrides)
            if KANJI.search(base) and (not reading or KANJI.search(reading))]


def _findings(sentence: str, limit: int, explained: set[str], names: list[str]) -> list[tuple[str, str]]:
    from sudachipy import SplitMode

    from ..data.kana import _tokenizer
    found = []
    if len(sentence) > limit:
        found.append((_("sentence of {count} characters, longer than {limit}").format(count=len(sentence), limit=limit),
                      _("split it into short sentences, one point each (the limit: brochure check --sentence-length N)")))
    words = list(_tokenizer().tokenize(sentence, SplitMode.C))
    tags = [_negation(w) or w.surface() for w in words]
    for i in (i for i, tag in enumerate(tags) if tag == "NEG"):
        if match := DOUBLE_NEGATIVE.match(" ".join(tags[i:])):
            phrase = "".join(w.surface() for w in words[max(i - 1, 0):i + match.group(0).count(" ") + 1])
            found.append((_("double negative: {phrase}").format(phrase=phrase),
                          _("say it positively (わからないことはない → 少しわかる)")))
    honorific = False
    for i, word in enumerate(words):
        after = words[i + 1].surface() if i + 1 < len(words) else ""
        was, honorific = honorific, word.dictionary_form() in HONORIFIC or word.normalized_form() in HONORIFIC or (
            word.part_of_speech()[4] == "助動詞-レル" and after == "方")   # 来られる方: respect, not passive
        if honorific and not was:   # おられる: one warning
            found.append((_("honorific or humble form: {word}").format(word=word.surface()),
                          _("use plain です/ます forms: おります → います, いただきます → もらいます, "
                            "ございます → あります, 〜られる方 → 〜する人")))
        surface = word.surface()
        if (KATAKANA_WORD.fullmatch(surface) and KATAKANA_WORD.fullmatch(word.normalized_form())   # not ダメ (駄目)
                and word.part_of_speech()[:2] == ("名詞", "普通名詞")
                and surface not in COMMON | explained and not after.startswith(("（", "("))
                and not any(surface in name for name in names)):
            found.append((_("katakana loanword without a note: {word}").format(word=surface),
                          _("use a Japanese word, or explain it once in brackets right after it: {word}（…）").format(
                              word=surface)))
    return found


def _negation(word) -> str | None:
    """NEG for a negation: the auxiliary ない/ぬ/ん, or the adjective ない."""
    pos = word.part_of_speech()
    if pos[4] in ("助動詞-ナイ", "助動詞-ヌ") or (pos[0] == "形容詞" and word.dictionary_form() in ("ない", "無い")):
        return "NEG"
    return None

