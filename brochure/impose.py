"""Imposition: panel pages, laid out once, placed onto print sheets and proof pages.

WeasyPrint lays every panel out once, as a page of its own at panel size
with 3 mm of bleed (brochure/layouts: ``layout.html``).  The download PDF is
those pages.  The print and proof PDFs are made here, from the same bytes,
without laying anything out again: each panel page becomes a Form XObject
whose BBox clips it to the panel (plus the bleed where the panel meets the
sheet's edge, none at a fold), and each sheet side is a new page that draws
those XObjects where the fold plan puts them, then its marks.

Fonts and images are shared: the XObjects keep the source page's resources,
and pypdf copies each shared object once.  The result is deterministic: no
IDs, no clock.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject, StreamObject

from .errors import RenderError

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
    resources: dict = field(default_factory=dict)   # extra page resources the marks use (name → pypdf object)


def impose(sources: list[bytes], sides: list[SheetSide], info: dict[str, str] | None = None) -> bytes:
    """A new PDF with one page per sheet side; ``info`` is its document information (Title, Author...)."""
    try:
        readers = [PdfReader(io.BytesIO(data)) for data in sources]
        writer = PdfWriter()
        forms: dict[tuple, object] = {}
        for side in sides:
            _add_side(writer, readers, side, forms)
        if info is None:
            info = {key: str(value) for key, value in (readers[0].metadata or {}).items()}
        writer.add_metadata(info)
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue()
    except Exception as error:   # pypdf raises many kinds; the user needs one message
        raise RenderError(f"could not impose the panels onto the sheet: {type(error).__name__}: {error}") from error


def _add_side(writer: PdfWriter, readers: list[PdfReader], side: SheetSide, forms: dict) -> None:
    width, height = side.trim
    m = side.margin
    media = (width + 2 * m) * MM_TO_PT, (height + 2 * m) * MM_TO_PT
    page = writer.add_blank_page(*media)
    xobjects = DictionaryObject()
    ops = []
    for index, placement in enumerate(side.placements):
        form = _form(writer, readers[placement.source], placement, forms)
        name = NameObject(f"/P{index}")
        xobjects[name] = form
        ops.append(_placement_ops(readers[placement.source].pages[placement.page], placement, m, height, name))
    if side.marks:
        # Marks are written in mm, y down from the media box's top left, like the layouts.
        ops.append(b"q %.6f 0 0 %.6f 0 %.4f cm\n" % (MM_TO_PT, -MM_TO_PT, media[1]) + side.marks + b"\nQ")
    resources = DictionaryObject({NameObject("/XObject"): xobjects})
    for key, value in side.resources.items():
        resources[NameObject(key)] = value
    page[NameObject("/Resources")] = resources
    content = StreamObject()
    content.set_data(b"\n".join(ops))
    page.replace_contents(content.flate_encode())
    if side.bleed is not None:
        trim = [m, m, m + width, m + height]
        page[NameObject("/TrimBox")] = _box(trim)
        b = side.bleed
        page[NameObject("/BleedBox")] = _box([trim[0] - b, trim[1] - b, trim[2] + b, trim[3] + b])


def _form(writer: PdfWriter, reader: PdfReader, placement: Placement, forms: dict):
    """The source page as a Form XObject clipped to its trim plus ``reach`` (one per page and clip)."""
    key = (id(reader), placement.page, placement.reach)
    if key in forms:
        return forms[key]
    page = reader.pages[placement.page]
    left, bottom, right, top = _trim(page)
    reach_left, reach_top, reach_right, reach_bottom = (r * MM_TO_PT for r in placement.reach)
    form = StreamObject()
    form.set_data(page.get_contents().get_data())
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): _box([left - reach_left, bottom - reach_bottom, right + reach_right, top + reach_top],
                                  unit=1.0),
        NameObject("/Resources"): page["/Resources"].clone(writer),
    })
    if "/Group" in page:
        form[NameObject("/Group")] = page["/Group"].clone(writer)
    reference = writer._add_object(form.flate_encode())
    forms[key] = reference
    return reference


def _placement_ops(page, placement: Placement, margin: float, sheet_height: float, name: NameObject) -> bytes:
    """Operators that draw the form with its trim's top left at the placement (PDF y runs up)."""
    left, bottom, right, top = _trim(page)
    s = placement.scale
    x = (margin + placement.x) * MM_TO_PT - s * left
    y_top = (margin + sheet_height - placement.y) * MM_TO_PT     # the trim top, from the media bottom
    y = y_top - s * top
    return b"q %.6f 0 0 %.6f %.4f %.4f cm %s Do Q" % (s, s, x, y, name.encode())


def _trim(page) -> tuple[float, float, float, float]:
    box = page.get("/TrimBox") or page.mediabox
    return tuple(float(v) for v in box)  # type: ignore[return-value]


def _box(values: list[float], unit: float = MM_TO_PT) -> ArrayObject:
    return ArrayObject(FloatObject(round(v * unit, 4)) for v in values)


def info_of(meta: dict) -> dict[str, str]:
    """Document information for an imposed PDF, from the composition's meta (never the clock)."""
    stamp = meta["created"]          # 2021-03-01T00:00:00+09:00 → D:20210301000000+09'00'
    date = "D:" + stamp[:19].replace("-", "").replace(":", "").replace("T", "") + stamp[19:22] + "'" + stamp[23:25] + "'"
    return {"/Title": meta["title"], "/Author": meta["author"], "/Subject": meta["description"],
            "/Creator": "brochure", "/Producer": "brochure (WeasyPrint, pypdf)",
            "/CreationDate": date, "/ModDate": date}


def registration_colour_space() -> ArrayObject:
    """Separation /All: a mark in it prints on every plate (the shop's registration colour)."""
    function = DictionaryObject({
        NameObject("/FunctionType"): NumberObject(2),
        NameObject("/Domain"): ArrayObject([NumberObject(0), NumberObject(1)]),
        NameObject("/C0"): ArrayObject([NumberObject(0)] * 4),
        NameObject("/C1"): ArrayObject([NumberObject(1)] * 4),
        NameObject("/N"): NumberObject(1),
    })
    return ArrayObject([NameObject("/Separation"), NameObject("/All"), NameObject("/DeviceCMYK"), function])
