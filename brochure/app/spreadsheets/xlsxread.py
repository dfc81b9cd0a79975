"""Reading an .xlsx workbook's sheets and cell values straight from its XML.

openpyxl's read-only mode parses every sheet once more at load to find its
size when the file does not state it (its own write-only files do not), and
makes an object per string: ~6 s for a national registry's million cells,
most of an import.  lxml reads the same values in ~2.5 s.  The values are the
ones openpyxl gives (``iter_rows(values_only=True)``): text, numbers, booleans,
dates by the cell's number format, error texts.  A sheet with formulas is read
by openpyxl (formulas as ``=…``, shared ones translated), as is a workbook
whose parts are not where this reader looks.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class Book:
    """A workbook's sheets (name → hidden state, in order) and, on request, a sheet's rows."""

    def __init__(self, path: Path):
        self.path = path
        self.archive = zipfile.ZipFile(path)
        workbook = etree.fromstring(self.archive.read("xl/workbook.xml"))
        targets = {r.get("Id"): r.get("Target") for r in
                   etree.fromstring(self.archive.read("xl/_rels/workbook.xml.rels")).iter(PKG_REL + "Relationship")}
        self.states: dict[str, str] = {}
        self.paths: dict[str, str] = {}
        for sheet in workbook.iter(MAIN + "sheet"):
            name = sheet.get("name")
            self.states[name] = sheet.get("state") or "visible"
            target = targets[sheet.get(REL + "id")]
            self.paths[name] = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
        pr = workbook.find(MAIN + "workbookPr")
        self.date1904 = pr is not None and pr.get("date1904") in ("1", "true")

    def close(self) -> None:
        self.archive.close()

    def xml(self, name: str) -> bytes:
        return self.archive.read(self.paths[name])

    def rows(self, name: str) -> list[list[Any]]:
        """Every row from row 1, as openpyxl's read-only mode gives them (a missing row is empty)."""
        xml = self.xml(name)
        if b"<f>" in xml or b"<f " in xml or b":f>" in xml or b":f " in xml:
            return self._by_openpyxl(name)
        strings = self._shared_strings()
        styles = self._date_styles()
        rows: list[list[Any]] = []
        for _event, row in etree.iterparse(_source(xml), tag=MAIN + "row"):
            number = int(row.get("r") or len(rows) + 1)
            rows += [[] for _ in range(number - 1 - len(rows))]
            values: list[Any] = []
            for cell in row.iter(MAIN + "c"):
                column = _column(cell.get("r")) if cell.get("r") else len(values) + 1
                values += [None] * (column - 1 - len(values))
                values.append(_value(cell, strings, styles))
            rows.append(values)
            row.clear()
        return rows

    def _by_openpyxl(self, name: str) -> list[list[Any]]:
        from openpyxl import load_workbook
        book = load_workbook(self.path, read_only=True, data_only=False)
        try:
            return [list(r) for r in book[name].iter_rows(values_only=True)]
        finally:
            book.close()

    def _shared_strings(self) -> list[str]:
        path = "xl/sharedStrings.xml"
        if path not in self.archive.namelist():
            return []
        return [_text(si).replace("x005F_", "") for _e, si in
                etree.iterparse(_source(self.archive.read(path)), tag=MAIN + "si")]

    def _date_styles(self) -> tuple[set[int], set[int], Any]:
        """The style ids whose number format is a date, those that are a duration, and the epoch
        (openpyxl's own reading of styles.xml)."""
        from openpyxl.styles.stylesheet import Stylesheet
        from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900
        epoch = CALENDAR_MAC_1904 if self.date1904 else CALENDAR_WINDOWS_1900
        if "xl/styles.xml" not in self.archive.namelist():
            return set(), set(), epoch
        sheet = Stylesheet.from_tree(etree.fromstring(self.archive.read("xl/styles.xml")))
        return set(sheet.date_formats), set(sheet.timedelta_formats), epoch


def _source(xml: bytes) -> io.BytesIO:
    return io.BytesIO(xml)


def _column(ref: str) -> int:
    number = 0
    for ch in ref:
        if not ch.isalpha():
            break
        number = number * 26 + ord(ch.upper()) - 64
    return number


def _text(node) -> str:
    """A string's text without its phonetic guide (ルビ, <rPh>), as openpyxl reads it."""
    parts = [node.findtext(MAIN + "t") or ""]
    parts += [r.findtext(MAIN + "t") or "" for r in node.iterchildren(MAIN + "r")]
    return "".join(parts)


def _value(cell, strings: list[str], styles: tuple[set[int], set[int], Any]) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        child = cell.find(MAIN + "is")
        return _text(child) if child is not None else None
    value = cell.findtext(MAIN + "v") or None
    if value is None:
        return None
    if kind == "s":
        return strings[int(value)]
    if kind == "b":
        return bool(int(value))
    if kind in ("str", "e"):
        return value
    if kind == "d":
        from openpyxl.utils.datetime import from_ISO8601
        return from_ISO8601(value)
    number = float(value) if "." in value or "E" in value or "e" in value else int(value)
    dates, durations, epoch = styles
    style = int(cell.get("s") or 0)
    if style in dates:
        from openpyxl.utils.datetime import from_excel
        try:
            return from_excel(number, epoch, timedelta=style in durations)
        except (OverflowError, ValueError):
            return "#VALUE!"
    return number
