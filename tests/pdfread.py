"""Reading built PDFs back for tests: text, boxes in mm, fonts, links."""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

PT_TO_MM = 25.4 / 72


def text_of(path: Path) -> str:
    reader = PdfReader(path)
    return "".join(page.extract_text() or "" for page in reader.pages)


def normalise(text: str) -> str:
    """Compare text without layout: no whitespace, one form of the wave dash."""
    text = re.sub(r"\s+", "", text)
    return text.replace("～", "〜").replace("~", "〜")


def box_mm(page, name: str) -> list[float]:
    """A page box in mm; the key must exist (pypdf would silently fall back to the MediaBox)."""
    assert f"/{name}" in page, f"page has no /{name}"
    return [round(float(v) * PT_TO_MM, 2) for v in page[f"/{name}"]]


def font_names(path: Path) -> set[str]:
    """Every font a PDF uses, on its pages and in the Form XObjects they draw (imposed panels)."""
    names: set[str] = set()
    for page in PdfReader(path).pages:
        _fonts(page["/Resources"].get_object(), names)
    return names


def _fonts(resources, names: set[str]) -> None:
    for font in resources.get("/Font", {}).values():
        names.add(str(font.get_object()["/BaseFont"]))
    for xobject in resources.get("/XObject", {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            _fonts(xobject["/Resources"].get_object(), names)


def link_uris(path: Path) -> list[str]:
    uris = []
    for page in PdfReader(path).pages:
        for annot in page.get("/Annots", []) or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                uris.append(str(action["/URI"]))
    return uris


def origins_mm(path: Path, page_index: int, strings: list[str]) -> dict[str, tuple[float, float]]:
    """Where the pen starts each string's first character (its last occurrence on the page):
    x, y in mm from the page's lower-left corner.  The origin, not the ink, so glyphs with
    different side bearings still compare."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(path)
    try:
        textpage = document[page_index].get_textpage()
        text = textpage.get_text_range()
        found = {}
        for string in strings:
            index = text.rfind(string)
            assert index >= 0, f"{string!r} is not on page {page_index + 1} of {path.name}"
            x, y = ctypes.c_double(), ctypes.c_double()
            assert pdfium_c.FPDFText_GetCharOrigin(textpage.raw, index, ctypes.byref(x), ctypes.byref(y))
            found[string] = (x.value * PT_TO_MM, y.value * PT_TO_MM)
        return found
    finally:
        document.close()
