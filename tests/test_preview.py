"""brochure preview: page images, contact sheets; clean errors."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import nothing_written, output
from PIL import Image

from brochure.app.preview import SHEET_DPI, editions, png_bytes, render_pages
from brochure.errors import UsageError
from brochure.project import Project


def manifest(root: Path) -> list[dict]:
    return json.loads((root / "build" / "manifest.json").read_text(encoding="utf-8"))["outputs"]


def test_every_page_of_every_output_has_an_image(published):
    for entry in manifest(published):
        if entry["variant"].split("-")[0] == "html":   # a web page (html, html-en): nothing to draw
            continue
        folder = published / "build" / entry["brochure"] / entry["edition"] / "preview"
        stem = f"{entry['brochure']}-{entry['edition']}-{entry['variant']}"
        images = sorted(folder.glob(f"{stem}-p*.png"))
        assert len(images) == entry["pages"], stem
        with Image.open(images[0]) as first:
            if entry["variant"] == "print":   # the whole MediaBox: trim 297 mm + 2 × 13 mm, at 50 dpi
                assert abs(first.width - 323 / 25.4 * 50) < 2


def test_contact_sheet_shows_trimmed_sides_and_panels(published):
    sheet = published / "build/yamaguchi/2021-03/preview/yamaguchi-2021-03-sheet.png"
    with Image.open(sheet) as image:
        width, height = image.size
    side = 297 / 25.4 * SHEET_DPI                  # trimmed: no bleed, no marks
    panel = 100 / 25.4 * SHEET_DPI
    gap = 16
    assert abs(width - max(2 * side + 3 * gap, 6 * panel + 7 * gap)) < 8   # sides above, six panels below
    assert abs(height - 2 * 210 / 25.4 * SHEET_DPI - 2 * 28 - 3 * gap) < 8


def test_trim_crop_cuts_bleed_and_marks(built):
    full, = render_pages(output(built, "sapporo", "print"), 20, grey=True)[:1]
    trimmed = render_pages(output(built, "sapporo", "print"), 20, grey=True, trim=True)[0]
    assert abs(trimmed.width - 297 / 25.4 * 20) <= 1 and full.width > trimmed.width


def test_previews_are_deterministic(built):
    pdf = output(built, "sapporo", "download")
    first, second = render_pages(pdf, 30)[0], render_pages(pdf, 30)[0]
    assert png_bytes(first) == png_bytes(second)
    assert Image.open(io.BytesIO(png_bytes(first))).info.keys() <= {"dpi"}   # no timestamps


def test_preview_without_pdfs_asks_for_a_build(project_dir):
    with pytest.raises(UsageError, match="run `brochure build` first"):
        editions(Project(project_dir), ["sapporo"])


def test_preview_of_brochure_with_an_error_reports_it_cleanly(project_dir, capsys):
    from brochure.app.cli import main
    data = project_dir / "data/brochures/sapporo.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace('issued: "2021-03"', 'issued: "2021-13"'),
                    encoding="utf-8")
    err = io.StringIO()
    assert main(["--project", str(project_dir), "preview", "sapporo"], err=err) == 1
    message = err.getvalue()
    assert "data/brochures/sapporo.yaml:" in message and "issued" in message
    assert "Traceback" not in message and "nothing was written" in message
    assert nothing_written(project_dir)


def test_preview_rejects_an_absurd_resolution(project_dir):
    from brochure.app.cli import main
    err = io.StringIO()
    assert main(["--project", str(project_dir), "preview", "--dpi", "5000"], err=err) == 2
    assert "--dpi" in err.getvalue() and "hint" in err.getvalue()
