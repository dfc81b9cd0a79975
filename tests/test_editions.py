"""Editions: wareki boundaries, freezing, rebuilding byte for byte, comparing."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import copy_project, nothing_written, output
from pdfread import text_of

from brochure.app.cli import main
from brochure.data.wareki import wareki_month

OLD_TEL, NEW_TEL = "083-984-3742", "083-984-1111"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def set_tel(root: Path, old: str, new: str) -> None:
    contacts = root / "data" / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    assert text.count(f"tel: {old}\n") == 1
    contacts.write_text(text.replace(f"tel: {old}\n", f"tel: {new}\n"), encoding="utf-8")


@pytest.mark.parametrize("month, printed", [
    ("2019-04", "平成31年4月"),   # last month of Heisei
    ("2019-05", "令和元年5月"),   # Reiwa began 2019-05-01: first year is 元年
    ("1989-01", "昭和64年1月"),   # the month's first day; Heisei began 1989-01-08
    ("1989-02", "平成元年2月"),
    ("2021-03", "令和3年3月"),
    ("2022-03", "令和4年3月"),
])
def test_era_boundaries(month, printed):
    assert wareki_month(month) == printed


# --------------------------------------------------------------------------- starting an edition (no rendering)


def test_new_edition_refuses_a_month_not_after_the_current_one(project_dir):
    brochure = project_dir / "data" / "brochures" / "yamaguchi.yaml"
    before = brochure.read_bytes()
    for month in ("2021-03", "2020-12"):
        code, _, err = run("--project", str(project_dir), "edition", "new", "yamaguchi", "--issued", month)
        assert code == 2
        assert "must come after the current one" in err and "2021-03" in err
    code, _, err = run("--project", str(project_dir), "edition", "new", "yamaguchi", "--issued", "2022-3")
    assert code == 2 and "YYYY-MM" in err
    assert brochure.read_bytes() == before
    assert not (project_dir / "data" / "editions").exists()


def test_new_edition_freezes_changes_one_line_and_lists_contacts_to_review(project_dir):
    contacts = project_dir / "data" / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    stale = f"tel: {OLD_TEL}\n  verified: 2021-03-01\n"
    contacts.write_text(text.replace(stale, f"tel: {OLD_TEL}\n  verified: 2020-11-15\n"), encoding="utf-8")
    brochure = project_dir / "data" / "brochures" / "yamaguchi.yaml"
    before = brochure.read_text(encoding="utf-8").splitlines()

    code, out, err = run("--project", str(project_dir), "edition", "new", "yamaguchi", "--issued", "2022-03")

    assert code == 0, err
    after = brochure.read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(after) == len(before) and changed == [('  issued: "2021-03"', '  issued: "2022-03"')]
    assert "sasaete-network" in out and "2020-11-15" in out   # verified before the 2021-03 edition
    review = out.split("review before printing", 1)[1]
    assert "yamaguchi-network" not in review                  # verified 2021-03-01: not stale
    snapshot = yaml.safe_load((project_dir / "data/editions/yamaguchi/2021-03.yaml").read_text(encoding="utf-8"))
    assert snapshot["brochure"]["edition"]["issued"] == "2021-03"
    assert snapshot["contacts"]["sasaete-network"]["tel"] == OLD_TEL
    assert "sapporo-hikikomori-centre" not in snapshot["contacts"]      # only what this brochure printed
    assert run("--project", str(project_dir), "edition", "list", "yamaguchi")[1] == "2021-03 frozen\n2022-03 current\n"


def test_snapshot_is_validated_like_live_data(project_dir):
    assert run("--project", str(project_dir), "edition", "new", "yamaguchi", "--issued", "2022-03")[0] == 0
    snapshot = project_dir / "data/editions/yamaguchi/2021-03.yaml"
    text = snapshot.read_text(encoding="utf-8")
    snapshot.write_text(text.replace(f"tel: {OLD_TEL}\n", f"tel: {OLD_TEL}\n    tell: 1\n"), encoding="utf-8")
    code, _, err = run("--project", str(project_dir), "build", "yamaguchi", "--edition", "2021-03")
    assert code == 1
    assert "data/editions/yamaguchi/2021-03.yaml:" in err and "unknown field 'tell'" in err
    assert nothing_written(project_dir)


def test_unknown_edition_and_edition_without_one_name_are_usage_errors(project_dir):
    code, _, err = run("--project", str(project_dir), "build", "yamaguchi", "--edition", "2019-03")
    assert code == 2 and "no edition 2019-03" in err and "2021-03" in err
    code, _, err = run("--project", str(project_dir), "build", "--edition", "2021-03")
    assert code == 2 and "exactly one brochure" in err


# --------------------------------------------------------------------------- a year later (renders yamaguchi twice)


@pytest.fixture(scope="module")
def next_year(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The built project copied; a new edition started; a number changed; both editions built."""
    root = copy_project(tmp_path_factory.mktemp("editions") / "project")
    shutil.copytree(built / "build", root / "build")
    first = {v: output(root, "yamaguchi", v).read_bytes() for v in ("print", "download")}
    project = ("--project", str(root))
    assert run(*project, "edition", "new", "yamaguchi", "--issued", "2022-03")[0] == 0
    set_tel(root, OLD_TEL, NEW_TEL)
    for args in (("build", "yamaguchi", "--edition", "2021-03"), ("build", "yamaguchi")):
        code, _, err = run(*project, *args, "--quiet")
        assert code == 0, err
    return {"root": root, "first": first}


@pytest.mark.parametrize("variant", ["print", "download"])
def test_frozen_edition_rebuilds_byte_identical_after_contact_change(next_year, variant):
    rebuilt = output(next_year["root"], "yamaguchi", variant, "2021-03")
    assert rebuilt.read_bytes() == next_year["first"][variant]
    assert OLD_TEL in text_of(rebuilt) and NEW_TEL not in text_of(rebuilt)


@pytest.mark.parametrize("variant", ["print", "download"])
def test_new_edition_prints_its_month_and_the_new_number(next_year, variant):
    text = text_of(output(next_year["root"], "yamaguchi", variant, "2022-03"))
    assert "令和4年3月" in text and "令和3年3月" not in text
    assert NEW_TEL in text and OLD_TEL not in text


def test_manifest_keeps_both_editions(next_year):
    manifest = json.loads((next_year["root"] / "build" / "manifest.json").read_text(encoding="utf-8"))
    editions = {(o["brochure"], o["edition"]) for o in manifest["outputs"]}
    assert {("yamaguchi", "2021-03"), ("yamaguchi", "2022-03"), ("sapporo", "2021-03")} <= editions


def test_diff_names_the_changed_contact_field_and_panels(next_year):
    code, out, err = run("--project", str(next_year["root"]), "diff", "yamaguchi")
    assert code == 0, err
    assert f"sasaete-network.tel {OLD_TEL} → {NEW_TEL}" in out
    assert "edition.issued 2021-03 → 2022-03" in out
    code, out, _ = run("--project", str(next_year["root"]), "diff", "yamaguchi", "2021-03", "2022-03", "--json")
    report = json.loads(out)
    assert report["contacts"]["changed"] == [
        {"id": "sasaete-network", "field": "tel", "old": OLD_TEL, "new": NEW_TEL}]
    assert report["contacts"]["added"] == report["contacts"]["removed"] == [] and report["text"] == []
    panels = {p["panel"]: p["reasons"] for p in report["panels"]}
    assert "contact sasaete-network" in panels["back"] and "edition" in panels["back"]
    assert "cover" not in panels


def test_diff_shows_a_changed_paragraph(project_dir):
    assert run("--project", str(project_dir), "edition", "new", "yamaguchi", "--issued", "2022-03")[0] == 0
    brochure = project_dir / "data" / "brochures" / "yamaguchi.yaml"
    old = "その状態に至った経緯は人によって異なります。"
    brochure.write_text(brochure.read_text(encoding="utf-8").replace(old, "経緯は人それぞれです。"), encoding="utf-8")
    code, out, err = run("--project", str(project_dir), "diff", "yamaguchi", "--json")
    assert code == 0, err
    [change] = json.loads(out)["text"]
    assert change["panel"] == "cover"
    assert any(line.startswith("-") and old in line for line in change["diff"])
    assert any(line.startswith("+") and "経緯は人それぞれです。" in line for line in change["diff"])
    assert {"position": 1, "panel": "cover", "reasons": ["text"]} in json.loads(out)["panels"]


@pytest.mark.parametrize("flag, expected", [("true", "【発行日】令和3年3月（2021年3月）"), ("false", "【発行日】令和3年3月<")])
def test_layout_can_ask_for_the_western_year(project_dir, flag, expected):
    from brochure.data.model import load_all
    from brochure.layout.compose import Composer
    from brochure.project import Project

    layout = project_dir / "layouts" / "maki3" / "layout.yaml"
    layout.write_text(layout.read_text(encoding="utf-8") + f"western_year: {flag}\n", encoding="utf-8")
    project = Project(project_dir)
    registry, [source] = load_all(project, ["yamaguchi"])
    html = "".join(panel.html for panel in Composer(project, registry).compose(source).panels)
    assert expected in html
