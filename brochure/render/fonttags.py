"""Subset tags derived from each embedded font program's bytes.

WeasyPrint 70 names a subset ``TAG+Family`` with a tag made from the font's description alone
(``weasyprint/pdf/fonts.py``: six letters of an MD5 of the Pango description), so every subset of
BIZ UDPGothic Regular is ``ZTZBWN+BrochureGothic`` whatever glyphs it holds.  The proof joins two
WeasyPrint PDFs (panels and overlays) and so held two different programs under one tag, which
ISO 32000-1 §9.6.4 forbids, and the print PDFs of different leaflets shared tags for different
subsets (trouble when a shop gangs jobs on one sheet).

``retag`` renames every subset after its program: six capitals from a SHA-256 of the embedded
font file.  Different subsets get different tags, the same subset always the same one.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

SUBSET = re.compile(r"^/?[A-Z]{6}\+")
FONT_FILES = ("/FontFile2", "/FontFile3", "/FontFile")


def tag_of(program: bytes) -> str:
    """Six capital letters from the font program's bytes (ISO 32000-1 §9.6.4's form of a tag)."""
    digest = hashlib.sha256(program).digest()
    return "".join(chr(65 + byte % 26) for byte in digest[:6])


def retag(pdf: Any) -> dict[str, str]:
    """Rename every subset font in ``pdf`` (pikepdf) after its program; returns old name → new name."""
    import pikepdf

    renamed: dict[str, str] = {}
    by_descriptor: dict[tuple, str] = {}
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/FontDescriptor":
            continue
        program = next((obj[key] for key in FONT_FILES if key in obj), None)
        name = str(obj.get("/FontName", ""))
        if program is None or not SUBSET.match(name):
            continue
        new = "/" + tag_of(program.read_bytes()) + "+" + SUBSET.sub("", name)
        obj.FontName = pikepdf.Name(new)
        by_descriptor[obj.objgen] = new
        renamed[name] = new
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font" or "/BaseFont" not in obj:
            continue
        descriptor = obj.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in obj:
            descriptor = obj.DescendantFonts[0].get("/FontDescriptor")
        new = by_descriptor.get(descriptor.objgen) if descriptor is not None else None
        if new is None:
            continue
        base = str(obj.BaseFont)
        if SUBSET.match(base):   # only the tag changes (a Type 0 name may add "-Identity-H")
            obj.BaseFont = pikepdf.Name(new[:8] + SUBSET.sub("", base))
    return renamed
