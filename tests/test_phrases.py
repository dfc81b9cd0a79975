"""Names and addresses break at phrase boundaries, never inside a word (地域福/祉, ボランティアセ/ンター
were broken in contact cards): long real names laid out in narrow cards, every line break read back
from the PDF and compared with the boundaries a person would allow."""

from __future__ import annotations

import ctypes
from pathlib import Path

import pytest
from conftest import copy_project, output

from brochure.layout.typeset import split_address, split_name

# name → where a line may break (after these words): word boundaries, written by hand.
NAMES = {
    "山口県福祉総合相談支援センター": ["山口県", "福祉", "総合", "相談", "支援"],
    "社会福祉法人山口市社会福祉協議会 ボランティアセンター": ["社会福祉法人", "山口市", "社会福祉", "協議会 "],
    "特定非営利活動法人 ひきこもり地域家族会": ["特定非営利活動法人 ", "ひきこもり", "地域"],
}
ADDRESS = "山口県山口市秋穂西1267-1 秋穂総合支所2階"
ADDRESS_BREAKS = ["山口県", "山口市", "秋穂西1267-1 "]

CONTACTS = "".join(f"""
long-{n}:
  name: {name}
  address: {ADDRESS}
  tel: 083-984-3742
  verified: 2021-03-01
""" for n, name in enumerate(NAMES))

BROCHURE = """\
title: 長い名前
edition:
  issued: "2021-03"
  publisher: yamaguchi-network
panels:
  - id: cover
    role: cover
    blocks:
      - paragraph: 表紙です。
  - id: flap
    role: flap
    blocks:
      - card: long-2
  - id: inside-1
    blocks:
      - paragraph: 中面です。
  - id: inside-2
    blocks:
      - contacts: [long-0, long-1, long-2]
  - id: inside-3
    blocks:
      - paragraph: 中面です。
  - id: back
    role: back
    blocks:
      - paragraph: 裏面です。
"""

NARROW = "\n.card { width: 42mm; } .address-card { width: 46mm; }   /* the names must break, several times */\n"


def allowed(text: str, words: list[str]) -> set[int]:
    at, found = 0, set()
    for word in words:
        at = text.index(word, at) + len(word)
        found.add(at)
    return found


def test_names_and_addresses_are_cut_between_words():
    assert split_name("特定非営利活動法人 ひきこもり地域家族会") == ("特定非営利活動法人 ", "ひきこもり地域家族会")
    assert split_name("社会福祉法人山口市社会福祉協議会 ボランティアセンター") == (
        "社会福祉法人", "山口市社会福祉協議会 ", "ボランティアセンター")
    assert split_address("山口市秋穂西1267-1") == ("山口市", "秋穂西1267-1")       # BudouX: 山口市秋/穂西
    assert split_name("山口県福祉総合相談支援センター") == ("山口県", "福祉総合相談支援", "センター")
    assert split_name("京都府立大学") == ("京都府立大学",)                              # not 京都府/立大学
    for name, words in NAMES.items():
        cuts = {sum(map(len, split_name(name)[:i])) for i in range(1, len(split_name(name)))}
        assert cuts <= allowed(name, words), (name, split_name(name))


def characters(pdf: Path, page_index: int) -> list[tuple[str, float]]:
    """Every drawn character of a page with the height of its origin (generated line ends left out)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(pdf)
    try:
        textpage = document[page_index].get_textpage()
        found = []
        for index in range(textpage.count_chars()):
            if raw.FPDFText_IsGenerated(textpage.raw, index) == 1:
                continue
            x, y = ctypes.c_double(), ctypes.c_double()
            raw.FPDFText_GetCharOrigin(textpage.raw, index, ctypes.byref(x), ctypes.byref(y))
            found.append((chr(raw.FPDFText_GetUnicode(textpage.raw, index)), round(y.value, 1)))
        return found
    finally:
        document.close()


def breaks(chars: list[tuple[str, float]], text: str) -> list[set[int]]:
    """For each place ``text`` is printed: the offsets in it where a new line starts."""
    drawn = "".join(c for c, _ in chars)
    found, start = [], drawn.find(text)
    assert start >= 0, f"{text!r} is not printed whole: {drawn!r}"
    while start >= 0:
        found.append({i for i in range(1, len(text)) if chars[start + i][1] != chars[start + i - 1][1]})
        start = drawn.find(text, start + 1)
    return found


@pytest.fixture(scope="module")
def laid_out(tmp_path_factory) -> Path:
    from brochure.app.cli import main

    root = copy_project(tmp_path_factory.mktemp("phrases") / "project")
    with (root / "data" / "contacts.yaml").open("a", encoding="utf-8") as contacts:
        contacts.write(CONTACTS)
    (root / "data" / "brochures" / "long.yaml").write_text(BROCHURE, encoding="utf-8")
    with (root / "layouts" / "maki3" / "maki3.css").open("a", encoding="utf-8") as css:
        css.write(NARROW)
    assert main(["--project", str(root), "build", "long", "--only", "download", "--quiet"]) == 0
    return output(root, "long", "download")


@pytest.mark.parametrize("page", [1, 3], ids=["address card", "contact cards"])
def test_every_line_break_of_a_long_name_falls_between_words(laid_out, page):
    chars = characters(laid_out, page)
    names = [name for name in NAMES if name.replace(" ", "") in "".join(c for c, _ in chars).replace(" ", "")]
    assert names
    broken = 0
    for name in names:
        # a space at a line end is not drawn: look the name up without its spaces
        bare, words = name.replace(" ", ""), [w.replace(" ", "") for w in NAMES[name]]
        for found in breaks([(c, y) for c, y in chars if c != " "], bare):
            assert found <= allowed(bare, words), (name, sorted(found))
            broken += len(found)
    for found in breaks([(c, y) for c, y in chars if c != " "], ADDRESS.replace(" ", "")):
        assert found <= allowed(ADDRESS.replace(" ", ""), [w.replace(" ", "") for w in ADDRESS_BREAKS]), sorted(found)
        broken += len(found)
    assert broken >= 2, "the cards were not narrow enough to break the names"
