"""Open data out of the registry and in: Open Referral HSDS 3.0 (validated against its JSON Schemas, copied into
tests/hsds-3.0/ with their CC BY-SA 4.0 licence), 自治体標準オープンデータセット 公共施設一覧, schedules read as
structure, and readings (名称_カナ) proposed for a person to confirm."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from brochure.app.cli import main
from brochure.app.spreadsheets.hsds import TABLES, hsds_id
from brochure.app.spreadsheets.opendata import COLUMNS, REQUIRED
from brochure.data.schedules import parse

SCHEMAS = Path(__file__).parent / "hsds-3.0"
ENTITY = {"organizations": "organization", "services": "service", "locations": "location", "addresses": "address",
          "phones": "phone", "schedules": "schedule", "service_at_locations": "service_at_location"}


def run(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(["--project", str(root), *args], out=out, err=err), out.getvalue(), err.getvalue()


def validator(entity: str) -> Draft202012Validator:
    registry = Registry().with_resources(
        (path.name, Resource.from_contents(json.loads(path.read_text(encoding="utf-8")),
                                           default_specification=DRAFT202012))
        for path in SCHEMAS.glob("*.json"))
    schema = json.loads((SCHEMAS / f"{entity}.json").read_text(encoding="utf-8"))
    return Draft202012Validator(schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER)


# --------------------------------------------------------------------------- HSDS


@pytest.fixture
def hsds(project_dir: Path) -> dict[str, list[dict]]:
    code, out, err = run(project_dir, "contacts", "export", "--format", "hsds", str(project_dir / "hsds"))
    assert code == 0, err
    return {name: json.loads((project_dir / "hsds" / f"{name}.json").read_text(encoding="utf-8")) for name in TABLES}


def test_hsds_export_validates_against_the_official_schemas(hsds):
    assert (SCHEMAS / "LICENSE").is_file()
    for table, records in hsds.items():
        check = validator(ENTITY[table])
        assert records, table
        errors = [f"{table}[{i}]: {e.message}" for i, record in enumerate(records) for e in check.iter_errors(record)]
        assert errors == []


def test_hsds_schema_check_can_fail():
    assert list(validator("schedule").iter_errors({"id": "not-a-uuid", "freq": "DAILY"}))


def test_hsds_programmes_are_services_of_their_organisation_and_schedules_are_structured(hsds):
    services = {s["name"]: s for s in hsds["services"]}
    ibasho = services["支えてネットワークの居場所"]
    assert ibasho["organization_id"] == hsds_id("organization", "sasaete-network")
    schedules = {s["description"]: s for s in hsds["schedules"]}
    assert schedules["月・木・土曜 9:30〜16:00"].items() >= {"freq": "WEEKLY", "byday": "MO,TH,SA", "opens_at": "09:30",
                                                          "closes_at": "16:00", "service_id": ibasho["id"]}.items()
    monthly = schedules["毎月第3日曜日 13:00〜16:00"]
    assert (monthly["freq"], monthly["byday"], monthly["opens_at"], monthly["closes_at"]) == (
        "MONTHLY", "3SU", "13:00", "16:00")
    closed = [s for s in hsds["schedules"] if "年末年始" in s["description"]]     # HSDS cannot model it: kept
    assert closed and all(s["byday"] == "MO,TU,WE,TH,FR" for s in closed)
    assert {"09:30", "13:00"} <= {s["opens_at"] for s in closed}
    venue = hsds_id("location", "yamaguchi-disabled-welfare-centre")
    assert any(link["location_id"] == venue for link in hsds["service_at_locations"])


def test_hsds_ids_are_stable_across_exports(project_dir: Path, hsds):
    run(project_dir, "contacts", "export", "--format", "hsds", str(project_dir / "again"))
    again = json.loads((project_dir / "again" / "organizations.json").read_text(encoding="utf-8"))
    assert again == hsds["organizations"]


# --------------------------------------------------------------------------- 公共施設一覧


def kokyo(project_dir: Path) -> tuple[Path, str]:
    path = project_dir / "kokyo.csv"
    code, out, err = run(project_dir, "contacts", "export", "--format", "kokyo-shisetsu", str(path),
                         "--municipality-code", "352012", "--municipality", "山口県山口市")
    assert code == 0, err
    return path, out


def test_kokyo_shisetsu_export_has_every_column_and_says_which_required_values_are_missing(project_dir: Path):
    path, out = kokyo(project_dir)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == list(COLUMNS) and set(REQUIRED) <= set(COLUMNS)
    sasaete = next(r for r in rows if r["ID"] == "sasaete-network")
    assert sasaete["全国地方公共団体コード"] == "352012" and sasaete["名称_カナ"] == "ニンテイエヌピーオーホウジンササエテネットワーク"
    mental = next(r for r in rows if r["ID"] == "yamaguchi-mental-health-centre")
    assert mental["住所"] == "山口市吉敷下東4丁目17-1" and mental["方書"] == "山口県福祉総合相談支援センター"
    assert all(r[c] for r in rows for c in REQUIRED if c not in ("緯度", "経度"))
    assert "sasaete-network（認定NPO法人支えてネットワーク）: 必須の 緯度・経度 が空です" in out


def test_kokyo_shisetsu_export_needs_the_municipality(project_dir: Path):
    code, out, err = run(project_dir, "contacts", "export", "--format", "kokyo-shisetsu", str(project_dir / "k.csv"))
    assert code == 2 and "--municipality-code" in err


def test_kokyo_shisetsu_import_keeps_ids_stable_across_re_imports(project_dir: Path):
    path, _ = kokyo(project_dir)
    contacts = project_dir / "data" / "contacts.yaml"
    before = contacts.read_bytes()
    code, out, err = run(project_dir, "contacts", "import", "--format", "kokyo-shisetsu", str(path), "--apply")
    assert code == 0 and "追加 12 件:" in out, err
    first = contacts.read_bytes()
    assert first.startswith(before) and b"kokyo-sasaete-network:\n  name: " in first
    code, out, err = run(project_dir, "contacts", "import", "--format", "kokyo-shisetsu", str(path), "--apply")
    assert code == 0 and "変更はありません" in out and contacts.read_bytes() == first
    text = path.read_bytes().decode("utf-8-sig").replace("083-984-3742", "083-984-1111")
    path.write_bytes(text.encode("cp932"))                                    # as Excel saves it
    code, out, err = run(project_dir, "contacts", "import", "--format", "kokyo-shisetsu", str(path), "--apply")
    assert code == 0 and "変更 1 件:" in out and "kokyo-sasaete-network" in out, err
    at = first.index(b"kokyo-sasaete-network:")
    assert contacts.read_bytes() == first[:at] + first[at:].replace(b"083-984-3742", b"083-984-1111", 1)


# --------------------------------------------------------------------------- schedules and readings


@pytest.mark.parametrize("text, freq, days, times", [
    ("毎月第3日曜日 13:00〜16:00", "MONTHLY", ("3SU",), [("13:00", "16:00")]),
    ("月・木・土曜 9:30〜16:00", "WEEKLY", ("MO", "TH", "SA"), [("09:30", "16:00")]),
    ("月～金 9時30分～12時、13時～16時", "WEEKLY", ("MO", "TU", "WE", "TH", "FR"), [("09:30", "12:00"), ("13:00", "16:00")]),
])
def test_schedules_are_read_as_structure(text, freq, days, times):
    reading = parse(text)
    assert [(s.freq, s.days, (s.opens, s.closes)) for s in reading.slots] == [(freq, days, t) for t in times]


def test_what_a_recurrence_cannot_say_stays_in_the_note():
    assert "年末年始" in parse("月～金 9時～17時", ["(土、日、祝日及び年末年始を除く)"]).note
    assert parse("年6回程度").slots == [] and parse("年6回程度").note == "年6回程度"
    assert parse("月・木・土曜 9:30〜16:00").note == ""


def test_suggest_kana_proposes_readings_only_for_empty_ones_and_writes_nothing(project_dir: Path):
    contacts = project_dir / "data" / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8").replace("  name_kana: ヤマグチケンコウフクシセンター\n", "")
    contacts.write_text(text, encoding="utf-8")
    code, out, err = run(project_dir, "contacts", "suggest-kana")
    assert code == 0, err
    assert "yamaguchi-health-centre\t山口健康福祉センター\tヤマグチケンコウフクシセンター" in out
    assert "Suggestions only" in out and out.count("\n") == 3      # two comment lines, one suggestion (English locale)
    assert contacts.read_text(encoding="utf-8") == text


def test_every_reference_contact_has_a_katakana_reading():
    import yaml
    from conftest import ROOT
    from brochure.data.values import check_value
    records = yaml.safe_load((ROOT / "data" / "contacts.yaml").read_text(encoding="utf-8"))
    assert all(record.get("name_kana") for record in records.values())
    assert [cid for cid, r in records.items() if check_value("name_kana", r["name_kana"])] == []


# --------------------------------------------------------------------------- structured hours (recurrence:)


def test_every_reference_schedule_has_a_recurrence_that_says_what_the_text_says():
    """Filled once from the printed text (see docs/data-reference.md, recurrence); a person checked each."""
    from brochure.data.schedules import disagrees, reading
    from brochure.data.schema import Contact
    data = yaml.safe_load((Path(__file__).parent.parent / "data" / "contacts.yaml").read_text(encoding="utf-8"))
    texts = 0
    for cid, record in data.items():
        contact = Contact.model_validate(record)
        pairs = [(contact.schedule, contact.recurrence, [])] + [(c.hours, c.recurrence, c.notes) for c in contact.channels]
        for text, recurrence, notes in pairs:
            if text:
                texts += 1
                assert recurrence is not None, cid
                assert not disagrees(text, recurrence), cid
                assert reading(text, recurrence, notes).slots == parse(text, notes).slots, cid
    assert texts == 7


def test_recurrence_reads_an_unquoted_time_and_refuses_a_wrong_one():
    from pydantic import ValidationError
    from brochure.data.schema import Recurrence
    rule = Recurrence.model_validate(yaml.safe_load("times: [{days: [日], weeks: [3], opens: 13:00, closes: 9:30}]"))
    assert (rule.times[0].opens, rule.times[0].closes) == ("13:00", "09:30")    # YAML 1.1 read 13:00 as 780
    with pytest.raises(ValidationError):
        Recurrence.model_validate({"times": [{"days": ["月曜"], "opens": "25:00"}]})


def test_exports_take_days_and_times_from_recurrence_not_the_text(project_dir: Path):
    path = project_dir / "data" / "contacts.yaml"
    text = path.read_text(encoding="utf-8")
    # a text the reader gets wrong, with its structure given: the exports follow the structure
    text = text.replace("  schedule: 金・土曜いずれか 16:00〜21:00\n", "  schedule: 第2・第4金曜の夕方\n", 1)
    text = text.replace('      - {days: [金, 土], opens: "16:00", closes: "21:00"}',
                        '      - {days: [金], weeks: [2, 4], opens: "17:00", closes: "20:00"}', 1)
    path.write_text(text, encoding="utf-8")
    assert [(s.freq, s.opens) for s in parse("第2・第4金曜の夕方").slots] == [("WEEKLY", None)]   # every Friday?
    code, out, err = run(project_dir, "contacts", "export", "--format", "hsds", str(project_dir / "hsds"))
    assert code == 0, err
    schedules = json.loads((project_dir / "hsds" / "schedules.json").read_text(encoding="utf-8"))
    evening = next(s for s in schedules if s["description"] == "第2・第4金曜の夕方")
    assert (evening["freq"], evening["byday"], evening["opens_at"], evening["closes_at"]) == (
        "MONTHLY", "2FR,4FR", "17:00", "20:00")
    from brochure.app.spreadsheets.opendata import _row
    record = yaml.safe_load(text)["dream-factory-ibasho"] | {"address": "山口市久保小路27"}
    row = dict(zip(COLUMNS, _row("dream-factory-ibasho", record, {}, "352012", "山口県山口市")))
    assert (row["利用可能曜日"], row["開始時間"], row["終了時間"], row["利用可能日時特記事項"]) == (
        "金", "17:00", "20:00", "第2・第4金曜の夕方")


def test_a_schedule_edited_without_its_recurrence_is_a_warning(project_dir: Path):
    from brochure.data.model import load_registry
    from brochure.project import Project
    path = project_dir / "data" / "contacts.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "schedule: 月・木・土曜 9:30〜16:00", "schedule: 月・木曜 9:30〜16:00", 1), encoding="utf-8")
    registry = load_registry(Project(project_dir))
    assert [w.key for w in registry.warnings] == ["sasaete-ibasho.recurrence"]
    assert all(w.severity == "warning" for w in registry.warnings)
