"""Read what WeasyPrint laid out: painted boxes with the part of them that shows.

Preflight needs to know where text and images actually print, not where
their boxes extend: a panel is ``overflow: hidden``, so a decoration that
pokes past the trim (the cover's circles) or text that runs off the bottom is
clipped and never printed.  This walks the layout tree of a page (a private
WeasyPrint 70 API: ``Page._page_box``; see the research notes §4(b)) and
yields every painted box with its visible rectangle in millimetres, in trim
coordinates (0, 0 = the trim's top-left corner).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

PX_PER_MM = 96 / 25.4
PX_TO_PT = 0.75

Rect = tuple[float, float, float, float]   # left, top, right, bottom (mm)

# Elements whose boxes may paint into the bleed: panel backgrounds.
BLEED_CLASSES = ("bg",)


@dataclass(frozen=True)
class Painted:
    """One box that puts ink on the page."""

    kind: str            # "text", "image" or "fill" (background or border)
    box: Any             # the WeasyPrint box
    rect: Rect           # visible part, mm
    in_bleed_layer: bool  # inside a .bg element

    @property
    def text(self) -> str:
        return getattr(self.box, "text", "") or ""

    @property
    def font_pt(self) -> float:
        return self.box.style["font_size"] * PX_TO_PT


def painted(page: Any) -> Iterator[Painted]:
    """Every painted box on a rendered page, clipped by its overflow:hidden ancestors."""
    yield from _walk(page._page_box, None, False)


def _walk(box: Any, clip: Rect | None, bleed_layer: bool) -> Iterator[Painted]:
    from weasyprint.formatting_structure import boxes

    bleed_layer = bleed_layer or _has_class(box, BLEED_CLASSES)
    if box.style["visibility"] == "visible":
        kind = _kind(box, boxes)
        if kind:
            rect = _intersect(_border_rect(box), clip)
            if rect is not None:
                yield Painted(kind, box, rect, bleed_layer)
    if isinstance(box, boxes.ParentBox) and not isinstance(box, boxes.PageBox):
        if box.style["overflow"] != "visible":
            clip = _intersect(_padding_rect(box), clip) or (0.0, 0.0, 0.0, 0.0)
    for child in getattr(box, "children", ()):
        yield from _walk(child, clip, bleed_layer)


def _kind(box: Any, boxes: Any) -> str | None:
    if isinstance(box, boxes.TextBox):
        return "text" if box.text.strip() else None
    if isinstance(box, boxes.ReplacedBox):
        return "image"
    if isinstance(box, (boxes.PageBox, boxes.LineBox)):
        return None
    style = box.style
    background = style["background_color"]
    if (background and background.alpha > 0) or any(image != ("none", None) for image in style["background_image"]):
        return "fill"
    if any(style[f"border_{side}_width"] > 0 for side in ("top", "right", "bottom", "left")):
        return "fill"
    return None


def _has_class(box: Any, names: tuple[str, ...]) -> bool:
    element = getattr(box, "element", None)
    if element is None:
        return False
    return any(name in (element.get("class") or "").split() for name in names)


def _border_rect(box: Any) -> Rect:
    x, y = box.border_box_x(), box.border_box_y()
    return _mm((x, y, x + box.border_width(), y + box.border_height()))


def _padding_rect(box: Any) -> Rect:
    x, y = box.padding_box_x(), box.padding_box_y()
    return _mm((x, y, x + box.padding_width(), y + box.padding_height()))


def _mm(rect: tuple[float, float, float, float]) -> Rect:
    return tuple(value / PX_PER_MM for value in rect)  # type: ignore[return-value]


def _intersect(rect: Rect, clip: Rect | None) -> Rect | None:
    if clip is not None:
        rect = (max(rect[0], clip[0]), max(rect[1], clip[1]), min(rect[2], clip[2]), min(rect[3], clip[3]))
    return rect if rect[2] - rect[0] > 1e-6 and rect[3] - rect[1] > 1e-6 else None


def raster_dpi(box: Any) -> tuple[int, int, float] | None:
    """(pixel width, pixel height, effective dpi at printed size) of a raster image box, else None."""
    from weasyprint.images import RasterImage

    image = getattr(box, "replacement", None)
    if not isinstance(image, RasterImage) or box.width <= 0 or box.height <= 0:
        return None
    inches_w, inches_h = box.width / 96, box.height / 96
    return image.width, image.height, min(image.width / inches_w, image.height / inches_h)


def translucent(box: Any) -> tuple[str, dict] | None:
    """Why a box would be drawn with transparency, as a msgid (N_) and its values; None when opaque."""
    from ..i18n import N_

    style = box.style
    if style["opacity"] < 1:
        return N_("opacity {value:g}"), {"value": style["opacity"]}
    colours = [("color", style["color"]), ("background-color", style["background_color"])]
    colours += [(f"border-{side}-color", style[f"border_{side}_color"]) for side in ("top", "right", "bottom", "left")
                if style[f"border_{side}_width"] > 0]
    for name, colour in colours:
        alpha = getattr(colour, "alpha", 1)
        if 0 < alpha < 1:
            return N_("{property} with alpha {value:g}"), {"property": name, "value": alpha}
    for image in style["background_image"]:
        stops = getattr(image[1], "colors", None) if isinstance(image, tuple) else None
        if stops and any(getattr(c, "alpha", 1) < 1 for c in stops):
            return N_("a gradient to a transparent colour"), {}
    return None
