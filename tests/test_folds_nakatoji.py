"""中綴じ 8-page booklet: imposition on two A3 sheets, read back from the built PDFs.

The catalogue-wide checks (boxes, fold marks, panel anchors, download order) run for the booklet in
test_folds.py; these are the booklet's own: which page is printed where, the back of each page, creep,
the office proof, the print-shop summary and the Yamaguchi leaflet switched to a booklet.
"""

from __future__ import annotations

import json

import pytest
from conftest import output
from pdfmarks import fold_marks, placed_panels
from pdfread import box_mm, normalise, text_of
from pypdf import PdfReader
from test_folds import CREEP_BROCHURE, folds_built  # noqa: F401  (the session fixture)

from brochure.app.preview import side_labels
from brochure.data.folds import fold_plan

PT_TO_MM = 25.4 / 72
# PDF page (sheet side) → booklet pages left to right: sheet 1 outside, inside; sheet 2 outside, inside
IMPOSITION = [[8, 1], [2, 7], [6, 3], [4, 5]]


def pages_by_side(path) -> list[list[int]]:
    """Reading positions on each print page, left to right: each imposed panel is matched by its
    text to the download page at that reading position."""
    download = PdfReader(str(path).replace("-print.pdf", "-download.pdf"))
    texts = [normalise(page.extract_text()) for page in download.pages]
    reader = PdfReader(path)
    return [[texts.index(normalise(panel.text())) + 1 for panel in placed_panels(reader, page)]
            for page in reader.pages]


# ---------------------------------------------------------------- the plan


def test_plan_imposes_eight_pages_on_two_sheets():
    plan = fold_plan("nakatoji8")
    assert plan.sheet == (420, 297) and plan.sheet_count == 2
    assert plan.sides == ((210, 210),) * 4
    imposed = [[plan.position_of(side, column) + 1 for column in range(2)] for side in range(4)]
    assert imposed == IMPOSITION
    assert [plan.folds(side) for side in range(4)] == [[210]] * 4       # the spine, on every side
    assert plan.roles[0] == "cover" and plan.roles[-1] == "back" and set(plan.roles[1:-1]) == {"inside"}


def test_each_page_backs_onto_the_next_when_the_sheet_turns_over_its_short_edge():
    plan = fold_plan("nakatoji8")
    for page in (1, 3, 5, 7):                      # odd pages are right-hand pages (左綴じ)
        side, column = plan.reading[page - 1]
        assert plan.reading[page] == (side ^ 1, 1 - column)


def test_creep_defaults_to_zero_and_moves_inner_sheet_pages_towards_the_spine():
    assert {fold_plan("nakatoji8").slot(i).shift for i in range(8)} == {0.0}
    plan = fold_plan("nakatoji8", allowance=0.4)
    shifts = {plan.position_of(side, column) + 1: plan.slot(plan.position_of(side, column)).shift
              for side in range(4) for column in range(2)}
    assert [shifts[p] for p in (1, 2, 7, 8)] == [0, 0, 0, 0]           # outer sheet stays
    assert [shifts[p] for p in (3, 4, 5, 6)] == [-0.4, 0.4, -0.4, 0.4]  # right-hand pages move left


def test_contact_sheet_captions_number_the_sheets():
    assert side_labels(2) == ["外面 outside", "中面 inside"]
    assert side_labels(4)[2] == "2枚目 外面 outside (sheet 2)"


# ---------------------------------------------------------------- read back from the PDFs


def test_print_pdf_is_four_a3_sides_with_pages_imposed(folds_built):
    path = output(folds_built, "fold-nakatoji8", "print")
    reader = PdfReader(path)
    assert len(reader.pages) == 4
    for page in reader.pages:
        trim, bleed = box_mm(page, "TrimBox"), box_mm(page, "BleedBox")
        assert [trim[2] - trim[0], trim[3] - trim[1]] == pytest.approx([420, 297], abs=0.05)
        assert [bleed[2] - bleed[0], bleed[3] - bleed[1]] == pytest.approx([426, 303], abs=0.05)
        assert sorted({ln.x1 for ln in fold_marks(reader, page)}) == pytest.approx([210], abs=0.01)
    assert pages_by_side(path) == IMPOSITION
    # the text agrees with the anchors: page 8's heading is left of page 1's on the outside of sheet 1
    outside = normalise(reader.pages[0].extract_text())
    assert outside.index("第8面の見出し") < outside.index("第1面の見出し")


def test_download_is_eight_a4_portrait_pages_in_order(folds_built):
    reader = PdfReader(output(folds_built, "fold-nakatoji8", "download"))
    assert len(reader.pages) == 8
    for n, page in enumerate(reader.pages, 1):
        media = box_mm(page, "MediaBox")
        assert [media[2] - media[0], media[3] - media[1]] == pytest.approx([210, 297], abs=0.05)
        assert f"第{n}面の見出し" in normalise(page.extract_text())


def test_creep_moves_the_printed_pages_not_the_folds(folds_built):
    reader = PdfReader(output(folds_built, CREEP_BROCHURE[0], "print"))
    plan = fold_plan("nakatoji8", allowance=1.0)
    for position in range(1, 9):
        slot = plan.slot(position - 1)
        panel = placed_panels(reader, reader.pages[slot.side])[slot.column]
        # the content moves by the creep; the visible area stays on the slot (+ bleed on the outer edge)
        assert panel.content_left == pytest.approx(slot.x + slot.shift, abs=0.05)
        outer = (3 if slot.column == 0 else 0, 3 if slot.column == 1 else 0)
        assert [panel.left, panel.right] == pytest.approx([slot.x - outer[0], slot.x + slot.width + outer[1]],
                                                          abs=0.05)
    assert plan.slot(2).shift == -1.0               # page 3: inner sheet, right of the spine
    for page in reader.pages:
        assert sorted({ln.x1 for ln in fold_marks(reader, page)}) == pytest.approx([210], abs=0.01)


def test_proof_names_sheet_and_face_and_how_to_nest(folds_built):
    reader = PdfReader(output(folds_built, "fold-nakatoji8", "proof"))
    faces = ["1枚目おもて", "1枚目うら", "2枚目おもて", "2枚目うら"]
    for n, (page, face) in enumerate(zip(reader.pages, faces), 1):
        text = normalise(page.extract_text())
        assert f"{n}/4面（{face}）" in text and "1枚目を外に重ねて破線で折る" in text
        assert "短辺で綴じる" in text


def test_print_shop_summary_says_a4_booklet_of_eight_pages_on_two_sheets(folds_built):
    manifest = json.loads((folds_built / "build" / "manifest.json").read_text(encoding="utf-8"))
    entry = next(o for o in manifest["outputs"] if (o["brochure"], o["variant"]) == ("fold-nakatoji8", "print"))
    summary = entry["print_shop"]
    assert summary["fold"] == "nakatoji8" and summary["sheet_mm"] == [420.0, 297.0]
    assert summary["finished_size_mm"] == [210.0, 297.0]
    assert (summary["pages"], summary["sheets"], summary["finished_pages"]) == (4, 2, 8)
    assert summary["fold_lines_mm"] == [[210.0]] * 4
    log = (folds_built / "build.log").read_text(encoding="utf-8")
    assert "fold 中綴じ (nakatoji8), sheet 420 × 297 mm, finished 210 × 297 mm" in log
    assert "4 PDF pages = 2 sheet(s) printed both sides, 8 pages folded" in log


# ---------------------------------------------------------------- round trip


def test_yamaguchi_as_a_booklet_keeps_its_text_and_passes_preflight(folds_built, built):
    path = output(folds_built, "yamaguchi-nakatoji8", "print")
    assert pages_by_side(path) == IMPOSITION                 # cover outside right, back outside left
    booklet = normalise(text_of(output(folds_built, "yamaguchi-nakatoji8", "download")))
    leaflet = normalise(text_of(output(built, "yamaguchi", "download")))
    # the six panels' text in the same order, the two new panels just before the back
    back = booklet.index("追加の面2") + len("追加の面2中綴じにすると面が二つ増えます。")
    assert booklet.index("追加の面1") < booklet.index("追加の面2") < back
    assert booklet[:booklet.index("追加の面1")] + booklet[back:] == leaflet


def test_preflight_checks_the_spine_of_the_inner_sheet(project_dir):
    """Too much creep pushes the inner sheet's text towards the spine: the safe zone catches it on sides 3 and 4."""
    from io import StringIO

    from test_folds import brochure_yaml

    from brochure.app.cli import main
    path = project_dir / "data" / "brochures" / "booklet.yaml"
    path.write_text(brochure_yaml("nakatoji8", "paper: A3\nprint:\n  fold_allowance: 8\n"), encoding="utf-8")
    report = StringIO()
    assert main(["--project", str(project_dir), "check", "booklet"], out=report, err=report) == 1
    lines = [ln for ln in report.getvalue().splitlines() if "from the fold at 210 mm" in ln]
    # pages 3 and 5 lie right of the spine: their lines start 7 - 8 mm + 1 em indent = 2.5 mm from it; the
    # left-hand pages' short lines end far from it, and the outer sheet does not move
    assert {int(ln.split(" panel ")[1].split()[0]) for ln in lines} == {3, 5}
