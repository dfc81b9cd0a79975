"""Spreadsheet files: .xlsx with openpyxl, .csv as Japanese Excel writes and reads it.

Out, a CSV is UTF-8 with a BOM: without the BOM, Japanese Excel reads UTF-8 as
Shift_JIS and shows mojibake.  In, a CSV is UTF-8 (with or without the BOM)
when it decodes as UTF-8 strictly, else CP932 (what Excel's 「CSV (コンマ区切り)」
writes) when it decodes as that strictly, else an error: never a silent
guess.  CP932 has no 〜 (U+301C) and a few others; Excel writes ～ (U+FF5E)
instead, so ``cp932_folded`` says which text an unchanged cell comes back as.

An .xlsx is read with formulas as formulas (not their cached values: the
value a formula shows is not what the registry should hold), hidden sheets
and rows and merged cells are found and reported, never read past.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from ...data.table import COLUMNS, PLACES_SHEET, SHEET, CellProblem, Sheet, cell_name
from ...errors import DataError, Problem, UsageError
from ...files import atomic_write

TEXT_FORMAT = "@"     # Excel's 「文字列」: keeps 083-… and 003-0029 as typed
DATE_FORMAT = "yyyy-mm-dd"
# Characters CP932 cannot hold, as Excel writes them when it saves a CSV in CP932.
CP932_FOLDS = str.maketrans({"〜": "～", "−": "－", "‖": "∥", "¢": "￠", "£": "￡", "¬": "￢", "—": "―"})
KINDS_FOR_LIST = '"団体,事業・集まり,会場,ネットワーク"'


def kind_of(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise UsageError(f"{path.name}: use a file ending in .xlsx or .csv")
    return suffix[1:]


def cp932_folded(text: str) -> str:
    return text.translate(CP932_FOLDS)


# --------------------------------------------------------------------------- writing


def write_csv(path: Path, rows: list[list[Any]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")   # Excel's own line ends
    writer.writerow([c.header for c in COLUMNS])
    for row in rows:
        writer.writerow(["" if v is None else v.isoformat() if hasattr(v, "isoformat") else v for v in row])
    atomic_write(path, buffer.getvalue().encode("utf-8-sig"))


def write_xlsx(path: Path, rows: list[list[Any]], places: list[list[Any]]) -> None:
    """The workbook from openpyxl, its data rows written as XML text (sheetrows.py: ~9 → ~2 s for a
    national registry); through openpyxl when a value needs its own handling (a formula, a control
    character), as the export always did."""
    from . import sheetrows
    try:
        book, styles = _workbook(rows, places, stream=False)
        style_of = lambda i, value: styles.get((i, "\n" in str(value)), 0)   # noqa: E731
        data = sheetrows.inject(_saved(book), {
            "xl/worksheets/sheet1.xml": sheetrows.rows_xml(rows, style_of),
            "xl/worksheets/sheet2.xml": sheetrows.rows_xml(places, lambda i, value: 0)})
    except ValueError:
        data = _saved(_workbook(rows, places, stream=True)[0])
    atomic_write(path, data)


def _saved(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _workbook(rows: list[list[Any]], places: list[list[Any]], stream: bool):
    """Write-only mode: a national registry (~40,000 rows) is streamed, not held as cell objects;
    without ``stream``, the sheets get only their header rows.  Also the style id of each
    (column, has a line break) that is styled, for rows written as XML."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    sheet.freeze_panes = "C2"        # the header row and the ID stay in view
    grey = PatternFill("solid", fgColor="EEEEEE")
    for index, column in enumerate(COLUMNS, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width
        if not column.editable:
            dimension.fill = grey          # the whole column: read-only, for reading only
        if _format(column.kind) == TEXT_FORMAT:
            dimension.number_format = TEXT_FORMAT   # rows added below the data keep 0 too
    header = []
    for column in COLUMNS:
        cell = WriteOnlyCell(sheet, column.header)
        cell.font = Font(bold=True)
        if not column.editable:
            cell.fill = grey
            cell.comment = Comment("参照のみ：ここを変えても取り込まれません", "brochure")
        header.append(cell)
    sheet.append(header)
    styled = {i: _format(c.kind) for i, c in enumerate(COLUMNS) if _format(c.kind)}
    wrap = Alignment(wrap_text=True, vertical="top")
    lines = [i for i, c in enumerate(COLUMNS) if c.kind == "lines"]
    for row in rows if stream else []:
        # plain values are written fast; a cell object only where a format must go with the value
        # (「文字列」 keeps a retyped 083-… from becoming a number), None leaves the cell out
        cells: list[Any] = [None if v == "" else v for v in row]
        for i, number_format in styled.items():
            if cells[i] is not None:
                cells[i] = cell = WriteOnlyCell(sheet, cells[i])
                cell.number_format = number_format
        for i in lines:
            if cells[i] is not None and "\n" in cells[i]:
                cells[i] = cell = WriteOnlyCell(sheet, cells[i])
                cell.alignment = wrap
        sheet.append(cells)
    _validations(sheet, len(rows), DataValidation, get_column_letter)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"   # sort and filter in Excel
    _places_sheet(book, places if stream else [])
    return book, _style_ids(sheet, styled, lines, wrap, WriteOnlyCell)


def _style_ids(sheet, styled: dict[int, str], lines: list[int], wrap, WriteOnlyCell) -> dict[tuple[int, bool], int]:
    """(column, has a line break) → the style id its cells get above, registered in the book."""
    ids = {}
    for i, number_format in styled.items():
        cell = WriteOnlyCell(sheet)
        cell.number_format = number_format
        ids[(i, False)] = ids[(i, True)] = cell.style_id
    for i in lines:
        cell = WriteOnlyCell(sheet)
        cell.alignment = wrap
        ids[(i, True)] = cell.style_id
    return ids


def _format(kind: str) -> str | None:
    return TEXT_FORMAT if kind in ("tel", "postal") else DATE_FORMAT if kind == "date" else None


def _validations(sheet, count: int, DataValidation, get_column_letter) -> None:
    """Drop-down lists for the fixed values, over the rows and 1,000 more for new contacts."""
    last = count + 1001
    lists = {"kind": KINDS_FOR_LIST, "label": '"開催日,開所日"', "bool": '"はい"'}
    for index, column in enumerate(COLUMNS, start=1):
        if column.kind in lists:
            rule = DataValidation(type="list", formula1=lists[column.kind], allow_blank=True,
                                  showErrorMessage=True, errorTitle=column.header,
                                  error="一覧から選んでください")
            letter = get_column_letter(index)
            rule.add(f"{letter}2:{letter}{last}")
            sheet.data_validations.append(rule)


def _places_sheet(book, places: list[list[Any]]) -> None:
    from openpyxl.styles import Font
    from openpyxl.cell import WriteOnlyCell
    sheet = book.create_sheet(PLACES_SHEET)
    sheet.freeze_panes = "A2"
    for letter, width in zip("ABCDEFG", (26, 36, 20, 40, 10, 6, 14)):
        sheet.column_dimensions[letter].width = width
    header = []
    for text in PLACES_HEADER:
        cell = WriteOnlyCell(sheet, text)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for row in places:
        sheet.append(row)
    sheet.protection.sheet = True    # read-only: the build decides where a contact is printed


PLACES_HEADER = ("ID", "名称", "リーフレット", "リーフレットの題名", "版", "面", "面のID")


# --------------------------------------------------------------------------- reading


def read(path: Path) -> tuple[Sheet, str]:
    """The contacts sheet of a file and how it was decoded (xlsx, utf-8, utf-8-sig, cp932)."""
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    if kind_of(path) == "csv":
        return read_csv(path)
    return read_xlsx(path), "xlsx"


def read_csv(path: Path) -> tuple[Sheet, str]:
    raw = path.read_bytes()
    text, encoding = decode(raw, path.name)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = rows[0] if rows else []
    return Sheet(path.stem, header, [(n, r) for n, r in enumerate(rows[1:], start=2)]), encoding


def decode(raw: bytes, shown: str) -> tuple[str, str]:
    """UTF-8 (BOM or not) or CP932, each decoded strictly; anything else is refused."""
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig":
            encoding = "utf-8-sig" if raw.startswith(b"\xef\xbb\xbf") else "utf-8"
        return text, encoding
    raise DataError([Problem(shown, "", "文字コードが UTF-8 でも Shift_JIS (CP932) でもないため読めません",
                             hint="Excel で「CSV UTF-8 (コンマ区切り)」を選んで保存し直してください")])


def read_xlsx(path: Path) -> Sheet:
    """The contacts sheet, its values read from the XML (xlsxread.py); a file that reader cannot
    open is opened by openpyxl, which also says why it is no workbook."""
    from lxml.etree import XMLSyntaxError
    from zipfile import BadZipFile
    from .xlsxread import Book
    try:
        book = Book(path)
    except (BadZipFile, KeyError, OSError, XMLSyntaxError, AttributeError, TypeError):
        return _read_by_openpyxl(path)
    try:
        problems = _sheet_problems(book.states, path)
        problems += _layout_problems(book.xml(SHEET))
        if problems:
            raise DataError(problems)
        rows = book.rows(SHEET)
    finally:
        book.close()
    header = list(rows[0]) if rows else []
    return Sheet(SHEET, header, [(n, r) for n, r in enumerate(rows[1:], start=2)])


def _read_by_openpyxl(path: Path) -> Sheet:
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException
    from zipfile import BadZipFile
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except (InvalidFileException, BadZipFile, KeyError, OSError) as error:
        raise DataError([Problem(path.name, "", f"Excel のファイルとして開けません（{error}）",
                                 hint="Excel で「Excel ブック (*.xlsx)」として保存し直してください")]) from None
    try:
        return _contacts_sheet(book, path)
    finally:
        book.close()


def _contacts_sheet(book, path: Path) -> Sheet:
    problems = _sheet_problems({sheet.title: sheet.sheet_state for sheet in book.worksheets}, path)
    sheet = book[SHEET]
    problems += _layout_problems(book._archive.read(sheet._worksheet_path))
    if problems:
        raise DataError(problems)
    rows = sheet.iter_rows(values_only=True)
    header = list(next(rows, ()))
    return Sheet(SHEET, header, [(n, list(r)) for n, r in enumerate(rows, start=2)])


MERGED = re.compile(rb'<mergeCell ref="([A-Z]+\d+):([A-Z]+\d+)"')
HIDDEN_ROW = re.compile(rb'<row [^>]*?r="(\d+)"[^>]*?hidden="(?:1|true)"')


def _sheet_problems(states: dict[str, str], path: Path) -> list[Problem]:
    """Hidden sheets; DataError when there is no contacts sheet."""
    problems: list[Problem] = []
    for title, state in states.items():
        if state != "visible":
            problems.append(CellProblem(title, "", f"シート「{title}」が非表示になっています",
                                        hint="非表示のシートは取り込みません。再表示して中身を確かめるか、シートを削除してください"))
    if SHEET not in states:
        problems.append(CellProblem(path.name, "", f"シート「{SHEET}」がありません（あるのは "
                                    + "、".join(states) + "）", hint=f"書き出したファイルのシート名「{SHEET}」に戻してください"))
        raise DataError(problems)
    return problems


def _layout_problems(xml: bytes) -> list[Problem]:
    """Merged cells and hidden rows, read from the sheet's XML: read-only mode does not parse them."""
    problems: list[Problem] = []
    for first, last in MERGED.findall(xml):
        first, last = first.decode(), last.decode()
        problems.append(CellProblem(f"{SHEET}!{first}", "", f"セル {first}:{last} が結合されています",
                                    hint="セルの結合を解除し、1 つのセルに 1 つの値を入れてください"))
    for number in HIDDEN_ROW.findall(xml):
        row = int(number)
        problems.append(CellProblem(f"{SHEET}!{cell_name(1, row)}", "", f"{row} 行目が非表示になっています",
                                    hint="非表示の行も取り込まれます。再表示して確かめ、要らない行は削除してください"))
    return problems
