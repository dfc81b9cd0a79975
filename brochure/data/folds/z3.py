"""Z折り / 外三つ折り (Z fold, accordion), A4 landscape: six equal panels on two sides.

The panels fold alternately, none folds inside another, so all three are
the same width: 99 | 99 | 99 on both sides (shops publish equal thirds).
Folded, the outside-right panel is on top (the cover) and the back of the
outside-left panel is underneath (the back).  Reading order: the cover, the
two panels seen on lifting the cover (inside left, inside middle), the other
two panels of the outside, then the back.
"""

from . import FoldPlan, register

SHEET = (297.0, 210.0)


@register("z3")
def z3(sheet=SHEET) -> FoldPlan:
    """No allowance: a Z fold has no panel folding inside another."""
    third = sheet[0] / 3
    return FoldPlan(
        name="z3",
        label="Z折り（外三つ折り）",
        sheet=sheet,
        sides=((third,) * 3, (third,) * 3),
        # the inside left is the cover's back; the inside right is the back cover
        reading=((0, 2), (1, 0), (1, 1), (0, 0), (0, 1), (1, 2)),
        roles=("cover", "inside", "inside", "inside", "inside", "back"),
    )
