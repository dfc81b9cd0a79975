"""Printer's marks in the Japanese convention, drawn outside the bleed.

* 二重トンボ (corner marks): at each corner one pair of lines on the trim
  (内トンボ) and one on the bleed (外トンボ);
* センタートンボ: a cross at the middle of each side;
* 折りトンボ: a dashed line at every fold, top and bottom.

WeasyPrint's own ``marks: crop`` are single Western marks inside the bleed, so
the marks are drawn onto each imposed sheet side (brochure/impose.py) as PDF
operators, in a media box of trim + ``area`` on each side; every stroke stays
outside the bleed.  Strokes are in registration colour (Separation /All: every
plate), 0.1 mm: thin, but above the 0.3 pt shops accept.
"""

from __future__ import annotations

from ..data.folds import FoldPlan

REGISTRATION = "/Reg"     # the page resource name of the Separation /All colour space
STROKE = 0.1     # mm
GAP = 1.0        # mm between the bleed edge and the start of a mark
DASH = (1.5, 1.0)

Line = tuple[float, float, float, float, bool]   # x1, y1, x2, y2 in mm (y down), dashed


def corner_marks(width: float, height: float, area: float, bleed: float) -> list[Line]:
    """Two L-shaped pairs per corner, in media coordinates (trim origin at area, area)."""
    lines = []
    outer, inner = GAP + bleed, area - 0.5   # how far out a mark starts and ends (from the trim)
    for cx, sx in ((0.0, -1), (width, 1)):
        for cy, sy in ((0.0, -1), (height, 1)):
            x, y = area + cx, area + cy
            for offset in (0.0, bleed):          # trim line, then bleed line
                # horizontal mark along y = trim (+bleed), out past the side
                lines.append((x + sx * outer, y + sy * offset, x + sx * inner, y + sy * offset, False))
                # vertical mark along x = trim (+bleed), out past the top/bottom
                lines.append((x + sx * offset, y + sy * outer, x + sx * offset, y + sy * inner, False))
    return lines


def centre_marks(width: float, height: float, area: float, bleed: float,
                 folds: tuple[float, ...] = ()) -> list[Line]:
    """A cross at the middle of each side; where a fold runs through the middle (a bi-fold, a
    booklet's spine) the top and bottom crosses keep only their arm, so the dashed 折りトンボ shows."""
    lines, arm = [], 4.0
    mid_x, mid_y = area + width / 2, area + height / 2
    start, end = GAP + bleed, area - 0.5
    mid = (start + end) / 2
    folded_middle = any(abs(fold - width / 2) < 0.01 for fold in folds)
    for sy, edge in ((-1, area), (1, area + height)):
        if not folded_middle:
            lines.append((mid_x, edge + sy * start, mid_x, edge + sy * end, False))
        lines.append((mid_x - arm, edge + sy * mid, mid_x + arm, edge + sy * mid, False))
    for sx, edge in ((-1, area), (1, area + width)):
        lines.append((edge + sx * start, mid_y, edge + sx * end, mid_y, False))
        lines.append((edge + sx * mid, mid_y - arm, edge + sx * mid, mid_y + arm, False))
    return lines


def fold_marks(folds: list[float], height: float, area: float, bleed: float) -> list[Line]:
    start, end = GAP + bleed, area - 0.5
    lines = []
    for fold in folds:
        x = area + fold
        lines.append((x, area - start, x, area - end, True))
        lines.append((x, area + height + start, x, area + height + end, True))
    return lines


def sheet_lines(plan: FoldPlan, side: int, area: float, bleed: float) -> list[Line]:
    width, height = plan.sheet
    folds = plan.folds(side)
    return (corner_marks(width, height, area, bleed) + centre_marks(width, height, area, bleed, tuple(folds))
            + fold_marks(folds, height, area, bleed))


def operators(lines: list[Line]) -> bytes:
    """PDF operators stroking ``lines`` in registration colour (units: mm, y down)."""
    solid = [ln for ln in lines if not ln[4]]
    dashed = [ln for ln in lines if ln[4]]
    out = [f"q {REGISTRATION} CS 1 SCN {STROKE:g} w 0 J"]
    for group, dash in ((solid, "[] 0 d"), (dashed, f"[{DASH[0]:g} {DASH[1]:g}] 0 d")):
        if group:
            out.append(dash)
            out += [f"{x1:.3f} {y1:.3f} m {x2:.3f} {y2:.3f} l S" for x1, y1, x2, y2, _ in group]
    out.append("Q")
    return "\n".join(out).encode()


def sheet_marks(plan: FoldPlan, side: int, area: float, bleed: float) -> bytes:
    """Every mark of one sheet side, as PDF operators for brochure/impose.py."""
    return operators(sheet_lines(plan, side, area, bleed))
