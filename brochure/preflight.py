"""Preflight: checks that stop a leaflet that would misprint before it is written.

Each check is one small function registered with ``@check``.  A check gets
the composed brochure, the variant and the rendered document, and yields
Problems that name the brochure, edition, variant and panel.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable, Iterator

from fontTools.ttLib import TTFont

from .errors import Problem
from .html import Composition
from .pdf import Rendered

PX_PER_MM = 96 / 25.4
FONT_FAMILY = "BrochureGothic"


@dataclass
class Subject:
    """What a check looks at."""

    comp: Composition
    variant: str
    html: str
    rendered: Rendered
    fonts_dir: Path

    def problem(self, message: str, panel: int | None = None, hint: str | None = None,
                severity: str = "error") -> Problem:
        brochure = self.comp.source
        where = f"{brochure.name} {brochure.brochure.edition.issued} {self.variant}"
        if panel is not None:
            where += f" panel {panel} ({self.comp.panels[panel - 1].id})"
        return Problem(brochure.located.file, where, message, hint=hint, severity=severity)


CHECKS: dict[str, Callable[[Subject], Iterator[Problem]]] = {}


def check(name: str):
    def decorate(function: Callable[[Subject], Iterator[Problem]]):
        CHECKS[name] = function
        return function
    return decorate


def run_checks(subject: Subject) -> list[Problem]:
    return [problem for function in CHECKS.values() for problem in function(subject)]


# --------------------------------------------------------------------------- checks


@check("overflow")
def overflow(subject: Subject) -> Iterator[Problem]:
    """Every panel's content ends inside the panel (WeasyPrint clips it silently)."""
    found: dict[str, tuple[int, float]] = {}
    for index, page in enumerate(subject.rendered.document.pages):
        for name, box in page.anchors.items():
            found.setdefault(name, (index, box[1]))
    for panel in subject.comp.panels:
        end, limit = found.get(f"end-{panel.position}"), found.get(f"limit-{panel.position}")
        if end is None or limit is None or end[0] != limit[0]:
            yield subject.problem("content was lost: the panel's end was never laid out", panel.position,
                                  hint="shorten the panel's text or move a block to another panel")
            continue
        bottom_mm, limit = end[1] / PX_PER_MM, limit[1] / PX_PER_MM
        if bottom_mm > limit + 0.05:
            yield subject.problem(f"content runs {bottom_mm - limit:.1f} mm past the bottom of the panel",
                                  panel.position, hint="shorten the panel's text or move a block to another panel")


@check("glyphs")
def glyph_coverage(subject: Subject) -> Iterator[Problem]:
    """Every printed character is in a bundled font (else WeasyPrint silently falls back)."""
    covered = bundled_cmap(subject.fonts_dir)
    missing = sorted({ch for ch in visible_text(subject.html) if ord(ch) not in covered and not ch.isspace()})
    for ch in missing:
        yield subject.problem(f"character {ch!r} (U+{ord(ch):04X}) is not in the bundled fonts",
                              hint="write it with a common character (e.g. 髙 → 高) or add a font to fonts/")


@check("fonts")
def only_bundled_fonts(subject: Subject) -> Iterator[Problem]:
    """After rendering, no font but the bundled ones is embedded."""
    for font in subject.rendered.document.fonts.values():
        if font.family != FONT_FAMILY:
            chars = "".join(sorted(set("".join(font.to_unicode.values()))))
            yield subject.problem(f"text {chars!r} was drawn with a system font ({font.family})",
                                  hint="use characters the bundled fonts have")


@check("weasyprint")
def render_warnings(subject: Subject) -> Iterator[Problem]:
    """A WeasyPrint warning (a missing font file, a refused URL) is an error here."""
    for url in subject.rendered.refused:
        yield subject.problem(f"refused to read {url}: only layouts/, fonts/ and data/assets/ may be read",
                              hint="put the file under data/assets/ and refer to it by a relative path")
    for message in subject.rendered.warnings:
        if "refused:" not in message:
            yield subject.problem(f"WeasyPrint: {message}")


# --------------------------------------------------------------------------- helpers


@functools.lru_cache(maxsize=4)
def bundled_cmap(fonts_dir: Path) -> frozenset[int]:
    """Code points every bundled font covers (a character must be in all faces used)."""
    sets = [set(TTFont(path, lazy=True).getBestCmap()) for path in sorted(fonts_dir.glob("*.ttf"))]
    return frozenset(set.intersection(*sets)) if sets else frozenset()


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
