"""Print and download PDFs: page boxes, panel sizes, fonts, tags and links."""

from __future__ import annotations

import pytest
from conftest import output
from pdfread import box_mm, font_names, link_uris
from pypdf import PdfReader

NAMES = ["yamaguchi", "sapporo"]


@pytest.mark.parametrize("name", NAMES)
def test_print_sheet_boxes(built, name):
    reader = PdfReader(output(built, name, "print"))
    assert len(reader.pages) == 2
    for page in reader.pages:
        trim, bleed, media = box_mm(page, "TrimBox"), box_mm(page, "BleedBox"), box_mm(page, "MediaBox")
        assert [trim[2] - trim[0], trim[3] - trim[1]] == pytest.approx([297, 210], abs=0.05)
        assert [trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]] == pytest.approx(
            [3, 3, 3, 3], abs=0.05)
        # marks stand outside the bleed: the media box is larger than the bleed box on every side
        assert media[0] < bleed[0] - 5 and media[1] < bleed[1] - 5
        assert media[2] > bleed[2] + 5 and media[3] > bleed[3] + 5


@pytest.mark.parametrize("name", NAMES)
def test_download_pages_are_panels_in_reading_order(built, name):
    reader = PdfReader(output(built, name, "download"))
    widths = [round(box_mm(p, "MediaBox")[2] - box_mm(p, "MediaBox")[0], 1) for p in reader.pages]
    heights = {round(box_mm(p, "MediaBox")[3] - box_mm(p, "MediaBox")[1], 1) for p in reader.pages}
    # cover (outside right, 100), flap (fold-in panel, 97), inside 100 | 100 | 97, back (100)
    assert widths == [100.0, 97.0, 100.0, 100.0, 97.0, 100.0]
    assert heights == {210.0}


@pytest.mark.parametrize("variant", ["print", "download"])
@pytest.mark.parametrize("name", NAMES)
def test_only_bundled_fonts_are_embedded(built, name, variant):
    names = font_names(output(built, name, variant))
    assert names, "fonts are embedded"
    assert {n.split("+", 1)[1] for n in names} <= {"BrochureGothic", "BrochureGothic-Bold"}


@pytest.mark.parametrize("name", NAMES)
def test_download_is_tagged_japanese_with_links(built, name):
    reader = PdfReader(output(built, name, "download"))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "ja"
    assert reader.metadata.title
    uris = link_uris(output(built, name, "download"))
    assert any(u.startswith("tel:+81") for u in uris)
    if name == "sapporo":
        assert "http://www.kokoro-recovery.org" in uris


def test_download_has_bookmarks(built):
    reader = PdfReader(output(built, "yamaguchi", "download"))
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)
    walk(reader.outline)
    assert "本人・家族の相談" in titles and "回復のプロセス" in titles


def test_same_input_gives_same_bytes(built, tmp_path):
    from conftest import copy_project

    from brochure.app.cli import main
    again = copy_project(tmp_path / "again")
    assert main(["--project", str(again), "build", "--quiet"]) == 0
    for name, variant in [(n, v) for n in NAMES for v in ("print", "download")] + [
            ("sapporo", "print-en"), ("sapporo", "download-en")]:
        assert output(again, name, variant).read_bytes() == output(built, name, variant).read_bytes()


def test_manifest_lists_every_output(built):
    import hashlib
    import json
    manifest = json.loads((built / "build" / "manifest.json").read_text(encoding="utf-8"))
    entries = {(o["brochure"], o["variant"]): o for o in manifest["outputs"]}
    kinds = ("print", "download", "proof", "html")
    assert set(entries) == {(n, v) for n in NAMES for v in kinds} | {   # Sapporo lists [ja, en], Yamaguchi [ja, ja-easy]
        (name, f"{v}-{language}") for name, language in (("sapporo", "en"), ("yamaguchi", "ja-easy")) for v in kinds}
    english = entries[("sapporo", "print-en")]
    assert english["path"] == "build/sapporo/2021-03/sapporo-2021-03-en-print.pdf" and english["pages"] == 2
    assert english["sha256"] == hashlib.sha256((built / english["path"]).read_bytes()).hexdigest()
    entry = entries[("yamaguchi", "print")]
    assert entry["sha256"] == hashlib.sha256((built / entry["path"]).read_bytes()).hexdigest()
    assert "sasaete-network" in entry["contacts"]
    assert entry["pages"] == 2
