"""二つ折り (bi-fold): one fold down the middle, four pages.

nioriA4: A4 landscape sheet → A5 portrait leaflet (148.5 | 148.5 × 210 mm);
nioriA3: A3 landscape sheet → A4 portrait leaflet (210 | 210 × 297 mm).
Both halves are equal (shops fold bi-folds in the middle, no allowance).
Horizontal Japanese text opens like a Western book: outside right is the
cover, inside left and right are pages 2 and 3, outside left is the back.
"""

from . import FoldPlan, register

A4_SHEET = (297.0, 210.0)
A3_SHEET = (420.0, 297.0)
FOLD_IN_ALLOWANCE = 0.0  # mm; shops fold a bi-fold in the middle


def bifold(name: str, sheet: tuple[float, float], allowance: float) -> FoldPlan:
    inner = (sheet[0] - allowance) / 2
    outer = sheet[0] - inner
    return FoldPlan(
        name=name,
        label="二つ折り",
        sheet=sheet,
        sides=((outer, inner), (inner, outer)),
        reading=((0, 1), (1, 0), (1, 1), (0, 0)),
        roles=("cover", "inside", "inside", "back"),
        allowance=allowance,
    )


@register("nioriA4")
def niori_a4(sheet=A4_SHEET, allowance=FOLD_IN_ALLOWANCE) -> FoldPlan:
    return bifold("nioriA4", sheet, allowance)


@register("nioriA3")
def niori_a3(sheet=A3_SHEET, allowance=FOLD_IN_ALLOWANCE) -> FoldPlan:
    return bifold("nioriA3", sheet, allowance)
