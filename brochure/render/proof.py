"""The office proof: the imposed sheet on plain A4, to fold by hand before paying a print shop.

No bleed and no トンボ: an office printer cannot print to the edge anyway.
Each panel carries its reading-order number, the folds are dashed lines, and
a note says how to print it double-sided.  Every sheet side is mirrored
left-to-right on the back (the back of the leftmost panel is the rightmost),
so duplex printing must turn the sheet over its short edge.

The panels are the laid-out panel pages, imposed reduced onto A4
(brochure/impose.py); the labels, fold lines and note are one overlay page
per sheet side, laid out with the panels (layouts/base/pages.html).
"""

from __future__ import annotations

from markupsafe import Markup

from ..layout.compose import Composition
from .impose import Placement, SheetSide

A4_LANDSCAPE = (297.0, 210.0)
DUPLEX_EDGE = "short"   # landscape sheets mirrored left-right turn over the short edge
FACES = ("おもて", "うら")   # a sheet's outside, then its inside
ROLE_LABELS = {"cover": "表紙", "flap": "折り返し", "inside": "中面", "back": "裏表紙"}


def proof_scale(sheet: tuple[float, float], paper: tuple[float, float] = A4_LANDSCAPE) -> float:
    """1 when the sheet fits the office paper, else the reduction that fits it (A3 → A4: 0.707)."""
    return min(1.0, paper[0] / sheet[0], paper[1] / sheet[1])


def fold_lines_svg(plan, side: int, scale: float = 1.0) -> Markup:
    """Dashed fold lines over the whole height of one sheet side (mm, from the left trim), reduced by ``scale``."""
    width, height = plan.sheet
    lines = "".join(f'<line x1="{x:.3f}" y1="0" x2="{x:.3f}" y2="{height:g}"/>' for x in plan.folds(side))
    return Markup(f'<svg xmlns="http://www.w3.org/2000/svg" class="fold-lines" width="{width * scale:.3f}mm" '
                  f'height="{height * scale:.3f}mm" viewBox="0 0 {width:g} {height:g}" aria-hidden="true">'
                  f'<g stroke="#555" stroke-width="{0.3 / scale:.3f}" stroke-dasharray="3 2" fill="none">'
                  f'{lines}</g></svg>')


def sheet_face(plan, side: int) -> str:
    """Which sheet and face a side is, when there are several sheets (a booklet): 2枚目おもて."""
    return f"{side // 2 + 1}枚目{FACES[side % 2]}" if plan.sheet_count > 1 else ""


def proof_view(comp: Composition) -> dict:
    """What layouts/base/pages.html needs for the overlay pages."""
    scale = proof_scale(comp.plan.sheet)
    sides = []
    for side in range(len(comp.plan.sides)):
        sides.append({"panels": comp.panels_on(side), "folds": fold_lines_svg(comp.plan, side, scale),
                      "face": sheet_face(comp.plan, side)})
    return {"sides": sides, "scale": scale, "roles": ROLE_LABELS, "duplex_edge": DUPLEX_EDGE}


def proof_sides(comp: Composition) -> list[SheetSide]:
    """Each sheet side reduced onto A4 from its top left, its overlay page on top.

    Source 0 is the panel pages (in reading order), source 1 the overlay pages."""
    scale = proof_scale(comp.plan.sheet)
    sides = []
    for side in range(len(comp.plan.sides)):
        placements = [Placement(0, p.position - 1, p.x * scale, 0.0, scale=scale) for p in comp.panels_on(side)]
        sides.append(SheetSide(A4_LANDSCAPE, 0.0, tuple(placements + [Placement(1, side, 0.0)])))
    return sides
