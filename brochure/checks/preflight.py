"""Preflight: checks that stop a leaflet that would misprint before it is written.

Each check is one small function registered with ``@check``.  A check gets
the composed brochure and its one layout (every panel a page, which every
output variant is made from: brochure/render/variants.py), and yields Problems that
name the brochure, edition and panel.  Geometry is measured on the sheet, as
the print shop will cut and fold it: each panel page is placed where the fold
plan puts it.
"""

from __future__ import annotations

import datetime
import functools
import math
import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable, Iterator

from fontTools.ttLib import TTFont

from ..data import provenance
from ..data.model import Registry
from ..data.provenance import Origin
from ..data.schema import MIN_TEXT_PT
from ..errors import Problem
from .cause import OVERFLOW
from .report import STALE, STALE_MONTHS
from ..i18n import N_, _, language
from ..layout.compose import Composition
from ..layout.fonts import font_for, language_font_files
from ..render.boxes import PX_PER_MM, Painted, painted, raster_dpi
from ..render.engine import Rendered, fonts_stamp

FONT_FAMILY = "BrochureGothic"
OVERFLOW_TOLERANCE_MM = 0.05
SAFE_FROM_TRIM_MM = 3.0    # shops ask 3 mm (research: print-and-data-facts.md)
MIN_DPI = 300              # colour images at their printed size
BLEED_MM = 3.0             # a shape at the trim runs this far past it (render/variants.py BLEED)
TOUCHES_TRIM_MM = 0.5      # an edge this close to the trim counts as touching it
BALANCE_EMPTY = 1 / 3      # a panel with a larger empty band is unbalanced (a design warning)
MAX_ORIGINS = 5            # data values named per missing character
KIND_NAMES = {"fill": N_("a background or border"), "image": N_("an image")}


@dataclass
class Subject:
    """What a check looks at: one brochure, laid out (its panel pages first, in reading order)."""

    comp: Composition
    html: str
    rendered: Rendered
    fonts_dir: Path
    registry: Registry | None = None
    scales: dict[int, float] = field(default_factory=dict)   # panel position → shrink-to-fit scale
    panel_pages: int | None = None                           # pages after these are not panels (proof overlays)
    print_pdf: bytes | None = None                           # the print PDF, when this build made it

    @functools.cached_property
    def painted(self) -> list[tuple[int, Painted]]:
        """Every painted box of the panel pages, as (sheet side, box in mm from that side's trim):
        walked once, for all the checks that look at boxes."""
        found = []
        for panel, page in zip(self.comp.panels, self.rendered.document.pages[:self.panel_pages]):
            x = panel.x + panel.shift          # shift: a booklet's creep moves the page's content
            for item in painted(page):
                left, top, right, bottom = item.rect
                found.append((panel.side, replace(item, rect=(left + x, top, right + x, bottom))))
        return found

    def problem(self, message: str, panel: int | None = None, hint: str | None = None,
                severity: str = "error", origin: Origin | None = None, code: str | None = None) -> Problem:
        """A problem naming brochure, edition, panel and, when known, the data file:line and key."""
        brochure = self.comp.source
        where = f"{brochure.name} {brochure.brochure.edition.issued}"
        if self.comp.language != "ja":    # a language edition's own layout: say which
            where += f" {self.comp.language}"
        if panel is not None:
            where += " " + _("panel {position} ({id})").format(position=panel, id=self.comp.panels[panel - 1].id)
            origin = origin or Origin(brochure.located, ("panels", panel - 1))
        if origin is None:
            return Problem(brochure.located.file, where, message, hint=hint, severity=severity, code=code)
        return Problem(origin.located.file, f"{where}: {origin.key}", message, origin.line, hint=hint,
                       severity=severity, code=code)

    def origins(self, match: Callable[[str], bool]) -> list[Origin]:
        """The data values (brochure first, then its contacts) that satisfy ``match``."""
        contacts = self.registry.located if self.registry is not None else None
        return provenance.find(self.comp.source.located, contacts, self.comp.uses, match)

    def panel_at(self, side: int, rect: tuple[float, ...]) -> int | None:
        """Reading position of the print panel under the middle of ``rect`` on sheet side ``side``."""
        middle = (rect[0] + rect[2]) / 2
        for panel in self.comp.panels:
            if panel.side == side and panel.x <= middle < panel.x + panel.width:
                return panel.position
        return None

    def panel_of(self, origin: Origin) -> int | None:
        """Reading position of the panel a value prints in (a contact: the first panel using it)."""
        if origin.located is self.comp.source.located:
            return origin.panel_index + 1 if origin.panel_index is not None else None
        contact_id = origin.path[0] if origin.path else None
        return next((p.position for p in self.comp.panels if contact_id in p.uses), None)


CHECKS: dict[str, tuple[str, Callable[[Subject], Iterator[Problem]]]] = {}


def check(name: str, scope: str = "layout"):
    """Register a check; scope "layout" reads the laid-out pages, "brochure" the data and HTML only."""
    def decorate(function: Callable[[Subject], Iterator[Problem]]):
        CHECKS[name] = (scope, function)
        return function
    return decorate


def run_checks(subject: Subject, scopes: tuple[str, ...] = ("layout", "brochure")) -> list[Problem]:
    return [problem for scope, function in CHECKS.values() if scope in scopes for problem in function(subject)]


# --------------------------------------------------------------------------- checks


@check("overflow")
def overflow(subject: Subject) -> Iterator[Problem]:
    """Every panel's content ends inside the panel (WeasyPrint clips it silently)."""
    for position, over in panel_overflows(subject.rendered.document, subject.comp).items():
        shrunk, hint = _shrunk_note(subject, position), _overflow_hint(subject, position)
        if over is None:
            problem = subject.problem(_("content was lost: the panel's end was never laid out") + shrunk, position,
                                      hint=hint, code=OVERFLOW)
        elif over > OVERFLOW_TOLERANCE_MM:
            problem = subject.problem(_("content runs {mm:.1f} mm past the bottom of the panel").format(mm=over)
                                      + shrunk, position, hint=hint, code=OVERFLOW)
        else:
            continue
        # the panel's id: the build names the block or record that grew (cause.py)
        yield replace(problem, subject=subject.comp.panels[position - 1].id)


@check("shrink")
def shrink_report(subject: Subject) -> Iterator[Problem]:
    """Say when shrink-to-fit made a panel's type smaller."""
    for position, scale in sorted(subject.scales.items()):
        if scale < 1.0:
            yield subject.problem(_("type shrunk to {scale:.0%} to fit ({pt:.1f} pt body)").format(
                scale=scale, pt=_body_pt(subject, position)), position, severity="info")


@check("glyphs", scope="brochure")
def glyph_coverage(subject: Subject) -> Iterator[Problem]:
    """Every printed character is in a bundled font (else WeasyPrint silently falls back): BIZ UDPGothic,
    and in an edition whose language needs a font of its own (layout/fonts.py: vi), that font; when that
    font is missing from fonts/, one error names it, where to get it and the characters it would print."""
    stamp = fonts_stamp(subject.fonts_dir)
    covered = bundled_cmap(subject.fonts_dir, stamp)
    language = subject.comp.language
    font = font_for(language)
    absent = font.missing(subject.fonts_dir) if font is not None else []
    if font is not None and not absent:
        covered = covered | faces_cmap(subject.fonts_dir, stamp, tuple(name for _, name in font.files))
    missing = sorted({ch for ch in visible_text(subject.html) if ord(ch) not in covered and not ch.isspace()})
    if font is not None and absent:
        files = ", ".join(absent)
        message = _("the {language} edition needs the font {font}, which is not in fonts/ ({files})").format(
            language=language, font=font.name, files=files)
        if missing:
            message += _("; without it {count} characters are not in the bundled fonts: {chars}").format(
                count=len(missing), chars=" ".join(missing))
        yield subject.problem(message, hint=_("put {files} in fonts/ with the font's licence (SIL Open Font "
                                              "License): on Debian, apt-get install {package}, then copy them "
                                              "from {folder}/").format(files=files, package=font.package,
                                                                        folder=font.folder))
        return
    hint = _("write it with a common character (e.g. 𠮷 → 吉) or add a font to fonts/")
    for ch in missing:
        message = _("character {char!r} (U+{code:04X}) is not in the bundled fonts").format(char=ch, code=ord(ch))
        origins = subject.origins(lambda text: ch in text)
        for origin in origins[:MAX_ORIGINS]:
            yield subject.problem(message, subject.panel_of(origin), hint=hint, origin=origin)
        if not origins and language != "ja":
            yield subject.problem(message + _(" (in the {language} translation, {path}, or the layout)").format(
                language=language, path=f"translations/{subject.comp.source.name}/{language}.po"), hint=hint)
        elif not origins:
            yield subject.problem(message + _(" (it comes from the layout, not the data)"), hint=hint)


@check("fonts")
def only_bundled_fonts(subject: Subject) -> Iterator[Problem]:
    """After drawing, no font but the bundled ones is embedded."""
    own = font_for(subject.comp.language)
    bundled = {FONT_FAMILY} | ({own.family} if own is not None else set())
    for font in subject.rendered.fonts.values():
        if font.family not in bundled:
            chars = "".join(sorted(set("".join(font.to_unicode.values()))))
            yield subject.problem(_("text {chars!r} was drawn with a system font ({family})").format(
                chars=chars, family=font.family), hint=_("use characters the bundled fonts have"))


@check("weasyprint")
def render_warnings(subject: Subject) -> Iterator[Problem]:
    """A WeasyPrint warning (a missing font file, a refused URL) is an error here."""
    for url in subject.rendered.refused:
        yield subject.problem(_("refused to read {url}: only layouts/, fonts/ and data/assets/ may be read").format(
            url=url), hint=_("put the file under data/assets/ and refer to it by a relative path"))
    for message in subject.rendered.warnings:
        if "refused:" not in message:
            yield subject.problem(_weasyprint_words(message))


# Furigana (layout/ruby.py) are set at half their base, as JIS X 4051 sets ruby: an aid to reading
# the base, which keeps the minimum.
MIN_RUBY_PT = 5.0


def _is_reading(item) -> bool:
    element = getattr(item.box, "element", None)
    return element is not None and "rt" in (element.get("class") or "").split()


@check("type-size")
def minimum_type_size(subject: Subject) -> Iterator[Problem]:
    """No printed text below MIN_TEXT_PT (what the reader holds)."""
    seen: set[int] = set()
    for side, item in _painted(subject, "text"):
        panel = subject.panel_at(side, item.rect)
        minimum = MIN_RUBY_PT if _is_reading(item) else MIN_TEXT_PT
        if item.font_pt < minimum - 0.01 and panel not in seen:
            seen.add(panel)
            yield _text_problem(subject, item, panel, _("is set in {pt:.1f} pt, below the {minimum:g} pt minimum").format(
                pt=item.font_pt, minimum=minimum),
                _("use a larger size in the layout, or raise the panel's min_body_pt / min_note_pt"))


@check("safe-zone")
def safe_zone(subject: Subject) -> Iterator[Problem]:
    """Text stays SAFE_FROM_TRIM_MM inside the trim and plan.safe_from_fold clear of every fold."""
    plan, seen = subject.comp.plan, set()
    width, height = plan.sheet
    overflowing = _overflowing(subject)   # their clipped last lines are the overflow error already
    for side, item in _painted(subject, "text"):
        left, top, right, bottom = item.rect
        panel = subject.panel_at(side, item.rect)
        if panel in overflowing:
            continue
        trim_gap = min(left, top, width - right, height - bottom)
        if trim_gap < SAFE_FROM_TRIM_MM - 0.01 and (panel, "trim") not in seen:
            seen.add((panel, "trim"))
            yield _text_problem(subject, item, panel, _("is {mm:.1f} mm from the trim (keep {keep:g} mm)").format(
                mm=max(trim_gap, 0), keep=SAFE_FROM_TRIM_MM), _("move it inwards: more padding in the layout"))
        for fold in plan.folds(side):
            gap = max(left - fold, fold - right)
            if gap < plan.safe_from_fold - 0.01 and (panel, fold) not in seen:
                seen.add((panel, fold))
                yield _text_problem(subject, item, panel, _("is {mm:.1f} mm from the fold at {fold:g} mm (keep {keep:g} mm)")
                                    .format(mm=max(gap, 0), fold=fold, keep=plan.safe_from_fold),
                                    _("move it away from the fold"))


@check("bleed")
def bleed_zone(subject: Subject) -> Iterator[Problem]:
    """Nothing but panel backgrounds prints outside the trim (the bleed is cut off)."""
    width, height = subject.comp.plan.sheet
    seen: set[tuple] = set()
    for side, item in _painted(subject):
        left, top, right, bottom = item.rect
        past = max(-left, -top, right - width, bottom - height)
        if item.in_bleed_layer or past <= 0.01:
            continue
        panel = subject.panel_at(side, item.rect)
        if (panel, item.kind) not in seen:
            seen.add((panel, item.kind))
            what = _("text {text!r}").format(text=item.text.strip()) if item.kind == "text" else \
                f"{_(KIND_NAMES[item.kind])} ({_describe(item.box)})"
            yield subject.problem(_("{what} prints {mm:.1f} mm past the trim, into the bleed").format(what=what, mm=past),
                                  panel, hint=_("only backgrounds may run into the bleed; keep content inside the panel"))


@check("trim-bleed")
def shapes_bleed(subject: Subject) -> Iterator[Problem]:
    """A shape or image whose edge lies within TOUCHES_TRIM_MM of an outer trim runs BLEED_MM past it
    (one that stops at the trim leaves a white hairline after cutting).  Folds need no bleed."""
    width, height = subject.comp.plan.sheet
    seen: set[tuple] = set()
    for side, item in subject.painted:
        if item.kind == "text":
            continue
        left, top, right, bottom = item.rect
        edges = ((N_("left"), -left), (N_("top"), -top), (N_("right"), right - width), (N_("bottom"), bottom - height))
        for edge, past in edges:
            if not -TOUCHES_TRIM_MM <= past < BLEED_MM - 0.01:
                continue
            panel = subject.panel_at(side, item.rect)
            what = f"{_(KIND_NAMES[item.kind])} ({_describe(item.box)})"
            if (panel, what, edge) in seen:
                continue
            seen.add((panel, what, edge))
            yield subject.problem(
                _("{what} ends {mm:.1f} mm past the trim at the {edge} edge: it must run {bleed:g} mm into the "
                  "bleed").format(what=what, mm=max(past, 0.0), edge=_(edge), bleed=BLEED_MM), panel,
                hint=_("extend it {bleed:g} mm past the trim (draw it in the panel's background layer, .bg), "
                       "or keep it more than {near:g} mm inside").format(bleed=BLEED_MM, near=TOUCHES_TRIM_MM),
                severity="warning")


@check("transparency")
def no_transparency(subject: Subject) -> Iterator[Problem]:
    """Nothing in the print PDF needs transparency: no element drawn translucent in the layout, and
    no transparency group, soft mask or /ca below 1 left in the print PDF (a warning)."""
    from ..render.boxes import translucent
    hint = _("use an opaque colour (a precomputed tint) instead of opacity or a transparent colour")
    seen: set[tuple] = set()
    for side, item in subject.painted:
        why = translucent(item.box)
        panel = subject.panel_at(side, item.rect)
        if why and (panel, _describe(item.box)) not in seen:
            seen.add((panel, _describe(item.box)))
            yield subject.problem(_("{element} is drawn with transparency ({why})").format(
                element=_describe(item.box), why=_(why[0]).format(**why[1])), panel, hint=hint, severity="warning")
    if subject.print_pdf is not None and subject.comp.source.brochure.print.colour == "cmyk":
        import io

        import pikepdf

        from ..render.transparency import transparency
        with pikepdf.open(io.BytesIO(subject.print_pdf)) as pdf:
            for found in transparency(pdf):
                where = _("page {page}").format(page=found.page)
                if found.slot is not None:
                    where += ", " + _("panel slot {slot}").format(slot=found.slot)
                where += (" " + found.forms if found.forms else "") + ": " + _(found.what).format(**found.values)
                yield subject.problem(_("the print PDF holds transparency: {where}").format(where=where),
                                      hint=hint, severity="warning")


@check("images")
def image_resolution(subject: Subject) -> Iterator[Problem]:
    """Raster images print at MIN_DPI or more (SVG is preferred: it has no resolution)."""
    for side, item in _painted(subject, "image"):
        found = raster_dpi(item.box)
        if found and found[2] < MIN_DPI - 0.5:
            pixels_w, pixels_h, dpi = found
            width_mm = (item.rect[2] - item.rect[0])
            needed = math.ceil(pixels_w * MIN_DPI / dpi)   # the same printed size at MIN_DPI
            yield subject.problem(
                _("raster image {image} ({width}×{height} px) prints at {dpi:.0f} dpi, below {minimum} dpi").format(
                    image=_describe(item.box), width=pixels_w, height=pixels_h, dpi=dpi, minimum=MIN_DPI),
                subject.panel_at(side, item.rect),
                hint=_("at {mm:.0f} mm wide it needs at least {needed} px across: use an image {needed} px wide "
                       "or more, or an SVG").format(mm=width_mm, needed=needed))


@check("balance")
def balanced_panels(subject: Subject) -> Iterator[Problem]:
    """An inside panel more than BALANCE_EMPTY of whose height is one empty band (a design warning).

    Measured on the laid-out boxes: the largest vertical stretch of the panel, between the safe
    zones at the top and bottom trim, that no text, image, rule or coloured box reaches (the
    panel's background layer, .bg, does not count).  Only the fold's "inside" panels count, the
    pages read as running text: a cover is mostly air around its title by design (Sapporo's: 55 %
    one band), and a back or fold-in panel with a map, the address and the logo is short in both
    reference leaflets and in the printed originals; warning about them would be noise."""
    overflowing = _overflowing(subject)
    for position, (band, top, bottom, height) in panel_bands(subject).items():
        panel = subject.comp.panels[position - 1]
        if panel.role != "inside" or position in overflowing or band <= height * BALANCE_EMPTY:
            continue
        yield subject.problem(
            _("design: {mm:.0f} mm of the panel ({share:.0%}) is empty, from {top:.0f} to {bottom:.0f} mm below "
              "the top trim: more than a third").format(mm=band, share=band / height, top=top, bottom=bottom), position,
            hint=_("balance the panel: more space between blocks, fit: fill (larger type within the allowed range), "
                   "or move a block here from a fuller panel"), severity="warning")


def panel_bands(subject: Subject) -> dict[int, tuple[float, float, float, float]]:
    """Per panel (reading position): the largest empty vertical band (mm), its top and bottom (mm from
    the top trim) and the height measured in, from the painted boxes outside the bleed layer."""
    _width, height = subject.comp.plan.sheet
    top, bottom = SAFE_FROM_TRIM_MM, height - SAFE_FROM_TRIM_MM
    spans: dict[int, list[tuple[float, float]]] = {p.position: [] for p in subject.comp.panels}
    for side, item in subject.painted:
        if item.in_bleed_layer:
            continue
        position = subject.panel_at(side, item.rect)
        if position is None:
            continue
        if item.kind == "fill" and item.rect[3] - item.rect[1] > 0.9 * height:   # the panel's own background
            continue
        spans[position].append((max(item.rect[1], top), min(item.rect[3], bottom)))
    result = {}
    for position, found in spans.items():
        largest, at, cursor = 0.0, (top, top), top
        for start, end in sorted(found) + [(bottom, bottom)]:
            if start - cursor > largest:
                largest, at = start - cursor, (cursor, start)
            cursor = max(cursor, end)
        result[position] = (largest, at[0], at[1], bottom - top)
    return result


@check("stale-contacts", scope="brochure")
def stale_contacts(subject: Subject) -> Iterator[Problem]:
    """A printed contact not verified within STALE_MONTHS before the issue month is a warning (once:
    a language edition prints the contacts of the Japanese one, which said it)."""
    if subject.registry is None or subject.comp.language != "ja":
        return
    issued = subject.comp.source.brochure.edition.issued
    year, month = (int(part) for part in issued.split("-"))
    cutoff = datetime.date(year - STALE_MONTHS // 12, month, 1)
    for contact_id in sorted(subject.comp.uses):
        verified = subject.registry[contact_id].verified
        if verified < cutoff:
            origin = Origin(subject.registry.located, (contact_id, "verified"))
            position = next((p.position for p in subject.comp.panels if contact_id in p.uses), None)
            yield subject.problem(
                _("contact {id!r} was last verified on {date}, more than {months} months before the issue month "
                  "{issued}").format(id=contact_id, date=verified.isoformat(), months=STALE_MONTHS, issued=issued),
                position, severity="warning", origin=origin, code=STALE,
                hint=_("check the details with the organisation and set verified: to that date"))


# --------------------------------------------------------------------------- helpers


def panel_overflows(document: Any, comp: Composition) -> dict[int, float | None]:
    """mm each panel's content runs past its content area (negative: room left; None: content lost).

    Measured with the end/limit anchors the layouts put in every panel (public API).
    """
    found: dict[str, tuple[int, float]] = {}
    for index, page in enumerate(document.pages):
        for name, box in page.anchors.items():
            found.setdefault(name, (index, box[1]))
    result: dict[int, float | None] = {}
    for panel in comp.panels:
        end, limit = found.get(f"end-{panel.position}"), found.get(f"limit-{panel.position}")
        if end is None or limit is None or end[0] != limit[0]:
            result[panel.position] = None
        else:
            result[panel.position] = (end[1] - limit[1]) / PX_PER_MM
    return result


def _overflowing(subject: Subject) -> set[int]:
    overflows = panel_overflows(subject.rendered.document, subject.comp)
    return {p for p, over in overflows.items() if over is None or over > OVERFLOW_TOLERANCE_MM}


def _shrunk_note(subject: Subject, position: int) -> str:
    if subject.scales.get(position, 1.0) >= 1.0:
        return ""
    return _(" even with the type shrunk to its floor ({pt:.1f} pt body)").format(pt=_body_pt(subject, position))


def _weasyprint_words(message: str) -> str:
    """WeasyPrint's warning: its own English words, or under Japanese what it means (no raw English)."""
    if language() != "ja":
        return _("WeasyPrint: {message}").format(message=message)
    if ".notdef" in message:
        return _("a character that no font has was drawn as an empty box")
    return _("the layout engine reported a problem (run with LANG=C.UTF-8 to see its own words)")


def _overflow_hint(subject: Subject, position: int) -> str:
    """What to do, and where: the panel's line in the brochure file, and the line to add for shrink-to-fit."""
    panel = subject.comp.source.brochure.panels[position - 1]
    located = subject.comp.source.located
    line = located.where(("panels", position - 1))[0]
    if panel.fit == "shrink":
        return _("shorten the panel's text or move a block to another panel; it is already at fit: shrink "
                 "(lower min_body_pt under - id: {id} at {file}:{line} to shrink it further)").format(
                     id=panel.id, file=located.file, line=line)
    return _("shorten the panel's text, move a block to another panel, or let the type shrink to fit: add the line "
             "'fit: shrink' under '- id: {id}' at {file}:{line}, indented like blocks:").format(
                 id=panel.id, file=located.file, line=line) + _shrink_lines(located, position - 1, line)


def _shrink_lines(located: Any, index: int, line: int | None) -> str:
    """The panel's first line as written and the line to add under it, indented as the file has it:
    '   37 |   - id: inside-3' / '      + |     fit: shrink'."""
    column = located.where(("panels", index))[1]
    first = next(iter(located.data["panels"][index]), None) if isinstance(located.data["panels"][index], dict) else None
    if line is None or column is None or first is None:
        return ""
    value = located.scalars.get(("panels", index, first), located.data["panels"][index][first])
    return (f"\n    {line:>4} | {' ' * max(column - 3, 0)}- {first}: {value}"
            f"\n       + | {' ' * (column - 1)}fit: shrink")


def _body_pt(subject: Subject, position: int) -> float:
    from ..layout.fit import DEFAULT_BODY_PT
    return DEFAULT_BODY_PT * subject.scales.get(position, 1.0)


def _painted(subject: Subject, kind: str | None = None) -> Iterator[tuple[int, Painted]]:
    """``subject.painted``, of one kind (or all)."""
    return (found for found in subject.painted if kind is None or found[1].kind == kind)


def _text_problem(subject: Subject, item: Painted, panel: int | None, what: str, hint: str) -> Problem:
    text = item.text.strip()
    origins = subject.origins(lambda value: text in value) if text else []
    # the same words may be in several panels: prefer the value printed in this one
    origin = next((o for o in origins if subject.panel_of(o) == panel), origins[0] if origins else None)
    return subject.problem(_("text {text!r} {what}").format(text=text, what=what), panel, hint=hint, origin=origin)


def _describe(box: Any) -> str:
    element = getattr(box, "element", None)
    if element is None:
        return "anonymous box"
    source = element.get("src")
    classes = ".".join((element.get("class") or "").split())
    return source or (f"{element.tag}.{classes}" if classes else element.tag)


@functools.lru_cache(maxsize=4)
def bundled_cmap(fonts_dir: Path, stamp: tuple) -> frozenset[int]:
    """Code points every bundled font covers (a character must be in all faces used).

    ``stamp`` (pdf.fonts_stamp of the folder) keys the cache, so a long ``brochure watch`` session
    reads the fonts again when fonts/ changes, as its engine does.  A language's own font
    (layout/fonts.py, e.g. Noto Sans for vi) is not one of them: ``faces_cmap`` adds it for its edition."""
    own = language_font_files()
    sets = [_code_points(path) for path in sorted(fonts_dir.glob("*.ttf")) if path.name not in own]
    return frozenset(set.intersection(*sets)) if sets else frozenset()


@functools.lru_cache(maxsize=4)
def faces_cmap(fonts_dir: Path, stamp: tuple, names: tuple[str, ...]) -> frozenset[int]:
    """Code points all the faces of one font in fonts/ cover (its regular and bold)."""
    return frozenset(set.intersection(*[_code_points(fonts_dir / name) for name in names]))


def _code_points(path: Path) -> set[int]:
    """The code points a font maps to a glyph.

    Only the cmap's keys are needed: numbering the glyphs instead of reading their names from the
    'post' table makes this 0.05 s instead of 0.15 s for a 20,000-glyph Japanese face."""
    font = TTFont(path, lazy=True)
    font.setGlyphOrder([f"g{index}" for index in range(font["maxp"].numGlyphs)])
    return set(font.getBestCmap())


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("style", "title", "script"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    collector = _TextCollector()
    collector.feed(html)
    text = "".join(collector.parts)
    # CSS generated content the layouts print (list markers).
    return text + "".join(re.findall(r'content:\s*"([^"]*)"', html))
