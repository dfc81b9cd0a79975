"""Every fold of the catalogue, read back from built PDFs: boxes, panels, fold marks, reading order."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from conftest import copy_project, japanese_only, nothing_written, output
from pdfmarks import REGISTRATION, fold_marks, placed_panels, stroked_lines
from pdfread import box_mm, normalise, text_of
from pypdf import PdfReader

from brochure.data.folds import fold_plan, load_catalogue

PANEL = """  - id: {id}
    role: {role}
    blocks:
      - heading: 第{n}面の見出し
      - paragraph: この面は読む順で{n}番目の面です。
"""
HEAD = """title: 折りの確認
fold: {fold}
{extra}edition:
  issued: "2021-03"
  publisher: yamaguchi-network
panels:
"""
# brochure name → fold, extra top-level YAML
FOLD_BROCHURES = {
    "fold-kannon": ("kannon", "print:\n  colour: cmyk\n"),
    "fold-niori-a4": ("nioriA4", ""),
    "fold-niori-a3": ("nioriA3", "paper: A3\n"),
    "fold-no-marks": ("nioriA4", "print:\n  marks: false\n  colour: rgb\n"),
    "fold-nakatoji8": ("nakatoji8", "paper: A3\n"),
}
# the Yamaguchi leaflet switched to a Z fold, and to an 8-page booklet with two more panels
ALL = {**{k: v[0] for k, v in FOLD_BROCHURES.items()}, "yamaguchi-z3": "z3", "yamaguchi-nakatoji8": "nakatoji8",
       "yamaguchi-pdfx": "maki3", "yamaguchi": "maki3"}
# the Yamaguchi leaflet as PDF/X-4 (tested in test_pdfx.py; boxes and marks here)
PDFX_PROFILE = "fold: maki3\nprint:\n  pdfx: true\n  colour: cmyk"
# built alongside, tested in test_folds_nakatoji.py: the booklet with 1 mm creep compensation
CREEP_BROCHURE = ("fold-nakatoji8-creep", "nakatoji8", "paper: A3\nprint:\n  fold_allowance: 1\n")
EXTRA_PANELS = """  - id: extra-{n}
    blocks:
      - heading: 追加の面{n}
      - paragraph: 中綴じにすると面が二つ増えます。
"""


def brochure_yaml(fold: str, extra: str = "") -> str:
    plan = fold_plan(fold)
    panels = "".join(PANEL.format(id=f"p{n}", role=role, n=n) for n, role in enumerate(plan.roles, 1))
    return HEAD.format(fold=fold, extra=extra) + panels


@pytest.fixture(scope="session")
def folds_built(tmp_path_factory) -> Path:
    from brochure.app.cli import main
    root = copy_project(tmp_path_factory.mktemp("folds") / "project")
    brochures = root / "data" / "brochures"
    for name, (fold, extra) in FOLD_BROCHURES.items():
        (brochures / f"{name}.yaml").write_text(brochure_yaml(fold, extra), encoding="utf-8")
    name, fold, extra = CREEP_BROCHURE
    (brochures / f"{name}.yaml").write_text(brochure_yaml(fold, extra), encoding="utf-8")
    text = japanese_only((brochures / "yamaguchi.yaml").read_text(encoding="utf-8"))
    (brochures / "yamaguchi-z3.yaml").write_text(text.replace("fold: maki3", "fold: z3"), encoding="utf-8")
    (brochures / "yamaguchi-nakatoji8.yaml").write_text(yamaguchi_booklet(text), encoding="utf-8")
    (brochures / "yamaguchi-pdfx.yaml").write_text(text.replace("fold: maki3", PDFX_PROFILE), encoding="utf-8")
    out = StringIO()
    names = [n for n in ALL if n != "yamaguchi"] + [CREEP_BROCHURE[0]]
    assert main(["--project", str(root), "build", *names], out=out, err=out) == 0, out.getvalue()
    (root / "build.log").write_text(out.getvalue(), encoding="utf-8")
    return root


def yamaguchi_booklet(text: str) -> str:
    """The Yamaguchi leaflet as an 8-page booklet: two more panels before the back, on A3 sheets."""
    assert text.count("  - id: back\n") == 1
    extra = "".join(EXTRA_PANELS.format(n=n) for n in (1, 2))
    text = text.replace("  - id: back\n", extra + "  - id: back\n")
    return text.replace("fold: maki3", "fold: nakatoji8").replace("paper: A4", "paper: A3")


def built_file(folds_built, built, name, variant):
    return output(built if name == "yamaguchi" else folds_built, name, variant)


# ---------------------------------------------------------------- the catalogue itself


@pytest.mark.parametrize("name", sorted(load_catalogue()))
def test_every_fold_fills_its_sheet_and_places_each_panel_once(name):
    plan = fold_plan(name)
    for widths in plan.sides:
        assert sum(widths) == pytest.approx(plan.sheet[0])
    slots = {plan.reading[i] for i in range(plan.panel_count)}
    assert slots == {(s, c) for s, widths in enumerate(plan.sides) for c in range(len(widths))}
    assert len(plan.roles) == plan.panel_count and plan.roles[0] == "cover" and plan.roles[-1] == "back"
    # back of a panel is the mirrored column on the other side of the same sheet: same width, so folds line up
    assert len(plan.sides) % 2 == 0
    for side, widths in enumerate(plan.sides):
        other = plan.sides[side ^ 1]
        assert list(widths) == pytest.approx(list(reversed(other)))


def test_fold_widths_follow_print_shop_allowances():
    assert fold_plan("maki3").sides == ((97, 100, 100), (100, 100, 97))
    assert fold_plan("z3").sides[0] == pytest.approx((99, 99, 99))
    door, centre, _ = fold_plan("kannon").sides[0]
    assert door == pytest.approx(centre / 2 - 2.5)
    door, centre, _ = fold_plan("kannon", allowance=1.0).sides[0]
    assert door == pytest.approx(centre / 2 - 1.0) and 2 * door + centre == pytest.approx(297)
    assert fold_plan("nioriA4").sides[0] == (148.5, 148.5)
    assert fold_plan("nioriA3").sheet == (420, 297)


# ---------------------------------------------------------------- read back from the PDFs


@pytest.mark.parametrize("name", sorted(ALL))
def test_print_boxes_panels_and_fold_marks(folds_built, built, name):
    plan = fold_plan(ALL[name])
    path = built_file(folds_built, built, name, "print")
    reader = PdfReader(path)
    assert len(reader.pages) == len(plan.sides)
    marks = name != "fold-no-marks"
    for side, page in enumerate(reader.pages):
        trim, bleed, media = box_mm(page, "TrimBox"), box_mm(page, "BleedBox"), box_mm(page, "MediaBox")
        assert [trim[2] - trim[0], trim[3] - trim[1]] == pytest.approx(list(plan.sheet), abs=0.05)
        assert [trim[0] - bleed[0], bleed[2] - trim[2], trim[1] - bleed[1], bleed[3] - trim[3]] == pytest.approx(
            [3] * 4, abs=0.05)
        assert trim[0] - media[0] == pytest.approx(13 if marks else 3, abs=0.05)
        found = sorted({ln.x1 for ln in fold_marks(reader, page)})
        assert found == (pytest.approx(plan.folds(side), abs=0.01) if marks else [])
        for line in fold_marks(reader, page):       # 折りトンボ stand outside the bleed, top and bottom
            assert max(line.y1, line.y2) < -3 or min(line.y1, line.y2) > plan.sheet[1] + 3
    # each panel is drawn over its slot, showing its bleed only on the sheet's outer edges, and it is
    # the panel the download has at that reading position
    download = PdfReader(built_file(folds_built, built, name, "download"))
    for side, page in enumerate(reader.pages):
        placed, columns = placed_panels(reader, page), plan.sides[side]
        assert len(placed) == len(columns)
        for column, panel in enumerate(placed):
            position = plan.position_of(side, column) + 1
            slot = plan.slot(position - 1)
            left = slot.x - (3 if column == 0 else 0)
            right = slot.x + slot.width + (3 if column == len(columns) - 1 else 0)
            assert [panel.left, panel.right, panel.top, panel.bottom] == pytest.approx(
                [left, right, -3, plan.sheet[1] + 3], abs=0.05)
            assert normalise(panel.text()) == normalise(download.pages[position - 1].extract_text())


def test_a_fold_through_the_middle_is_not_hidden_by_the_centre_mark(folds_built):
    reader = PdfReader(output(folds_built, "fold-niori-a4", "print"))
    for page in reader.pages:
        at_fold = [ln for ln in stroked_lines(reader, page) if ln.colour == REGISTRATION
                   and abs(ln.x1 - 148.5) < 0.01 and abs(ln.x2 - 148.5) < 0.01]
        assert at_fold and all(ln.dashed for ln in at_fold)     # only the 折りトンボ, no solid centre line


def test_marks_off_keeps_boxes_but_draws_nothing_in_registration(folds_built):
    reader = PdfReader(output(folds_built, "fold-no-marks", "print"))
    for page in reader.pages:
        assert not [ln for ln in stroked_lines(reader, page) if ln.colour == REGISTRATION]
        assert box_mm(page, "BleedBox") == pytest.approx(box_mm(page, "MediaBox"), abs=0.05)


@pytest.mark.parametrize("name", sorted(ALL))
def test_download_pages_follow_the_reading_order(folds_built, built, name):
    plan = fold_plan(ALL[name])
    reader = PdfReader(built_file(folds_built, built, name, "download"))
    widths = [box_mm(p, "MediaBox")[2] - box_mm(p, "MediaBox")[0] for p in reader.pages]
    assert widths == pytest.approx([plan.slot(i).width for i in range(plan.panel_count)], abs=0.05)
    if name.startswith("fold-"):
        for n, page in enumerate(reader.pages, 1):
            assert f"第{n}面の見出し" in normalise(page.extract_text())


def test_yamaguchi_switched_to_z_fold_reflows_and_passes_preflight(folds_built, built):
    reader = PdfReader(output(folds_built, "yamaguchi-z3", "print"))
    download = PdfReader(output(folds_built, "yamaguchi-z3", "download"))
    # the cover lands on the outside right (z3: 99 | 99 | 99)
    cover = placed_panels(reader, reader.pages[0])[-1]
    assert cover.left == pytest.approx(198, abs=0.05)
    assert normalise(cover.text()) == normalise(download.pages[0].extract_text())
    assert normalise(text_of(output(folds_built, "yamaguchi-z3", "download"))) == normalise(
        text_of(output(built, "yamaguchi", "download")))


def test_cmyk_profile_prints_text_in_black_ink_only(folds_built, built):
    def fill_colours(path):
        reader = PdfReader(path)
        from pypdf.generic import ContentStream
        ops = [o for panel in placed_panels(reader, reader.pages[1]) for o in ContentStream(panel.form, reader).operations]
        return {(op, tuple(round(float(v), 3) for v in args)) for args, op in ops if op in (b"scn", b"sc", b"rg", b"k")}
    for cmyk in (fill_colours(output(folds_built, "fold-kannon", "print")),   # asked for
                 fill_colours(output(built, "yamaguchi", "print"))):          # the default
        assert (b"k", (0.0, 0.0, 0.0, 1.0)) in cmyk
        assert not any(op == b"rg" for op, args in cmyk)
    rgb = fill_colours(output(folds_built, "fold-no-marks", "print"))          # colour: rgb
    assert (b"rg", (0.102, 0.102, 0.102)) in rgb and not any(op == b"k" for op, args in rgb)


# ---------------------------------------------------------------- office proof


@pytest.mark.parametrize("name", ["yamaguchi-z3", "fold-niori-a3", "fold-nakatoji8"])
def test_proof_is_a4_numbered_with_dashed_folds(folds_built, name):
    plan = fold_plan(ALL[name])
    scale = min(1.0, 297 / plan.sheet[0], 210 / plan.sheet[1])
    reader = PdfReader(output(folds_built, name, "proof"))
    assert len(reader.pages) == len(plan.sides)
    for side, page in enumerate(reader.pages):
        media = box_mm(page, "MediaBox")
        assert [media[2] - media[0], media[3] - media[1]] == pytest.approx([297, 210], abs=0.05)
        dashed = sorted({ln.x1 for ln in stroked_lines(reader, page, into_forms=True)
                         if ln.dashed and ln.x1 == ln.x2})
        assert dashed == pytest.approx([x * scale for x in plan.folds(side)], abs=0.05)
        text = normalise(page.extract_text())
        assert "短辺で綴じる" in text
        for position in range(1, plan.panel_count + 1):
            if plan.slot(position - 1).side == side:
                assert re.search(f"読む順{position}・(表紙|折り返し|中面|裏表紙)", text)


# ---------------------------------------------------------------- print-shop summary


def test_manifest_and_build_print_the_print_shop_summary(folds_built):
    manifest = json.loads((folds_built / "build" / "manifest.json").read_text(encoding="utf-8"))
    entries = {(o["brochure"], o["variant"]): o for o in manifest["outputs"]}
    summary = entries[("fold-kannon", "print")]["print_shop"]
    assert summary["fold"] == "kannon" and summary["colour"] == "cmyk" and summary["marks"] is True
    assert summary["finished_size_mm"] == [151.0, 210.0] and summary["bleed_mm"] == 3.0
    assert summary["panel_widths_mm"] == [[73.0, 151.0, 73.0]] * 2
    assert summary["fonts_embedded"] == ["BrochureGothic"] or "BrochureGothic" in summary["fonts_embedded"]
    assert summary["pages"] == 2
    assert "print_shop" not in entries[("fold-kannon", "download")]
    log = (folds_built / "build.log").read_text(encoding="utf-8")
    assert "fold 観音折り (kannon), sheet 297 × 210 mm, finished 151 × 210 mm" in log


# ---------------------------------------------------------------- data errors, before any render


def run(root, *args):
    from brochure.app.cli import main
    out, err = StringIO(), StringIO()
    code = main(["--project", str(root), *args], out=out, err=err)
    return code, err.getvalue()


def test_panel_count_that_does_not_match_the_fold_is_a_data_error(project_dir):
    path = project_dir / "data" / "brochures" / "yamaguchi.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("fold: maki3", "fold: nioriA4", 1), encoding="utf-8")
    code, err = run(project_dir, "build", "yamaguchi")
    assert code == 1
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("panels:"))
    assert f"data/brochures/yamaguchi.yaml:{line}:1: panels: 二つ折り (nioriA4) has 4 panels, the data has 6" in err
    assert "hint: list 4 panels in reading order (cover, inside, inside, back)" in err
    assert nothing_written(project_dir)


@pytest.mark.parametrize("change, message", [
    (("fold: maki3", "fold: z4"), "fold: unknown fold 'z4'"),
    (("paper: A4", "paper: A3"), "paper: fold maki3 is printed on a different sheet than A3"),
    (("fold: maki3", "fold: nakatoji8"), "panels: 中綴じ (nakatoji8) has 8 panels, the data has 6"),
    (("fold: maki3", "fold: z3\nprint:\n  fold_allowance: 2"), "print.fold_allowance: z3 has no fold-in panel"),
])
def test_fold_data_errors_name_file_line_and_key(project_dir, change, message):
    path = project_dir / "data" / "brochures" / "yamaguchi.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(*change, 1), encoding="utf-8")
    code, err = run(project_dir, "build", "yamaguchi")
    assert code == 1 and message in err and "data/brochures/yamaguchi.yaml:" in err and "hint:" in err
