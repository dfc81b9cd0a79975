"""Shrink-to-fit: a panel that opts in (``fit: shrink``) gets smaller type until it fits.

The type is scaled by adding, for that panel only, a copy of every layout
rule that sets a font size in pt, prefixed with the panel's id and the size
multiplied by the scale (sizes in em and unitless line heights follow by
themselves).  The layouts stay untouched, so panels that do not shrink look
exactly as designed.  The scale steps down by half a point of body text and
never below the panel's floors (``min_body_pt``, ``min_note_pt``); if it still
does not fit there, the overflow check reports it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

import tinycss2

STEP_PT = 0.5          # one step of body text size
TOLERANCE_MM = 0.05    # as the overflow check
BODY_SELECTOR, NOTE_SELECTOR = ".panel", "p.note"
DEFAULT_BODY_PT, DEFAULT_NOTE_PT = 10.0, 9.0


@dataclass(frozen=True)
class Sized:
    """A layout rule that sets a font size in pt."""

    selectors: tuple[str, ...]
    size_pt: float


@dataclass(frozen=True)
class TypeScale:
    """The font-size rules of a layout and what they mean for the floors."""

    rules: tuple[Sized, ...]
    floor_pt: float = 0.0     # no rule below this size (0: the layout's sizes as they are)

    @classmethod
    def from_files(cls, files: list[Path]) -> "TypeScale":
        return cls(tuple(rule for path in files for rule in sized_rules(path.read_text(encoding="utf-8"))))

    def size_of(self, selector: str, default: float) -> float:
        return next((r.size_pt for r in self.rules if selector in r.selectors), default)

    @property
    def body_pt(self) -> float:
        return self.size_of(BODY_SELECTOR, DEFAULT_BODY_PT)

    @property
    def note_pt(self) -> float:
        return self.size_of(NOTE_SELECTOR, DEFAULT_NOTE_PT)

    def floor(self, min_body_pt: float, min_note_pt: float) -> float:
        """Smallest scale that keeps body and notes at or above their floors."""
        return min(1.0, max(min_body_pt / self.body_pt, min_note_pt / self.note_pt))

    def raised(self, floor_pt: float) -> "TypeScale":
        """The scale with every smaller size set at ``floor_pt``: the furigana edition sets no text
        below 10 pt, so that no reading (half its base) is below 5 pt."""
        return replace(self, rules=tuple(Sized(r.selectors, max(r.size_pt, floor_pt)) for r in self.rules),
                       floor_pt=floor_pt)

    def css(self, scales: dict[int, float]) -> str:
        """Scoped rules for every panel whose scale is not 1 (below: shrunk, above: filled), and for
        every panel given when the sizes were raised."""
        out = []
        for position, scale in sorted(scales.items()):
            if scale == 1.0 and not self.floor_pt:
                continue
            prefix = f"#panel-{position}"
            for rule in self.rules:
                selectors = [s for sel in rule.selectors for s in _scoped(sel, prefix)]
                if selectors:
                    out.append(f"{', '.join(selectors)} {{ font-size: {rule.size_pt * scale:.3f}pt }}")
        return "\n".join(out)


def sized_rules(css: str) -> list[Sized]:
    rules = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        for decl in tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True):
            if decl.type != "declaration" or decl.lower_name != "font-size":
                continue
            tokens = [t for t in decl.value if t.type not in ("whitespace", "comment")]
            if len(tokens) == 1 and tokens[0].type == "dimension" and tokens[0].lower_unit == "pt" \
                    and tokens[0].value > 0:
                selectors = tuple(" ".join(s.split()) for s in tinycss2.serialize(rule.prelude).split(","))
                rules.append(Sized(selectors, float(tokens[0].value)))
    return rules


def _scoped(selector: str, prefix: str) -> list[str]:
    """The selector inside the panel; a selector starting with a class may also be the panel itself."""
    first = selector.split()[0]
    if first in ("html", "body") or first.startswith((".sheet", ".page", ".print", ".download")):
        return []
    if selector == BODY_SELECTOR:
        return [prefix + selector]
    return [f"{prefix} {selector}"] + ([prefix + selector] if selector.startswith(".") else [])


def with_css(html: str, css: str) -> str:
    """The HTML with extra rules after the layout's (same specificity order + the panel id)."""
    return html.replace("</head>", f"<style>\n{css}\n</style>\n</head>", 1) if css else html


def shrink_to_fit(floors: dict[int, float], body_pt: float,
                  measure: Callable[[dict[int, float]], dict[int, float | None]]) -> dict[int, float]:
    """Scales per panel position: step each overflowing panel down until it fits or hits its floor.

    ``measure(scales)`` renders with those scales and returns each panel's
    overflow in mm (positive: runs over; None: content lost).
    """
    scales = {position: 1.0 for position in floors}
    step = STEP_PT / body_pt
    while True:
        overflow = measure(scales)
        changed = False
        for position, floor in floors.items():
            over = overflow.get(position)
            if (over is None or over > TOLERANCE_MM) and scales[position] > floor + 1e-9:
                scales[position] = max(floor, round(scales[position] - step, 6))
                changed = True
        if not changed:
            return scales


def fill_to_fit(ceilings: dict[int, float], body_pt: float,
                measure: Callable[[dict[int, float]], dict[int, float | None]]) -> dict[int, float]:
    """Scales per panel position for ``fit: fill``: step each panel's type up while it still fits,
    never above its ceiling (``max_body_pt`` / body size); a step that runs over is taken back.

    ``measure`` is as for ``shrink_to_fit``.  Each layout costs a second or more (a furigana edition), so
    every panel first tries its ceiling: a panel with room to spare is done in one layout, and only the
    panels that ran over step up from the bottom (the same sizes as stepping up alone: a size that fits
    leaves every smaller one fitting)."""
    overflow = measure(dict(ceilings))
    at_ceiling = {p for p in ceilings if overflow.get(p) is not None and overflow[p] <= TOLERANCE_MM}
    scales = {position: (ceilings[position] if position in at_ceiling else 1.0) for position in ceilings}
    growing = set(ceilings) - at_ceiling
    step = STEP_PT / body_pt
    while growing:
        trial = {p: (min(ceilings[p], round(s + step, 6)) if p in growing else s) for p, s in scales.items()}
        growing = {p for p in growing if trial[p] > scales[p] + 1e-9}
        if not growing:
            break
        overflow = measure(trial)
        for position in sorted(growing):
            over = overflow.get(position)
            if over is None or over > TOLERANCE_MM:
                growing.discard(position)          # this step runs over: keep the last size that fitted
            else:
                scales[position] = trial[position]
    return scales
