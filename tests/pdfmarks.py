"""Reading stroked lines back from a PDF page's content stream, in mm from the trim's top left.

A small interpreter for the operators in a page's own content stream (the
marks; imposed panels are Form XObjects and are not entered): q/Q/cm for the
transformation, CS/SCN for the stroke colour, d for dashes, m/l/S for lines.
A stroke in a Separation /All colour space is registration colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from pypdf.generic import ContentStream

PT_TO_MM = 25.4 / 72


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    colour: tuple
    dashed: bool


def _mul(a, b):
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def stroked_lines(reader, page, into_forms: bool = False) -> list[Line]:
    """Every straight stroked segment of a page, in mm: x from the trim's left, y down from its top.

    With ``into_forms``, the Form XObjects the page draws are read too (the proof's overlay)."""
    trim = [float(v) for v in page.get("/TrimBox", page.mediabox)]
    lines: list[Line] = []
    _stroke(reader, page.get_contents(), page["/Resources"].get_object(), [1, 0, 0, 1, 0, 0], trim, lines,
            into_forms)
    return lines


def _stroke(reader, contents, resources, ctm, trim, lines, into_forms) -> None:
    spaces = resources.get("/ColorSpace", {})
    stack, colour, dashed, path = [], (), False, []
    space = None
    for operands, op in ContentStream(contents, reader).operations:
        if op == b"Do" and into_forms:
            form = resources["/XObject"][operands[0]].get_object()
            matrix = [float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0])]
            _stroke(reader, form, form["/Resources"].get_object(), _mul(matrix, ctm), trim, lines, into_forms)
        elif op == b"q":
            stack.append((ctm, colour, dashed))
        elif op == b"Q":
            ctm, colour, dashed = stack.pop()
        elif op == b"cm":
            ctm = _mul([float(v) for v in operands], ctm)
        elif op == b"CS":
            space = _separation(spaces.get(operands[0]))
        elif op in (b"SCN", b"SC", b"RG", b"K"):
            values = tuple(round(float(v), 3) for v in operands if not isinstance(v, str))
            colour = (space,) + values if op in (b"SCN", b"SC") and space else values
        elif op == b"d":
            dashed = len(operands[0]) > 0
        elif op in (b"m", b"l"):
            x, y = float(operands[0]), float(operands[1])
            point = (x * ctm[0] + y * ctm[2] + ctm[4], x * ctm[1] + y * ctm[3] + ctm[5])
            path = [point] if op == b"m" else path + [point]
        elif op == b"S":
            for (x1, y1), (x2, y2) in zip(path, path[1:]):
                lines.append(Line(round((x1 - trim[0]) * PT_TO_MM, 2), round((trim[3] - y1) * PT_TO_MM, 2),
                                  round((x2 - trim[0]) * PT_TO_MM, 2), round((trim[3] - y2) * PT_TO_MM, 2),
                                  colour, dashed))
            path = []
        elif op in (b"n", b"f", b"B", b"b", b"s"):
            path = []


@dataclass(frozen=True)
class Placed:
    """A panel drawn on an imposed sheet: its visible area in mm from the trim's top left, and where
    its content's left edge (the panel page's trim) lands."""

    left: float
    top: float
    right: float
    bottom: float
    form: object
    content_left: float = 0.0

    def text(self) -> str:
        """The text the panel draws (pypdf reads it as if the form were a page)."""
        from pypdf import PageObject
        from pypdf.generic import NameObject

        page = PageObject.create_blank_page(width=1, height=1)
        page[NameObject("/Resources")] = self.form["/Resources"]
        page[NameObject("/Contents")] = self.form.indirect_reference
        return page.extract_text()


def placed_panels(reader, page) -> list[Placed]:
    """Every Form XObject the page draws at its top level, clipped to its BBox, left to right."""
    trim = [float(v) for v in page.get("/TrimBox", page.mediabox)]
    xobjects = page["/Resources"].get_object().get("/XObject", {})
    ctm, stack, found = [1, 0, 0, 1, 0, 0], [], []
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"q":
            stack.append(ctm)
        elif op == b"Q":
            ctm = stack.pop()
        elif op == b"cm":
            ctm = _mul([float(v) for v in operands], ctm)
        elif op == b"Do":
            form = xobjects[operands[0]].get_object()
            m = _mul([float(v) for v in form.get("/Matrix", [1, 0, 0, 1, 0, 0])], ctm)
            x0, y0, x1, y1 = (float(v) for v in form["/BBox"])
            left, right = sorted((x0 * m[0] + m[4], x1 * m[0] + m[4]))
            low, high = sorted((y0 * m[3] + m[5], y1 * m[3] + m[5]))
            origin = m[4]          # WeasyPrint puts a page's trim at x = 0 (the bleed is negative)
            found.append(Placed(round((left - trim[0]) * PT_TO_MM, 2), round((trim[3] - high) * PT_TO_MM, 2),
                                round((right - trim[0]) * PT_TO_MM, 2), round((trim[3] - low) * PT_TO_MM, 2),
                                form, round((origin - trim[0]) * PT_TO_MM, 2)))
    return sorted(found, key=lambda p: p.left)


def _separation(space) -> str | None:
    """The colorant name of a Separation colour space, else None."""
    space = space.get_object() if space is not None else None
    if isinstance(space, list) and len(space) > 1 and space[0] == "/Separation":
        return str(space[1]).lstrip("/")
    return None


REGISTRATION = ("All", 1.0)     # full tint of Separation /All: every plate


def fold_marks(reader, page) -> list[Line]:
    """Dashed vertical lines in registration colour: the 折りトンボ."""
    return [ln for ln in stroked_lines(reader, page)
            if ln.colour == REGISTRATION and ln.dashed and abs(ln.x1 - ln.x2) < 0.01]
