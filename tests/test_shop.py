"""brochure check --shop: the print shop's 入稿チェックリスト, read back from the print PDF, printed and
written beside it; nothing on the reference leaflets for a shop to ask about."""

from __future__ import annotations

from io import StringIO

import pytest
from conftest import copy_project

from brochure.app.cli import main
from brochure.checks import shop


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("shop") / "project")
    out = StringIO()
    assert main(["--project", str(root), "check", "--shop", "yamaguchi", "sapporo"], out=out) == 0, out.getvalue()
    return root, out.getvalue()


@pytest.mark.parametrize("name", ["yamaguchi", "sapporo"])
def test_reference_leaflets_leave_nothing_to_ask(checked, name):
    root, printed = checked
    text = (root / "build" / name / "2021-03" / f"{name}-2021-03-入稿チェック.txt").read_text(encoding="utf-8")
    assert text.rstrip("\n") in printed                                     # printed and written the same
    assert f"build/{name}/2021-03/{name}-2021-03-print.pdf" in text
    assert "[check]" not in text and text.rstrip().endswith("nothing for the shop to ask about")
    for question in ("finished size and fold", "bleed", "colour mode", "K-only text", "maximum total ink",
                     "fonts embedded", "images and their effective resolution", "transparency", "PDF/X"):
        assert f"[OK] {question}" in text, text
    assert "100 × 210 mm, 巻き三つ折り (maki3)" in text and "3 mm on every side" in text
    assert "PDF/X-4 (FOGRA39)" in text and "fonts embedded" in text and "BrochureGothic" in text
    assert not (root / "build" / name / "2021-03" / f"{name}-2021-03-print.pdf").exists()   # check writes no PDF


@pytest.mark.skipif(shop.ghostscript() is None, reason="Ghostscript is not installed")
def test_total_ink_is_measured_on_the_separations(checked):
    _root, printed = checked
    assert "measured on the separations at 150 dpi" in printed
    # the cover's accent wash and its tint are the inkiest places; the limit is 300 %
    values = [int(line.split("maximum total ink")[1].split("%")[0]) for line in printed.splitlines()
              if "maximum total ink" in line]
    assert values and all(100 <= v <= 300 for v in values), values


def test_without_ghostscript_the_checklist_says_so(checked, monkeypatch, tmp_path):
    monkeypatch.setattr(shop, "ghostscript", lambda: None)
    import brochure.app.shop as app_shop
    monkeypatch.setattr(app_shop, "ghostscript", lambda: None)
    root = copy_project(tmp_path / "project")
    out = StringIO()
    assert main(["--project", str(root), "check", "--shop", "yamaguchi"], out=out) == 0
    assert "[check] maximum total ink" in out.getvalue()
    assert "not measured: Ghostscript (gs) is not installed" in out.getvalue()


def test_four_colour_black_text_is_asked_about_and_a_palette_colour_is_not():
    rich = {("/DeviceCMYK", (0.77, 0.68, 0.61, 0.94)): 3, ("/DeviceCMYK", (0.0, 0.0, 0.0, 1.0)): 10}
    answer = shop._k_only(rich)
    assert not answer.ok and answer.answer.startswith("no: 3 runs of black or grey text")
    blue = {("/DeviceCMYK", (1.0, 0.7, 0.0, 0.0)): 8, ("/DeviceCMYK", (0.0, 0.0, 0.0, 1.0)): 10}
    answer = shop._k_only(blue)
    assert answer.ok and "K alone (10 runs); 8 runs in a palette colour" in answer.answer


def test_checklist_path_is_beside_the_print_pdf():
    from brochure.app.shop import checklist_path
    assert checklist_path("build/y/2021-03/y-2021-03-print.pdf") == "build/y/2021-03/y-2021-03-入稿チェック.txt"
    assert checklist_path("build/y/2021-03/y-2021-03-en-print.pdf") == "build/y/2021-03/y-2021-03-en-入稿チェック.txt"
