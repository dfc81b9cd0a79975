"""当センターへの案内図: a schematic access map drawn from data, marked not to scale.

Streets, railways and stations are named lines and points on a small grid
(north up); the map is SVG with real text, so every name is searchable.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

from markupsafe import Markup, escape
from pydantic import BaseModel, ConfigDict, Field

from . import FigureContext, figure

Point = tuple[float, float]
FONT = "BrochureGothic"


class Road(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = ""
    kind: Literal["major", "street", "minor"] = "street"
    points: list[Point] = Field(min_length=2)


class Railway(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    points: list[Point] = Field(min_length=2)


class Place(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    at: Point


class Target(BaseModel):
    model_config = ConfigDict(extra="forbid")
    label: str
    at: Point


class AccessMap(BaseModel):
    model_config = ConfigDict(extra="forbid")
    contact: str = Field(description="Contact id of the place the map leads to.")
    width: float = Field(100, description="Grid width; positions are in these units.")
    height: float = Field(80, description="Grid height.")
    roads: list[Road] = Field(default_factory=list)
    railways: list[Railway] = Field(default_factory=list)
    stations: list[Place] = Field(default_factory=list)
    landmarks: list[Place] = Field(default_factory=list)
    target: Target
    note: str = Field("縮尺は正確ではありません", description="Printed at the foot: the map is not to scale.")
    route: str | None = Field(None, description="The way there in words, for the HTML page (never printed); "
                              "default: said from the map's stations, streets and landmarks.")


ROAD_WIDTH = {"major": 7.0, "street": 4.5, "minor": 2.5}


def _path(points: list[Point]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{x:g},{y:g}" for i, (x, y) in enumerate(points))


def _text(x: float, y: float, text: str, size: float, anchor: str = "start", weight: str = "normal",
          fill: str = "#000") -> str:
    return (f'<text x="{x:g}" y="{y:g}" font-family="{FONT}" font-size="{size:g}" font-weight="{weight}" '
            f'text-anchor="{anchor}" fill="{fill}">{escape(text)}</text>')


def _road(road: Road) -> list[str]:
    width, d = ROAD_WIDTH[road.kind], _path(road.points)
    parts = [f'<path d="{d}" fill="none" stroke="#7f878f" stroke-width="{width + 0.8:g}"/>',
             f'<path d="{d}" fill="none" stroke="#ffffff" stroke-width="{width:g}"/>']
    if road.name:
        x0, y0 = road.points[0]
        parts.append(_text(x0 + 2, y0 + 1.2, road.name, 3.4 if road.kind == "major" else 3.2))
    return parts


def _railway(rail: Railway) -> list[str]:
    d = _path(rail.points)
    (x0, y0) = rail.points[-1]
    return [f'<path d="{d}" fill="none" stroke="#000" stroke-width="1.6"/>',
            f'<path d="{d}" fill="none" stroke="#fff" stroke-width="1" stroke-dasharray="4 4"/>',
            _text(x0 - 2, y0 + 5.5, rail.name, 3.2, "end")]


def _station(place: Place) -> list[str]:
    x, y = place.at
    return [f'<rect x="{x - 5:g}" y="{y - 2.2:g}" width="10" height="4.4" rx="1" fill="#fff" stroke="#000" stroke-width="0.6"/>',
            _text(x, y + 7.5, place.name, 3.4, "middle", "bold")]


LABEL_BOX = 54   # the target's label box, wide enough for a Japanese name of about 16 characters


def _text_width(text: str, size: float) -> float:
    """About how wide ``text`` sets in BIZ UDPGothic Bold: 0.95 em a wide character (its kana are
    proportional, a little narrower than kanji), 0.62 em any other (Latin letters average about 0.6 em)."""
    return sum(size * (0.95 if unicodedata.east_asian_width(c) in "WF" else 0.62) for c in text)


def _target(target: Target, accent: str, map_width: float) -> list[str]:
    """The pin and its label; a label longer than the box (a translated name) gets a box that fits it,
    moved sideways as needed to stay inside the map (the pin stays where it is)."""
    x, y = target.at
    pin = (f'<path d="M{x:g},{y:g} l-3.2,-5.2 a3.8,3.8 0 1 1 6.4,0 z" fill="{accent}" stroke="#000" stroke-width="0.4"/>'
           f'<circle cx="{x:g}" cy="{y - 7.4:g}" r="1.4" fill="#fff"/>')
    label_y = y - 15
    box = max(LABEL_BOX, round(_text_width(target.label, 3.3) + 3, 1))
    label_x = x if box == LABEL_BOX else min(max(x, box / 2 + 1), map_width - box / 2 - 1)
    return [pin,
            f'<rect x="{label_x - box / 2:g}" y="{label_y - 4.6:g}" width="{box:g}" height="6.4" rx="1.2" fill="#fff" stroke="{accent}" stroke-width="0.6"/>',
            _text(label_x, label_y, target.label, 3.3, "middle", "bold")]


def _north(width: float) -> list[str]:
    x = width - 6
    return [f'<path d="M{x:g},3 l2.2,6 l-2.2,-1.5 l-2.2,1.5 z" fill="#000"/>', _text(x, 13.5, "N", 3.2, "middle", "bold")]


def map_svg(data: AccessMap, accent: str = "#0041ff", described_by: str | None = None) -> str:
    """The map; ``described_by``: the id of the route in words, its description (the download PDF's /Alt
    says it after the title, render/accessible.py; an attribute, no drawing: the print PDF's bytes stay)."""
    body: list[str] = [f'<rect x="0" y="0" width="{data.width:g}" height="{data.height:g}" fill="#f4f4f2"/>']
    for road in sorted(data.roads, key=lambda r: ROAD_WIDTH[r.kind]):
        body += _road(road)
    for rail in data.railways:
        body += _railway(rail)
    for station in data.stations:
        body += _station(station)
    for place in data.landmarks:
        body.append(_text(place.at[0], place.at[1], place.name, 3.0, "middle"))
    body += _target(data.target, accent, data.width) + _north(data.width)
    title = _map_title(data.target.label)
    described = f' aria-describedby="{escape(described_by)}"' if described_by else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 {data.width:g} {data.height:g}" '
            f'role="img" aria-label="{escape(title)}"{described}>{"".join(body)}</svg>')


def _map_title(label: str) -> str:
    """The map's name in the language of its label (a translated edition gives an English label; the
    figure has no language of its own to ask)."""
    if any(ord(ch) > 0x2E7F for ch in label):       # CJK or kana: the Japanese edition
        return f"{label}への案内図（略図）"
    return f"Access map to {label} (not to scale)"


def route_in_words(data: AccessMap, address: str | None) -> str:
    """The map said in words, for those who cannot see it (the HTML page shows it beside the map)."""
    parts = [f"{data.target.label}の所在地は{address}です。" if address else f"{data.target.label}への道順です。"]
    if data.stations:
        parts.append(f"最寄り駅は{'、'.join(s.name for s in data.stations)}です。")
    roads = [r.name for r in data.roads + data.railways if r.name]
    if roads:
        parts.append(f"近くを{'、'.join(roads)}が通っています。")
    if data.landmarks:
        parts.append(f"目印は{'、'.join(p.name for p in data.landmarks)}です。")
    return "".join(parts)


def route_in_english(data: AccessMap, address: str | None) -> str:
    """The map said in words, in an English edition (its labels translated, the address romanised
    where the record has it)."""
    def listed(names: list[str]) -> str:
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    label = data.target.label
    parts = [f"{label} is at {address}." if address else f"The way to {label}."]
    if data.stations:
        parts.append(f"The nearest station{' is' if len(data.stations) == 1 else 's are'} "
                     f"{listed([s.name for s in data.stations])}.")
    roads = [r.name for r in data.roads + data.railways if r.name]
    if roads:
        parts.append(f"{listed(roads)} {'runs' if len(roads) == 1 else 'run'} nearby.")
    if data.landmarks:
        parts.append(f"Landmarks: {', '.join(p.name for p in data.landmarks)}.")
    return " ".join(parts)


@figure("access-map", AccessMap)
def render(data: AccessMap, ctx: FigureContext) -> Markup:
    ctx.uses.add(data.contact)
    english = ctx.language == "en"
    card = ctx.resolver.card(_entry(data.contact), english)
    address = " ".join(filter(None, (f"〒{card.postal_code}" if card.postal_code else None, card.address)))
    route_id = f"route-{data.contact}"
    route = data.route or (route_in_english(data, card.address_en or address or None) if english
                           else route_in_words(data, address or None))
    return ctx.render_template("figures/accessmap.html", svg=Markup(map_svg(data, ctx.accent, route_id)),
                               note=data.note, label=data.target.label, route_id=route_id, route=route)


def _entry(contact_id: str):
    from ...data.schema import ContactEntry
    return ContactEntry(id=contact_id)
