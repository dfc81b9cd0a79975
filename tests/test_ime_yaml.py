"""YAML mistakes a Japanese input method makes: each named as typed, at the line typed, with the fix.

Each case is a small contacts file with one slip; the problem must be on the line the slip is on (not
where PyYAML gave up), in Japanese under ``ja`` and English otherwise, and the hint must show the fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from brochure.data.loader import load_yaml, parse_yaml
from brochure.errors import DataError
from brochure.i18n import speaking

HEAD = "yamaguchi-network:\n  name: 山口市ひきこもり支援者ネットワーク\n  verified: 2021-03-01\n\nsasaete-network:\n"
TAIL = "  verified: 2021-03-01\n\nsasaete-ibasho:\n  name: \"居場所\"\n  tel: 083-984-3742\n"


@dataclass(frozen=True)
class Slip:
    name: str
    body: str           # the lines of sasaete-network's record, which start on line 6
    line: int
    ja: tuple[str, ...]     # words of the Japanese message and hint
    en: tuple[str, ...]


CASES = [
    Slip("full-width space indents a key", "  name: 支えて\n\u3000tel: 083-984-3742\n", 7,
         ("全角スペース（　）で字下げされています", "字下げは半角スペースだけで", "tel: 083-984-3742"),
         ("indented with a full-width space", "half-width spaces only")),
    Slip("full-width space after half-width ones", "  name: 支えて\n \u3000tel: 083-984-3742\n", 7,
         ("全角スペース（　）で字下げされています",), ("full-width space",)),
    Slip("whole record indented with full-width spaces", "\u3000name: 支えて\n\u3000tel: 083-984-3742\n", 6,
         ("全角スペース（　）で字下げされています",), ("full-width space",)),
    Slip("full-width colon", "  name: 支えて\n  tel：083-984-3742\n", 7,
         ("tel の後のコロンが全角（：）です", "半角のコロンと半角スペースにしてください: tel: 083-984-3742"),
         ("full-width colon (：) follows tel", "tel: 083-984-3742")),
    Slip("full-width colon and space", "  name：　支えて\n  tel: 083-984-3742\n", 6,
         ("name の後のコロンが全角（：）です", "name: 支えて"), ("full-width colon",)),
    Slip("full-width space after the colon", "  name:\u3000支えて\n  tel: 083-984-3742\n", 6,
         ("name: の後が全角スペース（　）です", "半角スペースにしてください: name: 支えて"),
         ("full-width space (　) follows the colon after name",)),
    Slip("no space after the colon", "  name: 支えて\n  tel:083-984-3742\n", 7,
         ("tel: のコロンの後にスペースがありません", "tel: 083-984-3742"), ("no space after the colon of tel",)),
    Slip("no space after the colon of a URL", "  name: 支えて\n  url:https://example.jp/\n", 7,
         ("url: のコロンの後にスペースがありません", "url: https://example.jp/"), ("no space after the colon",)),
    Slip("unclosed double quote", '  name: "支えて\n  tel: 083-984-3742\n', 6,
         ('引用符 " がこの行で閉じられていません', '値の終わりに閉じる " を書き足してください: name: "支えて"'),
         ('quotation mark " is not closed', 'name: "支えて"')),
    Slip("unclosed single quote", "  name: '支えて\n  tel: 083-984-3742\n", 6,
         ("引用符 ' がこの行で閉じられていません", "name: '支えて'"), ("quotation mark ' is not closed",)),
    Slip("full-width double quotes around a value with a colon", "  name: “支えて: 山口”\n", 6,
         ("全角の引用符 “ は YAML の引用符になりません", '半角の引用符（"）で囲んでください: name: "支えて: 山口"'),
         ("full-width quotation mark “", 'name: "支えて: 山口"')),
    Slip("full-width ASCII quotes", "  name: ＂支えて＂\n", 6,
         ("全角の引用符 ＂ は YAML の引用符になりません", 'name: "支えて"'), ("does not quote in YAML",)),
    Slip("colon and space inside a value", "  name: 支えて: 山口\n", 6,
         ("name の値の中に「コロンとスペース（: ）」があります", '値を半角の引用符（"）で囲んでください: name: "支えて: 山口"'),
         ("colon followed by a space inside the value of name",)),
    Slip("tab indentation", "  name: 支えて\n\ttel: 083-984-3742\n", 7,
         ("タブで字下げされています", "半角スペースを使ってください"), ("tab is used for indentation",)),
    Slip("full-width dash as list marker", "  name: 支えて\n  channels:\n  ー label: 電話相談\n", 8,
         ("リストの項目が全角の「ー」で始まっています", "- label: 電話相談"), ("full-width dash (ー)",)),
    Slip("full-width minus as list marker", "  name: 支えて\n  channels:\n  － label: 電話相談\n", 8,
         ("リストの項目が全角の「－」で始まっています",), ("full-width dash (－)",)),
    Slip("full-width space after the list hyphen", "  name: 支えて\n  channels:\n  -\u3000label: 電話相談\n", 8,
         ("リストのハイフンの後が全角スペース（　）です", "- label: 電話相談"), ("follows the list hyphen",)),
    Slip("unclosed quote in a list item", '  name: 支えて\n  channels:\n    - label: "電話相談\n      tel: 083-984-3742\n', 8,
         ('引用符 " がこの行で閉じられていません',), ("is not closed",)),
]


def problems(text: str, lang: str) -> list[tuple[int, str]]:
    """Line and printed text of each problem (printed in the language too: 対処: or hint:)."""
    with speaking(lang), pytest.raises(DataError) as caught:
        parse_yaml(text, "data/contacts.yaml")
    with speaking(lang):
        return [(p.line, p.file, str(p)) for p in caught.value.problems]


def test_there_are_at_least_15_cases():
    assert len(CASES) >= 15 and len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_slip_is_named_at_the_line_typed(case: Slip, lang: str):
    found = problems(HEAD + case.body + TAIL, lang)
    line, file, text = found[0]
    assert (file, line) == ("data/contacts.yaml", case.line), found
    for words in (case.ja if lang == "ja" else case.en):
        assert words in text, text
    if lang == "ja":
        assert "対処:" in text and "hint" not in text


def test_the_line_of_pyyaml_is_not_the_one_reported():
    """The issue's example: an unclosed quote swallows lines up to the next quote; PyYAML gives up there."""
    text = HEAD + '  name: "支えて\n  tel: 083-984-3742\n' + TAIL
    assert [line for line, _, _ in problems(text, "ja")] == [6]


def test_text_that_merely_looks_odd_still_loads():
    """Full-width colons and spaces inside values, colons in times and URLs, block scalars: all fine."""
    text = ("a:\n  name: 山口：相談窓口　本館\n  schedule: 毎月 14:00〜15:30\n  url: https://example.jp/a:b\n"
            "  note: “ひきこもり”とは\n  description: |\n    \u3000ひきこもり: 説明\n    tel:083\n  tel: '083'\n")
    data = parse_yaml(text, "f.yaml").data["a"]
    assert data["name"] == "山口：相談窓口　本館" and data["description"].startswith("\u3000ひきこもり")


@pytest.mark.parametrize("encoding, looks_like", [("shift_jis", "Shift_JIS"), ("euc_jp", "EUC-JP")])
def test_a_file_not_in_utf8_names_the_line_and_says_to_save_it_again(tmp_path: Path, encoding: str, looks_like: str):
    path = tmp_path / "contacts.yaml"
    path.write_bytes("a:\n  name: abc\n  tel: '083'\nb:\n  name: 支えて\n".encode(encoding))
    with speaking("ja"), pytest.raises(DataError) as caught:
        load_yaml(path, "data/contacts.yaml")
        (problem,) = caught.value.problems
        assert problem.line == 5
        assert f"ファイルが UTF-8 で保存されていません（{looks_like} のようです）" in str(problem)
        assert "対処: UTF-8 で保存し直してください" in str(problem)


def test_bom_and_crlf_are_accepted(tmp_path: Path):
    path = tmp_path / "contacts.yaml"
    path.write_bytes("\ufeffa:\r\n  name: 支えて\r\n  tel: '083'\r\n".encode("utf-8"))
    located = load_yaml(path, "data/contacts.yaml")
    assert located.data == {"a": {"name": "支えて", "tel": "083"}}
    assert located.where(("a", "tel")) == (3, 3)
