"""The print PDF in process inks: every RGB colour WeasyPrint drew becomes DeviceCMYK.

WeasyPrint lays a brochure out once, in RGB (the download and HTML editions are RGB).  The print
and proof PDFs are imposed from the same bytes (impose.py); this module then rewrites their colour
operators so that the shop converts nothing (issue: 入稿):

* text and grey rules in K alone: the layouts' ink #1a1a1a is 0 0 0 100 (never four-colour black),
  their muted grey K 75, rules K 25, the CUD greys and white likewise; any other neutral grey is K
  alone at its lightness;
* palette colours as the CMYK values in the brochure's data (``palette: accent_cmyk`` …, by default
  the CUD set's printing values), and the cover's opaque washes as the same mix of those values;
* anything else (a figure's fixed colour) converted by complementing with full grey replacement.

Operators ``rg``/``RG``/``g``/``G`` and ``sc``/``scn`` in DeviceRGB become ``k``/``K``; axial and
radial shadings in DeviceRGB get DeviceCMYK and converted end colours.  Images are left as they are
(the reference leaflets have none).  The same input gives the same output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from ..data.schema import WASHES

if TYPE_CHECKING:
    from ..data.schema import Palette

CMYK = tuple[float, float, float, float]   # 0-1
RGB8 = tuple[int, int, int]

# The layouts' fixed colours (layouts/base/*.css, the proof overlay), in K alone.
FIXED: dict[str, CMYK] = {
    "#1a1a1a": (0, 0, 0, 1.0),      # --ink: body text
    "#000000": (0, 0, 0, 1.0),
    "#4d5358": (0, 0, 0, 0.75),     # --muted: labels, notes
    "#555555": (0, 0, 0, 0.75),     # proof labels
    "#c8c8cb": (0, 0, 0, 0.25),     # --rule (CUD 明るいグレー)
    "#7f878f": (0, 0, 0, 0.55),     # CUD グレー: arrows, map roads
    "#999999": (0, 0, 0, 0.45),
    "#ffffff": (0, 0, 0, 0.0),
}
NEUTRAL = 0.05    # an RGB colour whose channels differ less than this is a grey: K alone


def rgb8(hex_colour: str) -> RGB8:
    colour = hex_colour.strip().lstrip("#")
    colour = "".join(c * 2 for c in colour) if len(colour) == 3 else colour[:6]
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def converted(rgb: tuple[float, float, float]) -> CMYK:
    """An RGB colour (0-1) with no CMYK given: a grey in K alone, else complemented, full grey replacement."""
    r, g, b = rgb
    if max(rgb) - min(rgb) < NEUTRAL:
        return (0.0, 0.0, 0.0, _round(1 - (r + g + b) / 3))
    k = 1 - max(rgb)
    return tuple(_round((1 - v - k) / (1 - k)) for v in rgb) + (_round(k),)  # type: ignore[return-value]


def _round(value: float) -> float:
    return round(min(max(value, 0.0), 1.0), 3)


class Inks:
    """RGB (8 bits a channel) → CMYK (0-1) for one brochure's print PDF."""

    def __init__(self, palette: "Palette"):
        self.table: dict[RGB8, CMYK] = {rgb8(h): c for h, c in FIXED.items()}
        given: dict[str, CMYK] = {}
        for name in ("accent", "tint", "soft"):
            rgb = rgb8(getattr(palette, name))
            percent = palette.cmyk(name)
            cmyk = tuple(v / 100 for v in percent) if percent else converted(tuple(v / 255 for v in rgb))
            given[name] = cmyk  # type: ignore[assignment]
            self.table[rgb] = cmyk  # type: ignore[assignment]
        for name, fraction in WASHES.items():
            mix = tuple(_round(t + fraction * (a - t)) for a, t in zip(given["accent"], given["tint"]))
            self.table[rgb8(palette.wash(fraction))] = mix  # type: ignore[assignment]

    def cmyk(self, rgb: tuple[float, float, float]) -> CMYK:
        key = tuple(round(min(max(v, 0.0), 1.0) * 255) for v in rgb)
        return self.table.get(key) or converted(rgb)  # type: ignore[arg-type]


def to_cmyk(pdf: Any, inks: Inks) -> None:
    """Every content stream, form, pattern and shading reachable from the pages of ``pdf`` (pikepdf), in CMYK."""
    import pikepdf

    for stream in list(_streams(pdf)):
        instructions = pikepdf.parse_content_stream(stream)
        rewritten, changed = _rewrite(instructions, inks)
        if changed:
            stream.write(pikepdf.unparse_content_stream(rewritten))
    for shading in _shadings(pdf):
        _shading_to_cmyk(shading, inks)


def _rewrite(instructions: list, inks: Inks) -> tuple[list, bool]:
    import pikepdf

    out, changed = [], False
    space = {"fill": "/DeviceGray", "stroke": "/DeviceGray"}
    for instruction in instructions:
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            out.append(instruction)
            continue
        operands, operator = instruction.operands, str(instruction.operator)
        if operator in ("cs", "CS"):
            which = "fill" if operator == "cs" else "stroke"
            space[which] = str(operands[0]) if operands else ""
            if space[which] == "/DeviceRGB":
                out.append(pikepdf.ContentStreamInstruction([pikepdf.Name.DeviceCMYK], pikepdf.Operator(operator)))
                changed = True
                continue
        elif operator in ("rg", "RG") and len(operands) == 3:
            out.append(_k(inks.cmyk(tuple(float(v) for v in operands)), "k" if operator == "rg" else "K"))
            changed = True
            continue
        elif operator in ("g", "G") and len(operands) == 1:
            out.append(_k((0.0, 0.0, 0.0, _round(1 - float(operands[0]))), "k" if operator == "g" else "K"))
            changed = True
            continue
        elif operator in ("sc", "scn", "SC", "SCN") and len(operands) == 3 \
                and space["fill" if operator.islower() else "stroke"] == "/DeviceRGB":
            cmyk = inks.cmyk(tuple(float(v) for v in operands))
            out.append(pikepdf.ContentStreamInstruction(list(cmyk), pikepdf.Operator(operator)))
            changed = True
            continue
        out.append(instruction)
    return out, changed


def _k(cmyk: CMYK, operator: str):
    import pikepdf
    return pikepdf.ContentStreamInstruction([_number(v) for v in cmyk], pikepdf.Operator(operator))


def _number(value: float):
    return int(value) if float(value).is_integer() else value


def _streams(pdf: Any) -> Iterator[Any]:
    """Page content streams and every form XObject and tiling pattern reachable from them, once each."""
    import pikepdf

    seen: set = set()
    pending = []
    for page in pdf.pages:
        contents = page.obj.get("/Contents")
        if contents is not None:
            if isinstance(contents, pikepdf.Array):
                pending += [(c, page.obj.get("/Resources")) for c in contents]
            else:
                pending.append((contents, page.obj.get("/Resources")))
    while pending:
        stream, resources = pending.pop()
        key = stream.objgen if stream.objgen != (0, 0) else id(stream)
        if key in seen:
            continue
        seen.add(key)
        yield stream
        for child in _children(resources):
            pending.append((child, child.get("/Resources")))


def _children(resources: Any) -> Iterator[Any]:
    if resources is None:
        return
    for xobject in (resources.get("/XObject") or {}).values():
        if xobject.get("/Subtype") == "/Form":
            yield xobject
    for pattern in (resources.get("/Pattern") or {}).values():
        if pattern.get("/PatternType") == 1:
            yield pattern


def _shadings(pdf: Any) -> Iterator[Any]:
    """Every shading dictionary (or stream) in the file."""
    for obj in pdf.objects:
        if hasattr(obj, "get") and obj.get("/ShadingType") is not None:
            yield obj


def _shading_to_cmyk(shading: Any, inks: Inks) -> None:
    import pikepdf

    if shading.get("/ColorSpace") != pikepdf.Name.DeviceRGB:
        return
    functions = [shading.get("/Function")]
    if functions[0] is not None and functions[0].get("/FunctionType") == 3:
        functions = list(functions[0].Functions)
    for function in functions:
        if function is None or function.get("/FunctionType") != 2:
            return   # sampled functions: left as they are
    for function in functions:
        for key in ("/C0", "/C1"):
            rgb = tuple(float(v) for v in function.get(key, [0, 0, 0] if key == "/C0" else [1, 1, 1]))
            function[key] = pikepdf.Array([_number(v) for v in inks.cmyk(rgb)])  # type: ignore[arg-type]
    shading.ColorSpace = pikepdf.Name.DeviceCMYK
