"""Previews: every page of every output as PNG, and a contact sheet per brochure.

Pages are rendered with pypdfium2 (no system dependency).  Images go to
``build/<name>/<edition>/preview/``; the list of outputs comes from
``build/manifest.json``, so previews always show the PDFs as written.
Print sheets are shown cropped to the trim box on the contact sheet: that is
the sheet a reader holds, without bleed and marks.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageDraw, ImageFont

from ..builder.outputs import read_manifest
from ..errors import UsageError
from ..i18n import _
from ..files import atomic_write
from ..project import Project

DEFAULT_DPI = 100
SHEET_DPI = 40          # contact sheet: the whole leaflet at a glance
LABEL_FONT = "BIZUDPGothic-Regular.ttf"
GAP = 16                # px between images on the contact sheet
LABEL_HEIGHT = 28


def render_pages(pdf: Path, dpi: float, grey: bool = False, trim: bool = False) -> list[Image.Image]:
    """Every page of ``pdf`` as an image; ``trim`` cuts away bleed and marks."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        return [_render(document[index], dpi, grey, trim) for index in range(len(document))]
    finally:
        document.close()


def _render(page, dpi: float, grey: bool, trim: bool) -> Image.Image:
    crop = (0, 0, 0, 0)
    if trim:
        media, box = page.get_mediabox(), page.get_trimbox()
        crop = (box[0] - media[0], box[1] - media[1], media[2] - box[2], media[3] - box[3])
    image = page.render(scale=dpi / 72, crop=crop, grayscale=grey).to_pil()
    return image.convert("L" if grey else "RGB")


def png_bytes(image: Image.Image) -> bytes:
    """PNG without timestamps or other metadata: the same page gives the same bytes."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@dataclass(frozen=True)
class Edition:
    """The outputs of one brochure edition, as listed in the manifest."""

    brochure: str
    edition: str
    entries: dict  # variant → manifest entry

    @property
    def folder(self) -> str:
        return f"build/{self.brochure}/{self.edition}/preview"

    def page_image(self, variant: str, page: int) -> str:
        return f"{self.folder}/{self.brochure}-{self.edition}-{variant}-p{page}.png"

    @property
    def contact_sheet(self) -> str:
        return f"{self.folder}/{self.brochure}-{self.edition}-sheet.png"


def editions(project: Project, names: list[str] | None = None) -> list[Edition]:
    """Editions in the manifest (of ``names`` when given) of brochures the data still has, with the
    outputs that are on disk.  An output deleted by hand is passed over, not an error: the next build
    makes it again or drops it from the manifest (brochure/builder/heal.py)."""
    grouped: dict[tuple[str, str], dict] = {}
    for entry in read_manifest(project.build / "manifest.json"):
        if names and entry["brochure"] not in names:
            continue
        if not (project.root / entry["path"]).is_file() or not project.brochure_file(entry["brochure"]).is_file():
            continue
        grouped.setdefault((entry["brochure"], entry["edition"]), {})[entry["variant"]] = entry
    found = [Edition(b, e, entries) for (b, e), entries in sorted(grouped.items())]
    absent = sorted(set(names or []) - {ed.brochure for ed in found})
    if absent:
        what = ", ".join(_("{name} (not in build/manifest.json)").format(name=name) for name in absent)
        raise UsageError(_("no PDFs to preview: {what}").format(what=what) + "\n  " + _("hint:") + " "
                         + _("run `brochure build` first"))
    return found


def write_previews(project: Project, edition: Edition, dpi: float = DEFAULT_DPI) -> list[str]:
    """Page images of every variant and the contact sheet; returns the paths written."""
    written = []
    for variant, entry in sorted(edition.entries.items()):
        if not entry["path"].endswith(".pdf"):   # the HTML page has no pages to draw
            continue
        for number, image in enumerate(render_pages(project.root / entry["path"], dpi), start=1):
            written.append(edition.page_image(variant, number))
            atomic_write(project.root / written[-1], png_bytes(image))
    sheet = contact_sheet(project, edition)
    if sheet is not None:
        written.append(edition.contact_sheet)
        atomic_write(project.root / edition.contact_sheet, png_bytes(sheet))
    return written


def contact_sheet(project: Project, edition: Edition) -> Image.Image | None:
    """Outside and inside of each sheet on top (a row per sheet), the panels in reading order below."""
    rows = []
    if "print" in edition.entries:
        sides = render_pages(project.root / edition.entries["print"]["path"], SHEET_DPI, trim=True)
        captioned = list(zip(sides, side_labels(len(sides))))
        rows += [captioned[start:start + 2] for start in range(0, len(captioned), 2)]   # one row per sheet
    if "download" in edition.entries:
        entry = edition.entries["download"]
        panels = render_pages(project.root / entry["path"], SHEET_DPI)
        ids = [p["id"] for p in sorted(entry.get("panels", []), key=lambda p: p["position"])]
        labels = [f"{n}. {ids[n - 1] if n <= len(ids) else ''}" for n in range(1, len(panels) + 1)]
        rows.append(list(zip(panels, labels)))
    return _compose(rows, project.fonts / LABEL_FONT) if rows else None


def side_labels(count: int) -> list[str]:
    """Captions of the printed sides: outside, inside; with several sheets (a booklet), numbered."""
    faces = ("外面 outside", "中面 inside")
    if count <= 2:
        return list(faces[:count])
    return [f"{n // 2 + 1}枚目 {faces[n % 2]} (sheet {n // 2 + 1})" for n in range(count)]


def _compose(rows: list[list[tuple[Image.Image, str]]], font_file: Path) -> Image.Image:
    font = ImageFont.truetype(str(font_file), 16) if font_file.is_file() else ImageFont.load_default()
    widths = [sum(image.width for image, _ in row) + GAP * (len(row) + 1) for row in rows]
    heights = [max(image.height for image, _ in row) + LABEL_HEIGHT + GAP for row in rows]
    sheet = Image.new("RGB", (max(widths), sum(heights) + GAP), (228, 228, 228))
    draw = ImageDraw.Draw(sheet)
    top = GAP
    for row, height in zip(rows, heights):
        left = GAP
        for image, label in row:
            draw.text((left, top), label, fill=(40, 40, 40), font=font)
            sheet.paste(image, (left, top + LABEL_HEIGHT))
            left += image.width + GAP
        top += height
    return sheet
