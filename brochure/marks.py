"""Printer's marks in the Japanese convention, drawn outside the bleed.

* 二重トンボ (corner marks): at each corner one pair of lines on the trim
  (内トンボ) and one on the bleed (外トンボ);
* センタートンボ: a cross at the middle of each side;
* 折りトンボ: a dashed line at every fold, top and bottom.

WeasyPrint's own ``marks: crop`` are single Western marks inside the bleed, so
the marks are an SVG laid over the whole media box (trim + ``area`` on each
side); every stroke stays outside the bleed.  Strokes are registration colour
(all four inks), 0.1 mm: thin, but above the 0.3 pt shops accept.
"""

from __future__ import annotations

from .folds import FoldPlan

REGISTRATION = "device-cmyk(1 1 1 1)"
STROKE = 0.1     # mm
GAP = 1.0        # mm between the bleed edge and the start of a mark


def _line(x1: float, y1: float, x2: float, y2: float, dashed: bool = False) -> str:
    dash = ' stroke-dasharray="1.5 1"' if dashed else ""
    return f'<line x1="{x1:.3f}" y1="{y1:.3f}" x2="{x2:.3f}" y2="{y2:.3f}"{dash}/>'


def corner_marks(width: float, height: float, area: float, bleed: float) -> list[str]:
    """Two L-shaped pairs per corner, in media coordinates (trim origin at area, area)."""
    lines = []
    outer, inner = GAP + bleed, area - 0.5   # how far out a mark starts and ends (from the trim)
    for cx, sx in ((0.0, -1), (width, 1)):
        for cy, sy in ((0.0, -1), (height, 1)):
            x, y = area + cx, area + cy
            for offset in (0.0, bleed):          # trim line, then bleed line
                # horizontal mark along y = trim (+bleed), out past the side
                lines.append(_line(x + sx * outer, y + sy * offset, x + sx * inner, y + sy * offset))
                # vertical mark along x = trim (+bleed), out past the top/bottom
                lines.append(_line(x + sx * offset, y + sy * outer, x + sx * offset, y + sy * inner))
    return lines


def centre_marks(width: float, height: float, area: float, bleed: float) -> list[str]:
    lines, arm = [], 4.0
    mid_x, mid_y = area + width / 2, area + height / 2
    start, end = GAP + bleed, area - 0.5
    mid = (start + end) / 2
    for sy, edge in ((-1, area), (1, area + height)):
        lines.append(_line(mid_x, edge + sy * start, mid_x, edge + sy * end))
        lines.append(_line(mid_x - arm, edge + sy * mid, mid_x + arm, edge + sy * mid))
    for sx, edge in ((-1, area), (1, area + width)):
        lines.append(_line(edge + sx * start, mid_y, edge + sx * end, mid_y))
        lines.append(_line(edge + sx * mid, mid_y - arm, edge + sx * mid, mid_y + arm))
    return lines


def fold_marks(folds: list[float], height: float, area: float, bleed: float) -> list[str]:
    start, end = GAP + bleed, area - 0.5
    lines = []
    for fold in folds:
        x = area + fold
        lines.append(_line(x, area - start, x, area - end, dashed=True))
        lines.append(_line(x, area + height + start, x, area + height + end, dashed=True))
    return lines


def sheet_marks(plan: FoldPlan, side: int, area: float, bleed: float) -> str:
    width, height = plan.sheet
    lines = (corner_marks(width, height, area, bleed) + centre_marks(width, height, area, bleed)
             + fold_marks(plan.folds(side), height, area, bleed))
    w, h = width + 2 * area, height + 2 * area
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="marks" width="{w:g}mm" height="{h:g}mm" '
            f'viewBox="0 0 {w:g} {h:g}" aria-hidden="true">'
            f'<g stroke="{REGISTRATION}" stroke-width="{STROKE}" fill="none">{"".join(lines)}</g></svg>')
