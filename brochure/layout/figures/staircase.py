"""回復のプロセス: a staircase of small steps, bottom step first in the data."""

from __future__ import annotations

from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field

from ..typeset import inline, phrases
from . import FigureContext, figure


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str = Field(description="What the step is, e.g. 家族の相談.")
    points: list[str] = Field(default_factory=list, description="What happens on this step.")


class Staircase(BaseModel):
    model_config = ConfigDict(extra="forbid")
    steps: list[Step] = Field(min_length=2, description="Steps from the bottom (first) to the top (last).")
    callout: list[str] = Field(default_factory=list, description="A short message beside the top step.")
    rise: float = Field(9.0, description="How far each step sits right of the one below (mm).")


@figure("staircase", Staircase)
def render(data: Staircase, ctx: FigureContext) -> Markup:
    count = len(data.steps)
    steps = [
        {"number": i + 1, "label": phrases(s.label), "points": [inline(p) for p in s.points],
         "indent": round(i * data.rise, 2), "level": i}
        for i, s in enumerate(data.steps)
    ]
    return ctx.render_template("figures/staircase.html", steps=list(reversed(steps)), count=count,
                               callout=[inline(c) for c in data.callout])
