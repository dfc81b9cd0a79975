"""中綴じ (saddle stitch): an 8-page A4 booklet, two A3 sheets nested, folded and stapled at the spine.

Each A3 landscape sheet (420 × 297 mm) carries four A4 portrait pages, two
per side, with the spine down the middle.  Horizontal Japanese text opens
like a Western book (左綴じ), so the cover is on the right of the outside of
the outer sheet.  Printed sides, in the order the print PDF holds them:

    sheet 1 outside [8 | 1]   sheet 1 inside [2 | 7]
    sheet 2 outside [6 | 3]   sheet 2 inside [4 | 5]

Each sheet turns over its short edge: the back of the right-hand page is the
left-hand page of the next side (1 → 2, 3 → 4), as for every other fold here.

Creep (せり出し): the inner sheet wraps around the outer one, so its pages
stick out at the fore-edge by about one paper thickness and are trimmed
narrower.  Shops ask for compensation only for many pages or thick paper
and otherwise tell designers to keep the fore-edge clear (4-5 mm); two
sheets of ordinary 90-135 kg paper creep about 0.1 mm, well inside the
cutting tolerance, so the default is 0.  ``print: {fold_allowance: N}``
shifts every page of sheet k (0 = outer) N × k mm towards the spine.
"""

from . import FoldPlan, register

A3_SHEET = (420.0, 297.0)
CREEP = 0.0   # mm per nested sheet; 2 sheets of normal paper: ~0.1 mm, below cutting tolerance


@register("nakatoji8")
def nakatoji8(sheet=A3_SHEET, allowance=CREEP) -> FoldPlan:
    page = sheet[0] / 2
    sides = ((page, page),) * 4
    # side 2k is sheet k's outside, 2k + 1 its inside; column 0 lies left of the spine
    shifts = tuple((allowance * (side // 2), -allowance * (side // 2)) for side in range(4))
    return FoldPlan(
        name="nakatoji8",
        label="中綴じ",
        sheet=sheet,
        sides=sides,
        # pages 1-8: 1 outer outside right, 2 outer inside left, 3 inner outside right,
        # 4-5 inner inside (the centre spread), 6 inner outside left, 7 outer inside right, 8 outer outside left
        reading=((0, 1), (1, 0), (2, 1), (3, 0), (3, 1), (2, 0), (1, 1), (0, 0)),
        roles=("cover",) + ("inside",) * 6 + ("back",),
        allowance=allowance,
        shifts=shifts,
    )
