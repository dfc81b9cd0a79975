"""The output variants of a brochure, all made from one layout.

WeasyPrint lays a brochure out once (``pages.html``: every panel a page of its
own, with bleed, in reading order; then the proof's overlay pages).  From that
one layout:

* **download**: the panel pages, written tagged (PDF/UA-1) and cropped to the trim;
* **print**: the same bytes imposed onto the sheet sides, with bleed and marks;
* **proof**: the same bytes imposed reduced onto A4, under the overlay pages.

Layout is most of WeasyPrint's time (WeasyPrint 70 notes, appendix), so one
layout instead of three is most of the build's speed.  The print and proof are then
converted to process inks (inks.py: text in K alone, palette colours as their CMYK values)
unless the print profile asks for ``colour: rgb``; the download stays RGB.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:   # imported when a variant is made: a no-op build must not pay for pikepdf
    from ..layout.compose import Composer, Composition
    from .engine import Engine, Rendered
    from .impose import SheetSide

BLEED = 3.0         # mm of background past the trim (print shops ask for 3 mm)
MARKS_AREA = 13.0   # mm of media past the trim: bleed plus room for トンボ outside it


@dataclass(frozen=True)
class Variant:
    """One kind of output file per brochure and edition."""

    name: str
    make: Callable[["Laid"], bytes]
    pages: Callable[["Composition"], int]
    for_print_shop: bool
    public: bool = False      # on the website: follows the live contacts once the edition is published
    suffix: str = ".pdf"


VARIANTS: dict[str, Variant] = {}
LANGUAGE_VARIANTS = ("download", "print", "proof", "html")   # a language edition's outputs


def variant_named(name: str) -> Variant:
    """A variant by name; a language edition's is the variant and its language: print-en, proof-ja-easy."""
    if name in VARIANTS:
        return VARIANTS[name]
    from dataclasses import replace
    kind, _, _language = name.partition("-")
    return replace(VARIANTS[kind], name=name)


def kind_of(name: str) -> str:
    """download, print, proof or html, whatever the language."""
    return name.partition("-")[0]


def variant(name: str, pages: Callable[["Composition"], int], for_print_shop: bool = False,
            public: bool = False, suffix: str = ".pdf"):
    def decorate(make: Callable[["Laid"], bytes]):
        VARIANTS[name] = Variant(name, make, pages, for_print_shop, public, suffix)
        return make
    return decorate


def pages_html(composer: "Composer", comp: "Composition", cmyk: bool = False, proof: bool = True,
               linked: bool = True) -> str:
    """The brochure's panel pages with the print shop's bleed, then (``proof``) the proof's overlay pages."""
    from .proof import A4_LANDSCAPE, proof_view
    overlay = proof_view(comp) if proof else None
    return composer.pages_html(comp, bleed=BLEED, cmyk=cmyk, overlay=overlay, paper=A4_LANDSCAPE, linked=linked)


class Laid:
    """One brochure laid out, and the PDF bytes its variants share, each made once when first needed."""

    def __init__(self, engine: "Engine", composer: "Composer", comp: "Composition", css: str = "",
                 proof: bool = True):
        self.engine, self.composer, self.comp, self.css = engine, composer, comp, css
        self.proof = proof   # False: the proof's overlay pages are not laid out (no proof asked for)
        # CMYK print (the default) is the same layout with its colours converted after imposition
        # (print_finish, inks.py); a second layout in CSS device-cmyk colours is no longer made.
        self.cmyk = False
        self._layouts: dict[bool, "Rendered"] = {}
        self._html: dict[bool, str] = {}
        self._panels: dict[bool, bytes] = {}
        self._overlays: bytes | None = None

    @property
    def panel_count(self) -> int:
        return len(self.comp.panels)

    def html(self, cmyk: bool) -> str:
        from ..layout.fit import with_css
        if cmyk not in self._html:
            self._html[cmyk] = with_css(pages_html(self.composer, self.comp, cmyk=cmyk, proof=self.proof,
                                                   linked=False), self.css)
        return self._html[cmyk]

    def layout(self, cmyk: bool) -> "Rendered":
        if cmyk not in self._layouts:
            self._layouts[cmyk] = self.engine.layout(self.html(cmyk), self.composer.stylesheet_files(self.comp))
        return self._layouts[cmyk]

    @property
    def print_layout(self) -> "Rendered":
        """The layout the print shop gets: what preflight checks."""
        return self.layout(self.cmyk)

    def panels_pdf(self, cmyk: bool) -> bytes:
        """The panel pages as PDF, cropped to the trim (the bleed stays in the content streams)."""
        from .engine import crop_to_trim
        if cmyk not in self._panels:
            options = {"pdf_version": "1.6"} if cmyk else {"pdf_variant": "pdf/ua-1"}
            self._panels[cmyk] = self.engine.write(self.layout(cmyk), slice(0, self.panel_count),
                                                   crop_to_trim, **options)
        return self._panels[cmyk]

    def overlays_pdf(self) -> bytes:
        if not self.proof:
            raise ValueError("this layout has no proof overlay pages (made with proof=False)")
        if self._overlays is None:
            self._overlays = self.engine.write(self.print_layout, slice(self.panel_count, None),
                                               pdf_version="1.6")
        return self._overlays


@variant("print", pages=lambda comp: len(comp.plan.sides), for_print_shop=True)
def _print(laid: Laid) -> bytes:
    """Imposed sheet sides with bleed, トンボ and fold marks, for the print shop."""
    from .impose import impose, info_of
    from .pdfx import for_print_shop
    imposed = impose([laid.panels_pdf(laid.cmyk)], print_sides(laid.comp), info_of(laid.comp.meta),
                     finish=print_finish(laid.comp))
    return for_print_shop(laid.comp, imposed)   # PDF/X-4 when the print profile asks for it


@variant("download", pages=lambda comp: len(comp.panels), public=True)
def _download(laid: Laid) -> bytes:
    """Panels in reading order, tagged (PDF/UA-1), links, bookmarks: for the website.  What WeasyPrint's
    tags leave out (artifacts, alternative texts, one link annotation per link, in words) is added
    from the same layout (render/accessible.py); the print PDF keeps WeasyPrint's pages as they are."""
    from .accessible import facts_of, make_accessible
    pages = laid.layout(False).document.pages[:laid.panel_count]
    return make_accessible(laid.panels_pdf(False), facts_of(pages))


@variant("html", pages=lambda comp: 1, public=True, suffix=".html")
def _html(laid: Laid) -> bytes:
    """One accessible page for phones and screens, from the same composition (render/web.py)."""
    from .web import web_page
    return web_page(laid.composer, laid.comp)


@variant("proof", pages=lambda comp: len(comp.plan.sides))
def _proof(laid: Laid) -> bytes:
    """The sheet on plain A4, panels numbered, folds dashed: to fold by hand at the office."""
    from .impose import impose, info_of
    from .proof import proof_sides
    return impose([laid.panels_pdf(laid.cmyk), laid.overlays_pdf()], proof_sides(laid.comp),
                  info_of(laid.comp.meta), finish=print_finish(laid.comp))


def print_finish(comp: "Composition") -> Callable:
    """What the print and proof PDFs get before they are saved: every subset tagged after its font
    program (fonttags.py) and, unless the brochure asks for ``colour: rgb``, process inks only
    (inks.py: text in K alone, palette colours as their CMYK values)."""
    from .fonttags import retag
    from .inks import Inks, to_cmyk
    from .transparency import drop_opaque_groups
    brochure = comp.source.brochure
    inks = Inks(brochure.palette) if brochure.print.colour == "cmyk" else None

    def finish(pdf) -> None:
        if inks is not None:
            to_cmyk(pdf, inks)
        drop_opaque_groups(pdf)   # WeasyPrint's groups at full opacity (SVG text, gradients)
        retag(pdf)
    return finish


def print_sides(comp: "Composition") -> list["SheetSide"]:
    """Every sheet side: its panels side by side, the bleed shown only on the sheet's outer edges."""
    from .impose import SheetSide
    from .marks import sheet_marks
    plan, profile = comp.plan, comp.source.brochure.print
    area = MARKS_AREA if profile.marks else BLEED   # no marks: the media box is the bleed box
    sides = []
    for side, widths in enumerate(plan.sides):
        placements = tuple(_placement(p, len(widths)) for p in comp.panels_on(side))
        marks = sheet_marks(plan, side, area, BLEED) if profile.marks else b""
        resources = {"/ColorSpace": _colour_spaces()} if marks else {}
        sides.append(SheetSide(plan.sheet, area, placements, BLEED, marks, resources))
    return sides


def _placement(panel, columns: int):
    """A panel on its sheet side: bleed shown on the sheet's outer edges only, none at a fold.

    A booklet's creep (``shift``) moves the page's content; the visible area stays on the page's
    slot, so the spine stays clean and the shifted edge runs further into the bleed."""
    from .impose import Placement
    left = BLEED if panel.column == 0 else 0.0
    right = BLEED if panel.column == columns - 1 else 0.0
    return Placement(0, panel.position - 1, panel.x + panel.shift, 0.0,
                     (left + panel.shift, BLEED, right - panel.shift, BLEED))


def _colour_spaces():
    import pikepdf

    from .impose import registration_colour_space
    from .marks import REGISTRATION
    return pikepdf.Dictionary({REGISTRATION: registration_colour_space()})
