"""The English edition's contacts (the Japanese name, address and number always; name_en, address_en, hours
in English from the recurrence, labels in English) and the HTML page per language."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_project, output
from pdfread import normalise, text_of

from brochure.app.cli import main
from brochure.data.schedules import english, is_closure_note
from brochure.data.schema import Recurrence

WEEKDAYS = ["月", "火", "水", "木", "金"]


def hours(**recurrence) -> str | None:
    found = english(Recurrence.model_validate(recurrence))
    return None if found is None else str(found)


# --------------------------------------------------------------------------- hours in English


def test_split_weekday_hours_with_holidays_and_the_new_year():
    """The issue's example: Sapporo's telephone hours, from its recurrence."""
    assert hours(times=[{"days": WEEKDAYS, "opens": "09:30", "closes": "12:00"},
                        {"days": WEEKDAYS, "opens": "13:00", "closes": "16:00"}],
                 closed=["祝日", "年末年始"]) == \
        "Mon–Fri 9:30–12:00, 13:00–16:00 (closed on weekends, holidays and 29 Dec–3 Jan)"


@pytest.mark.parametrize("recurrence, expected", [
    ({"times": [{"days": WEEKDAYS, "opens": "09:00", "closes": "17:00"}], "closed": ["祝日", "年末年始"],
      "note": "予約制"},
     "Mon–Fri 9:00–17:00, by appointment (closed on weekends, holidays and 29 Dec–3 Jan)"),
    ({"times": [{"days": WEEKDAYS, "opens": "08:30", "closes": "17:15"}]}, "Mon–Fri 8:30–17:15"),
    ({"times": [{"days": WEEKDAYS, "opens": "09:00", "closes": "17:00"}], "closed": ["祝日"]},
     "Mon–Fri 9:00–17:00 (closed on weekends and holidays)"),
    ({"times": [{"days": WEEKDAYS + ["土"], "opens": "10:00", "closes": "18:00"}], "closed": ["年末年始"]},
     "Mon–Sat 10:00–18:00 (closed on Sundays and 29 Dec–3 Jan)"),
    ({"times": [{"days": ["月", "木", "土"], "opens": "9:30", "closes": "16:00"}], "closed": ["祝日"]},
     "Mon, Thu, Sat 9:30–16:00 (closed on holidays)"),
    ({"times": [{"days": ["日"], "weeks": [3], "opens": "13:00", "closes": "16:00"}]},
     "3rd Sunday of the month 13:00–16:00"),
    ({"times": [{"days": ["土"], "weeks": [2, 4], "opens": "10:00"}, {"days": ["水"], "closes": "20:00"}]},
     "2nd and 4th Saturday of the month from 10:00; Wed until 20:00"),
    ({"times": [{"days": ["金", "土"], "opens": "16:00", "closes": "21:00"}], "note": "いずれか"},
     "Fri, Sat 16:00–21:00, on one of these days"),
])
def test_english_hours_from_recurrences(recurrence, expected):
    assert hours(**recurrence) == expected


def test_a_note_no_rule_knows_leaves_the_japanese_text():
    assert hours(times=[{"days": ["月"]}], note="第5週は休み") is None
    assert english(None) is None


def test_closure_notes_are_told_from_other_notes():
    assert is_closure_note("(土、日、祝日及び年末年始を除く)") and is_closure_note("（土日祝休み）")
    assert not is_closure_note("(相談の返信には10日程度かかる場合があります。)")
    assert not is_closure_note("【こころのリカバリー総合支援センターのホームページをご利用ください】")


def test_a_label_the_terms_do_not_know_prints_as_written():
    from brochure.layout.labels import ENGLISH, JAPANESE
    assert ENGLISH.term("電話相談") == "By phone" and ENGLISH.term("相談専用電話") == "Helpline"
    assert ENGLISH.term("LINE相談") == "LINE相談" and JAPANESE.term("電話相談") == "電話相談"


# --------------------------------------------------------------------------- the English PDFs


def _contacts(root: Path) -> dict:
    return yaml.safe_load((root / "data" / "contacts.yaml").read_text(encoding="utf-8"))


def _printed(root: Path, path: Path) -> list[str]:
    manifest = json.loads((root / "build" / "manifest.json").read_text(encoding="utf-8"))
    return next(o for o in manifest["outputs"] if o["path"].endswith(path.name))["contacts"]


@pytest.mark.parametrize("variant", ["download", "print"])
def test_the_english_edition_prints_japanese_names_and_numbers_and_the_english_names(built, variant):
    pdf = output(built, "sapporo", f"{variant}-en")
    text, contacts = normalise(text_of(pdf)), _contacts(built)
    printed = _printed(built, pdf)
    assert any(contacts[cid].get("name_en") for cid in printed)
    for cid in printed:
        record = contacts[cid]
        if record.get("tel"):
            assert normalise(record["name"]) in text and record["tel"] in text, cid
        if record.get("name_en") and cid != "hokkaido-mental-health-association":   # printed as the card's title
            assert normalise(record["name_en"]) in text, cid
        if record.get("address"):
            assert normalise(record["address"]) in text and normalise(record["address_en"]) in text, cid


def test_the_english_edition_prints_hours_and_labels_in_english(built):
    text = normalise(text_of(output(built, "sapporo", "download-en")))
    for printed in ("Byphone", "Inperson", "Bye-mail", "Mon–Fri9:30–12:00,13:00–16:00",
                    "(closedonweekends,holidaysand29Dec–3Jan)", "Mon–Fri9:00–17:00,byappointment",
                    "Helpline011-863-8733", "(helpline)", "(Areplymaytakeabout10days.)", "Website"):
        assert printed in text, printed
    for japanese in ("電話相談", "来所相談", "メール相談", "月〜金", "を除く", "相談専用", "ホームページ", "住所"):
        assert japanese not in text, japanese
    assert "〒003-0029" in text   # the Japanese address as a counter or a taxi driver reads it


def test_the_japanese_edition_prints_none_of_it(built):
    text = normalise(text_of(output(built, "sapporo", "download")))
    assert "電話相談" in text and "月〜金9時30分〜12時、13時〜16時" in text and "相談専用電話" in text
    assert "Sapporo" not in text and "Mon" not in text and "Heiwa-dori" not in text


def test_english_fields_change_no_japanese_byte_and_rebuild_only_english(built, tmp_path):
    """name_en, address_en and notes_en are printed by the English edition only: without them a forced build
    makes the same Japanese bytes; an edit of one rebuilds the English outputs only."""
    root = copy_project(tmp_path / "project")
    shutil.copytree(built / "build", root / "build")
    contacts = root / "data" / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    contacts.write_text(text.replace("name_en: Sapporo Hikikomori Regional Support Centre",
                                     "name_en: Sapporo Hikikomori Support Centre"), encoding="utf-8")
    assert main(["--project", str(root), "build", "--quiet"]) == 0
    report = json.loads((root / "build" / "report.json").read_text(encoding="utf-8"))
    assert {entry["variant"] for entry in report["rebuilt"]} == {"download-en", "print-en", "proof-en", "html-en"}

    stripped = re.sub(r"\n  (name_en|address_en): [^\n]*|\n      notes_en:(\n        - [^\n]*)+", "", text)
    assert "name_en" not in stripped and "notes_en" not in stripped
    contacts.write_text(stripped, encoding="utf-8")
    assert main(["--project", str(root), "build", "sapporo", "--force", "--quiet"]) == 0
    for variant in ("download", "print", "proof"):
        assert hashlib.sha256(output(root, "sapporo", variant).read_bytes()).digest() == \
            hashlib.sha256(output(built, "sapporo", variant).read_bytes()).digest(), variant
    assert "Sapporo Hikikomori Regional" not in text_of(output(root, "sapporo", "download-en"))


# --------------------------------------------------------------------------- the HTML page per language


def test_the_english_page_is_in_english_and_links_the_japanese(built):
    page = built / "build" / "sapporo" / "2021-03" / "en" / "index.html"
    assert page == output(built, "sapporo", "html-en")
    html = page.read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "<title>Hikikomori" in html and "Issued March 2021" in html
    assert '<link rel="alternate" hreflang="ja" href="../index.html">' in html
    assert '<link rel="alternate" hreflang="en" href="index.html">' in html
    assert '<a href="../index.html" hreflang="ja" lang="ja">日本語</a>' in html
    assert 'href="../../../index.html"' in html      # the site, from the language's folder
    pdf = re.search(r'<a href="([^"]+)" type="application/pdf">', html).group(1)
    assert pdf == "../sapporo-2021-03-en-download.pdf" and (page.parent / pdf).is_file()
    assert 'aria-label="Panel 1"' in html and "Sapporo Hikikomori Regional Support Centre" in html
    assert '<p class="card-org" lang="ja">' in html       # the Japanese name is marked as Japanese
    japanese = output(built, "sapporo", "html").read_text(encoding="utf-8")
    assert '<link rel="alternate" hreflang="en" href="en/index.html">' in japanese
    assert '<a href="en/index.html" hreflang="en" lang="en">English</a>' in japanese


def test_the_site_lists_each_language_with_its_page_and_pdf(published):
    html = (published / "build" / "index.html").read_text(encoding="utf-8")
    group = re.search(r'<h3 class="language" lang="en">English</h3>\s*<ul lang="en">(.*?)</ul>', html, re.S)
    assert group, "an English group under the Sapporo leaflet"
    assert '<a href="sapporo/2021-03/en/index.html" hreflang="en">Read on the web</a>' in group.group(1)
    assert re.search(r'<a href="sapporo/2021-03/sapporo-2021-03-en-download.pdf" type="application/pdf" '
                     r'hreflang="en">Download the PDF \(6 pages, [\d.]+ [KM]B\)</a>', group.group(1))
    sitemap = (published / "build" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>sapporo/2021-03/en/index.html</loc>" in sitemap


def test_a_language_not_built_is_not_linked(project_dir):
    """An incomplete catalogue: no English page, and the Japanese page links no language."""
    path = project_dir / "data" / "brochures" / "sapporo.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("背景に病気があることもあります",
                                                            "背景に病気があることもよくあります", 1), encoding="utf-8")
    assert main(["--project", str(project_dir), "build", "sapporo", "--only", "html"], out=io.StringIO()) == 0
    html = output(project_dir, "sapporo", "html").read_text(encoding="utf-8")
    assert "hreflang" not in html and not output(project_dir, "sapporo", "html-en").exists()


def test_the_colophon_of_an_english_edition_is_in_english():
    """【発行日】令和3年3月 / 【発行者】 / 事務局： read Issued March 2021 / Published by / Office: in English,
    the names staying Japanese (marked lang="ja"); the Japanese edition keeps its colophon."""
    from brochure.data.model import load_brochure, load_registry
    from brochure.layout.compose import Composer
    from brochure.project import Project
    project = Project(ROOT)
    registry = load_registry(project)
    source = load_brochure(project, "yamaguchi", registry)
    composer = Composer(project, registry)
    english = "".join(str(p.html) for p in composer.compose(source, language="en").panels)
    japanese = "".join(str(p.html) for p in composer.compose(source).panels)
    assert "Issued March 2021" in english and "Published by <span lang=\"ja\">" in english and "Office: " in english
    assert "【発行日】" not in english and "【発行日】令和3年3月" in japanese and "Issued" not in japanese
