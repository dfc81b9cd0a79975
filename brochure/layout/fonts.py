"""Fonts by need: a language edition BIZ UDPGothic does not cover gets a font of its own.

BIZ UDPGothic (``fonts/BIZUDPGothic-*.ttf``, loaded by ``layouts/base/base.css``) has
Japanese and plain Latin, not the letters Vietnamese adds (ơ ư, and the 1E00 block: ạ ả ấ …
ỹ).  An edition in such a language sets its text in a font that has them, first in the
font stack, with BIZ UDPGothic after it for what that font lacks (the contacts, which
print in Japanese in every edition).  The font's ``@font-face`` rules go into that
edition's HTML only, so a build without such an edition never loads it, and its
outputs are byte for byte what they were.  Sizes, weights and line spacing are the
layout's: the same type scale.

The font files live in ``fonts/`` like BIZ UDPGothic (the render reads nothing else);
when they are missing, the glyph check says which font to put there and where to get it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

BASE_FAMILY = "BrochureGothic"     # BIZ UDPGothic, as layouts/base/base.css declares it


@dataclass(frozen=True)
class LanguageFont:
    """A font an edition needs, and how to get it."""

    family: str                    # the CSS family the edition's text is set in
    name: str                      # the font's own name, for people
    files: tuple[tuple[int, str], ...]   # (CSS weight, file in fonts/), as base.css declares BIZ UDPGothic
    package: str                   # the Debian package that has the files
    folder: str                    # where that package puts them

    def missing(self, fonts_dir: Path) -> list[str]:
        return [name for _, name in self.files if not (fonts_dir / name).is_file()]


NOTO_SANS = LanguageFont("BrochureLatin", "Noto Sans", ((400, "NotoSans-Regular.ttf"), (700, "NotoSans-Bold.ttf")),
                         "fonts-noto-core", "/usr/share/fonts/truetype/noto")

# Language code → the font its edition needs besides BIZ UDPGothic.  Korean and Chinese would be
# Noto Sans CJK KR / SC (Debian's fonts-noto-cjk), not bundled: no such edition yet.
LANGUAGE_FONTS: dict[str, LanguageFont] = {"vi": NOTO_SANS}


def font_for(language: str) -> LanguageFont | None:
    return LANGUAGE_FONTS.get(language)


def language_font_files() -> set[str]:
    """Every file in fonts/ that belongs to a language font (not to the base face)."""
    return {name for font in LANGUAGE_FONTS.values() for _, name in font.files}


def in_figures(html: str, language: str, fonts_dir: Path) -> str:
    """A panel's HTML with its SVG figures' text (the access map's ``font-family`` attribute, which
    the page's CSS does not reach) set in the edition's font stack too."""
    font = font_for(language)
    if font is None or font.missing(fonts_dir):
        return html
    return html.replace(f'font-family="{BASE_FAMILY}"', f'font-family="{font.family}, {BASE_FAMILY}"')


def font_css(language: str, fonts_dir: Path) -> Markup:
    """The ``@font-face`` rules and font stack of an edition in ``language`` (relative to the
    project folder, the document's base URL); empty when it needs none, or when its files are
    missing (the glyph check then names the characters and the font)."""
    font = font_for(language)
    if font is None or font.missing(fonts_dir):
        return Markup("")
    faces = "".join(f"@font-face {{ font-family: {font.family}; font-weight: {weight}; src: url(fonts/{name}); }}\n"
                    for weight, name in font.files)
    return Markup(f"{faces}html {{ font-family: {font.family}, {BASE_FAMILY}; }}\n")
