"""The contact registry as a table: one row per contact, Japanese column headers.

This module is the pure conversion, shared by the Excel and CSV front doors
(``brochure contacts export|import``): which columns there are, a record's
value as a cell, and a cell back as a record's value.  It knows nothing of
files: the front door hands it a ``Sheet`` (the header row and the rows, as
the file holds them) and gets back records and problems located by sheet,
cell and header, in Japanese, because the people who fix them are the
centre's staff.

A cell that cannot be read as its field is an error here (a phone number
Excel turned into a number, a date typed as text, an unknown 種別); whether
the value is right (a real phone number, an existing link) is checked by the
build's own checks afterwards, on the records.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import Problem

SHEET = "連絡先"
PLACES_SHEET = "掲載先"
KINDS = {"organisation": "団体", "programme": "事業・集まり", "venue": "会場", "network": "ネットワーク"}
SCHEDULE_LABELS = ("開催日", "開所日")
YES, NO = "はい", ""
YES_WORDS = {"はい", "○", "〇", "true", "1", "yes"}
NO_WORDS = {"", "いいえ", "×", "false", "0", "no"}
LINKS = ("organisation", "venue", "located_in", "office")
ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")


@dataclass(frozen=True)
class Column:
    header: str
    field: str | None      # the contact field; None for the id and for read-only columns
    kind: str              # id text tel postal kind link name bool date lines label channels
    width: int             # in characters, for the spreadsheet
    link: str | None = None   # a read-only name column: the link field whose record it names
    optional: bool = False    # a sheet exported before this column existed may leave it out

    @property
    def editable(self) -> bool:
        return self.kind not in ("name", "channels")


def _link(header: str, field_: str, label: str) -> list[Column]:
    return [Column(f"{header}ID", field_, "link", 24), Column(f"{label}（参照のみ）", None, "name", 28, field_)]


COLUMNS: list[Column] = [
    Column("ID", None, "id", 26),
    Column("種別", "kind", "kind", 13),
    Column("名称", "name", "text", 36),
    Column("名称_カナ", "name_kana", "text", 36),
    Column("名称（英語）", "name_en", "text", 36, optional=True),   # printed in English editions
    Column("主催者名", "host_name", "text", 20),
    *_link("運営団体", "organisation", "運営団体名"),
    *_link("会場", "venue", "会場名"),
    *_link("所在施設", "located_in", "所在施設名"),
    Column("施設名内と印刷", "located_in_note", "bool", 10),
    *_link("事務局", "office", "事務局名"),
    Column("郵便番号", "postal_code", "postal", 10),
    Column("住所", "address", "text", 36),
    Column("住所（ローマ字）", "address_en", "text", 36, optional=True),
    Column("電話番号", "tel", "tel", 15),
    Column("電話番号の見出し", "tel_label", "text", 14),
    Column("電話番号の補足", "tel_note", "text", 14),
    Column("URL", "url", "text", 30),
    Column("メールアドレス", "email", "text", 24),
    Column("内容", "description", "text", 50),
    Column("開催日・開所日", "schedule", "text", 28),
    Column("開催日の見出し", "schedule_label", "label", 12),
    Column("開催頻度", "frequency", "text", 16),
    Column("相談の方法（参照のみ）", None, "channels", 24),
    Column("内部メモ", "notes", "lines", 30),
    Column("元の原稿からの修正", "corrections", "lines", 30),
    Column("確認日", "verified", "date", 12),
]
HEADERS = [c.header for c in COLUMNS]
BY_HEADER = {c.header: c for c in COLUMNS}
BY_FIELD = {c.field: c for c in COLUMNS if c.field and c.editable}
REQUIRED = ("ID", "名称", "確認日")


# --------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class CellProblem(Problem):
    """A Problem located as ``連絡先!E12 電話番号``: ``file`` holds sheet!cell, ``key`` the header."""

    def __str__(self) -> str:
        text = f"{self.file} {self.key}: {self.message}" if self.key else f"{self.file}: {self.message}"
        if self.severity != "error":
            text += " [警告]"
        return f"{text}\n  対処: {self.hint}" if self.hint else text


def cell_name(column: int, row: int) -> str:
    """(5, 12) → 'E12'; columns and rows count from 1."""
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def at(sheet: str, column: int, row: int, header: str, message: str, hint: str | None = None,
       severity: str = "error") -> CellProblem:
    return CellProblem(f"{sheet}!{cell_name(column, row)}", header, message, None, None, hint, severity)


# --------------------------------------------------------------------------- export: record → cells


def cells_of(contact_id: str, record: dict, names: dict[str, str]) -> list[Any]:
    """One row: the values of COLUMNS for a record as the YAML holds it; ``names`` gives each id's name."""
    return [_cell(column, contact_id, record, names) for column in COLUMNS]


def _cell(column: Column, contact_id: str, record: dict, names: dict[str, str]) -> Any:
    if column.kind == "id":
        return contact_id
    if column.kind == "name":
        target = record.get(column.link)
        return names.get(target, "") if target else ""
    if column.kind == "channels":
        return "、".join(str(c.get("label", "")) for c in record.get("channels") or [] if isinstance(c, dict))
    value = record.get(column.field)
    if column.kind == "kind":
        return KINDS.get(value or "organisation", value)
    if column.kind == "bool":
        return YES if value else NO
    if column.kind == "lines":
        return "\n".join(str(v) for v in value or [])
    if column.kind == "date":
        return as_date(value) or ("" if value is None else str(value))
    return "" if value is None else str(value)


def as_date(value: Any) -> datetime.date | None:
    """A date from the YAML (a date, or '2026-04-01' quoted) or a cell (a datetime, or text)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    match = DATE.match(str(value).strip()) if isinstance(value, str) else None
    if match:
        try:
            return datetime.date(*map(int, match.groups()))
        except ValueError:
            return None
    return None


# --------------------------------------------------------------------------- import: cells → records


@dataclass
class Sheet:
    """What a file holds: its name (sheet, or the CSV's file name), the header row and the rows."""

    name: str
    header: list[Any]
    rows: list[tuple[int, list[Any]]]          # (row number counted from 1, the cells' values)


@dataclass
class Row:
    number: int
    contact_id: str
    values: dict[str, Any]                     # field → value (None: empty cell)
    names: dict[str, tuple[int, str]] = field(default_factory=dict)   # link field → (column, name shown)


@dataclass
class Read:
    rows: list[Row]
    columns: dict[str, int]                    # header → column number in the file
    problems: list[Problem]

    def column_of(self, field_: str) -> int | None:
        column = BY_FIELD.get(field_)
        return self.columns.get(column.header) if column else None


def read_sheet(sheet: Sheet) -> Read:
    """Rows of a sheet as field values; every cell that cannot be read is a located problem."""
    columns, problems = _header(sheet)
    if problems:
        return Read([], columns, problems)
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for number, cells in sheet.rows:
        if all(_blank(v) for v in cells):
            continue     # Excel keeps formatted empty rows; they are not contacts
        row = _row(sheet.name, number, cells, columns, problems)
        if row is None:
            continue
        if row.contact_id in seen:
            problems.append(at(sheet.name, columns["ID"], number, "ID",
                               f"ID「{row.contact_id}」は {seen[row.contact_id]} 行目にもあります",
                               "ID は連絡先ごとに一つです。重複した行のどちらかを消すか、別の ID にしてください"))
            continue
        seen[row.contact_id] = number
        rows.append(row)
    return Read(rows, columns, problems)


def _header(sheet: Sheet) -> tuple[dict[str, int], list[Problem]]:
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    for index, value in enumerate(sheet.header, start=1):
        text = "" if value is None else str(value).strip()
        if not text:
            continue
        if text not in BY_HEADER:
            guess = difflib.get_close_matches(text, HEADERS, n=1, cutoff=0.4)
            problems.append(at(sheet.name, index, 1, text, f"見出し「{text}」は知らない列です",
                               f"見出しを「{guess[0]}」に直してください" if guess else
                               "書き出したときの見出しに戻すか、この列を消してください"))
        elif text in columns:
            problems.append(at(sheet.name, index, 1, text, f"見出し「{text}」の列が二つあります",
                               "どちらか一方の列を消してください"))
        else:
            columns[text] = index
    missing = [c.header for c in COLUMNS if c.editable and not c.optional and c.header not in columns]
    if missing and not problems:
        problems.append(CellProblem(f"{sheet.name}!1", "", "見出しの行に " + "、".join(missing) + " の列がありません",
                                    hint="書き出したファイルの見出しの行（1 行目）をそのまま使ってください"))
    return columns, problems


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _row(sheet: str, number: int, cells: list[Any], columns: dict[str, int],
         problems: list[Problem]) -> Row | None:
    def cell(header: str) -> Any:
        index = columns[header] - 1
        return cells[index] if index < len(cells) else None

    before = len(problems)
    contact_id = _text(cell("ID"))
    if not contact_id:
        problems.append(at(sheet, columns["ID"], number, "ID", "ID が空です",
                           "英小文字・数字・ハイフンで ID を書いてください（例: sasaete-network）。"
                           "書き出した行の ID は変えないでください"))
    elif not ID.match(contact_id):
        problems.append(at(sheet, columns["ID"], number, "ID", f"ID「{contact_id}」は使えません",
                           "英小文字・数字・ハイフンだけで書いてください（例: sasaete-network）"))
        contact_id = ""
    row = Row(number, contact_id, {})
    for column in COLUMNS:
        if column.kind == "name" and column.header in columns:
            row.names[column.link] = (columns[column.header], _text(cell(column.header)))
        if not column.editable or column.kind == "id" or column.header not in columns:
            continue      # an optional column the sheet leaves out: those fields stay as they are
        value, problem = read_cell(column, cell(column.header))
        if problem is not None:
            problems.append(at(sheet, columns[column.header], number, column.header, *problem))
        row.values[column.field] = value
    for header in REQUIRED[1:]:
        if row.values.get(BY_HEADER[header].field) is None and len(problems) == before:
            problems.append(at(sheet, columns[header], number, header, f"{header}が空です",
                               f"{header}は必ず書いてください" + ("（例: 2021-03-01）" if header == "確認日" else "")))
    return row if contact_id else None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_cell(column: Column, value: Any) -> tuple[Any, tuple[str, str] | None]:
    """The field value of one cell, or (None, (message, hint)) when it cannot be read as one."""
    if isinstance(value, str) and value.startswith("="):   # Excel evaluates it: the value is not what is seen
        return None, (f"式「{value}」が入っています", "式ではなく値を入力してください（コピーして「値の貼り付け」）")
    reader = READERS.get(column.kind, _read_text)
    return reader(value)


def _read_text(value: Any) -> tuple[Any, None]:
    text = _text(value)
    return (text or None), None


def _read_number_text(value: Any, example: str, digits: int) -> tuple[Any, tuple[str, str] | None]:
    """Excel makes 0839843742 the number 839843742 (and 003-0029, typed 0030029, 30029): the
    leading 0 is gone and cannot be guessed back, so the cell must be typed again as text."""
    lost = isinstance(value, (int, float)) and not isinstance(value, bool)
    text = _text(value)
    if lost or (text.isdigit() and (not text.startswith("0") if digits > 7 else len(text) < digits)):
        return None, (f"「{text}」は数値になり、先頭の 0 が消えています",
                      f"セルの書式を「文字列」にして、{example} のようにハイフン付きで入力し直してください")
    return (text or None), None


def _read_tel(value: Any):
    return _read_number_text(value, "083-984-3742", 10)


def _read_postal(value: Any):
    return _read_number_text(value, "003-0029", 7)


def _read_kind(value: Any):
    text = _text(value)
    for key, label in KINDS.items():
        if text in (key, label):
            return key, None
    if not text:
        return None, None
    return None, (f"種別「{text}」はありません", "一覧から " + "・".join(KINDS.values()) + " のどれかを選んでください")


def _read_bool(value: Any):
    if isinstance(value, bool):
        return value, None
    text = _text(value).lower()
    if text in YES_WORDS:
        return True, None
    if text in NO_WORDS:
        return False, None
    return None, (f"「{text}」は「はい」か空欄で書いてください", "印刷するときは「はい」、しないときは空欄にします")


def _read_date(value: Any):
    if _blank(value):
        return None, None
    date = as_date(value)
    if date is None:
        text = _text(value)
        return None, (f"「{text}」は日付として読めません",
                      "2021-03-01 のように年-月-日で入力してください（Excel の日付としてでも構いません）")
    return date, None


def _read_lines(value: Any):
    text = "" if value is None else str(value).replace("\r\n", "\n")
    return ([line.strip() for line in text.split("\n") if line.strip()] or None), None


def _read_label(value: Any):
    text = _text(value)
    if text and text not in SCHEDULE_LABELS:
        return None, (f"「{text}」は開催日の見出しに使えません", "開催日 か 開所日 を選んでください")
    return (text or None), None


READERS = {"text": _read_text, "link": _read_text, "tel": _read_tel, "postal": _read_postal, "kind": _read_kind,
           "bool": _read_bool, "date": _read_date, "lines": _read_lines, "label": _read_label}
