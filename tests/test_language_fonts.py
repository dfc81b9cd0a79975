"""Fonts by need (brochure/layout/fonts.py): a Vietnamese edition is set in Noto Sans (fonts/NotoSans-*.ttf),
BIZ UDPGothic after it for the Japanese it prints; without that font the glyph check names the font, where
to get it and the characters; the Japanese editions never load it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pikepdf
import pytest
from conftest import ROOT, copy_project, output
from pdfread import font_names, text_of

from brochure.app.cli import main

LETTERS = "ư ơ ạ ả ấ ầ ẩ ẫ ậ ắ ằ ẳ ẵ ặ ẹ ẻ ẽ ế ề ể ễ ệ ỉ ị ọ ỏ ố ồ ổ ỗ ộ ớ ờ ở ỡ ợ ụ ủ ứ ừ ử ữ ự ỳ ỵ ỷ ỹ đ".split()
LEAFLET = """\
title: 家族の相談
edition:
  issued: "2021-03"
  publisher: yamaguchi-network
languages: [ja, vi]
panels:
  - id: cover
    role: cover
    blocks:
      - lines: [家族の相談]
        style: cover-title
      - paragraph: 家族と本人を支えます。
  - id: flap
    role: flap
    blocks:
      - heading: 相談の窓口
      - paragraph: 電話で相談できます。
  - id: inside-1
    blocks:
      - paragraph: 一人で悩まないでください。
  - id: inside-2
    blocks:
      - paragraph: 秘密は守ります。
  - id: inside-3
    blocks:
      - paragraph: 相談は無料です。
  - id: back
    role: back
    blocks:
      - contacts: [sasaete-network]
"""
VIETNAMESE = {
    "家族の相談": "Tư vấn cho gia đình",
    "家族と本人を支えます。": "Chúng tôi hỗ trợ gia đình và người trong cuộc.",
    "相談の窓口": "Nơi tư vấn: ỳ ỵ ỷ ỹ ữ ự",                         # a heading: the bold face
    "電話で相談できます。": "Bạn có thể được tư vấn qua điện thoại.",
    "一人で悩まないでください。": "Đừng lo lắng một mình.",
    "秘密は守ります。": "Chúng tôi giữ bí mật.",
    "相談は無料です。": "Tư vấn miễn phí: " + " ".join(LETTERS) + " Ư Ơ Đ Ặ Ữ.",
}


def _vietnamese_project(root: Path) -> Path:
    copy_project(root)
    (root / "data" / "brochures" / "viet.yaml").write_text(LEAFLET, encoding="utf-8")
    (root / "translations" / "viet").mkdir(parents=True)
    po = "".join(f'\nmsgid "{ja}"\nmsgstr "{vi}"\n' for ja, vi in VIETNAMESE.items())
    (root / "translations" / "viet" / "vi.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n' + po, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def vietnamese(tmp_path_factory) -> Path:
    root = _vietnamese_project(tmp_path_factory.mktemp("vi") / "project")
    assert main(["--project", str(root), "build", "--quiet", "viet", "--only", "download"]) == 0
    return root


def test_the_vietnamese_edition_prints_every_letter_in_its_own_font(vietnamese):
    """The build passed its glyph check (an error would have stopped it); the PDF's text has every
    letter, set in Noto Sans, and the contact's Japanese in BIZ UDPGothic; the PDF says it is Vietnamese."""
    path = output(vietnamese, "viet", "download-vi")
    text = text_of(path)
    assert [letter for letter in LETTERS if letter not in text] == []
    assert "Đừng lo lắng một mình." in text and "認定NPO法人支えてネットワーク" in text
    fonts = {name.split("+")[-1] for name in font_names(path)}
    assert fonts == {"BrochureLatin", "BrochureLatin-Bold", "BrochureGothic", "BrochureGothic-Bold"}
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "vi"
    report = (vietnamese / "build" / "report.json").read_text(encoding="utf-8")
    assert "bundled fonts" not in report and "system font" not in report


def test_the_japanese_edition_does_not_load_the_font(vietnamese):
    fonts = {name.split("+")[-1] for name in font_names(output(vietnamese, "viet", "download"))}
    assert fonts <= {"BrochureGothic", "BrochureGothic-Bold"}


def test_the_same_type_scale():
    """The edition's CSS adds the font to the stack and sets nothing else: sizes are the layout's."""
    from brochure.layout.fonts import font_css
    css = str(font_css("vi", ROOT / "fonts"))
    assert "html { font-family: BrochureLatin, BrochureGothic; }" in css
    assert "size" not in css and "line-height" not in css
    assert str(font_css("ja", ROOT / "fonts")) == str(font_css("en", ROOT / "fonts")) == ""


def test_without_its_font_the_check_names_the_font_and_the_characters(tmp_path, capsys):
    root = _vietnamese_project(tmp_path / "project")
    for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"):
        (root / "fonts" / name).unlink()
    assert main(["--project", str(root), "build", "viet", "--only", "download"]) != 0
    err = capsys.readouterr().err
    assert "the vi edition needs the font Noto Sans, which is not in fonts/" in err
    assert "apt-get install fonts-noto-core" in err and "/usr/share/fonts/truetype/noto/" in err
    named = err.split("characters are not in the bundled fonts:")[1].split("\n")[0].split()
    assert set(named) >= {"ư", "ơ", "ạ", "ỹ", "ự", "Ư", "Ơ"} and "đ" not in named   # đ: BIZ UDPGothic has it
    # the same leaflet without its Vietnamese edition does not need the font
    leaflet = root / "data" / "brochures" / "viet.yaml"
    leaflet.write_text(LEAFLET.replace("languages: [ja, vi]", "languages: [ja]"), encoding="utf-8")
    assert main(["--project", str(root), "build", "--quiet", "viet", "--only", "download"]) == 0


def test_the_bundled_font_is_debians_noto_sans_with_its_licence():
    digests = {name: hashlib.sha256((ROOT / "fonts" / name).read_bytes()).hexdigest()[:12]
               for name in ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf")}
    assert digests == {"NotoSans-Regular.ttf": "89c3c497f618", "NotoSans-Bold.ttf": "e83493c94584"}
    licence = (ROOT / "fonts" / "OFL-NotoSans.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence and "Noto Sans" in licence
