"""The data rows of an .xlsx sheet, written as XML text instead of through openpyxl.

openpyxl (write-only mode too) makes a cell object for every value and writes
it through lxml element by element: ~1 million cells of a national registry
took ~9 s, most of an export.  The workbook is still made by openpyxl (the
header, column widths and formats, drop-down lists, frozen panes, the filter,
the styles), with no data rows; ``inject`` then puts the rows, written here as
the same XML openpyxl writes (inline strings, dates as serial numbers with the
date format), into each sheet's ``<sheetData>``.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any, Callable
from xml.sax.saxutils import escape

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

StyleOf = Callable[[int, Any], int]      # (column index, value) → style id, 0 for none


def rows_xml(rows: list[list[Any]], style_of: StyleOf, first: int = 2) -> str:
    """``<row>`` elements for ``rows`` from row ``first``; None and "" leave the cell out."""
    letters = [get_column_letter(i + 1) for i in range(max((len(r) for r in rows), default=0))]
    out = []
    for number, row in enumerate(rows, start=first):
        cells = "".join(_cell(f"{letters[i]}{number}", value, style_of(i, value))
                        for i, value in enumerate(row) if value is not None and value != "")
        out.append(f'<row r="{number}">{cells}</row>')
    return "".join(out)


def _cell(ref: str, value: Any, style: int) -> str:
    s = f' s="{style}"' if style else ""
    if isinstance(value, str):
        if value.startswith("=") or ILLEGAL_CHARACTERS_RE.search(value):
            raise ValueError(ref)   # a formula, or refused by openpyxl: the caller writes the sheet its way
        space = ' xml:space="preserve"' if value.strip() and value != value.strip() else ""
        return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{escape(value)}</t></is></c>'
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (datetime.date, datetime.datetime)):
        value = to_excel(value)
    return f'<c r="{ref}"{s} t="n"><v>{value}</v></c>'


def inject(book_bytes: bytes, sheets: dict[str, str]) -> bytes:
    """The workbook with each named member's ``</sheetData>`` preceded by its rows."""
    source = zipfile.ZipFile(io.BytesIO(book_bytes))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename in sheets:
                xml = data.decode("utf-8")
                if xml.count("</sheetData>") != 1:
                    raise ValueError(info.filename)
                data = xml.replace("</sheetData>", sheets[info.filename] + "</sheetData>").encode("utf-8")
            target.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
