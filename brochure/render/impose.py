"""Imposition: panel pages, laid out once, placed onto print sheets and proof pages.

WeasyPrint lays every panel out once, as a page of its own at panel size
with 3 mm of bleed (``layouts/base/pages.html``).  The download PDF is
those pages.  The print and proof PDFs are made here, from the same bytes,
without laying anything out again: each panel page becomes a Form XObject
whose BBox clips it to the panel (plus the bleed where the panel meets the
sheet's edge, none at a fold), and each sheet side is a new page that draws
those XObjects where the fold plan puts them, then its marks.

Fonts and images are shared: the XObjects keep the source page's resources,
and pikepdf (qpdf) copies each shared object once, in C++: reading the fonts'
width tables back with pypdf took longer than laying a panel out.  The result
is deterministic: the file ID is a hash of the content, dates come from the data.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any, Callable

from ..errors import RenderError

MM_TO_PT = 72 / 25.4


@dataclass(frozen=True)
class Placement:
    """One source page drawn on a sheet side."""

    source: int                                  # which source PDF
    page: int                                    # page index in it
    x: float                                     # mm: where the page's trim left edge lands, from the sheet's trim left
    y: float = 0.0                               # mm: where its trim top lands, from the sheet's trim top
    reach: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)   # mm shown past its trim: left, top, right, bottom
    scale: float = 1.0


@dataclass(frozen=True)
class SheetSide:
    """One page of the imposed PDF."""

    trim: tuple[float, float]                    # mm, width × height of the finished sheet side
    margin: float                                # mm of media box past the trim on every side
    placements: tuple[Placement, ...]
    bleed: float | None = None                   # mm: BleedBox = trim + bleed (None: no trim or bleed box)
    marks: bytes = b""                           # PDF operators in mm, y down from the media box's top left
    resources: dict = field(default_factory=dict)   # extra page resources the marks use (name → pikepdf object)


def impose(sources: list[bytes], sides: list[SheetSide], info: dict[str, str],
           finish: Callable[[Any], None] | None = None) -> bytes:
    """A new PDF with one page per sheet side; ``info`` is its document information (/Title, /Author...).

    ``finish`` gets the new PDF (pikepdf) before it is saved: process inks, subset tags (variants.py)."""
    import pikepdf

    try:
        readers = [pikepdf.open(io.BytesIO(data)) for data in sources]
        out = pikepdf.new()
        forms: dict[tuple, object] = {}
        for side in sides:
            _add_side(out, readers, side, forms)
        for key, value in info.items():
            out.docinfo[pikepdf.Name(key)] = value
        if finish is not None:
            finish(out)
        buffer = io.BytesIO()
        # deterministic_id: the trailer /ID is a hash of the content, so the same input gives the same bytes
        out.save(buffer, deterministic_id=True, compress_streams=True, min_version="1.6",
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return buffer.getvalue()
    except pikepdf.PdfError as error:
        raise RenderError(f"could not impose the panels onto the sheet: {error}") from error


def _add_side(out, readers: list, side: SheetSide, forms: dict) -> None:
    import pikepdf

    width, height = side.trim
    m = side.margin
    media = (width + 2 * m) * MM_TO_PT, (height + 2 * m) * MM_TO_PT
    page = out.add_blank_page(page_size=media)
    xobjects = pikepdf.Dictionary()
    ops = []
    for index, placement in enumerate(side.placements):
        source = readers[placement.source].pages[placement.page]
        name = f"/P{index}"
        xobjects[name] = _form(out, source, placement, forms)
        ops.append(_placement_ops(source, placement, m, height, name))
    if side.marks:
        # Marks are written in mm, y down from the media box's top left, like the layouts.
        ops.append(b"q %.6f 0 0 %.6f 0 %.4f cm\n" % (MM_TO_PT, -MM_TO_PT, media[1]) + side.marks + b"\nQ")
    resources = pikepdf.Dictionary(XObject=xobjects)
    for key, value in side.resources.items():
        resources[key] = value
    page.obj.Resources = resources
    page.obj.Contents = out.make_stream(b"\n".join(ops))
    if side.bleed is not None:
        trim = [m, m, m + width, m + height]
        b = side.bleed
        page.obj.TrimBox = _box(trim)
        page.obj.BleedBox = _box([trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b])


def _form(out, source, placement: Placement, forms: dict):
    """The source page as a Form XObject clipped to its trim plus ``reach`` (one per page and clip)."""
    import pikepdf

    key = (placement.source, placement.page, placement.reach)
    if key not in forms:
        left, bottom, right, top = _trim(source)
        reach_left, reach_top, reach_right, reach_bottom = (r * MM_TO_PT for r in placement.reach)
        form = source.as_form_xobject()
        form.BBox = pikepdf.Array([left - reach_left, bottom - reach_bottom, right + reach_right, top + reach_top])
        if "/Matrix" in form:
            del form.Matrix
        if "/Group" in source.obj:
            form.Group = source.obj.Group
        forms[key] = out.copy_foreign(form)
    return forms[key]


def _placement_ops(source, placement: Placement, margin: float, sheet_height: float, name: str) -> bytes:
    """Operators that draw the form with its trim's top left at the placement (PDF y runs up)."""
    left, bottom, right, top = _trim(source)
    s = placement.scale
    x = (margin + placement.x) * MM_TO_PT - s * left
    y_top = (margin + sheet_height - placement.y) * MM_TO_PT     # the trim top, from the media bottom
    y = y_top - s * top
    return b"q %.6f 0 0 %.6f %.4f %.4f cm %s Do Q" % (s, s, x, y, name.encode())


def _trim(page) -> tuple[float, float, float, float]:
    box = page.obj.get("/TrimBox") or page.obj.MediaBox
    return tuple(float(v) for v in box)  # type: ignore[return-value]


def _box(values: list[float]):
    import pikepdf
    return pikepdf.Array([round(v * MM_TO_PT, 4) for v in values])


def info_of(meta: dict) -> dict[str, str]:
    """Document information for an imposed PDF, from the composition's meta (never the clock)."""
    import datetime

    from .pdfx import pdf_date
    date = pdf_date(datetime.datetime.fromisoformat(meta["created"]))
    return {"/Title": meta["title"], "/Author": meta["author"], "/Subject": meta["description"],
            "/Creator": "brochure", "/Producer": "brochure (WeasyPrint, pikepdf)",
            "/CreationDate": date, "/ModDate": date}


def registration_colour_space():
    """Separation /All: a mark in it prints on every plate (the shop's registration colour)."""
    import pikepdf
    function = pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[1, 1, 1, 1], N=1)
    return pikepdf.Array([pikepdf.Name.Separation, pikepdf.Name.All, pikepdf.Name.DeviceCMYK, function])
