"""巻き三つ折り (roll fold), A4 landscape: six panels on two sides; maki3A3 is the same fold on A3.

The panel that folds in goes 3 mm narrower so it clears the fold of the
cover (print shops ask for 2-3 mm): outside 97 | 100 | 100, inside
100 | 100 | 97.  Reading order: front cover, the flap seen on opening the
cover, the three inside panels, the back.

On A3 (420 × 297 mm) each panel is about 140 × 297 mm, twice the room of an A4
panel: print shops offer it, and a language edition whose text runs longer
(やさしい日本語 with furigana on every line) uses it with the same panels.
"""

from . import FoldPlan, register

SHEET = (297.0, 210.0)
A3_SHEET = (420.0, 297.0)
FOLD_IN_ALLOWANCE = 3.0  # mm narrower for the fold-in panel (shops publish 2-3 mm)


@register("maki3")
def maki3(sheet=SHEET, allowance=FOLD_IN_ALLOWANCE, name="maki3", label="巻き三つ折り") -> FoldPlan:
    full = (sheet[0] + allowance) / 3
    short = sheet[0] - 2 * full
    return FoldPlan(
        name=name,
        label=label,
        sheet=sheet,
        sides=((short, full, full), (full, full, short)),
        # cover = outside right; flap = the fold-in panel's outer face (outside
        # left); then inside left to right; back = outside middle.
        reading=((0, 2), (0, 0), (1, 0), (1, 1), (1, 2), (0, 1)),
        roles=("cover", "flap", "inside", "inside", "inside", "back"),
        allowance=allowance,
        family="maki3",
    )


@register("maki3A3")
def maki3_a3(sheet=A3_SHEET, allowance=FOLD_IN_ALLOWANCE) -> FoldPlan:
    return maki3(sheet, allowance, name="maki3A3", label="巻き三つ折り（A3）")
