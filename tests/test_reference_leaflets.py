"""Both reference leaflets are reproduced completely, in both PDFs."""

from __future__ import annotations

import re

import pytest
from conftest import SEEDS, output
from pdfread import normalise, origins_mm, text_of

# Extraction errors in the seed texts, corrected in the data (see the
# corrections: notes in data/).
CORRECTIONS = {"ケール": "クール", "一步": "一歩", "お困り方": "お困りの方"}


def seed_lines(name: str) -> list[str]:
    lines = []
    for raw in (SEEDS / f"{name}.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        line = re.sub(r"^-\s*", "", line)          # markdown list marker
        line = line.lstrip("・●")                   # printed bullet, drawn by CSS or kept
        line = line.replace("**", "")
        line = re.sub(r"<(https?://[^>]+)>", r"\1", line)
        for wrong, right in CORRECTIONS.items():
            line = line.replace(wrong, right)
        line = normalise(line)
        if line:
            lines.append(line)
    return lines


@pytest.mark.parametrize("variant", ["print", "download"])
@pytest.mark.parametrize("name", ["yamaguchi", "sapporo"])
def test_every_seed_line_is_printed(built, name, variant):
    text = normalise(text_of(output(built, name, variant)))
    missing = [line for line in seed_lines(name) if line not in text]
    assert not missing, f"{len(missing)} seed lines missing from {name} {variant}: {missing[:5]}"


@pytest.mark.parametrize("variant", ["print", "download"])
@pytest.mark.parametrize("name", ["yamaguchi", "sapporo"])
def test_every_phone_number_is_printed(built, name, variant):
    seed = (SEEDS / f"{name}.txt").read_text(encoding="utf-8")
    numbers = set(re.findall(r"\b0\d{1,4}-\d{1,4}-\d{3,4}\b", seed))
    assert numbers, "the seed has phone numbers"
    text = text_of(output(built, name, variant))
    assert {n for n in numbers if n not in text} == set()


def test_extraction_errors_are_not_printed(built):
    text = normalise(text_of(output(built, "yamaguchi", "download")) + text_of(output(built, "sapporo", "download")))
    for wrong in CORRECTIONS:
        assert wrong not in text


def test_sasaete_number_printed_four_times_from_one_record(built):
    from conftest import ROOT
    text = text_of(output(built, "yamaguchi", "print"))
    assert text.count("083-984-3742") >= 4
    data_files = list((ROOT / "data").rglob("*.yaml"))
    holding = [f for f in data_files if "083-984-3742" in f.read_text(encoding="utf-8")]
    assert [f.name for f in holding] == ["contacts.yaml"]
    assert (ROOT / "data" / "contacts.yaml").read_text(encoding="utf-8").count("083-984-3742") == 1


def test_edition_line_is_wareki(built):
    assert "【発行日】令和3年3月" in normalise(text_of(output(built, "yamaguchi", "download")))


def test_figures_are_real_text(built):
    yamaguchi = normalise(text_of(output(built, "yamaguchi", "download")))
    for label in ["家族の相談", "本人の相談", "少人数の活動に参加（居場所等の利用）", "社会参加", "いいえ", "はい"]:
        assert label in yamaguchi
    sapporo = normalise(text_of(output(built, "sapporo", "download")))
    for label in ["JR平和駅", "平和通", "国道12号線", "縮尺は正確ではありません"]:
        assert label in sapporo


def test_card_values_start_at_one_edge(built):
    """In a list of cards where one has a 開催日 and a 会場 row (家族支援), every value starts at one
    edge: after labels of three, two and three letters (開催日, 会場, TEL), on the venue's wrapped
    second line, and in the list's other cards (山口健康福祉センター's 住所 and TEL)."""
    values = ["毎月第3日曜日", "山口県身体障害者福祉センター", "山口市八幡馬場36-1", "0837-22-5495",
              "山口市吉敷下東3丁目1-1", "083-934-2532"]   # the last two: their last occurrence, in 家族支援
    labels = ["開催日", "会場"]
    found = origins_mm(output(built, "yamaguchi", "download"), 3, values + labels)   # 家族支援: KHJ山口県きらら会
    edges = [found[v][0] for v in values]
    assert max(edges) - min(edges) < 0.1, dict(zip(values, edges))
    assert all(found[v][1] < found[labels[0]][1] + 0.1 for v in values[:4])  # the KHJ card's rows, not above
    assert min(edges) - found[labels[0]][0] > 9.5      # past the widest label (開催日, 9 mm at 8.5 pt)
