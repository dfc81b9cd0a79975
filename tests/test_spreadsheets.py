"""`brochure contacts export|import`: the registry to Excel and CSV and back.

Round trips change nothing (xlsx, CSV UTF-8 with and without BOM, CP932, the synthetic registry); a changed
cell changes exactly its YAML line and only the leaflets that print it rebuild; every bad spreadsheet is
refused with a Japanese message naming sheet, cell and header, and nothing is written.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT

from brochure.app.cli import main
from brochure.app.spreadsheets.files import cp932_folded
from brochure.data import synthetic
from brochure.data.table import HEADERS

# Rows of the reference data in the exported sheet (row 1 is the header).
SASAETE = 3          # sasaete-network
FAMILY_JUKU = 4      # sasaete-family-juku (a programme of sasaete-network)


def run(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--project", str(root), *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def column(header: str) -> str:
    return openpyxl.utils.get_column_letter(HEADERS.index(header) + 1)


def cell(header: str, row: int) -> str:
    return f"{column(header)}{row}"


def contacts(root: Path) -> bytes:
    return (root / "data" / "contacts.yaml").read_bytes()


def exported(root: Path, name: str = "contacts.xlsx") -> Path:
    path = root / name
    code, out, err = run(root, "contacts", "export", str(path))
    assert code == 0, err
    return path


def changed_lines(before: bytes, after: bytes) -> list[str]:
    diff = difflib.unified_diff(before.decode().splitlines(), after.decode().splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


# --------------------------------------------------------------------------- export


def test_xlsx_export_has_japanese_headers_links_lists_and_the_places_sheet(project_dir: Path):
    book = openpyxl.load_workbook(exported(project_dir))
    sheet = book["連絡先"]
    header = [c.value for c in sheet[1]]
    assert header[:4] == ["ID", "種別", "名称", "名称_カナ"] and header[-1] == "確認日"
    assert sheet.freeze_panes == "C2"
    assert sheet.column_dimensions[column("住所")].width == 36
    kinds = [v for v in sheet.data_validations.dataValidation if column("種別") + "2" in str(v.sqref)]
    assert kinds and "団体,事業・集まり,会場,ネットワーク" in kinds[0].formula1
    assert sheet[cell("ID", FAMILY_JUKU)].value == "sasaete-family-juku"
    assert sheet[cell("運営団体ID", FAMILY_JUKU)].value == "sasaete-network"
    assert sheet[cell("運営団体名（参照のみ）", FAMILY_JUKU)].value == "認定NPO法人支えてネットワーク"
    assert sheet[cell("種別", FAMILY_JUKU)].value == "事業・集まり"
    assert sheet[cell("電話番号", SASAETE)].value == "083-984-3742"
    assert sheet[cell("電話番号", SASAETE)].number_format == "@"     # Excel keeps the leading 0
    assert str(sheet[cell("確認日", SASAETE)].value)[:10] == "2021-03-01"
    assert sheet[cell("確認日", SASAETE)].number_format == "yyyy-mm-dd"
    assert sheet.auto_filter.ref == f"A1:{column('確認日')}{sheet.max_row}"
    places = [row for row in book["掲載先"].iter_rows(values_only=True)]
    assert places[0] == ("ID", "名称", "リーフレット", "リーフレットの題名", "版", "面", "面のID")
    assert [r[5] for r in places if r[0] == "sasaete-network"] == [4, 5, 6]
    assert book["掲載先"].protection.sheet


def test_csv_export_is_utf8_with_bom_and_excel_line_ends(project_dir: Path):
    raw = exported(project_dir, "contacts.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfID,") and b"\r\n" in raw
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == HEADERS and len(rows) == 22


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("name", ["contacts.xlsx", "contacts.csv"])
def test_export_then_import_changes_nothing(project_dir: Path, name: str):
    before = contacts(project_dir)
    path = exported(project_dir, name)
    code, out, err = run(project_dir, "contacts", "import", str(path), "--apply")
    assert code == 0, err
    assert "変更はありません" in out
    assert contacts(project_dir) == before


@pytest.mark.parametrize("encoding", ["utf-8", "cp932"])
def test_csv_saved_again_by_excel_changes_nothing(project_dir: Path, encoding: str):
    """Excel saves 「CSV UTF-8」 with a BOM and 「CSV」 in CP932, where 〜 becomes ～."""
    before = contacts(project_dir)
    text = exported(project_dir, "contacts.csv").read_bytes().decode("utf-8-sig")
    path = project_dir / "saved.csv"
    path.write_bytes(cp932_folded(text).encode("cp932") if encoding == "cp932" else text.encode("utf-8"))
    code, out, err = run(project_dir, "contacts", "import", str(path), "--apply")
    assert code == 0, err
    assert "変更はありません" in out and ("CP932" in out) == (encoding == "cp932")
    assert contacts(project_dir) == before


def test_synthetic_registry_round_trips(tmp_path: Path):
    root = tmp_path / "synthetic"
    synthetic.write_project(root, 50, source=ROOT)
    before = contacts(root)
    for name in ("contacts.xlsx", "contacts.csv"):
        code, out, err = run(root, "contacts", "import", str(exported(root, name)), "--apply")
        assert code == 0 and "変更はありません" in out, err
    assert contacts(root) == before
    book = openpyxl.load_workbook(root / "contacts.xlsx")
    first_tel = book["連絡先"][cell("電話番号", 2)].value
    book["連絡先"][cell("電話番号", 2)] = first_tel[:-1] + ("1" if first_tel[-1] != "1" else "2")
    book.save(root / "edited.xlsx")
    code, out, err = run(root, "contacts", "import", str(root / "edited.xlsx"), "--apply")
    assert code == 0, err
    assert len(changed_lines(before, contacts(root))) == 2     # one line out, one line in


# --------------------------------------------------------------------------- changes


def test_a_changed_cell_changes_exactly_that_line_and_the_preview_says_where(project_dir: Path):
    before = contacts(project_dir)
    path = exported(project_dir)
    book = openpyxl.load_workbook(path)
    book["連絡先"][cell("電話番号", SASAETE)] = "083-984-1111"
    book.save(path)
    code, out, err = run(project_dir, "contacts", "import", str(path))
    assert code == 0, err
    assert "変更 1 件:" in out and "電話番号: 083-984-3742 → 083-984-1111" in out
    assert "影響するリーフレット: yamaguchi 2021-03（4・5・6面）" in out
    assert "--apply" in out and contacts(project_dir) == before        # a preview writes nothing
    code, out, err = run(project_dir, "contacts", "import", str(path), "--apply")
    assert code == 0 and "書き込みました" in out
    assert changed_lines(before, contacts(project_dir)) == ["-  tel: 083-984-3742", "+  tel: 083-984-1111"]


def test_added_row_is_appended_and_removing_it_again_restores_the_file(project_dir: Path):
    before = contacts(project_dir)
    path = exported(project_dir)
    book = openpyxl.load_workbook(path)
    sheet = book["連絡先"]
    row = sheet.max_row + 1
    for header, value in [("ID", "new-centre"), ("名称", "新しいセンター"), ("名称_カナ", "アタラシイセンター"),
                          ("電話番号", "083-922-1111"), ("確認日", "2026-11-01")]:
        sheet[cell(header, row)] = value
    book.save(path)
    code, out, err = run(project_dir, "contacts", "import", str(path), "--apply")
    assert code == 0, err
    assert "追加 1 件:" in out
    after = contacts(project_dir)
    assert after.startswith(before) and after[len(before):].decode() == (
        "\nnew-centre:\n  name: 新しいセンター\n  name_kana: アタラシイセンター\n  tel: 083-922-1111\n"
        "  verified: 2026-11-01\n")
    sheet.delete_rows(row)
    book.save(path)
    code, out, err = run(project_dir, "contacts", "import", str(path), "--apply")
    assert code == 0 and "削除 1 件:" in out, err
    assert contacts(project_dir) == before


def test_only_the_leaflets_that_print_a_changed_contact_rebuild(built: Path, tmp_path: Path):
    root = tmp_path / "project"
    shutil.copytree(built, root)
    path = exported(root)
    book = openpyxl.load_workbook(path)
    book["連絡先"][cell("電話番号", SASAETE)] = "083-984-1111"
    book["連絡先"][cell("名称_カナ", SASAETE + 1)] = "カゾクジュクテスト"    # never printed: no rebuild
    book.save(path)
    assert run(root, "contacts", "import", str(path), "--apply")[0] == 0
    code, out, err = run(root, "build", "--quiet")
    assert code == 0, err
    report = json.loads((root / "build" / "report.json").read_text(encoding="utf-8"))
    rebuilt = {entry["brochure"] for entry in report["rebuilt"]}
    assert rebuilt == {"yamaguchi"}
    assert any("sasaete-network.tel 083-984-3742 → 083-984-1111" in reason
               for entry in report["rebuilt"] for reason in entry["reasons"])


# --------------------------------------------------------------------------- bad spreadsheets


def _set(header: str, row: int, value):
    return lambda book: book["連絡先"].__setitem__(cell(header, row), value)


def _rename(header: str, new: str):
    return lambda book: book["連絡先"].__setitem__(cell(header, 1), new)


BAD = {
    "wrong header": (_rename("電話番号", "電話"),
                     f"連絡先!{cell('電話番号', 1)} 電話: 見出し「電話」は知らない列です", "「電話番号」に直して"),
    "merged cells": (lambda b: b["連絡先"].merge_cells(f"{cell('名称', 3)}:{cell('名称_カナ', 3)}"),
                     f"連絡先!{cell('名称', 3)}: セル {cell('名称', 3)}:{cell('名称_カナ', 3)} が結合されています",
                     "結合を解除"),
    "date typed as text": (_set("確認日", SASAETE, "令和3年3月1日"),
                           f"連絡先!{cell('確認日', SASAETE)} 確認日: 「令和3年3月1日」は日付として読めません",
                           "2021-03-01"),
    "phone became a number": (_set("電話番号", SASAETE, 839843742),
                              f"連絡先!{cell('電話番号', SASAETE)} 電話番号: 「839843742」は数値になり、先頭の 0 が消えています",
                              "「文字列」"),
    "postal code became a number": (_set("郵便番号", 21, 30029),
                                    f"連絡先!{cell('郵便番号', 21)} 郵便番号: 「30029」は数値になり、先頭の 0 が消えています",
                                    "003-0029"),
    "unknown kind": (_set("種別", SASAETE, "病院"),
                     f"連絡先!{cell('種別', SASAETE)} 種別: 種別「病院」はありません", "団体・事業・集まり"),
    "duplicate id": (_set("ID", FAMILY_JUKU, "sasaete-network"),
                     f"連絡先!A{FAMILY_JUKU} ID: ID「sasaete-network」は 3 行目にもあります", "重複"),
    "empty required cell": (_set("名称", SASAETE, None),
                            f"連絡先!{cell('名称', SASAETE)} 名称: 名称が空です", "必ず書いて"),
    "empty id": (_set("ID", SASAETE, None), f"連絡先!A{SASAETE} ID: ID が空です", "ID は変えないで"),
    "unusable id": (_set("ID", SASAETE, "Sasaete Network"),
                    f"連絡先!A{SASAETE} ID: ID「Sasaete Network」は使えません", "英小文字"),
    "formula": (_set("電話番号", SASAETE, "=A1"),
                f"連絡先!{cell('電話番号', SASAETE)} 電話番号: 式「=A1」が入っています", "値の貼り付け"),
    "hidden sheet": (lambda b: setattr(b["掲載先"], "sheet_state", "hidden"),
                     "掲載先: シート「掲載先」が非表示になっています", "再表示"),
    "hidden row": (lambda b: setattr(b["連絡先"].row_dimensions[5], "hidden", True),
                   "連絡先!A5: 5 行目が非表示になっています", "再表示"),
    "renamed sheet": (lambda b: setattr(b["連絡先"], "title", "Sheet1"),
                      "シート「連絡先」がありません", "シート名「連絡先」"),
    "missing column": (lambda b: b["連絡先"].delete_cols(HEADERS.index("電話番号") + 1),
                       "連絡先!1: 見出しの行に 電話番号 の列がありません", "1 行目"),
    "invalid phone number": (_set("電話番号", SASAETE, "083-98-3742"),
                             f"連絡先!{cell('電話番号', SASAETE)} 電話番号: 「083-98-3742」は日本の電話番号として正しくありません",
                             "市外局番から"),
    "full-width digits": (_set("電話番号", SASAETE, "０８３-９８４-３７４２"),
                          f"連絡先!{cell('電話番号', SASAETE)} 電話番号:", "083-984-3742"),
    "link to an unknown id": (_set("運営団体ID", FAMILY_JUKU, "no-such-centre"),
                              f"連絡先!{cell('運営団体ID', FAMILY_JUKU)} 運営団体ID:", "no-such-centre"),
    "reading not in katakana": (_set("名称_カナ", SASAETE, "ささえてねっとわーく"),
                                f"連絡先!{cell('名称_カナ', SASAETE)} 名称_カナ: 「ささえてねっとわーく」は全角カタカナで書かれていません",
                                "ササエテネットワーク"),
    "printed contact removed": (lambda b: b["連絡先"].delete_rows(SASAETE),
                                "ID「sasaete-network」（認定NPO法人支えてネットワーク）の行がありません。"
                                "この連絡先は yamaguchi 2021-03 4・5・6面 に載っているため削除できません",
                                "先にリーフレットから外して"),
    "linked contact removed": (lambda b: b["連絡先"].delete_rows(8),   # yamaguchi-welfare-consultation-centre
                               "yamaguchi-welfare-consultation-centre の行を戻すか", "ID「yamaguchi-welfare"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_spreadsheet_is_refused_with_a_located_japanese_message(project_dir: Path, case: str):
    change, message, hint = BAD[case]
    path = exported(project_dir)
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)
    before = contacts(project_dir)
    code, out, err = run(project_dir, "contacts", "import", str(path), "--apply")
    assert code == 1, out
    assert message in err and hint in err, err
    assert contacts(project_dir) == before


def test_csv_in_neither_utf8_nor_cp932_is_refused(project_dir: Path):
    text = exported(project_dir, "contacts.csv").read_bytes().decode("utf-8-sig")
    path = project_dir / "unicode.csv"
    path.write_bytes(text.encode("utf-16"))          # Excel's 「Unicode テキスト」
    before = contacts(project_dir)
    code, out, err = run(project_dir, "contacts", "import", str(path), "--apply")
    assert code == 1 and "UTF-8 でも Shift_JIS (CP932) でもない" in err
    assert contacts(project_dir) == before


def test_csv_problem_names_the_file_as_the_sheet(project_dir: Path):
    path = exported(project_dir, "contacts.csv")
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    rows[SASAETE - 1][HEADERS.index("電話番号")] = "839843742"      # what Excel writes after losing the 0
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    code, out, err = run(project_dir, "contacts", "import", str(path))
    assert code == 1 and f"contacts!{cell('電話番号', SASAETE)} 電話番号: 「839843742」は数値になり" in err


def test_editing_a_read_only_name_is_a_warning_and_changes_nothing(project_dir: Path):
    before = contacts(project_dir)
    path = exported(project_dir)
    book = openpyxl.load_workbook(path)
    book["連絡先"][cell("運営団体名（参照のみ）", FAMILY_JUKU)] = "別の団体"
    book.save(path)
    code, out, err = run(project_dir, "contacts", "import", str(path), "--apply")
    assert code == 0 and "変更はありません" in out
    assert contacts(project_dir) == before


def test_the_write_reads_back_the_edited_records_and_refuses_a_wrong_one(monkeypatch: pytest.MonkeyPatch):
    """Only the edited records are read back (the rest is the file's own bytes); a wrong edit is still caught,
    read back alone or, with an anchor in the file, whole."""
    import yaml
    from brochure.data import records
    from brochure.data.roundtrip import RoundTripError
    for text in ("a:\n  name: A\n\nb:\n  name: B\n\nc:\n  name: C\n",
                 "a: &base\n  name: A\n\nb:\n  name: B\n\nc: *base\n"):
        data = yaml.safe_load(text)
        edits = {"b": records.Edits(sets=[("name", "B2")])}
        out = records.apply_edits(text, "c.yaml", data, edits)
        assert yaml.safe_load(out) == {**data, "b": {"name": "B2"}}
        with monkeypatch.context() as patch:
            patch.setattr(records, "_edited", lambda chunk, *_args: chunk.replace("B", "X"))
            with pytest.raises(RoundTripError):
                records.apply_edits(text, "c.yaml", data, edits)


def test_rows_written_as_xml_fall_back_to_openpyxl_for_a_formula(tmp_path: Path):
    """The data rows are written as XML text (fast); a value openpyxl writes its own way takes its path."""
    from brochure.app.spreadsheets import files, sheetrows
    with pytest.raises(ValueError):
        sheetrows.rows_xml([["a", "=1+1"]], lambda i, value: 0)
    assert sheetrows.rows_xml([[" a&b", None, "", 3, True]], lambda i, value: 0) == (
        '<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve"> a&amp;b</t></is></c>'
        '<c r="D2" t="n"><v>3</v></c><c r="E2" t="b"><v>1</v></c></row>')
    row = ["x"] * len(HEADERS)
    row[2] = "=HYPERLINK(1)"
    files.write_xlsx(tmp_path / "f.xlsx", [row], [])
    book = openpyxl.load_workbook(tmp_path / "f.xlsx", read_only=True)
    assert list(book["連絡先"].iter_rows(min_row=2, values_only=True))[0][2] == "=HYPERLINK(1)"


def test_xlsx_values_are_read_as_openpyxl_reads_them(tmp_path: Path):
    """The import reads cells from the XML itself (fast); it must see what openpyxl sees: shared and inline
    strings, numbers, booleans, dates by their format, empty and missing rows, a sheet with a formula."""
    import datetime
    from brochure.app.spreadsheets.files import _read_by_openpyxl, read_xlsx
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "連絡先"
    sheet.append(HEADERS)
    sheet.append(["a", "団体", " 名前 ", None, 839843742, 1.5, True, datetime.datetime(2021, 3, 1)])
    sheet["H2"].number_format = "yyyy/m/d"
    sheet["A5"] = "after a gap"
    book.create_sheet("other").sheet_state = "visible"
    for formula in (False, True):
        if formula:
            sheet["C3"] = "=A2"
        book.save(tmp_path / "b.xlsx")

        def trimmed(rows):
            return [(n, [*r][:max([i + 1 for i, v in enumerate(r) if v is not None], default=0)]) for n, r in rows]
        fast, slow = read_xlsx(tmp_path / "b.xlsx"), _read_by_openpyxl(tmp_path / "b.xlsx")
        assert trimmed(fast.rows) == trimmed(slow.rows) and fast.header == slow.header
        assert fast.rows[0][1][7] == datetime.datetime(2021, 3, 1) and len(fast.rows) == 4


def test_english_name_and_address_columns_round_trip_and_may_be_left_out(project_dir: Path):
    """名称（英語） and 住所（ローマ字） (printed in English editions) are columns like the others; a sheet
    exported before they existed, without them, is read as before and leaves those fields alone."""
    before = contacts(project_dir)
    path = exported(project_dir)
    book = openpyxl.load_workbook(path)
    sheet = book["連絡先"]
    names = [sheet[cell("名称（英語）", row)].value for row in range(2, sheet.max_row + 1)]
    assert "Sapporo Hikikomori Regional Support Centre" in names
    sheet[cell("名称（英語）", SASAETE)] = "Sasaete Network"
    book.save(path)
    assert run(project_dir, "contacts", "import", str(path), "--apply")[0] == 0
    assert changed_lines(before, contacts(project_dir)) == ["+  name_en: Sasaete Network"]

    older = exported(project_dir, "older.xlsx")          # the two columns deleted, as an older export
    book = openpyxl.load_workbook(older)
    sheet = book["連絡先"]
    for header in ("住所（ローマ字）", "名称（英語）"):
        sheet.delete_cols(HEADERS.index(header) + 1)
    book.save(older)
    now = contacts(project_dir)
    code, out, err = run(project_dir, "contacts", "import", str(older), "--apply")
    assert code == 0, err
    assert contacts(project_dir) == now and b"name_en: Sasaete Network" in now
