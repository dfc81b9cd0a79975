"""自治体標準オープンデータセット 公共施設一覧: export the registry's places, import a city's list.

Export: one row per contact with an address of its own (a building it sits in
gives the address, and its name as 方書), in the dataset's column layout,
UTF-8 with a BOM.  The columns marked 必須 must be filled; the registry has
no coordinates, so 緯度 and 経度 stay empty and the export says, per record,
which 必須 values it lacks (the file is still written: filling them is the
city's open-data office's job).

Import: each row becomes a contact with the id ``kokyo-<ID>``, so importing
the next version of the same list changes those records, never duplicates
them; contacts of the registry that did not come from the list are left
alone.  The comparison, the checks and the write are the spreadsheet
import's (plan.py).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from pathlib import Path

from ...data.schedules import reading as schedule_of
from ...data.table import BY_FIELD, Read, Row, Sheet, at
from ...errors import DataError, UsageError
from ...files import atomic_write
from ...project import Project
from . import files
from .export import read_contacts
from .plan import Plan, build_plan

COLUMNS = ("全国地方公共団体コード", "ID", "地方公共団体名", "名称", "名称_カナ", "名称_英語", "POIコード", "住所", "方書",
           "緯度", "経度", "電話番号", "内線番号", "法人番号", "団体名", "利用可能曜日", "開始時間", "終了時間",
           "利用可能日時特記事項", "説明", "バリアフリー情報", "URL", "備考")
REQUIRED = ("全国地方公共団体コード", "ID", "地方公共団体名", "名称", "名称_カナ", "住所", "緯度", "経度")
PREFIX = "kokyo-"
# 公共施設一覧 column → contact field, for the import.
FIELDS = {"名称": "name", "名称_カナ": "name_kana", "住所": "address", "電話番号": "tel", "URL": "url",
          "説明": "description", "利用可能日時特記事項": "schedule"}


def export_kokyo(project: Project, path: Path, code: str | None, municipality: str | None) -> tuple[int, list[str]]:
    """Write the list; (rows written, one line per record that lacks a 必須 value)."""
    if not code or not re.fullmatch(r"\d{6}", code) or not municipality:
        raise UsageError("--format kokyo-shisetsu needs --municipality-code (全国地方公共団体コード, 6 digits, "
                         "e.g. 352012) and --municipality (地方公共団体名, e.g. 山口県山口市)")
    _text, records = read_contacts(project)
    rows, lacking = [], []
    for cid, record in records.items():
        row = _row(cid, record, records, code, municipality)
        if row is None:
            continue
        rows.append(row)
        missing = [name for name, value in zip(COLUMNS, row) if name in REQUIRED and not value]
        if missing:
            lacking.append(f"  {cid}（{record.get('name', '')}）: 必須の {'・'.join(missing)} が空です")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    atomic_write(path, buffer.getvalue().encode("utf-8-sig"))
    head = [f"{len(lacking)} 件に必須の値がありません（緯度・経度はこのデータにないため、位置を調べて記入してください）:"]
    return len(rows), head + lacking if lacking else []


def _row(cid: str, record: dict, records: dict, code: str, municipality: str) -> list[str] | None:
    building = records.get(record.get("located_in")) or {}
    address = record.get("address") or building.get("address")
    if not address:
        return None      # a programme without a place of its own is not a facility
    organisation = records.get(record.get("organisation")) or {}
    reading = schedule_of(record.get("schedule"), record.get("recurrence"))
    slot = reading.slots[0] if reading.slots else None
    values = {
        "全国地方公共団体コード": code, "ID": cid, "地方公共団体名": municipality, "名称": record.get("name"),
        "名称_カナ": record.get("name_kana"), "住所": address, "方書": building.get("name") if building else "",
        "電話番号": record.get("tel") or organisation.get("tel"), "団体名": organisation.get("name"),
        "利用可能曜日": ",".join(reading.weekdays()), "開始時間": slot.opens if slot else "",
        "終了時間": slot.closes if slot else "", "利用可能日時特記事項": record.get("schedule"),
        "説明": record.get("description"), "URL": record.get("url"),
    }
    return ["" if values.get(name) is None else str(values.get(name)) for name in COLUMNS]


def plan_kokyo(project: Project, path: Path) -> Plan:
    """A 公共施設一覧 CSV as a plan: added, changed and removed ``kokyo-`` contacts."""
    raw = path.read_bytes()
    text, encoding = files.decode(raw, path.name)
    rows = list(csv.reader(io.StringIO(text, newline="")))
    sheet = Sheet(path.stem, rows[0] if rows else [], [(n, r) for n, r in enumerate(rows[1:], start=2)])
    _text, current = read_contacts(project)
    read = _read(sheet, current)
    if read.problems:
        raise DataError(read.problems)
    return build_plan(project, path.name, encoding, read, sheet.name, removable=lambda cid: cid.startswith(PREFIX))


def _read(sheet: Sheet, current: dict) -> Read:
    header = [str(h).strip() for h in sheet.header]
    problems = [at(sheet.name, header.index(h) + 1 if h in header else 1, 1, h, f"必須の列「{h}」がありません",
                   "公共施設一覧の列の並び（全国地方公共団体コード, ID, 地方公共団体名, 名称 …）の見出しにしてください")
                for h in ("ID", "名称") if h not in header]
    if problems:
        return Read([], {}, problems)
    position = {h: i for i, h in enumerate(header)}
    columns = {BY_FIELD[f].header: position[c] + 1 for c, f in FIELDS.items() if c in position}
    columns["ID"] = position["ID"] + 1
    columns[BY_FIELD["verified"].header] = position["ID"] + 1
    today = datetime.date.today()
    rows = []
    for number, cells in sheet.rows:
        cell = lambda name: (cells[position[name]].strip() if name in position and position[name] < len(cells)
                             else "")
        if not cell("ID"):
            continue
        cid = PREFIX + re.sub(r"[^a-z0-9]+", "-", cell("ID").lower()).strip("-")
        values = {field: (cell(column) or None) for column, field in FIELDS.items() if column in position}
        if cell("方書") and values.get("address"):
            values["address"] = f"{values['address']} {cell('方書')}"
        # checked as of its first import; a re-import keeps the date, so an unchanged row changes nothing
        values["verified"] = (current.get(cid) or {}).get("verified") or today
        rows.append(Row(number, cid, values))
    return Read(rows, columns, [])
