"""Data-driven figures.  Each kind validates its ``data:`` and returns HTML or SVG
whose text is real text (selectable, searchable, tagged), never a picture of text.

A kind registers itself with ``@figure("name", DataModel)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from markupsafe import Markup
from pydantic import BaseModel

from ...data.contacts import Resolver


@dataclass
class FigureContext:
    resolver: Resolver
    render_template: Callable[..., Markup]   # (template name, **values) → Markup
    anchors: dict[str, str]                 # section anchor → heading text
    accent: str = "#000000"                 # the brochure's accent colour
    uses: set[str] = field(default_factory=set)
    language: str = "ja"                    # the edition's: en names the figure's contact in English


@dataclass(frozen=True)
class FigureKind:
    name: str
    model: type[BaseModel]
    render: Callable[[Any, FigureContext], Markup]


FIGURES: dict[str, FigureKind] = {}


def figure(name: str, model: type[BaseModel]):
    def decorate(render: Callable[[Any, FigureContext], Markup]):
        FIGURES[name] = FigureKind(name, model, render)
        return render
    return decorate


def load_kinds() -> dict[str, FigureKind]:
    from . import accessmap, flowchart, qr, staircase  # noqa: F401  (they register)
    return FIGURES
