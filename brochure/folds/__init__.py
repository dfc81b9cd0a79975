"""The fold catalogue: each fold knows its sheet, panels, reading order and fold lines.

A fold registers itself by name with ``@register``; a brochure names it with
``fold: maki3``.  Geometry is in millimetres, x from the left trim edge of
each printed side, as the print shop measures it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from ..errors import Problem

FOLDS: dict[str, Callable[[], "FoldPlan"]] = {}


def register(name: str):
    def decorate(factory: Callable[[], "FoldPlan"]):
        FOLDS[name] = factory
        return factory
    return decorate


@dataclass(frozen=True)
class Slot:
    """Where one panel is printed: which side of the sheet, which column."""

    side: int          # 0: outside (page 1), 1: inside (page 2)
    column: int        # 0 = leftmost as the sheet lies printed side up
    x: float           # left edge, mm from the trim
    width: float       # mm


@dataclass(frozen=True)
class FoldPlan:
    name: str
    label: str                              # 巻き三つ折り
    sheet: tuple[float, float]              # trim width, height (mm), as printed
    sides: tuple[tuple[float, ...], ...]    # panel widths per side, left to right
    reading: tuple[tuple[int, int], ...]    # reading position → (side, column)
    roles: tuple[str, ...]                  # expected role per reading position
    safe_from_fold: float = 3.0             # text keeps this far from a fold (mm)

    @property
    def panel_count(self) -> int:
        return len(self.reading)

    def slot(self, position: int) -> Slot:
        side, column = self.reading[position]
        widths = self.sides[side]
        return Slot(side, column, sum(widths[:column]), widths[column])

    def folds(self, side: int) -> list[float]:
        """x of every fold line on a side (mm from the left trim)."""
        widths, x, lines = self.sides[side], 0.0, []
        for width in widths[:-1]:
            x += width
            lines.append(x)
        return lines

    def position_of(self, side: int, column: int) -> int:
        return self.reading.index((side, column))


def fold_plan(name: str) -> FoldPlan:
    from . import maki3  # noqa: F401  (registers itself)
    return FOLDS[name]()


def check_fold(name: str, panel_count: int, file: str, line: int | None) -> list[Problem]:
    from . import maki3  # noqa: F401
    if name not in FOLDS:
        return [Problem(file, "fold", f"unknown fold {name!r}", line, hint="known folds: " + ", ".join(sorted(FOLDS)))]
    plan = FOLDS[name]()
    if panel_count != plan.panel_count:
        return [Problem(file, "panels", f"{plan.label} ({name}) has {plan.panel_count} panels, the data has {panel_count}",
                        line, hint="list one panel per page of the folded leaflet, in reading order")]
    return []
