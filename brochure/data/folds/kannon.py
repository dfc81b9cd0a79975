"""観音折り (gate fold), A4 landscape: two doors fold in to meet over the centre panel.

Each door is narrower than half the centre panel by the allowance, so the
doors do not catch on each other in the middle; Japanese shops publish 1-3 mm
(A4 templates of 73 | 151 | 73 mm are common: 2.5 mm).  Outside, left to
right: the right door's front, the back, the left door's front; closed, the
left door's front is the cover.  Reading order: cover, the right door's
front, then inside left door, centre, right door, then the back.
"""

from . import FoldPlan, register

SHEET = (297.0, 210.0)
FOLD_IN_ALLOWANCE = 2.5  # mm each door is narrower than half the centre panel


@register("kannon")
def kannon(sheet=SHEET, allowance=FOLD_IN_ALLOWANCE) -> FoldPlan:
    centre = (sheet[0] + 2 * allowance) / 2      # 2 * (centre / 2 - allowance) + centre = width
    door = centre / 2 - allowance
    return FoldPlan(
        name="kannon",
        label="観音折り",
        sheet=sheet,
        sides=((door, centre, door), (door, centre, door)),
        reading=((0, 2), (0, 0), (1, 0), (1, 1), (1, 2), (0, 1)),
        roles=("cover", "flap", "inside", "inside", "inside", "back"),
        allowance=allowance,
    )
