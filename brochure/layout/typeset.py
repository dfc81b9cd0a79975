"""Japanese text → safe HTML fragments.

Text from the data is escaped first, always; only the markup added here is
trusted.  What is added:

* ``**text**`` → ``<strong>``: the one inline emphasis the data may use;
* times, ranges and phone numbers are kept on one line (WeasyPrint may break
  13:00〜16:00 at the wave dash, and full-width digits anywhere);
* headings are split into phrases with BudouX, each phrase an inline-block
  so a line breaks only between phrases (WeasyPrint ignores
  ``word-break: keep-all``; see the WeasyPrint 70 notes §3.6);
* so are the names and addresses a leaflet prints (contact cards, the
  address card, the colophon), with rules of their own: BudouX, made for
  sentences, cuts 特定非/営利活動法人 and 山口市秋/穂西.
"""

from __future__ import annotations

import functools
import re

import budoux
from markupsafe import Markup, escape

# A run of digits joined by : - 〜 ～ ~ . , and their full-width forms: times,
# time ranges, phone numbers, ages (15歳〜49歳 stays whole via the 歳 rule); an English
# edition's ranges too (9:30–12:00, with the en dash).
KEEP_TOGETHER = re.compile(
    r"(?:[0-9０-９]+(?:[:：.,\-－‐〜～~][0-9０-９]+)+"
    r"(?:[〜～~–][0-9０-９]+(?:[:：][0-9０-９]+)?)?)"
    r"|(?:[0-9０-９]+歳[〜～~][0-9０-９]+歳)"
)
BOLD = re.compile(r"\*\*(.+?)\*\*")


@functools.lru_cache(maxsize=1)
def _parser():
    return budoux.load_default_japanese_parser()


def inline(text: str) -> Markup:
    """Body text: escaped, **bold** honoured, numbers kept whole."""
    html = str(escape(text))
    html = KEEP_TOGETHER.sub(lambda m: f'<span class="nobr">{m.group(0)}</span>', html)
    html = BOLD.sub(r"<strong>\1</strong>", html)
    return Markup(html)


def phrases(text: str) -> Markup:
    """Heading text: each BudouX phrase unbreakable, breaks only between them."""
    return _spans(_parser().parse(text) or [text]) if text else Markup("")


def name_phrases(text: str) -> Markup:
    """A name (of an organisation, a venue, a publisher) in phrases that never split a word
    (地域福/祉 and ボランティアセ/ンター were broken inside words in contact cards)."""
    return _spans(split_name(str(text))) if text else Markup("")


def address_phrases(text: str) -> Markup:
    """An address in phrases: 山口県 / 山口市 / 秋穂西1267-1."""
    return _spans(split_address(str(text))) if text else Markup("")


def _spans(parts) -> Markup:
    return Markup("").join(Markup('<span class="ph">{}</span>').format(p) for p in parts)


# Words of a name BudouX splits (特定非/営利活動法人): kinds of legal entity, kept whole.
ENTITY = re.compile(r"(?:認定)?(?:特定非営利活動法人|NPO法人)|(?:一般|公益)(?:社団|財団)法人|社会福祉法人|"
                    r"(?:社会)?医療法人(?:社団|財団)?|(?:地方)?独立行政法人|学校法人|宗教法人|株式会社|有限会社|合同会社")
KATAKANA = re.compile(r"[ァ-ヺー・]{2,}")
PREFECTURE = re.compile(  # 山口県/福祉総合相談支援/センター: a name may begin with its prefecture
    r"(?:北海道|東京都|(?:京都|大阪)府|(?:青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉|千葉|神奈川|新潟|富山|石川|福井|"
    r"山梨|長野|岐阜|静岡|愛知|三重|滋賀|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|山口|徳島|香川|愛媛|高知|福岡|佐賀|長崎|熊本|"
    r"大分|宮崎|鹿児島|沖縄)県)(?![立民庁営警議])")   # not 県立, 県庁 …
SPACE = re.compile(r"[ 　]+")
# An address breaks after its prefecture, city or county, and ward, town or village, and at spaces.
ADDRESS_UNITS = re.compile(r"(?P<pref>.{2,3}?[都道府県])?(?P<city>.{1,6}?[市郡])?(?P<ward>.{1,6}?[区町村])?")


@functools.lru_cache(maxsize=8192)
def split_name(text: str) -> tuple[str, ...]:
    """BudouX's phrases of a name, with a break after every space typed, and none inside a kind of
    legal entity or a katakana word.  Cached: names recur in every brochure of a batch."""
    cuts = (_cuts(_parser().parse(text) or [text]) | {m.end() for m in SPACE.finditer(text)}
            | {m.start() for m in KATAKANA.finditer(text)}    # 支援/センター: a compound's own words
            | {m.end() for m in PREFECTURE.finditer(text)})
    for word in (*ENTITY.finditer(text), *KATAKANA.finditer(text)):
        cuts -= set(range(word.start() + 1, word.end()))
    return _cut(text, cuts)


@functools.lru_cache(maxsize=8192)
def split_address(text: str) -> tuple[str, ...]:
    """An address cut after its administrative units and at spaces; the rest (the street and number,
    a building) each one piece.  BudouX, made for sentences, cut 山口市秋/穂西."""
    units = ADDRESS_UNITS.match(text)
    cuts = {units.end(g) for g in ("pref", "city", "ward") if units.group(g)}
    return _cut(text, cuts | {m.end() for m in SPACE.finditer(text)})


def _cuts(parts) -> set[int]:
    ends, at = set(), 0
    for part in parts:
        at += len(part)
        ends.add(at)
    return ends


def _cut(text: str, cuts: set[int]) -> tuple[str, ...]:
    """``text`` cut at ``cuts``; a space stays with the phrase before it (the line breaks after it)."""
    bounds = [0] + sorted(c for c in cuts if 0 < c < len(text) and not text[c].isspace()) + [len(text)]
    return tuple(text[a:b] for a, b in zip(bounds, bounds[1:]))


def plain(text: str) -> str:
    """Text without the inline markup, for PDF metadata and search."""
    return BOLD.sub(r"\1", text)
