"""The data model: what a contact record and a brochure file may contain.

Every field carries a description; the data reference (docs/data-reference.md,
written by ``brochure fields``) and the editor's help texts come from the same
text, so this module is the one place where a field is defined and documented.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag, field_validator

from ..errors import ValueProblem
from ..i18n import N_

CONTACT_ID = r"^[a-z0-9][a-z0-9-]*$"
MONTH = re.compile(r"^(\d{4})-(\d{2})$")
MIN_TEXT_PT = 7.0   # no printed text below this (labels, markers); preflight checks it


class Strict(BaseModel):
    """Unknown keys are errors: a typo such as ``tell:`` must not pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


# --------------------------------------------------------------------------- contacts


def _clock(value: Any) -> Any:
    """"9:30" → "09:30".  YAML 1.1 reads an unquoted 13:00 as the base-60 number 780; it is read
    back as the time the person typed, not refused with a puzzling "780"."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 24 * 60 + 1:
        return f"{value // 60:02d}:{value % 60:02d}"
    if isinstance(value, str) and re.fullmatch(r"\s*\d:\d{2}\s*", value):
        return "0" + value.strip()
    return value


Clock = Annotated[str, BeforeValidator(_clock), Field(pattern=r"^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$")]


class Times(Strict):
    """One recurring time: every week on some days, or the nth of those weekdays of each month."""

    days: list[Literal["月", "火", "水", "木", "金", "土", "日"]] = Field(
        min_length=1, description="Days of the week, e.g. [月, 木, 土].")
    weeks: list[Annotated[int, Field(ge=1, le=5)]] = Field(
        default_factory=list, description="Which of those weekdays of the month, e.g. [3] with days [日] for "
        "毎月第3日曜日; left out: every week.")
    opens: Clock | None = Field(None, description='Opening or starting time as HH:MM, e.g. "09:30".')
    closes: Clock | None = Field(None, description='Closing or ending time as HH:MM, e.g. "16:00".')


class Recurrence(Strict):
    """The printed schedule as structure, for the open-data exports (HSDS schedules, 公共施設一覧's
    利用可能曜日) and the English edition's hours (Mon–Fri 9:30–12:00).  The Japanese leaflet keeps
    printing the text as written."""

    times: list[Times] = Field(min_length=1, description="Each recurring time; two for 9時30分～12時、13時～16時.")
    closed: list[Literal["祝日", "年末年始"]] = Field(
        default_factory=list, description="Closed on public holidays (祝日) and at the New Year (年末年始).")
    note: str | None = Field(None, description="What the times cannot say, e.g. いずれか (one of the days) or 予約制.")


class Channel(Strict):
    """One way to reach a contact (電話相談, 来所相談, メール相談 …)."""

    label: str = Field(description="Name of the channel as printed, e.g. 電話相談.")
    show_tel: bool = Field(False, description="Print the contact's `tel` on this channel.")
    show_url: bool = Field(False, description="Print the contact's `url` on this channel.")
    hours: str | None = Field(None, description="When the channel is open, e.g. 月～金 9時～17時 予約制.")
    notes: list[str] = Field(default_factory=list, description="Further lines printed under the channel.")
    notes_en: list[str] = Field(
        default_factory=list, description="`notes` in English, printed instead of them in English editions; "
        "without them the Japanese notes print there, except a note that only says when it is closed, e.g. "
        "(土、日、祝日及び年末年始を除く), when `recurrence` gives the closures.")
    recurrence: Recurrence | None = Field(
        None, description="`hours` as structure (days, times, closures) for the open-data exports and the English "
        "edition, which prints the hours from it (Mon–Fri 9:30–12:00); the Japanese leaflet prints `hours`.")


class Contact(Strict):
    """One organisation, programme or venue in ``data/contacts.yaml``."""

    name: str = Field(description="Name as printed, e.g. 認定NPO法人支えてネットワーク.")
    name_kana: str | None = Field(
        None, description="Reading of the name in full-width katakana (名称_カナ), e.g. ササエテネットワーク; "
        "never printed: search and sort in the editor, and the open-data exports."
    )
    name_en: str | None = Field(
        None, description="Name in English, printed under `name` in English editions: the organisation's own "
        "English name where it has one, else a faithful translation, e.g. Sapporo Hikikomori Regional Support Centre."
    )
    kind: Literal["organisation", "programme", "venue", "network"] = Field(
        "organisation",
        description="organisation (default), programme (runs under an organisation), "
        "venue (a place with its own address) or network (a group of organisations).",
    )
    host_name: str | None = Field(
        None, description="How the name is written in a 〜主催 line, when it differs from `name`."
    )
    organisation: str | None = Field(
        None, description="Programmes: id of the organisation that runs it; its tel is used when the programme has none."
    )
    venue: str | None = Field(None, description="Programmes: id of the venue record where it meets (会場).")
    located_in: str | None = Field(
        None, description="Id of the building or office this contact sits in; its address is used."
    )
    located_in_note: bool = Field(
        False, description="Print 〈name of `located_in`〉内 after the address."
    )
    office: str | None = Field(None, description="Networks: id of the organisation that acts as its office (事務局).")
    postal_code: str | None = Field(None, description="Postal code as NNN-NNNN (printed with 〒).")
    address: str | None = Field(None, description="Street address as printed.")
    address_en: str | None = Field(
        None, description="`address` romanised in the Japan Post order (smallest part first, the postal code "
        "last), printed under the Japanese address in English editions, e.g. Kita 1-jo Nishi 2-chome, Chuo-ku, "
        "Sapporo 060-8611.")
    tel: str | None = Field(None, description="Telephone number with hyphens, e.g. 083-984-3742.")
    tel_label: str | None = Field(None, description="Label printed before the number instead of TEL, e.g. 相談専用電話.")
    tel_note: str | None = Field(None, description="Printed in brackets after the number, e.g. a person (上田) or 相談専用.")
    url: str | None = Field(None, description="Web address, with http:// or https://.")
    email: str | None = Field(None, description="E-mail address.")
    description: str | None = Field(None, description="What it is or offers, in one line.")
    schedule: str | None = Field(None, description="When it meets or opens, e.g. 毎月第3日曜日 13:00〜16:00.")
    schedule_label: str = Field("開催日", description="Label for `schedule`: 開催日 (default) or 開所日.")
    recurrence: Recurrence | None = Field(
        None, description="`schedule` as structure (days, nth weekday of the month, times, closures) for the "
        "open-data exports and the English edition, which prints the schedule from it (3rd Sunday of the month "
        "13:00–16:00); the Japanese leaflet prints `schedule` as written.")
    frequency: str | None = Field(None, description="How often a programme runs, printed in brackets after its name.")
    channels: list[Channel] = Field(default_factory=list, description="Ways to consult (電話相談, 来所相談 …).")
    notes: list[str] = Field(default_factory=list, description="Internal notes; never printed.")
    corrections: list[str] = Field(
        default_factory=list, description="Corrections made to the source text, kept for the record; never printed."
    )
    verified: datetime.date = Field(description="Date this record was last checked with the organisation (YYYY-MM-DD).")


# --------------------------------------------------------------------------- brochure blocks


class ContactEntry(Strict):
    """One contact printed in a `contacts` block."""

    id: str = Field(description="Contact id from data/contacts.yaml.")
    about: str | None = Field(None, description="What this contact offers here; overrides the record's description.")
    heading: Literal["own", "organisation"] = Field(
        "own", description="Programmes: print the programme's name (own) or its organisation's name as the heading."
    )
    host: bool = Field(False, description="Programmes: print a 〜主催 line naming the organisation.")
    programmes: list[str] = Field(default_factory=list, description="Programme ids printed inside this card.")


def _entry(value: Any) -> Any:
    """Let a bare id stand for ``{id: …}``: the common case stays one short line."""
    return {"id": value} if isinstance(value, str) else value


class TextBlock(Strict):
    style: str | None = Field(None, description="Extra CSS class from the layout, e.g. lead or note.")


class Heading(TextBlock):
    heading: str = Field(description="Section heading (a bookmark in the download PDF).")
    anchor: str | None = Field(None, description="Name other blocks (a flowchart) use to point at this section.")


class Subheading(TextBlock):
    subheading: str = Field(description="Minor heading inside a section.")


class Paragraph(TextBlock):
    paragraph: str = Field(description="A paragraph. **text** prints in bold.")


class Lines(TextBlock):
    lines: list[str] = Field(description="Short lines kept as written (a cover message, a slogan).")


class Bullets(TextBlock):
    bullets: list[str] = Field(description="A list; each item one string.")
    marker: Literal["dot", "circle", "none"] = Field("dot", description="Bullet shape: dot (・), circle (●) or none.")


class ContactList(TextBlock):
    contacts: list[Annotated[ContactEntry, Field()]] = Field(description="Contact cards, by id.")

    @field_validator("contacts", mode="before")
    @classmethod
    def _bare_ids(cls, value: Any) -> Any:
        return [_entry(v) for v in value] if isinstance(value, list) else value


class ContactCard(TextBlock):
    card: str = Field(description="Id of a contact printed as an address block (name, 〒, address, tel, url).")
    title: str | None = Field(None, description="A line printed above the card, e.g. the operator's name.")
    compact: bool = Field(False, description="Print only the title and the name (a cover), not address and numbers.")


class Channels(TextBlock):
    channels: str = Field(description="Id of a contact whose consultation channels are printed.")


class Figure(TextBlock):
    figure: str = Field(description="Figure kind: staircase, flowchart, access-map or qr.")
    title: str | None = Field(None, description="Caption printed above the figure.")
    data: dict[str, Any] = Field(default_factory=dict, description="The figure's content; see each figure kind.")


class Image(TextBlock):
    image: str = Field(description="Picture file in data/assets/ (PNG, JPEG, GIF, SVG or WebP), e.g. map.png.")
    alt: str = Field(description="What the picture shows, in words (read out by screen readers).")


class Colophon(TextBlock):
    colophon: Literal["edition"] = Field(description="Prints the edition lines: 発行日, 発行者, 事務局, grant.")


BLOCK_TYPES: dict[str, type[TextBlock]] = {
    "heading": Heading,
    "subheading": Subheading,
    "paragraph": Paragraph,
    "lines": Lines,
    "bullets": Bullets,
    "contacts": ContactList,
    "card": ContactCard,
    "channels": Channels,
    "figure": Figure,
    "colophon": Colophon,
    "image": Image,
}


def block_kind(value: Any) -> str | None:
    """The one block key a mapping carries, or None (pydantic then reports it)."""
    if isinstance(value, BaseModel):
        return next(k for k, t in BLOCK_TYPES.items() if isinstance(value, t))
    if isinstance(value, dict):
        kinds = [k for k in BLOCK_TYPES if k in value]
        return kinds[0] if len(kinds) == 1 else None
    return None


Block = Annotated[
    Union[tuple(Annotated[t, Tag(k)] for k, t in BLOCK_TYPES.items())],  # type: ignore[misc]
    Discriminator(block_kind),
]


class Panel(Strict):
    """One panel of the folded leaflet, in reading order."""

    id: str = Field(description="Short name of the panel, e.g. cover, flap, inside-1, back.")
    role: Literal["cover", "flap", "inside", "back"] = Field(
        "inside", description="What the panel is for; a fold places cover and back where they belong."
    )
    theme: Literal["plain", "tint", "accent"] = Field("plain", description="Background of the panel.")
    blocks: list[Block] = Field(description="The panel's content, top to bottom.")
    fit: Literal["none", "shrink", "fill"] = Field(
        "none", description="shrink: when the content runs over, the type scales down in steps until it fits "
        "(never below `min_body_pt` / `min_note_pt`); fill: a panel that leaves space at the bottom gets larger "
        "type in steps while it still fits (never above `max_body_pt`), so that it does not end in its upper part; "
        "none (default): overflow is an error."
    )
    min_body_pt: float = Field(9.0, ge=MIN_TEXT_PT, le=40, description="With fit: shrink, the smallest body text size (pt).")
    min_note_pt: float = Field(8.0, ge=MIN_TEXT_PT, le=40, description="With fit: shrink, the smallest note text size (pt).")
    max_body_pt: float = Field(11.5, ge=MIN_TEXT_PT, le=40, description="With fit: fill, the largest body text size (pt).")


class Edition(Strict):
    """Which printing this is, and who publishes it."""

    issued: str = Field(description="Issue month as YYYY-MM (quote it: '2021-03'); printed in wareki.")
    publisher: str = Field(description="Contact id of the publisher (発行者).")
    office: str | None = Field(None, description="Contact id of the office (事務局) printed with its address and tel.")
    grant: str | None = Field(None, description="Grant line, e.g. 令和2年度 … 助成事業.")
    revised: str | None = Field(None, description="Month of a corrected reprint as YYYY-MM, printed "
                                "令和3年3月発行（令和4年6月一部修正）; written by `brochure publish --reprint`.")

    @field_validator("issued", "revised")
    @classmethod
    def _month(cls, value: str | None) -> str | None:
        if value is None:
            return value
        match = MONTH.match(value)
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise ValueProblem(N_("{value!r} is not a month written as YYYY-MM, e.g. '2021-03'"), value=value)
        return value

    @property
    def key(self) -> str:
        """The edition's name in file names and the manifest: the month, and a reprint's month after r."""
        return f"{self.issued}r{self.revised}" if self.revised else self.issued


class PrintProfile(Strict):
    """How the print shop's PDF is made (``print:``)."""

    marks: bool = Field(True, description="Print トンボ (corner, centre and fold marks) outside the bleed; "
                        "false for shops that want a bleed-only PDF (TrimBox and BleedBox stay).")
    colour: Literal["rgb", "cmyk"] = Field(
        "cmyk", description="cmyk (default): the print PDF and the proof are DeviceCMYK only: text and grey rules "
        "in K alone (body text 0 0 0 100), palette colours as their CMYK values (`palette:`); rgb: as on screen, "
        "the shop converts.")
    fold_allowance: float | None = Field(
        None, ge=0, le=10, description="Millimetres the fold-in panel is made narrower; the fold's default "
        "(maki3 3, kannon 2.5, nioriA4/A3 0) when not given. For nakatoji8, the creep: each inner sheet's "
        "pages move this far towards the spine (default 0).")
    pdfx: bool | Literal["x4", "x1a"] = Field(
        True, description="true or x4 (default): the print PDF is PDF/X-4 with an output intent for ISO Coated v2 "
        "300 % (FOGRA39; profile bundled, see brochure/render/profiles/), RGB tagged as sRGB, dates and ids from the "
        "edition; x1a: PDF/X-1a:2003 for shops that ask for it (CMYK only, no transparency, PDF 1.4; needs "
        "colour: cmyk); false: a plain PDF. Not checked by a PDF/X validator: ask the shop to preflight it.")

    @field_validator("pdfx")
    @classmethod
    def _x1a_needs_cmyk(cls, value, info):
        if value == "x1a" and info.data.get("colour") == "rgb":
            raise ValueError("pdfx: x1a needs colour: cmyk (PDF/X-1a allows no RGB)")
        return value


# CMYK (percent) of the カラーユニバーサルデザイン推奨配色セット colours this project uses, from the set's
# printing table (docs/print-production.md#colour); a palette colour's CMYK when its data gives none.
CUD_CMYK: dict[str, tuple[float, float, float, float]] = {
    "#35a16b": (80, 0, 70, 0),      # 緑
    "#0041ff": (100, 70, 0, 0),     # 青
    "#cbf266": (25, 0, 70, 0),      # 明るい黄緑
    "#b4ebfa": (30, 0, 3, 0),       # 明るい空色
    "#ffff99": (0, 0, 50, 0),       # クリーム
    "#c8c8cb": (0, 0, 0, 25),       # 明るいグレー
    "#7f878f": (0, 0, 0, 55),       # グレー
    "#fff8e1": (0, 3, 12, 0),       # the default soft background (not in the set)
}
CMYK = Annotated[tuple[float, float, float, float], Field(description="C, M, Y, K in percent, 0-100.")]
# The cover's circles: the accent at these fractions over the tint, opaque (print has no transparency).
WASHES = {"accent-wash": 0.16, "accent-wash-light": 0.10}


class Palette(Strict):
    """Colours of one brochure, from the カラーユニバーサルデザイン推奨配色セット."""

    accent: str = Field("#35a16b", description="Headings' rules, figure outlines (CUD 緑 by default).")
    tint: str = Field("#cbf266", description="Light background for tinted panels (CUD 明るい黄緑).")
    soft: str = Field("#fff8e1", description="Very light background behind cards.")
    accent_cmyk: CMYK | None = Field(
        None, description="The accent's CMYK (percent) in the print PDF, e.g. [80, 0, 70, 0]; default: the CUD "
        "set's printing value when `accent` is a CUD colour, else converted from the RGB.")
    tint_cmyk: CMYK | None = Field(None, description="The tint's CMYK (percent), as `accent_cmyk`.")
    soft_cmyk: CMYK | None = Field(None, description="The soft background's CMYK (percent), as `accent_cmyk`.")

    @field_validator("accent_cmyk", "tint_cmyk", "soft_cmyk")
    @classmethod
    def _percent(cls, value: tuple[float, ...] | None) -> tuple[float, ...] | None:
        if value is not None and not all(0 <= v <= 100 for v in value):
            raise ValueProblem(N_("CMYK values are percentages from 0 to 100, e.g. [80, 0, 70, 0]"))
        return value

    def wash(self, fraction: float) -> str:
        """The accent at ``fraction`` over the tint, as one opaque colour (#rrggbb): the cover's circles,
        printed without transparency."""
        def channels(colour: str) -> list[int]:
            colour = colour.lstrip("#")
            colour = "".join(c * 2 for c in colour) if len(colour) == 3 else colour[:6]
            return [int(colour[i:i + 2], 16) for i in (0, 2, 4)]
        mixed = [round(t + fraction * (a - t)) for a, t in zip(channels(self.accent), channels(self.tint))]
        return "#" + "".join(f"{v:02x}" for v in mixed)

    def washes(self) -> dict[str, str]:
        """CSS custom property name → opaque colour, for every wash (WASHES)."""
        return {name: self.wash(fraction) for name, fraction in WASHES.items()}

    def cmyk(self, name: str) -> tuple[float, float, float, float] | None:
        """The CMYK (percent) of palette colour ``name`` (accent, tint, soft): given, or the CUD set's, or None."""
        given = getattr(self, f"{name}_cmyk")
        return given if given is not None else CUD_CMYK.get(getattr(self, name).lower())


class LanguageEdition(Strict):
    """How one language edition is printed where it differs from the Japanese (``language_editions:``).

    Its text may run longer than the Japanese (やさしい日本語 gets furigana and the line spacing they
    need on every line): the same panels can go on a larger sheet of the same fold, with type that
    grows to fill them."""

    fold: str | None = Field(None, description="The fold for this language, e.g. maki3A3 (the roll fold on A3); "
                             "the same number of panels as the leaflet's fold. Default: the leaflet's.")
    paper: Literal["A4", "A3"] | None = Field(None, description="The sheet for this language; must match its fold.")
    fit: Literal["none", "shrink", "fill"] | None = Field(None, description="fit: for every panel of this language "
                                                          "(see panels[].fit). Default: each panel's own.")
    max_body_pt: float | None = Field(None, ge=MIN_TEXT_PT, le=40, description="With fit: fill, the largest body "
                                      "text size (pt) for every panel of this language.")


class Brochure(Strict):
    """One leaflet: ``data/brochures/<name>.yaml``."""

    title: str = Field(description="Document title (PDF metadata and the download page).")
    fold: str = Field("maki3", description="Fold type from the fold catalogue, e.g. maki3 (A4 roll fold).")
    paper: Literal["A4", "A3"] = Field("A4", description="Sheet size before folding; must match the fold "
                                       "(A3 for nioriA3, maki3A3 and nakatoji8, A4 for the others).")
    layout: str | None = Field(None, description="Layout folder under layouts/; defaults to the fold's name when "
                                "that folder exists, else base.")
    palette: Palette = Field(default_factory=Palette, description="Colours.")
    print: PrintProfile = Field(default_factory=PrintProfile, description="Print-shop options: marks, colour, "
                                "fold allowance, PDF/X-4.")
    edition: Edition = Field(description="Issue month, publisher, office and grant.")
    corrections: list[str] = Field(
        default_factory=list, description="Corrections made to the source text, kept for the record; never printed."
    )
    languages: list[Literal["ja", "ja-easy", "en", "vi"]] = Field(
        default_factory=lambda: ["ja"], description="Language editions to build: ja (as written), ja-easy "
        "(やさしい日本語, with furigana), en, vi (Vietnamese, set in Noto Sans: fonts/NotoSans-*.ttf). The leaflet's own sentences are translated in "
        "translations/<brochure>/<lang>.po (see docs/translations.md); contacts print in Japanese, and in English "
        "editions with their name_en, address_en and hours in English too.")
    language_editions: dict[str, LanguageEdition] = Field(
        default_factory=dict, description="Per language in languages:, how its edition is printed where it differs "
        "from the Japanese: fold, paper, fit and max_body_pt, e.g. ja-easy: {fold: maki3A3, paper: A3, fit: fill}.")
    panels: list[Panel] = Field(description="Panels in reading order: cover first, back last.")

    def printed_in(self, language: str) -> "Brochure":
        """The leaflet as its ``language`` edition is printed: that language's fold, paper and fit
        (``language_editions:``) over the leaflet's own."""
        options = self.language_editions.get(language)
        if options is None:
            return self
        panel_fit = {k: v for k, v in (("fit", options.fit), ("max_body_pt", options.max_body_pt)) if v is not None}
        panels = [panel.model_copy(update=panel_fit) for panel in self.panels] if panel_fit else self.panels
        sheet = {k: v for k, v in (("fold", options.fold), ("paper", options.paper)) if v is not None}
        return self.model_copy(update=sheet | {"panels": panels})
