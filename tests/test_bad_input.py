"""Bad input: every case gives exit status 1, its exact message, and leaves earlier outputs as they were.

One project is built once per session (the ``built`` fixture); each case copies it with its build/ folder,
writes one mistake into the copy's data, runs ``brochure build`` under an English and a Japanese locale and
checks both messages (file, line, message, hint) and that every PDF and the manifest still have the bytes of
the good build.  Lines are found in the shipped data by their text, so that adding a record moves no case.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from conftest import ROOT, copy_project
from test_japanese import english

from brochure.app.cli import main

CONTACTS = "data/contacts.yaml"
SAPPORO = "data/brochures/sapporo.yaml"
YAMAGUCHI = "data/brochures/yamaguchi.yaml"
TEL = "  tel: 083-984-3742\n"            # sasaete-network's phone line
NAME = "  name: 認定NPO法人支えてネットワーク\n"
CARD = "      - card: sapporo-hikikomori-centre\n"


def at(file: str, text: str, column: int | None = None, below: int = 0, after: str = "") -> str:
    """'file:line[:column]' of the first line of the shipped file that contains ``text`` (after the first
    line containing ``after``), plus ``below``."""
    lines = (ROOT / file).read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, content in enumerate(lines) if after in content)
    line = next(i for i, content in enumerate(lines[start:], start + 1) if text in content) + below
    return f"{file}:{line}" + (f":{column}" if column else "")


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    edit: Callable[[str], str] | bytes
    expected: str                  # exact message or precise fragment, as printed under an English locale
    ja: str                        # the same under LANG=ja_JP.UTF-8: file, line, message and 対処 (the hint)


def replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, f"test data changed: {old!r} is not in the file"
        return text.replace(old, new, 1)
    return edit


def image(path: str, alt: bool = True) -> Callable[[str], str]:
    """Add an image block at the top of Sapporo's flap panel."""
    block = f"      - image: {path}\n" + ("        alt: 地図\n" if alt else "")
    return replace("      - heading: 「ひきこもり」とは\n", block + "      - heading: 「ひきこもり」とは\n")


def append(text: str) -> Callable[[str], str]:
    return lambda original: original + text


def delete_record(contact_id: str) -> Callable[[str], str]:
    """Delete a whole record from data/contacts.yaml, as a user does by hand."""
    def edit(text: str) -> str:
        start = text.index(f"\n{contact_id}:\n") + 1
        end = text.index("\n\n", start) + 2
        return text[:start] + text[end:]
    return edit


def bom_crlf(edit: Callable[[str], str]) -> Callable[[str], str]:
    """Save as Windows Notepad may: UTF-8 with a BOM and CRLF line ends (both are accepted)."""
    return lambda text: "\ufeff" + edit(text).replace("\n", "\r\n")


IMAGE = at(SAPPORO, "- heading: 「ひきこもり」とは", 9)     # where image() puts the block (before that heading)
ASSETS_HINT = "  対処: ファイルを data/assets/ に置き、そのフォルダからの名前で書いてください（例: map.png）"
TEL_AT, NAME_AT = at(CONTACTS, TEL), at(CONTACTS, NAME)
VERIFIED_AT = at(CONTACTS, TEL, below=1)   # the record's verified: line, just below tel:
POSTAL_AT = at(CONTACTS, "postal_code: 003-0029", 3)
CENTRE_URL_AT = at(CONTACTS, "url: http://www.kokoro-recovery.org", 3)
ISSUED_AT = at(SAPPORO, 'issued: "2021-03"', 3)
WIDTH_HINT = "(a full-width space is as wide as two)"

CASES = [
    Case("invalid phone", CONTACTS, replace("tel: 083-984-3742", "tel: 083-98-3742"),
         f'{TEL_AT}:3: sasaete-network.tel: "083-98-3742" is not a valid Japanese phone number\n'
         "  hint: write the whole number with its area code and hyphens, e.g. 083-984-3742",
         f"{TEL_AT}:3: sasaete-network.tel: 「083-98-3742」は日本の電話番号として正しくありません\n"
         "  対処: 市外局番から、ハイフン付きで書いてください（例: 083-984-3742）"),
    Case("unknown field (typo)", CONTACTS, replace("tel: 083-984-3742", "tell: 083-984-3742"),
         f"{TEL_AT}:3: sasaete-network.tell: unknown field 'tell' (did you mean 'tel'",
         f"{TEL_AT}:3: sasaete-network.tell: 'tell' という項目はありません（'tel'"),
    Case("unknown field lists valid names", CONTACTS, replace("tel: 083-984-3742", "tell: 083-984-3742"),
         "hint: valid fields here: address, address_en, channels, corrections, description, email,",
         "対処: ここで使える項目: address, address_en, channels, corrections, description, email,"),
    Case("unknown id with close matches", SAPPORO, replace("- card: sapporo-hikikomori-centre", "- card: sapporo-hikikomori-center"),
         f"{at(SAPPORO, CARD, 9)}: panels[0].blocks[3].card: unknown contact id 'sapporo-hikikomori-center' "
         "(did you mean 'sapporo-hikikomori-centre'?)",
         f"{at(SAPPORO, CARD, 9)}: panels[0].blocks[3].card: 連絡先の id 'sapporo-hikikomori-center' が見つかりません"
         "（'sapporo-hikikomori-centre' の誤りではありませんか？）\n"
         "  対処: 連絡先の id は data/contacts.yaml の一番左に書かれた名前です"),
    Case("duplicate key", CONTACTS, replace(TEL, TEL + "  tel: 083-984-3743\n"),
         f"{at(CONTACTS, TEL, below=1)}: sasaete-network.tel: key appears twice (lines {TEL_AT.split(':')[1]} and "
         f"{at(CONTACTS, TEL, below=1).split(':')[1]})\n  hint: keep one of them: YAML would silently use the last one",
         f"{at(CONTACTS, TEL, below=1)}: sasaete-network.tel: 同じ項目が二回書かれています（{TEL_AT.split(':')[1]} 行目と "
         f"{at(CONTACTS, TEL, below=1).split(':')[1]} 行目）\n"
         "  対処: どちらか一つを残してください（YAML は黙って後の方を使います）"),
    Case("tab indentation", CONTACTS, replace(TEL, "\ttel: 083-984-3742\n"),
         f"{TEL_AT}:1: a tab is used for indentation\n"
         "  hint: YAML does not allow tab characters for indentation: use spaces",
         f"{TEL_AT}:1: タブで字下げされています\n  対処: YAML では字下げにタブは使えません。半角スペースを使ってください"),
    Case("alias bomb", CONTACTS, append(
        "bomb:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"),
         "document expands to too many values (aliases?)\n  hint: do not use YAML anchors (&) and aliases (*)",
         "展開すると値が多すぎます（エイリアスの使いすぎ？）\n  対処: YAML のアンカー（&）とエイリアス（*）は使わないでください"),
    Case("no becomes false", CONTACTS, replace("name: 家族塾", "name: no"),
         f"{at(CONTACTS, 'name: 家族塾', 3)}: sasaete-family-juku.name: expected text, but YAML read no as a yes/no value (false)\n"
         "  hint: put the value in quotes so that YAML keeps it as written: name: 'no'",
         f"{at(CONTACTS, 'name: 家族塾', 3)}: sasaete-family-juku.name: 文字を書く項目ですが、YAML は no をはい/いいえの値（false）として読みました\n"
         "  対処: 書いたとおりに読まれるよう、値を引用符で囲んでください: name: 'no'"),
    Case("tel read as an octal number", CONTACTS, replace("tel: 083-934-2532", "tel: 0120123456"),
         "yamaguchi-health-centre.tel: expected a phone number written as text, e.g. 083-984-3742, "
         "but YAML read 0120123456 as a number (21014318)\n"
         "  hint: put the value in quotes so that YAML keeps it as written: tel: '0120123456'",
         f"{at(CONTACTS, 'tel: 083-934-2532', 3)}: yamaguchi-health-centre.tel: 文字として書いた電話番号（例: 083-984-3742）を書く項目ですが、"
         "YAML は 0120123456 を数値（21014318）として読みました\n"
         "  対処: 書いたとおりに読まれるよう、値を引用符で囲んでください: tel: '0120123456'"),
    Case("issue month read as a date", SAPPORO, replace('issued: "2021-03"', "issued: 2021-03-01"),
         f"{ISSUED_AT}: edition.issued: expected a month written as YYYY-MM, "
         "but YAML read 2021-03-01 as a date (2021-03-01)\n  hint: write the issue month in quotes: issued: '2021-03'",
         f"{ISSUED_AT}: edition.issued: YYYY-MM の形の年月を書く項目ですが、YAML は 2021-03-01 を日付（2021-03-01）として読みました\n"
         "  対処: 発行年月は引用符で囲んで書いてください: issued: '2021-03'"),
    Case("month out of range", SAPPORO, replace('issued: "2021-03"', 'issued: "2021-13"'),
         f"{ISSUED_AT}: edition.issued: '2021-13' is not a month written as YYYY-MM, e.g. '2021-03'",
         f"{ISSUED_AT}: edition.issued: '2021-13' は YYYY-MM の形の年月ではありません（例: '2021-03'）"),
    Case("full-width issue month", SAPPORO, replace('issued: "2021-03"', 'issued: "２０２１-０３"'),
         'edition.issued: "２０２１-０３" contains full-width characters\n'
         "  hint: write it with half-width digits and hyphens: 2021-03",
         f"{ISSUED_AT}: edition.issued: 「２０２１-０３」に全角文字が含まれています\n  対処: 半角の数字とハイフンで書いてください: 2021-03"),
    Case("impossible date", CONTACTS, replace(TEL + "  verified: 2021-03-01", TEL + "  verified: 2021-02-30"),
         f"{VERIFIED_AT}:13: sasaete-network.verified: 2021-02-30 is not a real date (that month has no such day)",
         f"{VERIFIED_AT}:13: sasaete-network.verified: 2021-02-30 は存在しない日付です（その月にその日はありません）\n"
         "  対処: 日付を確認してください（YYYY-MM-DD の形）"),
    Case("date with slashes", CONTACTS, replace(TEL + "  verified: 2021-03-01", TEL + "  verified: 2021/03/01"),
         "sasaete-network.verified: expected a date written as YYYY-MM-DD, but YAML read 2021/03/01 as text",
         f"{VERIFIED_AT}:3: sasaete-network.verified: YYYY-MM-DD の形の日付を書く項目ですが、YAML は 2021/03/01 を文字として読みました\n"
         "  対処: 日付は引用符なしで YYYY-MM-DD の形で書いてください（例: verified: 2021-03-01）"),
    Case("date with full-width digits", CONTACTS, replace(TEL + "  verified: 2021-03-01", TEL + "  verified: ２０２１-03-01"),
         "sasaete-network.verified: expected a date written as YYYY-MM-DD, but YAML read ２０２１-03-01 as text",
         f"{VERIFIED_AT}:3: sasaete-network.verified: YYYY-MM-DD の形の日付を書く項目ですが、YAML は ２０２１-03-01 を文字として読みました\n"
         "  対処: 日付は引用符なしで YYYY-MM-DD の形で書いてください"),
    Case("date in Japanese", CONTACTS, replace(TEL + "  verified: 2021-03-01", TEL + "  verified: 2021年3月1日"),
         "sasaete-network.verified: expected a date written as YYYY-MM-DD, but YAML read 2021年3月1日 as text",
         f"{VERIFIED_AT}:3: sasaete-network.verified: YYYY-MM-DD の形の日付を書く項目ですが、YAML は 2021年3月1日 を文字として読みました"),
    Case("required field missing", CONTACTS, replace(TEL + "  verified: 2021-03-01\n", TEL),
         "sasaete-network.verified: is required but missing\n  hint: add verified: …",
         f"{at(CONTACTS, 'sasaete-network:', 1)}: sasaete-network.verified: 必須の項目がありません\n  対処: verified: … を書き加えてください"),
    Case("full-width postal code", CONTACTS, replace("postal_code: 003-0029", "postal_code: ００３－００２９"),
         'sapporo-hikikomori-centre.postal_code: "００３－００２９" contains full-width characters\n'
         "  hint: write it with half-width digits and hyphens: 003-0029",
         f"{POSTAL_AT}: sapporo-hikikomori-centre.postal_code: 「００３－００２９」に全角文字が含まれています\n"
         "  対処: 半角の数字とハイフンで書いてください: 003-0029"),
    Case("postal code with a full-width hyphen", CONTACTS, replace("postal_code: 003-0029", "postal_code: 003－0029"),
         f'{POSTAL_AT}: sapporo-hikikomori-centre.postal_code: "003－0029" has － where a half-width hyphen (-) belongs\n'
         "  hint: write it with half-width digits and hyphens: 003-0029",
         f"{POSTAL_AT}: sapporo-hikikomori-centre.postal_code: 「003－0029」で半角のハイフン（-）の代わりに － が使われています\n"
         "  対処: 半角の数字とハイフンで書いてください: 003-0029"),
    Case("postal code without hyphen", CONTACTS, replace("postal_code: 003-0029", 'postal_code: "0030029"'),
         'sapporo-hikikomori-centre.postal_code: "0030029" is not a postal code written as NNN-NNNN',
         f"{POSTAL_AT}: sapporo-hikikomori-centre.postal_code: 「0030029」は NNN-NNNN の形の郵便番号ではありません\n"
         "  対処: 7けたの数字を、3けた目の後にハイフンを入れて書いてください（例: 003-0029）"),
    Case("postal code with 〒", CONTACTS, replace("postal_code: 003-0029", "postal_code: 〒003-0029"),
         'postal_code: "〒003-0029": write the postal code without 〒\n  hint: 〒 is printed automatically: 003-0029',
         f"{POSTAL_AT}: sapporo-hikikomori-centre.postal_code: 「〒003-0029」: 郵便番号は〒を付けずに書いてください\n"
         "  対処: 〒は自動で印刷されます: 003-0029"),
    Case("full-width phone", CONTACTS, replace("tel: 083-984-3742", "tel: ０８３－９８４－３７４２"),
         'sasaete-network.tel: "０８３－９８４－３７４２" contains full-width characters\n'
         "  hint: write it with half-width digits and hyphens: 083-984-3742",
         f"{TEL_AT}:3: sasaete-network.tel: 「０８３－９８４－３７４２」に全角文字が含まれています\n"
         "  対処: 半角の数字とハイフンで書いてください: 083-984-3742"),
    Case("phone with the long-vowel mark", CONTACTS, replace("tel: 083-984-3742", "tel: 083ー984ー3742"),
         f'{TEL_AT}:3: sasaete-network.tel: "083ー984ー3742" has ー where a half-width hyphen (-) belongs\n'
         "  hint: write it with half-width digits and hyphens: 083-984-3742",
         f"{TEL_AT}:3: sasaete-network.tel: 「083ー984ー3742」で半角のハイフン（-）の代わりに ー が使われています\n"
         "  対処: 半角の数字とハイフンで書いてください: 083-984-3742"),
    Case("url without scheme", CONTACTS, replace("url: http://www.kokoro-recovery.org", "url: www.kokoro-recovery.org"),
         'sapporo-hikikomori-centre.url: "www.kokoro-recovery.org" is not a web address',
         f"{CENTRE_URL_AT}: sapporo-hikikomori-centre.url: 「www.kokoro-recovery.org」はホームページのアドレス（URL）ではありません\n"
         "  対処: https:// または http:// から省略せずに書いてください"),
    Case("url with another scheme", CONTACTS, replace("url: http://www.kokoro-recovery.org", "url: ftp://www.kokoro-recovery.org"),
         'sapporo-hikikomori-centre.url: "ftp://www.kokoro-recovery.org" is not a web address',
         f"{CENTRE_URL_AT}: sapporo-hikikomori-centre.url: 「ftp://www.kokoro-recovery.org」はホームページのアドレス（URL）ではありません\n"
         "  対処: https:// または http:// から"),
    Case("url without host", CONTACTS, replace("url: http://www.kokoro-recovery.org", "url: 'http://'"),
         'sapporo-hikikomori-centre.url: "http://" is not a web address',
         f"{CENTRE_URL_AT}: sapporo-hikikomori-centre.url: 「http://」はホームページのアドレス（URL）ではありません\n  対処: "),
    Case("bad e-mail", CONTACTS, replace("  url: http://www.kokoro-recovery.org\n", "  url: http://www.kokoro-recovery.org\n  email: info@@kokoro\n"),
         f'{at(CONTACTS, "url: http://www.kokoro-recovery.org", 3, below=1)}: sapporo-hikikomori-centre.email: '
         '"info@@kokoro" is not an e-mail address',
         f"{at(CONTACTS, 'url: http://www.kokoro-recovery.org', 3, below=1)}: sapporo-hikikomori-centre.email: "
         "「info@@kokoro」はメールアドレスとして正しくありません\n  対処: name@example.jp の形で、半角・空白なしで書いてください"),
    Case("impossible time", CONTACTS, replace("schedule: 毎月第1水曜日 14:00〜15:30", "schedule: 毎月第1水曜日 14:00〜25:30"),
         'hanasou-kai.schedule: "25:30" is not a time of day',
         f"{at(CONTACTS, 'schedule: 毎月第1水曜日 14:00〜15:30', 3)}: hanasou-kai.schedule: 「25:30」は時刻として正しくありません\n"
         "  対処: 時刻は 0:00 から 24:00 の H:MM の形で書いてください（例: 13:30）"),
    Case("wrong literal", CONTACTS, replace("kind: network", "kind: netwrk"),
         "yamaguchi-network.kind: must be one of 'organisation', 'programme', 'venue', 'network' (did you mean 'network'?)",
         f"{at(CONTACTS, 'kind: network', 3)}: yamaguchi-network.kind: 'organisation', 'programme', 'venue', 'network' "
         "のどれかを書いてください（'network' の誤りではありませんか？）\n  対処: そのどれかを、半角の小文字でそのとおりに書いてください"),
    Case("yes/no field given text", CONTACTS, replace("show_tel: true", "show_tel: はい"),
         "channels[0].show_tel: expected true or false, but YAML read はい as text",
         f"{at(CONTACTS, 'show_tel: true', 7)}: sapporo-hikikomori-centre.channels[0].show_tel: "
         "true か false の値を書く項目ですが、YAML は はい を文字として読みました"),
    Case("unusable id", CONTACTS, replace("sasaete-network:\n  name", "Sasaete Network:\n  name"),
         f"{at(CONTACTS, 'sasaete-network:', 1)}: Sasaete Network: 'Sasaete Network' is not a usable id",
         f"{at(CONTACTS, 'sasaete-network:', 1)}: Sasaete Network: 'Sasaete Network' は id に使えません\n"
         "  対処: 半角の小文字・数字・ハイフンを使ってください（例: sasaete-network）"),
    Case("field name in Japanese", CONTACTS, replace("tel: 083-984-3742", "電話: 083-984-3742"),
         f"{TEL_AT}:3: sasaete-network.電話: unknown field '電話'",
         f"{TEL_AT}:3: sasaete-network.電話: '電話' という項目はありません\n  対処: ここで使える項目: address,"),
    Case("registry not a mapping", CONTACTS, b"- one\n- two\n",
         "data/contacts.yaml:1:1: must be a mapping from contact id to its record",
         "data/contacts.yaml:1:1: 連絡先の id とその内容の組で書いてください\n  対処: 各項目を id から書き始めてください（例: sasaete-network:）"),
    Case("not UTF-8 (Shift_JIS)", CONTACTS, "sasaete-network:\n  name: 支えて\n".encode("shift_jis"),
         "data/contacts.yaml:2:9: the file is not saved in UTF-8 (it looks like Shift_JIS)\n"
         "  hint: save it again as UTF-8",
         "data/contacts.yaml:2:9: ファイルが UTF-8 で保存されていません（Shift_JIS のようです）\n"
         "  対処: UTF-8 で保存し直してください"),
    Case("not UTF-8 (EUC-JP)", CONTACTS, "sasaete-network:\n  name: abc\n  address: 山口市\n".encode("euc_jp"),
         "data/contacts.yaml:3:12: the file is not saved in UTF-8 (it looks like EUC-JP)",
         "data/contacts.yaml:3:12: ファイルが UTF-8 で保存されていません（EUC-JP のようです）\n"
         "  対処: UTF-8 で保存し直してください"),
    Case("BOM and CRLF keep the line", CONTACTS, bom_crlf(replace("tel: 083-984-3742", "tel: 083-98-3742")),
         f'{TEL_AT}:3: sasaete-network.tel: "083-98-3742" is not a valid Japanese phone number',
         f"{TEL_AT}:3: sasaete-network.tel: 「083-98-3742」は日本の電話番号として正しくありません\n"
         "  対処: 市外局番から、ハイフン付きで書いてください"),
    Case("unclosed quote in the brochure", SAPPORO, replace('issued: "2021-03"', 'issued: "2021-03'),
         f'{at(SAPPORO, "issued:", 11)}: the quotation mark " is not closed on this line\n'
         '  hint: add the closing " at the end of the value: issued: "2021-03"',
         f'{at(SAPPORO, "issued:", 11)}: 引用符 " がこの行で閉じられていません\n'
         '  対処: 値の終わりに閉じる " を書き足してください: issued: "2021-03"'),
    Case("unclosed quote in a contact", CONTACTS, replace(NAME, '  name: "認定NPO法人支えてネットワーク\n'),
         f'{NAME_AT}:9: the quotation mark " is not closed on this line',
         f'{NAME_AT}:9: 引用符 " がこの行で閉じられていません\n'
         '  対処: 値の終わりに閉じる " を書き足してください: name: "認定NPO法人支えてネットワーク"'),
    Case("full-width space indents a key", CONTACTS, replace(TEL, "\u3000tel: 083-984-3742\n"),
         f"{TEL_AT}:1: the line is indented with a full-width space (　)\n"
         f"  hint: indent with half-width spaces only {WIDTH_HINT}: tel: 083-984-3742",
         f"{TEL_AT}:1: 全角スペース（　）で字下げされています\n"
         "  対処: 字下げは半角スペースだけで書いてください（全角スペース 1 つは半角スペース 2 つ分）: tel: 083-984-3742"),
    Case("full-width space after half-width ones", CONTACTS, replace(TEL, " \u3000tel: 083-984-3742\n"),
         f"{TEL_AT}:2: the line is indented with a full-width space (　)",
         f"{TEL_AT}:2: 全角スペース（　）で字下げされています\n  対処: 字下げは半角スペースだけで書いてください"),
    Case("full-width colon", CONTACTS, replace(TEL, "  tel：083-984-3742\n"),
         f"{TEL_AT}:6: a full-width colon (：) follows tel\n"
         "  hint: write a half-width colon and a space: tel: 083-984-3742",
         f"{TEL_AT}:6: tel の後のコロンが全角（：）です\n  対処: 半角のコロンと半角スペースにしてください: tel: 083-984-3742"),
    Case("full-width colon and space", CONTACTS, replace(TEL, "  tel：　083-984-3742\n"),
         f"{TEL_AT}:6: a full-width colon (：) follows tel",
         f"{TEL_AT}:6: tel の後のコロンが全角（：）です\n  対処: 半角のコロンと半角スペースにしてください: tel: 083-984-3742"),
    Case("full-width space after the colon", CONTACTS, replace(TEL, "  tel:\u3000083-984-3742\n"),
         f"{TEL_AT}:7: a full-width space (　) follows the colon after tel\n  hint: use a half-width space: tel: 083-984-3742",
         f"{TEL_AT}:7: tel: の後が全角スペース（　）です\n  対処: 半角スペースにしてください: tel: 083-984-3742"),
    Case("no space after the colon", CONTACTS, replace(TEL, "  tel:083-984-3742\n"),
         f"{TEL_AT}:6: no space after the colon of tel\n  hint: put a half-width space after the colon: tel: 083-984-3742",
         f"{TEL_AT}:6: tel: のコロンの後にスペースがありません\n  対処: コロンの後に半角スペースを入れてください: tel: 083-984-3742"),
    Case("full-width quotation marks", CONTACTS, replace(NAME, "  name: “認定NPO法人: 支えてネットワーク”\n"),
         f"{NAME_AT}:9: the full-width quotation mark “ does not quote in YAML\n"
         '  hint: use half-width quotation marks: name: "認定NPO法人: 支えてネットワーク"',
         f"{NAME_AT}:9: 全角の引用符 “ は YAML の引用符になりません\n"
         '  対処: 半角の引用符（"）で囲んでください: name: "認定NPO法人: 支えてネットワーク"'),
    Case("colon and space inside a value", CONTACTS, replace(NAME, "  name: 認定NPO法人: 支えてネットワーク\n"),
         f"{NAME_AT}:16: a colon followed by a space inside the value of name\n"
         '  hint: put the value in quotation marks: name: "認定NPO法人: 支えてネットワーク"',
         f"{NAME_AT}:16: name の値の中に「コロンとスペース（: ）」があります\n"
         '  対処: 値を半角の引用符（"）で囲んでください: name: "認定NPO法人: 支えてネットワーク"'),
    Case("list item with a full-width dash", SAPPORO, replace(CARD, "      ー card: sapporo-hikikomori-centre\n"),
         f"{at(SAPPORO, CARD, 7)}: the list item starts with a full-width dash (ー)\n"
         "  hint: start it with a half-width hyphen and a space: - card: sapporo-hikikomori-centre",
         f"{at(SAPPORO, CARD, 7)}: リストの項目が全角の「ー」で始まっています\n"
         "  対処: 半角のハイフンと半角スペースで始めてください: - card: sapporo-hikikomori-centre"),
    Case("full-width space after the list hyphen", SAPPORO, replace(CARD, "      -\u3000card: sapporo-hikikomori-centre\n"),
         f"{at(SAPPORO, CARD, 8)}: a full-width space (　) follows the list hyphen",
         f"{at(SAPPORO, CARD, 8)}: リストのハイフンの後が全角スペース（　）です\n"
         "  対処: 半角スペースにしてください: - card: sapporo-hikikomori-centre"),
    Case("tab before a list item", SAPPORO, replace(CARD, "\t    - card: sapporo-hikikomori-centre\n"),
         f"{at(SAPPORO, CARD, 1)}: a tab is used for indentation",
         f"{at(SAPPORO, CARD, 1)}: タブで字下げされています\n  対処: YAML では字下げにタブは使えません。半角スペースを使ってください"),
    Case("deleting a printed contact", CONTACTS, delete_record("sasaete-ibasho"),
         f"{at(YAMAGUCHI, 'sasaete-ibasho', 13, after='- id: inside-3')}: panels[4].blocks[1].contacts[0]: "
         "'sasaete-ibasho' cannot be deleted: it is printed in yamaguchi 2021-03 居場所 (panel 5)\n"
         "  hint: take it out of those panels first, or put its record back in data/contacts.yaml",
         f"{at(YAMAGUCHI, 'sasaete-ibasho', 13, after='- id: inside-3')}: panels[4].blocks[1].contacts[0]: "
         "'sasaete-ibasho' は削除できません: yamaguchi 2021-03 の 居場所（5面）に載っています\n"
         "  対処: 先にそれらの面から外すか、data/contacts.yaml に項目を戻してください"),
    Case("deleting an organisation that programmes and panels print", CONTACTS, delete_record("sasaete-network"),
         "'sasaete-network' cannot be deleted: it is printed in yamaguchi 2021-03 本人・家族の相談 (panel 4), "
         "yamaguchi 2021-03 居場所 (panel 5), yamaguchi 2021-03 就労支援 (panel 6)",
         f"{at(CONTACTS, 'office: sasaete-network', 3)}: yamaguchi-network.office: 'sasaete-network' は削除できません: "
         "yamaguchi 2021-03 の 本人・家族の相談（4面）、yamaguchi 2021-03 の 居場所（5面）、yamaguchi 2021-03 の "
         "就労支援（6面）に載っています"),
    Case("nested too deeply", CONTACTS, append("deep: " + "[" * 3000 + "\n"),
         "data/contacts.yaml: the document is nested too deeply",
         "data/contacts.yaml: 入れ子が深すぎます\n  対処: かっこ [ ] と { } の対応と字下げを確認してください"),
    Case("block with two kinds", SAPPORO, replace("      - heading: 「ひきこもり」とは\n", "      - heading: 「ひきこもり」とは\n        paragraph: x\n"),
         "panels[1].blocks[0]: a block needs exactly one of: heading, subheading, paragraph,",
         f"{at(SAPPORO, '- heading: 「ひきこもり」とは', 9)}: panels[1].blocks[0]: ブロックには次のどれか一つが必要です: heading, "
         "subheading, paragraph,"),
    Case("list expected", CONTACTS, replace("      notes: [\"(土、日、祝日及び年末年始を除く)\"]\n", "      notes: 土日休み\n"),
         "channels[0].notes: expected a list (lines starting with - ), but YAML read 土日休み as text",
         f"{at(CONTACTS, 'notes: [', 7)}: sapporo-hikikomori-centre.channels[0].notes: リスト（「- 」で始まる行）を書く項目ですが、"
         "YAML は 土日休み を文字として読みました"),
    Case("unknown figure kind", SAPPORO, replace("- figure: qr", "- figure: qrcode"),
         "unknown figure kind 'qrcode'\n  hint: known kinds: access-map, flowchart, qr, staircase",
         f"{at(SAPPORO, '- figure: qr', 9)}: panels[4].blocks[3].figure: 図の種類 'qrcode' はありません\n"
         "  対処: 使える種類: access-map, flowchart, qr, staircase"),
    Case("image: /etc/passwd", SAPPORO, image("/etc/passwd"),
         f'{IMAGE}: panels[1].blocks[0].image: refused: "/etc/passwd" is an absolute path; '
         "only files under data/assets/ may be used",
         f"{IMAGE}: panels[1].blocks[0].image: 拒否しました: 「/etc/passwd」は絶対パスです。使えるのは data/assets/ の中のファイルだけです\n"
         + ASSETS_HINT),
    Case("image: ../../secret", SAPPORO, image("../../secret.png"),
         'panels[1].blocks[0].image: refused: "../../secret.png" points outside data/assets/',
         f"{IMAGE}: panels[1].blocks[0].image: 拒否しました: 「../../secret.png」は data/assets/ の外を指しています\n" + ASSETS_HINT),
    Case("image: file URL", SAPPORO, image("file:///etc/passwd"),
         'panels[1].blocks[0].image: refused: "file:///etc/passwd" is a URL; only files under data/assets/ may be used',
         f"{IMAGE}: panels[1].blocks[0].image: 拒否しました: 「file:///etc/passwd」は URL です。使えるのは data/assets/ の中のファイルだけです\n"
         + ASSETS_HINT),
    Case("image: http URL", SAPPORO, image("http://example.com/map.png"),
         'panels[1].blocks[0].image: refused: "http://example.com/map.png" is a URL',
         f"{IMAGE}: panels[1].blocks[0].image: 拒否しました: 「http://example.com/map.png」は URL です" ),
    Case("image: https URL", SAPPORO, image("https://example.com/map.png"),
         'panels[1].blocks[0].image: refused: "https://example.com/map.png" is a URL',
         f"{IMAGE}: panels[1].blocks[0].image: 拒否しました: 「https://example.com/map.png」は URL です"),
    Case("image: missing file", SAPPORO, image("map.png"),
         "panels[1].blocks[0].image: no such file: data/assets/map.png",
         f"{IMAGE}: panels[1].blocks[0].image: ファイルがありません: data/assets/map.png\n" + ASSETS_HINT),
    Case("image: alt text missing", SAPPORO, image("map.png", alt=False),
         "panels[1].blocks[0].alt: is required but missing",
         f"{IMAGE}: panels[1].blocks[0].alt: 必須の項目がありません\n  対処: alt: … を書き加えてください"),
]


@pytest.fixture(scope="module")
def good(built: Path) -> dict[str, bytes]:
    """Every file under the good build's build/ folder, by relative path, with its bytes."""
    return {p.relative_to(built).as_posix(): p.read_bytes() for p in sorted((built / "build").rglob("*")) if p.is_file()}


def copy_built(built: Path, target: Path) -> Path:
    root = copy_project(target)
    shutil.copytree(built / "build", root / "build")
    return root


def run(root: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--project", str(root), *args], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_there_are_at_least_60_cases():
    assert len(CASES) >= 60
    assert len({case.name for case in CASES}) == len(CASES)


def speak(monkeypatch: pytest.MonkeyPatch, lang: str) -> None:
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", lang)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_reported_and_nothing_is_lost(case: Case, built: Path, good: dict[str, bytes],
                                                   tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    root = copy_built(built, tmp_path / "project")
    target = root / case.file
    data = case.edit if isinstance(case.edit, bytes) else case.edit(target.read_text(encoding="utf-8")).encode("utf-8")
    target.write_bytes(data)

    speak(monkeypatch, "C.UTF-8")
    code, out, err = run(root, "build")
    assert code == 1, err
    assert case.expected in err, err
    assert "Traceback" not in err
    assert "nothing was written." in err.splitlines()[-1]

    speak(monkeypatch, "ja_JP.UTF-8")
    code, out, err = run(root, "build")
    assert code == 1, err
    assert case.ja in err, err
    assert err.splitlines()[-1].endswith("何も書き込んでいません。")
    assert "hint:" not in err and "Traceback" not in err
    assert not english(err), english(err)       # no English sentence left for a Japanese reader

    after = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "build").rglob("*")) if p.is_file()}
    assert after == good        # every PDF and the manifest: same names, same bytes, nothing added
