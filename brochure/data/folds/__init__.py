"""The fold catalogue: each fold knows its sheet, panels, reading order and fold lines.

A fold registers itself by name with ``@register``; a brochure names it with
``fold: maki3``.  Geometry is in millimetres, x from the left trim edge of
each printed side, as the print shop measures it.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import pkgutil
from dataclasses import dataclass
from typing import Any, Callable

from ...errors import Problem
from ...i18n import _

FOLDS: dict[str, Callable[..., "FoldPlan"]] = {}


def register(name: str):
    def decorate(factory: Callable[..., "FoldPlan"]):
        FOLDS[name] = factory
        return factory
    return decorate


@dataclass(frozen=True)
class Slot:
    """Where one panel is printed: which side of the sheet, which column."""

    side: int          # PDF page: 2k = outside of sheet k, 2k + 1 = its inside (one sheet: 0 outside, 1 inside)
    column: int        # 0 = leftmost as the sheet lies printed side up
    x: float           # left edge, mm from the trim
    width: float       # mm
    shift: float = 0.0  # mm the content moves right (negative: left) of x, e.g. creep in a booklet


@dataclass(frozen=True)
class FoldPlan:
    name: str
    label: str                              # 巻き三つ折り
    sheet: tuple[float, float]              # trim width, height (mm), as printed
    sides: tuple[tuple[float, ...], ...]    # panel widths per side, left to right
    reading: tuple[tuple[int, int], ...]    # reading position → (side, column)
    roles: tuple[str, ...]                  # expected role per reading position
    safe_from_fold: float = 3.0             # text keeps this far from a fold (mm)
    allowance: float = 0.0                  # mm a fold-in panel is made narrower (0: equal panels)
    shifts: tuple[tuple[float, ...], ...] | None = None   # per side and column, mm (None: no shift)
    family: str | None = None               # the layout folder the sizes of one fold share (maki3A3 → maki3)

    @property
    def panel_count(self) -> int:
        return len(self.reading)

    @property
    def sheet_count(self) -> int:
        """Sheets of paper: each has two printed sides."""
        return len(self.sides) // 2

    def slot(self, position: int) -> Slot:
        side, column = self.reading[position]
        widths = self.sides[side]
        shift = self.shifts[side][column] if self.shifts else 0.0
        return Slot(side, column, sum(widths[:column]), widths[column], shift)

    def folds(self, side: int) -> list[float]:
        """x of every fold line on a side (mm from the left trim)."""
        widths, x, lines = self.sides[side], 0.0, []
        for width in widths[:-1]:
            x += width
            lines.append(x)
        return lines

    def position_of(self, side: int, column: int) -> int:
        return self.reading.index((side, column))


@functools.lru_cache(maxsize=None)
def load_catalogue() -> dict[str, Callable[..., FoldPlan]]:
    """Import every module of this package once: each registers its fold (listing the package is
    not free, and a batch asks for every brochure)."""
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return FOLDS


def fold_plan(name: str, allowance: float | None = None) -> FoldPlan:
    """The plan of fold ``name``; ``allowance`` (mm) overrides the fold's default when given."""
    factory = load_catalogue()[name]
    return factory() if allowance is None else factory(allowance=allowance)


def check_fold(name: str, panel_count: int, located: Any, allowance: float | None = None) -> list[Problem]:
    """Problems with a brochure's fold: an unknown name, or panels that do not match the fold."""
    folds = load_catalogue()
    if name not in folds:
        return [located.problem(("fold",), _("unknown fold {name!r}").format(name=name),
                                hint=_("known folds: {folds}").format(folds=", ".join(sorted(folds))))]
    if allowance is not None and "allowance" not in inspect.signature(folds[name]).parameters:
        return [located.problem(("print", "fold_allowance"), _("{name} has no fold-in panel to make narrower").format(
            name=name), hint=_("remove fold_allowance for this fold"))]
    plan = fold_plan(name, allowance)
    if panel_count != plan.panel_count:
        return [located.problem(("panels",), _("{label} ({name}) has {count} panels, the data has {found}").format(
            label=plan.label, name=name, count=plan.panel_count, found=panel_count),
            hint=_("list {count} panels in reading order ({roles}), or choose another fold").format(
                count=plan.panel_count, roles=", ".join(plan.roles)))]
    return []
