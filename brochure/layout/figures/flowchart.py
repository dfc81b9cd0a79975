"""支援につながるフローチャート: yes/no questions leading to the leaflet's sections.

Each question's はい leads to a section of the same leaflet, named by the
anchor of its heading; いいえ leads down to the next question.  The targets'
names are read from the headings, so renaming a section renames the chart.
"""

from __future__ import annotations

from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field

from ..typeset import inline, phrases
from . import FigureContext, figure


class Question(BaseModel):
    model_config = ConfigDict(extra="forbid")
    ask: str = Field(description="The question, answered はい or いいえ.")
    target: str = Field(description="Anchor of the section a はい leads to.")


class Otherwise(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(description="Text before the final target, e.g. 迷ったときは.")
    target: str = Field(description="Anchor of the section for everyone else.")


class Flowchart(BaseModel):
    model_config = ConfigDict(extra="forbid")
    start: str | None = Field(None, description="An optional starting box above the first question.")
    questions: list[Question] = Field(min_length=1)
    otherwise: Otherwise | None = None


class UnknownAnchor(ValueError):
    pass


@figure("flowchart", Flowchart)
def render(data: Flowchart, ctx: FigureContext) -> Markup:
    def target(anchor: str) -> dict:
        if anchor not in ctx.anchors:
            raise UnknownAnchor(f"no heading has anchor {anchor!r}; anchors: {', '.join(sorted(ctx.anchors))}")
        return {"anchor": anchor, "label": phrases(ctx.anchors[anchor]), "name": ctx.anchors[anchor]}

    questions = [{"ask": inline(q.ask), "target": target(q.target)} for q in data.questions]
    otherwise = {"text": inline(data.otherwise.text), "target": target(data.otherwise.target)} if data.otherwise else None
    return ctx.render_template("figures/flowchart.html", start=inline(data.start) if data.start else None, questions=questions,
                               otherwise=otherwise)
