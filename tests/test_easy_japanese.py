"""The やさしい日本語 check (brochure/checks/easy.py): each rule fires on a bad sentence and not on a good
one, names the catalogue's file and the line of the msgstr, and the reference catalogue passes it."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from brochure.checks.easy import easy_problems
from brochure.data.editions import load_brochure
from brochure.data.model import load_registry
from brochure.i18n import speaking
from brochure.project import Project

ROOT = Path(__file__).resolve().parent.parent
PO = "translations/yamaguchi/ja-easy.po"
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'


@pytest.fixture(scope="module")
def yamaguchi():
    project = Project(ROOT)
    registry = load_registry(project)
    source = load_brochure(project, "yamaguchi", registry)
    if "ja-easy" not in source.brochure.languages:
        source = replace(source, brochure=source.brochure.model_copy(update={"languages": ["ja", "ja-easy"]}))
    return source, registry


def check(tmp_path: Path, yamaguchi, *sentences: str, **options) -> list:
    """The warnings on a catalogue whose msgstrs are ``sentences`` (msgid: 原文N)."""
    path = tmp_path / PO
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "".join(f'msgid "原文{i}"\nmsgstr "{s}"\n\n' for i, s in enumerate(sentences)),
                    encoding="utf-8")
    with speaking("en"):
        return easy_problems(tmp_path, *yamaguchi, **options)


@pytest.mark.parametrize("bad, good, says", [
    ("本人が家族のほかの人と会っていないときは、まず家族が本人の自信を支えます。",
     "本人が家族としか会っていないときは、まず家族が支えます。", "sentence of 37 characters, longer than 35"),
    ("{彁|か}のあとで彁を見ます。", "彁{彁|か}を見ます。", None),     # the reading given once counts everywhere
    ("彁を見ます。", "{彁|か}を見ます。", "no reading for the kanji word 彁"),
    ("相談に行かないわけではありません。", "相談に行かなければなりません。", "double negative: 行かないわけではありません"),
    ("わからなくはないです。", "少しわかります。", "double negative: わからなくはない"),
    ("ここは危なくはないです。", "ここは危なくはないです。", None),                 # 危ない is one word
    ("月曜日は休んでおります。", "月曜日は休んでいます。", "honorific or humble form: おり"),
    ("電話をいただきます。", "電話をもらいます。", "honorific or humble form: いただき"),
    ("来られる方は電話してください。", "来る人は電話してください。", "honorific or humble form: られる"),
    ("先生に言われました。", "先生に言われました。", None),                          # a passive, not respect
    ("ブランクがあります。", "ブランク（休んでいた時間）があります。", "katakana loanword without a note: ブランク"),
    ("自分はダメだと思う。", "メールで送ってください。", None),                      # 駄目 in katakana; a common word
    ("支援者ネットワークに電話します。", "支援者ネットワークに電話します。", None),  # in a contact's name
])
def test_each_rule_fires_on_a_bad_sentence_only(tmp_path, yamaguchi, bad, good, says):
    found = [p.message for p in check(tmp_path, yamaguchi, bad)]
    assert found == ([says] if says else [])
    assert check(tmp_path, yamaguchi, good) == []


def test_a_loanword_explained_once_is_explained_everywhere(tmp_path, yamaguchi):
    assert check(tmp_path, yamaguchi, "グループ（何人かの集まり）に行きます。", "グループに慣れます。") == []


def test_the_warning_names_the_file_the_msgstr_line_and_the_sentence(tmp_path, yamaguchi):
    first, second = check(tmp_path, yamaguchi, "これは短い文です。", "短い文です。電話をいただきます。",
                          "とても長い文ですがこれは十字を超えますか。", limit=10)[-2:]
    assert (first.file, first.line, first.severity) == (PO, 9, "warning")
    assert str(first).startswith(f"{PO}:9: 「電話をいただきます。」: honorific or humble form: いただき [warning]\n"
                                 "  hint: use plain です/ます forms")
    assert (second.line, second.key) == (12, "「とても長い文ですがこれは十字を超…」")
    assert second.message == "sentence of 21 characters, longer than 10"


def test_the_messages_are_in_japanese_under_ja(tmp_path, yamaguchi):
    path = tmp_path / PO
    path.parent.mkdir(parents=True)
    path.write_text(HEADER + 'msgid "原文"\nmsgstr "電話をいただきます。"\n', encoding="utf-8")
    with speaking("ja"):
        (problem,) = easy_problems(tmp_path, *yamaguchi)
        assert str(problem) == (f"{PO}:6: 「電話をいただきます。」: 尊敬語・謙譲語です: いただき [警告]\n"
                                "  対処: 普通の「です・ます」で書いてください（おります → います、いただきます → もらいます、"
                                "ございます → あります、〜られる方 → 〜する人）")


def test_a_brochure_without_ja_easy_is_not_checked(tmp_path, yamaguchi):
    source, registry = yamaguchi
    path = tmp_path / PO
    path.parent.mkdir(parents=True)
    path.write_text(HEADER + 'msgid "原文"\nmsgstr "電話をいただきます。"\n', encoding="utf-8")
    japanese = replace(source, brochure=source.brochure.model_copy(update={"languages": ["ja", "en"]}))
    assert easy_problems(tmp_path, japanese, registry) == []


def test_the_reference_catalogue_passes(tmp_path, yamaguchi):
    shutil.copytree(ROOT / "translations", tmp_path / "translations")
    with speaking("en"):
        assert [str(p) for p in easy_problems(tmp_path, *yamaguchi)] == []
