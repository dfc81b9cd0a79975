"""Reading stroked lines back from a PDF page's content stream, in mm from the trim's top left.

A small interpreter for the operators WeasyPrint writes: q/Q/cm for the
transformation, CS/SCN for the stroke colour, d for dashes, m/l/S for lines.
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


def stroked_lines(reader, page) -> list[Line]:
    """Every straight stroked segment of a page, in mm: x from the trim's left, y down from its top."""
    trim = [float(v) for v in page["/TrimBox"]]
    ctm, stack, colour, dashed, path, lines = [1, 0, 0, 1, 0, 0], [], (), False, [], []
    for operands, op in ContentStream(page.get_contents(), reader).operations:
        if op == b"q":
            stack.append((ctm, colour, dashed))
        elif op == b"Q":
            ctm, colour, dashed = stack.pop()
        elif op == b"cm":
            ctm = _mul([float(v) for v in operands], ctm)
        elif op in (b"SCN", b"SC", b"RG", b"K"):
            colour = tuple(round(float(v), 3) for v in operands if not isinstance(v, str))
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
    return lines


REGISTRATION = (1.0, 1.0, 1.0, 1.0)


def fold_marks(reader, page) -> list[Line]:
    """Dashed vertical lines in registration colour: the 折りトンボ."""
    return [ln for ln in stroked_lines(reader, page)
            if ln.colour == REGISTRATION and ln.dashed and abs(ln.x1 - ln.x2) < 0.01]
