"""Bad input: every case gives exit status 1, its exact message, and leaves earlier outputs as they were.

One project is built once per session (the ``built`` fixture); each case copies it with its build/ folder,
writes one mistake into the copy's data, runs ``brochure build`` and checks the message and that every PDF
and the manifest still have the bytes of the good build.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from conftest import copy_project

from brochure.app.cli import main

CONTACTS = "data/contacts.yaml"
SAPPORO = "data/brochures/sapporo.yaml"
CARD = "      - card: sapporo-hikikomori-centre\n        title: 公益財団法人 北海道精神保健推進協会\n"


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    edit: Callable[[str], str] | bytes
    expected: str                  # exact message or precise fragment, as printed


def replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text, f"test data changed: {old!r} is not in the file"
        return text.replace(old, new, 1)
    return edit


def image(path: str, alt: bool = True) -> Callable[[str], str]:
    """Add an image block at the top of Sapporo's flap panel."""
    block = f"      - image: {path}\n" + ("        alt: 地図\n" if alt else "")
    return replace("    role: flap\n    blocks:\n", "    role: flap\n    blocks:\n" + block)


def append(text: str) -> Callable[[str], str]:
    return lambda original: original + text


CASES = [
    Case("invalid phone", CONTACTS, replace("tel: 083-984-3742", "tel: 083-98-3742"),
         'data/contacts.yaml:23:3: sasaete-network.tel: "083-98-3742" is not a valid Japanese phone number\n'
         "  hint: write the whole number with its area code and hyphens, e.g. 083-984-3742"),
    Case("unknown field (typo)", CONTACTS, replace("tel: 083-984-3742", "tell: 083-984-3742"),
         "data/contacts.yaml:23:3: sasaete-network.tell: unknown field 'tell' (did you mean 'tel'"),
    Case("unknown field lists valid names", CONTACTS, replace("tel: 083-984-3742", "tell: 083-984-3742"),
         "hint: valid fields here: address, channels, corrections, description, email,"),
    Case("unknown id with close matches", SAPPORO, replace("- card: sapporo-hikikomori-centre", "- card: sapporo-hikikomori-center"),
         "data/brochures/sapporo.yaml:32:9: panels[0].blocks[3].card: unknown contact id 'sapporo-hikikomori-center' "
         "(did you mean 'sapporo-hikikomori-centre'?)"),
    Case("duplicate key", CONTACTS, replace("  tel: 083-984-3742\n", "  tel: 083-984-3742\n  tel: 083-984-3743\n"),
         "data/contacts.yaml:24: sasaete-network.tel: key appears twice (lines 23 and 24)\n"
         "  hint: keep one of them: YAML would silently use the last one"),
    Case("tab indentation", CONTACTS, replace("  tel: 083-984-3742", "\ttel: 083-984-3742"),
         "hint: YAML does not allow tab characters for indentation: use spaces"),
    Case("alias bomb", CONTACTS, append(
        "bomb:\n  a: &a [x, x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n  d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "  e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n  f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"),
         "document expands to too many values (aliases?)\n  hint: do not use YAML anchors (&) and aliases (*)"),
    Case("no becomes false", CONTACTS, replace("name: 家族塾", "name: no"),
         "data/contacts.yaml:27:3: sasaete-family-juku.name: expected text, but YAML read no as a yes/no value (false)\n"
         "  hint: put the value in quotes so that YAML keeps it as written: name: 'no'"),
    Case("tel read as an octal number", CONTACTS, replace("tel: 083-934-2532", "tel: 0120123456"),
         "yamaguchi-health-centre.tel: expected a phone number written as text, e.g. 083-984-3742, "
         "but YAML read 0120123456 as a number (21014318)\n"
         "  hint: put the value in quotes so that YAML keeps it as written: tel: '0120123456'"),
    Case("issue month read as a date", SAPPORO, replace('issued: "2021-03"', "issued: 2021-03-01"),
         "data/brochures/sapporo.yaml:15:3: edition.issued: expected a month written as YYYY-MM, "
         "but YAML read 2021-03-01 as a date (2021-03-01)\n  hint: write the issue month in quotes: issued: '2021-03'"),
    Case("month out of range", SAPPORO, replace('issued: "2021-03"', 'issued: "2021-13"'),
         "edition.issued: '2021-13' is not a month written as YYYY-MM, e.g. '2021-03'"),
    Case("full-width issue month", SAPPORO, replace('issued: "2021-03"', 'issued: "２０２１-０３"'),
         'edition.issued: "２０２１-０３" contains full-width characters\n'
         "  hint: write it with half-width digits and hyphens: 2021-03"),
    Case("impossible date", CONTACTS, replace("  tel: 083-984-3742\n  verified: 2021-03-01", "  tel: 083-984-3742\n  verified: 2021-02-30"),
         "data/contacts.yaml:24:13: sasaete-network.verified: 2021-02-30 is not a real date (day is out of range for month)"),
    Case("date with slashes", CONTACTS, replace("  tel: 083-984-3742\n  verified: 2021-03-01", "  tel: 083-984-3742\n  verified: 2021/03/01"),
         "sasaete-network.verified: expected a date written as YYYY-MM-DD, but YAML read 2021/03/01 as text"),
    Case("required field missing", CONTACTS, replace("  tel: 083-984-3742\n  verified: 2021-03-01\n", "  tel: 083-984-3742\n"),
         "sasaete-network.verified: is required but missing\n  hint: add verified: …"),
    Case("full-width postal code", CONTACTS, replace("postal_code: 003-0029", "postal_code: ００３－００２９"),
         'sapporo-hikikomori-centre.postal_code: "００３－００２９" contains full-width characters\n'
         "  hint: write it with half-width digits and hyphens: 003-0029"),
    Case("postal code without hyphen", CONTACTS, replace("postal_code: 003-0029", 'postal_code: "0030029"'),
         'sapporo-hikikomori-centre.postal_code: "0030029" is not a postal code written as NNN-NNNN'),
    Case("postal code with 〒", CONTACTS, replace("postal_code: 003-0029", "postal_code: 〒003-0029"),
         'postal_code: "〒003-0029": write the postal code without 〒\n  hint: 〒 is printed automatically: 003-0029'),
    Case("full-width phone", CONTACTS, replace("tel: 083-984-3742", "tel: ０８３－９８４－３７４２"),
         'sasaete-network.tel: "０８３－９８４－３７４２" contains full-width characters\n'
         "  hint: write it with half-width digits and hyphens: 083-984-3742"),
    Case("url without scheme", CONTACTS, replace("url: http://www.kokoro-recovery.org", "url: www.kokoro-recovery.org"),
         'sapporo-hikikomori-centre.url: "www.kokoro-recovery.org" is not a web address'),
    Case("url with another scheme", CONTACTS, replace("url: http://www.kokoro-recovery.org", "url: ftp://www.kokoro-recovery.org"),
         'sapporo-hikikomori-centre.url: "ftp://www.kokoro-recovery.org" is not a web address'),
    Case("url without host", CONTACTS, replace("url: http://www.kokoro-recovery.org", "url: 'http://'"),
         'sapporo-hikikomori-centre.url: "http://" is not a web address'),
    Case("bad e-mail", CONTACTS, replace("  url: http://www.kokoro-recovery.org\n", "  url: http://www.kokoro-recovery.org\n  email: info@@kokoro\n"),
         'data/contacts.yaml:166:3: sapporo-hikikomori-centre.email: "info@@kokoro" is not an e-mail address'),
    Case("impossible time", CONTACTS, replace("schedule: 毎月第1水曜日 14:00〜15:30", "schedule: 毎月第1水曜日 14:00〜25:30"),
         'hanasou-kai.schedule: "25:30" is not a time of day'),
    Case("wrong literal", CONTACTS, replace("kind: network", "kind: netwrk"),
         "yamaguchi-network.kind: Input should be 'organisation', 'programme', 'venue' or 'network' (did you mean 'network'?)"),
    Case("yes/no field given text", CONTACTS, replace("show_tel: true", "show_tel: はい"),
         "channels[0].show_tel: expected true or false, but YAML read はい as text"),
    Case("unusable id", CONTACTS, replace("sasaete-network:\n  name", "Sasaete Network:\n  name"),
         "data/contacts.yaml:20:1: Sasaete Network: 'Sasaete Network' is not a usable id"),
    Case("registry not a mapping", CONTACTS, b"- one\n- two\n",
         "data/contacts.yaml:1:1: must be a mapping from contact id to its record"),
    Case("not UTF-8", CONTACTS, "sasaete-network:\n  name: 支えて\n".encode("shift_jis"),
         "data/contacts.yaml: not UTF-8 text (invalid start byte at byte 25)\n  hint: save the file as UTF-8"),
    Case("syntax error", SAPPORO, replace('issued: "2021-03"', 'issued: "2021-03'),
         "data/brochures/sapporo.yaml:"),
    Case("nested too deeply", CONTACTS, append("deep: " + "[" * 3000 + "\n"),
         "data/contacts.yaml: the document is nested too deeply"),
    Case("block with two kinds", SAPPORO, replace("      - heading: 「ひきこもり」とは\n", "      - heading: 「ひきこもり」とは\n        paragraph: x\n"),
         "panels[1].blocks[0]: a block needs exactly one of: heading, subheading, paragraph,"),
    Case("list expected", CONTACTS, replace("notes: [\"(土、日、祝日及び年末年始を除く)\"]\n    - label: 来所相談", "notes: 土日休み\n    - label: 来所相談"),
         "channels[0].notes: expected a list (lines starting with - ), but YAML read 土日休み as text"),
    Case("unknown figure kind", SAPPORO, replace("- figure: qr", "- figure: qrcode"),
         "unknown figure kind 'qrcode'"),
    Case("image: /etc/passwd", SAPPORO, image("/etc/passwd"),
         'data/brochures/sapporo.yaml:40:9: panels[1].blocks[0].image: refused: "/etc/passwd" is an absolute path; '
         "only files under data/assets/ may be used"),
    Case("image: ../../secret", SAPPORO, image("../../secret.png"),
         'panels[1].blocks[0].image: refused: "../../secret.png" points outside data/assets/'),
    Case("image: file URL", SAPPORO, image("file:///etc/passwd"),
         'panels[1].blocks[0].image: refused: "file:///etc/passwd" is a URL; only files under data/assets/ may be used'),
    Case("image: http URL", SAPPORO, image("http://example.com/map.png"),
         'panels[1].blocks[0].image: refused: "http://example.com/map.png" is a URL'),
    Case("image: https URL", SAPPORO, image("https://example.com/map.png"),
         'panels[1].blocks[0].image: refused: "https://example.com/map.png" is a URL'),
    Case("image: missing file", SAPPORO, image("map.png"),
         "panels[1].blocks[0].image: no such file: data/assets/map.png"),
    Case("image: alt text missing", SAPPORO, image("map.png", alt=False),
         "panels[1].blocks[0].alt: is required but missing"),
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


def test_there_are_at_least_30_cases():
    assert len(CASES) >= 30
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_reported_and_nothing_is_lost(case: Case, built: Path, good: dict[str, bytes],
                                                   tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("LANG", "C.UTF-8")
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    root = copy_built(built, tmp_path / "project")
    target = root / case.file
    data = case.edit if isinstance(case.edit, bytes) else case.edit(target.read_text(encoding="utf-8")).encode("utf-8")
    target.write_bytes(data)

    code, out, err = run(root, "build")

    assert code == 1, err
    assert case.expected in err, err
    assert "Traceback" not in err
    assert "nothing was written." in err.splitlines()[-1]
    after = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "build").rglob("*")) if p.is_file()}
    assert after == good        # every PDF and the manifest: same names, same bytes, nothing added
