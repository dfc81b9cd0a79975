"""Language editions: the PO workflow, furigana for やさしい日本語, the English edition's contacts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT, nothing_written, output
from markupsafe import escape
from pdfread import normalise, text_of

from brochure.app.cli import main
from brochure.layout.ruby import KANJI, name_overrides, pairs, readings_of, ruby_html

PAIR = re.compile(r'<span class="rb"[^>]*>[^<]*<span class="rt"[^>]*>[^<]*</span></span>')


def _catalogue(root: Path, name: str = "sapporo", language: str = "en"):
    with (root / "translations" / name / f"{language}.po").open("rb") as handle:
        return read_po(handle)


@pytest.fixture
def english(project_dir) -> Path:
    """A fresh copy of the project: the Sapporo leaflet lists its English edition (its catalogue,
    translations/sapporo/en.po, is the reference translation)."""
    path = project_dir / "data" / "brochures" / "sapporo.yaml"
    assert "\nlanguages: [ja, en]" in path.read_text(encoding="utf-8")
    return project_dir


def _edit_sentence(root: Path, old: str, new: str) -> None:
    path = root / "data" / "brochures" / "sapporo.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


# --------------------------------------------------------------------------- the PO workflow


def test_update_extracts_every_sentence_untranslated(english, capsys):
    project_dir = english
    (project_dir / "translations" / "sapporo" / "en.po").unlink()
    assert main(["--project", str(project_dir), "translations", "update", "sapporo"]) == 0
    catalogue = _catalogue(project_dir)
    ids = [m.id for m in catalogue if m.id]
    assert "家族だけで悩まないで相談しましょう" in ids and "平和通" in ids    # a heading and a figure label
    assert all(not m.string for m in catalogue if m.id)
    assert f"{len(ids)} untranslated, 0 fuzzy" in capsys.readouterr().out


def test_a_changed_sentence_is_fuzzy_with_its_old_translation(english, capsys):
    project_dir = english
    _edit_sentence(project_dir, "背景に病気があることもあります", "背景に病気があることもよくあります")
    assert main(["--project", str(project_dir), "translations", "update", "sapporo"]) == 0
    message = _catalogue(project_dir).get("背景に病気があることもよくあります")
    assert message.fuzzy and message.string == "An illness may lie behind it"
    assert "0 untranslated, 1 fuzzy" in capsys.readouterr().out


def test_missing_refuses_the_language_and_allow_missing_falls_back(english, capsys):
    project_dir = english
    _edit_sentence(project_dir, "背景に病気があることもあります", "背景に病気があることもよくあります")
    english = project_dir / "build" / "sapporo" / "2021-03" / "sapporo-2021-03-en-download.pdf"
    assert main(["--project", str(project_dir), "build", "sapporo", "--only", "download"]) == 0
    out = capsys.readouterr().out
    assert "en: 1 untranslated, 0 fuzzy; this language is not built" in out
    assert not english.exists()
    assert (project_dir / "build" / "sapporo" / "2021-03" / "sapporo-2021-03-download.pdf").is_file()

    assert main(["--project", str(project_dir), "build", "sapporo", "--only", "download", "--allow-missing"]) == 0
    assert "built with those sentences in Japanese (--allow-missing)" in capsys.readouterr().out
    text = normalise(text_of(english))
    assert "背景に病気があることもよくあります" in text              # that sentence only, in Japanese
    assert "Howtoaskforadvice" in text


def test_strict_makes_an_incomplete_language_an_error(english):
    project_dir = english
    _edit_sentence(project_dir, "背景に病気があることもあります", "背景に病気があることもよくあります")
    assert main(["--project", str(project_dir), "build", "sapporo", "--only", "download", "--strict"]) != 0


# --------------------------------------------------------------------------- furigana


def _easy_sentences() -> list[str]:
    return [m.string for m in _catalogue(ROOT, "yamaguchi", "ja-easy") if m.id and m.string]


def test_every_kanji_of_the_easy_japanese_sentences_has_a_reading():
    sentences = _easy_sentences()
    assert len(sentences) > 50
    for sentence in sentences:
        html = ruby_html(escape(sentence))
        outside = PAIR.sub("", str(html))
        assert not KANJI.search(outside), f"kanji without a reading in {sentence!r}: {outside!r}"
        assert all(reading and re.fullmatch(r"[ぁ-ゖー]+", reading) for _, reading in readings_of(html))


def test_readings_written_in_the_data_win():
    assert pairs("{秋穂|あいお}の家族") == [("秋穂", "あいお"), ("の", None), ("家族", "かぞく")]
    overrides = name_overrides([("山口市秋穂西", "ヤマグチシアイオニシ")])
    assert pairs("秋穂西に行く", {"秋穂西": "あいおにし"})[0] == ("秋穂西", "あいおにし")
    assert overrides["山口市秋穂西"] == "やまぐちしあいおにし"
    # a known word counts only where it stands whole: not 支 inside 支援
    assert pairs("支援", {"支": "ささ"}) == [("支援", "しえん")]


def test_okurigana_stay_outside_the_ruby():
    assert pairs("取り戻す") == [("取", "と"), ("り", None), ("戻", "もど"), ("す", None)]


def test_the_base_text_is_searchable_in_order_and_pairs_stay_whole(tmp_path):
    import weasyprint
    sentence = "ひきこもりで困っている家族と、まわりで助けている人へ。" * 4
    css = (ROOT / "layouts" / "base" / "base.css").read_text(encoding="utf-8")
    font = (ROOT / "fonts" / "BIZUDPGothic-Regular.ttf").as_uri()
    html = (f"<style>@font-face {{ font-family: BrochureGothic; src: url({font}) }} {css} "
            f"@page {{ size: 60mm 80mm; margin: 5mm }}</style>"
            f'<div class="furigana"><p>{ruby_html(escape(sentence))}</p></div>')
    document = weasyprint.HTML(string=html).render()
    pdf = tmp_path / "ruby.pdf"
    document.write_pdf(pdf)
    text = normalise(text_of(pdf))
    assert normalise(sentence) in text      # whole, in order: the readings are drawn after the line
    assert "家族" in text
    # No pair is split across lines: each base is laid out as one box, whole.
    bases = [base for base, reading in pairs(sentence) if reading]
    assert list(_bases(document.pages[0]._page_box)) == bases


def _bases(box):
    """The base text of every ruby pair's box, in order (a pair split across lines would give two)."""
    from weasyprint.formatting_structure import boxes
    if isinstance(box, boxes.InlineBox) and box.element is not None and box.element.get("class") == "rb":
        yield "".join(child.text for child in box.children if isinstance(child, boxes.TextBox))
        return
    if isinstance(box, boxes.ParentBox):
        for child in box.children:
            yield from _bases(child)


# --------------------------------------------------------------------------- the English edition


def test_the_english_edition_prints_each_contact_in_japanese(built):
    for variant in ("download", "print"):
        _prints_contacts_in_japanese(built, built / "build" / "sapporo" / "2021-03" / f"sapporo-2021-03-en-{variant}.pdf")


def test_the_reference_build_has_the_english_and_easy_japanese_editions(built):
    """Sapporo lists [ja, en], Yamaguchi [ja, ja-easy]: each language's download, print and proof sit
    beside the Japanese ones, under the Japanese names plus the language, and the manifest tracks them."""
    import json
    from brochure.render.variants import LANGUAGE_VARIANTS, VARIANTS
    manifest = json.loads((built / "build" / "manifest.json").read_text(encoding="utf-8"))
    for name, language in (("sapporo", "en"), ("yamaguchi", "ja-easy")):
        folder = built / "build" / name / "2021-03"
        assert sorted(p.name for p in folder.glob(f"*-{language}-*.pdf")) == sorted(
            f"{name}-2021-03-{language}-{kind}.pdf" for kind in LANGUAGE_VARIANTS if kind != "html")
        assert all(output(built, name, v).is_file() for v in VARIANTS)   # the Japanese ones, as before
        tracked = {o["variant"] for o in manifest["outputs"] if o["brochure"] == name and "-" in o["variant"]}
        assert {v for v in tracked if v.endswith(f"-{language}")} == {f"{kind}-{language}" for kind in LANGUAGE_VARIANTS}
    assert not list((built / "build" / "yamaguchi").rglob("*-en-*.pdf"))


def test_the_easy_japanese_edition_is_printed_on_a3_and_the_japanese_on_a4(built):
    """language_editions: {ja-easy: {fold: maki3A3, paper: A3}}: the same six panels on a sheet twice
    the size, with bleed; the Japanese print PDF keeps its A4 sheet."""
    import pypdfium2
    bleed_pt = 2 * 3 / 25.4 * 72
    for name, sheet in (("print", (297, 210)), ("ja-easy-print", (420, 297))):
        pdf = pypdfium2.PdfDocument(built / "build" / "yamaguchi" / "2021-03" / f"yamaguchi-2021-03-{name}.pdf")
        width, height = pdf[0].get_size()
        marks = width - sheet[0] / 25.4 * 72 - bleed_pt        # the slug for the marks, as the A4 sheet has
        assert len(pdf) == 2 and marks > 0 and abs(height - sheet[1] / 25.4 * 72 - bleed_pt - marks) < 1


def test_every_kanji_the_reference_easy_edition_prints_has_a_reading():
    """Composed as the build composes it, sentences and contact cards alike: no kanji outside a pair,
    and the contacts' names read as their name_kana says."""
    from brochure.builder.languages import language_targets
    from brochure.data.model import load_brochure, load_registry
    from brochure.layout.compose import Composer
    from brochure.project import Project
    project = Project(ROOT)
    registry = load_registry(project)
    found, notes = language_targets(project, load_brochure(project, "yamaguchi", registry), allow_missing=False)
    assert not notes
    easy = next(t for t in found if t["language"] == "ja-easy")
    composition = Composer(project, registry).compose(easy["source"], language="ja-easy", readings=easy["readings"])
    assert composition.plan.name == "maki3A3"
    for panel in composition.panels:
        text = re.sub(r"<[^>]*>", "", PAIR.sub("", str(panel.html)))
        assert not KANJI.search(text), f"panel {panel.position}: kanji without a reading in {text!r}"
    html = "".join(str(p.html) for p in composition.panels)
    assert ("山口市", "やまぐちし") in readings_of(html) and ("家族", "かぞく") in readings_of(html)


def test_a_reading_wider_than_its_base_overhangs_kana_beside_it_not_kanji():
    """所 (ところ, 1.5 em of reading over 1 em) may reach half a reading character over the kana on
    each side: no padding; between two kanji words it pads its base so that readings never touch."""
    beside_kana = str(ruby_html("いろいろな所が"))
    assert 'class="rb">所<' in beside_kana
    beside_kanji = str(ruby_html("相談所長"))
    assert "padding" in beside_kanji
    across_tags = str(ruby_html('<span class="ph">いろいろな</span><span class="ph">所が</span>'))   # BudouX phrases
    assert 'class="rb">所<' in across_tags


def test_a_language_edition_names_a_fold_with_the_leaflets_panels(project_dir, capsys):
    """language_editions: a fold with another number of panels, or a language not in languages:, is an
    error at its line; nothing is written."""
    path = project_dir / "data" / "brochures" / "yamaguchi.yaml"
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index(next(l for l in text.splitlines() if "ja-easy: {fold: maki3A3" in l)) + 1
    path.write_text(text.replace("ja-easy: {fold: maki3A3, paper: A3", "ja-easy: {fold: nioriA3, paper: A3"),
                    encoding="utf-8")
    assert main(["--project", str(project_dir), "build", "yamaguchi"]) != 0
    err = capsys.readouterr().err
    assert f"yamaguchi.yaml:{line}" in err and "nioriA3" in err and "6" in err
    path.write_text(text.replace("languages: [ja, ja-easy]", "languages: [ja]"), encoding="utf-8")
    assert main(["--project", str(project_dir), "build", "yamaguchi"]) != 0
    assert f"yamaguchi.yaml:{line}" in capsys.readouterr().err
    assert nothing_written(project_dir)


def test_the_map_label_box_fits_a_translated_name_inside_the_map():
    """A label longer than the box (the English centre name) gets a box that fits it, inside the map;
    the Japanese label keeps the box of 54 units centred over its pin."""
    from brochure.layout.figures.accessmap import LABEL_BOX, Target, _target, _text_width
    rect = re.compile(r'<rect x="([\d.]+)" y="[\d.]+" width="([\d.]+)"')
    japanese = _target(Target(label="札幌市ひきこもり地域支援センター", at=(72, 50)), "#0041ff", 100)
    assert rect.search(japanese[1]).groups() == ("45", str(LABEL_BOX))
    label = "Sapporo Hikikomori Support Centre"
    x, width = map(float, rect.search(_target(Target(label=label, at=(72, 50)), "#0041ff", 100)[1]).groups())
    assert width >= _text_width(label, 3.3) > LABEL_BOX and 0 <= x and x + width <= 100


def _prints_contacts_in_japanese(built: Path, english: Path) -> None:
    import json
    text = normalise(text_of(english))
    assert "Whatishikikomori?" in text
    manifest = json.loads((built / "build" / "manifest.json").read_text(encoding="utf-8"))
    entry = next(o for o in manifest["outputs"] if o["path"].endswith(english.name))
    import yaml
    contacts = yaml.safe_load((built / "data" / "contacts.yaml").read_text(encoding="utf-8"))
    printed = [contacts[cid] for cid in entry["contacts"] if contacts[cid].get("tel")]
    assert printed
    for record in printed:
        assert normalise(record["name"]) in text and record["tel"] in text


def test_the_easy_japanese_web_page_has_html_ruby_on_every_kanji(built):
    """The HTML edition in やさしい日本語: <ruby> with <rt> (and <rp> for browsers without ruby), not the
    PDF's spans; no kanji of the page's text stands outside a ruby base; lang is ja."""
    page = (built / "build" / "yamaguchi" / "2021-03" / "ja-easy" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ja"' in page and 'class="rt"' not in page
    assert "<ruby>家族<rp>(</rp><rt>かぞく</rt><rp>)</rp></ruby>" in page
    main_part = page[page.index("<main"):page.index("</main>")]
    text = re.sub(r"<script.*?</script>|<title>.*?</title>|<svg.*?</svg>", "", main_part, flags=re.S)
    text = re.sub(r"<ruby>[^<]*<rp>", "", text)       # the bases
    text = re.sub(r"<[^>]*>", "", text)
    assert not KANJI.search(text), KANJI.findall(text)[:10]


def test_the_reference_easy_edition_pdf_is_searchable_for_its_words(built):
    """The built やさしい日本語 PDFs: 家族 and a whole sentence are found by text search, the readings
    not wedged between the kanji of a word."""
    for variant in ("download", "print"):
        text = normalise(text_of(built / "build" / "yamaguchi" / "2021-03" / f"yamaguchi-2021-03-ja-easy-{variant}.pdf"))
        assert "家族" in text and "かぞく家族" not in text and "家かぞく族" not in text
        assert normalise("本人と家族の相談") in text


def test_line_spacing_is_the_same_with_and_without_ruby():
    """Lines with readings and lines without any are set at the same distance (the furigana edition
    gives every line the leading a reading needs)."""
    import weasyprint
    from weasyprint.formatting_structure import boxes
    css = (ROOT / "layouts" / "base" / "base.css").read_text(encoding="utf-8")
    font = (ROOT / "fonts" / "BIZUDPGothic-Regular.ttf").as_uri()
    mixed = "ひらがなだけのぎょうです。" * 2 + "家族の相談と仕事の相談。" * 2 + "ひらがなだけです。" * 2 + "本人の気持ち。" * 2
    html = (f"<style>@font-face {{ font-family: BrochureGothic; src: url({font}) }} {css} "
            f"@page {{ size: 60mm 120mm; margin: 5mm }}</style>"
            f'<div class="furigana"><p>{ruby_html(escape(mixed))}</p></div>')
    page = weasyprint.HTML(string=html).render().pages[0]._page_box

    def lines(box):
        if isinstance(box, boxes.LineBox):
            yield box
        elif isinstance(box, boxes.ParentBox):
            for child in box.children:
                yield from lines(child)
    found = list(lines(page))
    with_ruby = [any(True for _ in _bases(line)) for line in found]
    assert len(found) >= 6 and any(with_ruby) and not all(with_ruby)
    steps = {round(b.position_y - a.position_y, 3) for a, b in zip(found, found[1:])}
    assert len(steps) == 1, steps
