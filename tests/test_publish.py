"""Publishing: a printing frozen as the last build printed it, and what the build does afterwards."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import copy_project, output
from pdfread import text_of

from brochure.builder.targets import last_updated
from brochure.data.wareki import wareki_date

from test_editions import NEW_TEL, OLD_TEL, run, set_tel  # noqa: E402  (one helper for both)


@pytest.fixture(scope="module")
def published_then_edited(built: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The built project published, then a phone number corrected and built again."""
    root = copy_project(tmp_path_factory.mktemp("publish") / "project")
    shutil.copytree(built / "build", root / "build")
    first = {v: output(root, "yamaguchi", v).read_bytes()
             for v in ("print", "download", "proof", "print-ja-easy", "proof-ja-easy")}
    code, out, err = run("--project", str(root), "publish", "yamaguchi")
    assert code == 0, err
    set_tel(root, OLD_TEL, NEW_TEL)
    code, build_out, err = run("--project", str(root), "build")
    assert code == 0, err
    return {"root": root, "first": first, "publish_out": out, "build_out": build_out}


def test_publish_writes_the_snapshot_and_the_record(published_then_edited):
    root = published_then_edited["root"]
    assert "published yamaguchi 2021-03" in published_then_edited["publish_out"]
    snapshot = yaml.safe_load((root / "data/editions/yamaguchi/2021-03.yaml").read_text(encoding="utf-8"))
    assert snapshot["contacts"]["sasaete-network"]["tel"] == OLD_TEL
    [printing] = yaml.safe_load((root / "data/editions/yamaguchi/published.yaml").read_text(encoding="utf-8"))
    assert printing["edition"] == "2021-03" and isinstance(printing["published"], datetime.date)
    assert run("--project", str(root), "edition", "list", "yamaguchi")[1] == "2021-03 current, published\n"


@pytest.mark.parametrize("variant", ["print", "proof", "print-ja-easy", "proof-ja-easy"])
def test_a_later_edit_never_reaches_the_print_shop_pdfs(published_then_edited, variant):
    root = published_then_edited["root"]
    assert output(root, "yamaguchi", variant).read_bytes() == published_then_edited["first"][variant]
    out = published_then_edited["build_out"]
    assert "yamaguchi 2021-03 is published" in out and "edition new" in out and "--reprint" in out
    assert f"yamaguchi 2021-03 {variant}" not in out


def test_the_website_copy_follows_the_corrected_number(published_then_edited):
    text = text_of(output(published_then_edited["root"], "yamaguchi", "download"))
    assert NEW_TEL in text and OLD_TEL not in text
    assert "最終更新日 令和" in text and "【発行日】令和3年3月" in text


def test_each_language_s_website_copy_follows_the_corrected_number(published_then_edited):
    """The やさしい日本語 edition was published with the Japanese one: its download PDF and page follow the
    live contacts too, and the download page lists them (never a copy with the old number)."""
    root = published_then_edited["root"]
    text = text_of(output(root, "yamaguchi", "download-ja-easy"))
    assert NEW_TEL in text and OLD_TEL not in text
    page = (root / "build" / "yamaguchi" / "2021-03" / "ja-easy" / "index.html").read_text(encoding="utf-8")
    assert NEW_TEL in page and OLD_TEL not in page and "最終更新日" in page
    assert run("--project", str(root), "site")[0] == 0
    site = (root / "build" / "index.html").read_text(encoding="utf-8")
    assert "yamaguchi-2021-03-ja-easy-download.pdf" in site and "yamaguchi/2021-03/ja-easy/index.html" in site


def test_strict_build_refuses_a_published_edition_whose_data_changed(published_then_edited):
    code, _, err = run("--project", str(published_then_edited["root"]), "build", "yamaguchi", "--strict", "--force")
    assert code == 1 and "is published" in err and "brochure edition new yamaguchi" in err


def test_published_edition_rebuilds_byte_identical_from_its_snapshot(published_then_edited):
    root = published_then_edited["root"]
    assert run("--project", str(root), "build", "yamaguchi", "--edition", "2021-03", "--force", "--quiet")[0] == 0
    assert output(root, "yamaguchi", "print").read_bytes() == published_then_edited["first"]["print"]
    assert NEW_TEL in text_of(output(root, "yamaguchi", "download"))   # the website copy is left to the live data


def test_publishing_twice_is_refused(published_then_edited):
    code, _, err = run("--project", str(published_then_edited["root"]), "publish", "yamaguchi")
    assert code == 1 and "published already" in err and "--reprint" in err


def test_publish_refuses_data_changed_since_the_last_build(built, tmp_path):
    root = copy_project(tmp_path / "project")
    shutil.copytree(built / "build", root / "build")
    set_tel(root, OLD_TEL, NEW_TEL)
    code, _, err = run("--project", str(root), "publish", "yamaguchi")
    assert code == 1 and "not what the data prints now" in err and "brochure build yamaguchi" in err
    assert not (root / "data" / "editions").exists()


def test_publish_before_any_build_is_a_usage_error(project_dir):
    code, _, err = run("--project", str(project_dir), "publish", "yamaguchi")
    assert code == 2 and "brochure build yamaguchi" in err


def test_reprint_says_so_in_its_colophon_and_is_frozen_in_turn(published_then_edited, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(published_then_edited["root"], root)
    code, out, err = run("--project", str(root), "publish", "yamaguchi", "--reprint", "2022-06")
    assert code == 0, err
    assert "published yamaguchi 2021-03r2022-06" in out
    printed = output(root, "yamaguchi", "print", "2021-03r2022-06")
    assert "令和3年3月発行（令和4年6月一部修正）" in text_of(printed) and NEW_TEL in text_of(printed)
    assert (root / "data/editions/yamaguchi/2021-03r2022-06.yaml").is_file()
    assert output(root, "yamaguchi", "print").read_bytes() == published_then_edited["first"]["print"]
    assert run("--project", str(root), "edition", "list", "yamaguchi")[1] == (
        "2021-03 published\n2021-03r2022-06 current, published\n")
    # the next edition starts from the published reprint, and is no reprint itself
    code, out, err = run("--project", str(root), "edition", "new", "yamaguchi", "--issued", "2023-03")
    assert code == 0, err
    assert "revised" not in (root / "data/brochures/yamaguchi.yaml").read_text(encoding="utf-8")


def test_edition_new_keeps_the_published_snapshot(published_then_edited, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(published_then_edited["root"], root)
    before = (root / "data/editions/yamaguchi/2021-03.yaml").read_bytes()
    code, out, err = run("--project", str(root), "edition", "new", "yamaguchi", "--issued", "2022-03")
    assert code == 0, err
    assert (root / "data/editions/yamaguchi/2021-03.yaml").read_bytes() == before   # the old number, as printed


def test_last_updated_comes_from_the_data():
    class Record:
        def __init__(self, day):
            self.verified = day
    published = datetime.date(2021, 3, 20)
    assert last_updated(published, [Record(datetime.date(2021, 3, 1))]) == published
    assert last_updated(published, [Record(datetime.date(2022, 6, 15))]) == datetime.date(2022, 6, 15)
    assert wareki_date(datetime.date(2022, 6, 15)) == "令和4年6月15日"
