"""The print-shop summary of a print PDF: what a shop asks before it accepts a file.

Read back from the rendered PDF where it can be (fonts, pages), from the fold
plan otherwise; it goes into the manifest and the build prints it.
"""

from __future__ import annotations

import io

from .html import BLEED, Composition


def embedded_fonts(pdf: bytes) -> list[str]:
    """Base names of the fonts embedded in a PDF (subset prefix removed)."""
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for font in fonts.values():
            font = font.get_object()
            descriptors = [d.get_object().get("/FontDescriptor") for d in font.get("/DescendantFonts", [])]
            descriptor = font.get("/FontDescriptor") or next((d for d in descriptors if d), None)
            descriptor = descriptor.get_object() if descriptor else {}
            if any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                names.add(str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1])
    return sorted(names)


def pdfx_standard(pdf: bytes) -> str | None:
    """'PDF/X-4 (FOGRA39)' when the PDF declares PDF/X with an output intent, else None."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    version = (reader.metadata or {}).get("/GTS_PDFXVersion")
    intents = [i.get_object() for i in reader.trailer["/Root"].get("/OutputIntents", [])]
    pdfx = [i for i in intents if i.get("/S") == "/GTS_PDFX"]
    return f"{version} ({pdfx[0]['/OutputConditionIdentifier']})" if version and pdfx else None


def print_summary(comp: Composition, pdf: bytes, pages: int) -> dict:
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
        "pdfx": pdfx_standard(pdf),             # read back: version and output intent, or None
        "fonts_embedded": embedded_fonts(pdf),
        "pages": pages,                         # PDF pages: one per printed sheet side
        "sheets": plan.sheet_count,
        "finished_pages": plan.panel_count,     # panels of a leaflet, pages of a booklet
    }


def summary_lines(summary: dict) -> list[str]:
    """The summary as the build prints it, one line per fact."""
    w, h = summary["finished_size_mm"]
    widths = " / ".join(" | ".join(f"{v:g}" for v in side) for side in summary["panel_widths_mm"])
    return [
        f"  fold {summary['fold_label']} ({summary['fold']}), sheet {summary['sheet_mm'][0]:g} × "
        f"{summary['sheet_mm'][1]:g} mm, finished {w:g} × {h:g} mm",
        f"  panels (mm, page by page) {widths}; bleed {summary['bleed_mm']:g} mm; "
        f"marks {'on' if summary['marks'] else 'off'}; colour {summary['colour'].upper()}"
        + (f"; {summary['pdfx']}" if summary.get("pdfx") else ""),
        f"  {summary['pages']} PDF pages = {summary['sheets']} sheet(s) printed both sides, "
        f"{summary['finished_pages']} pages folded; fonts embedded: {', '.join(summary['fonts_embedded']) or 'none'}",
    ]
