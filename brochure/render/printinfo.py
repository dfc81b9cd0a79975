"""The print-shop summary of a print PDF: what a shop asks before it accepts a file.

Read back from the rendered PDF where it can be (fonts, pages), from the fold
plan otherwise; it goes into the manifest and the build prints it.
"""

from __future__ import annotations

import io

from ..i18n import _
from ..layout.compose import Composition
from .variants import BLEED


def embedded_fonts(document) -> list[str]:
    """Base names of the fonts embedded in an open PDF (subset prefix removed), pages and the forms they draw."""
    import pikepdf

    names: set[str] = set()
    for page in document.pages:
        _collect_fonts(page.obj.get("/Resources", pikepdf.Dictionary()), names, set())
    return sorted(names)


def _collect_fonts(resources, names: set[str], seen: set) -> None:
    for font in resources.get("/Font", {}).values():
        descriptors = [d.get("/FontDescriptor") for d in font.get("/DescendantFonts", [])]
        descriptor = font.get("/FontDescriptor") or next((d for d in descriptors if d is not None), None)
        if descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            names.add(str(font.BaseFont).lstrip("/").split("+", 1)[-1])
    for form in resources.get("/XObject", {}).values():   # imposed panels are Form XObjects
        if form.get("/Subtype") == "/Form" and form.objgen not in seen and "/Resources" in form:
            seen.add(form.objgen)
            _collect_fonts(form.Resources, names, seen)


def pdfx_standard(document) -> str | None:
    """'PDF/X-4 (FOGRA39)' when an open PDF declares PDF/X with an output intent, else None."""
    version = document.docinfo.get("/GTS_PDFXVersion")
    intents = [i for i in document.Root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFX"]
    return f"{version} ({intents[0].OutputConditionIdentifier})" if version is not None and intents else None


def print_summary(comp: Composition, pdf: bytes, pages: int) -> dict:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:   # read back once: output intent and fonts
        standard, fonts = pdfx_standard(document), embedded_fonts(document)
    plan, profile = comp.plan, comp.source.brochure.print
    return {
        "sheet_mm": [round(v, 2) for v in plan.sheet],
        "finished_size_mm": [round(max(max(w) for w in plan.sides), 2), round(plan.sheet[1], 2)],
        "fold": plan.name,
        "fold_label": plan.label,
        "panel_widths_mm": [[round(w, 2) for w in widths] for widths in plan.sides],
        "fold_lines_mm": [[round(x, 2) for x in plan.folds(side)] for side in range(len(plan.sides))],
        "bleed_mm": BLEED,
        "marks": profile.marks,
        "colour": profile.colour,
        "pdfx": standard,                       # read back: version and output intent, or None
        "fonts_embedded": fonts,
        "pages": pages,                         # PDF pages: one per printed sheet side
        "sheets": plan.sheet_count,
        "finished_pages": plan.panel_count,     # panels of a leaflet, pages of a booklet
    }


def summary_lines(summary: dict) -> list[str]:
    """The summary as the build prints it, one line per fact."""
    w, h = summary["finished_size_mm"]
    widths = " / ".join(" | ".join(f"{v:g}" for v in side) for side in summary["panel_widths_mm"])
    return [
        "  " + _("fold {label} ({fold}), sheet {sheet_w:g} × {sheet_h:g} mm, finished {w:g} × {h:g} mm").format(
            label=summary["fold_label"], fold=summary["fold"], sheet_w=summary["sheet_mm"][0],
            sheet_h=summary["sheet_mm"][1], w=w, h=h),
        "  " + _("panels (mm, page by page) {widths}; bleed {bleed:g} mm; marks {marks}; colour {colour}").format(
            widths=widths, bleed=summary["bleed_mm"], marks=_("on") if summary["marks"] else _("off"),
            colour=summary["colour"].upper()) + (f"; {summary['pdfx']}" if summary.get("pdfx") else ""),
        "  " + _("{pages} PDF pages = {sheets} sheet(s) printed both sides, {folded} pages folded; fonts embedded: "
                 "{fonts}").format(pages=summary["pages"], sheets=summary["sheets"], folded=summary["finished_pages"],
                                   fonts=", ".join(summary["fonts_embedded"]) or _("none")),
    ]
