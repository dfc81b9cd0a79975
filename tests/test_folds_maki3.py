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
