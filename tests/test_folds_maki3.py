"""Roll-fold geometry in mm: panel widths, positions, fold lines, reading order."""

import pytest

from brochure.data.folds import fold_plan


def test_roll_fold_panel_widths():
    plan = fold_plan("maki3")
    assert plan.sides[0] == pytest.approx((97, 100, 100))
    assert plan.sides[1] == pytest.approx((100, 100, 97))
    assert sum(plan.sides[0]) == pytest.approx(297)


def test_roll_fold_lines():
    plan = fold_plan("maki3")
    assert plan.folds(0) == pytest.approx([97, 197])
    assert plan.folds(1) == pytest.approx([100, 200])


def test_reading_order_places_cover_flap_inside_back():
    plan = fold_plan("maki3")
    slots = [plan.slot(i) for i in range(6)]
    # cover: outside right; flap: the fold-in panel's outer face, outside left (97 mm)
    assert (slots[0].side, slots[0].x, slots[0].width) == (0, 197, 100)
    assert (slots[1].side, slots[1].x, slots[1].width) == (0, 0, 97)
    assert [(s.side, s.x) for s in slots[2:5]] == [(1, 0), (1, 100), (1, 200)]
    assert slots[4].width == pytest.approx(97)
    assert (slots[5].side, slots[5].x) == (0, 97)


def test_the_fold_in_panel_is_the_same_paper_on_both_sides():
    # Turning the sheet over mirrors it: outside column 0 lies behind inside column 2.
    plan = fold_plan("maki3")
    assert plan.sides[0][0] == plan.sides[1][2]


def test_the_roll_fold_on_a3_has_the_same_panels_twice_the_room():
    """maki3A3 (the やさしい日本語 edition's sheet): 420 × 297 mm, the fold-in panel 3 mm narrower, the same
    reading order; it uses the A4 roll fold's layout folder."""
    from types import SimpleNamespace

    from conftest import ROOT

    from brochure.layout.compose import layout_name
    a4, a3 = fold_plan("maki3"), fold_plan("maki3A3")
    assert a3.sheet == (420, 297) and sum(a3.sides[0]) == pytest.approx(420)
    assert a3.sides[0] == pytest.approx((138, 141, 141)) and a3.sides[0][1] - a3.sides[0][0] == pytest.approx(3)
    assert a3.reading == a4.reading and a3.roles == a4.roles and a3.label != a4.label
    leaflet = SimpleNamespace(layout=None, fold="maki3A3")
    assert layout_name(ROOT / "layouts", leaflet) == "maki3"
    assert layout_name(ROOT / "layouts", SimpleNamespace(layout=None, fold="z3")) == "base"


def test_a_furigana_edition_raises_small_type_to_ten_points():
    """No text of a furigana edition below 10 pt, so that no reading (half its base) is below 5 pt;
    the rules then apply to every panel, scale 1 included."""
    from brochure.layout.fit import Sized, TypeScale
    from brochure.layout.ruby import MIN_BASE_PT, RT_EM
    scale = TypeScale((Sized((".panel",), 10.0), Sized((".label",), 8.5), Sized(("h2",), 13.0))).raised(MIN_BASE_PT)
    assert [r.size_pt for r in scale.rules] == [10.0, 10.0, 13.0] and MIN_BASE_PT * RT_EM == 5.0
    assert "#panel-1 .label, #panel-1.label { font-size: 10.000pt }" in scale.css({1: 1.0})
    assert TypeScale((Sized((".label",), 8.5),)).css({1: 1.0}) == ""
