"""The round-trip writer: a save changes exactly the lines of the changed values.

Every test works on the text of the real data files (read, never written) or
on copies in tmp_path; each compares the new text with the old line by line,
and reads the new text back with PyYAML, as the build does.
"""

from __future__ import annotations

import copy
import datetime
import difflib
from pathlib import Path

import pytest
import yaml

from brochure.data.loader import parse_yaml
from brochure.data.roundtrip import Conflict, Document, RoundTripError
from brochure.errors import BrochureError, DataError

ROOT = Path(__file__).resolve().parent.parent
DATA_FILES = [ROOT / "data" / "contacts.yaml", *sorted((ROOT / "data" / "brochures").glob("*.yaml"))]
# The tests that name line numbers read fixed copies of the reference files (as of March 2021's data),
# so that adding a field to the live data does not move them; DATA_FILES above are the live files.
FIXTURES = ROOT / "tests" / "fixtures"
CONTACTS = FIXTURES / "contacts-2021-03.yaml"
YAMAGUCHI = FIXTURES / "yamaguchi-2021-03.yaml"
SAPPORO = FIXTURES / "sapporo-2021-03.yaml"


def shown(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def text_of(path: Path) -> str:
    return path.read_bytes().decode("utf-8")


def changes(old: str, new: str) -> list[tuple[str, int, str]]:
    """The line diff as (sign, line number, line): "-" lines numbered in the old text, "+" in the new.

    ``autojunk=False``: past 200 lines difflib otherwise treats a line that recurs in more than 1 %
    of the file (every record's ``verified: …``) as junk and reports it changed when it is not."""
    a, b = old.splitlines(), new.splitlines()
    out = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            out += [("-", i + 1, a[i]) for i in range(i1, i2)] + [("+", j + 1, b[j]) for j in range(j1, j2)]
    return out


def scalars(data, path=()):
    """(key path, value) of every scalar in the tree."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from scalars(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from scalars(value, path + (index,))
    else:
        yield path, data


def changed(value):
    """A different value of the same kind."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, float):
        return value + 0.5
    if isinstance(value, datetime.date):
        return value + datetime.timedelta(days=1)
    if isinstance(value, str):
        return value + "（改）"
    return "改"


def put(data, path, value):
    """Plain-data version of Document.set: what the file must read back as."""
    data = copy.deepcopy(data)
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return data


def reads_back(text: str):
    return yaml.safe_load(text)


# --------------------------------------------------------------------------- every value of every file


@pytest.mark.parametrize("path", DATA_FILES, ids=shown)
def test_every_value_changes_only_its_own_line(path):
    """Each scalar in turn: one line out, one line in, at the value's line; set back, the file is as it was."""
    text = text_of(path)
    located = parse_yaml(text, shown(path))
    document = Document.parse(text, shown(path))
    failures = []
    count = 0
    for key_path, value in scalars(located.data):
        count += 1
        line = located.marks[key_path][0]
        document.set(key_path, changed(value))
        new = document.render()
        diff = changes(text, new)
        if [(sign, at) for sign, at, _ in diff] != [("-", line), ("+", line)]:
            failures.append((key_path, diff))
        elif reads_back(new) != put(located.data, key_path, changed(value)):
            failures.append((key_path, "reads back as other data"))
        document.set(key_path, value)
        if document.render() != text:
            failures.append((key_path, "not the same text after setting the value back"))
    assert count > 50
    assert failures == []


@pytest.mark.parametrize("path", DATA_FILES, ids=shown)
def test_setting_values_to_themselves_changes_no_byte(path):
    text = text_of(path)
    document = Document.parse(text, shown(path))
    assert document.render() == text
    for key_path, value in scalars(document.get(())):
        document.set(key_path, value)
    for key in document.get(()):            # whole records and sections, as a form saves them
        document.set((key,), document.get((key,)))
    assert document.render() == text


def test_the_data_files_round_trip_through_ruamel_unchanged():
    """The premise of the fast path: ruamel's dump of an untouched file is the file."""
    for path in DATA_FILES:
        document = Document.parse(text_of(path), shown(path))
        assert document._before == document.text, shown(path)


# --------------------------------------------------------------------------- values


@pytest.mark.parametrize("value, line", [
    ("083-984-3743", "  tel: 083-984-3743"),
    ("753-0001", "  tel: 753-0001"),
    ("0120123456", '  tel: "0120123456"'),        # YAML 1.1 (PyYAML) reads it unquoted as an octal number
    ("0120-12-3456", "  tel: 0120-12-3456"),
    ("9:30", '  tel: "9:30"'),                     # unquoted it is 570 (base 60) to PyYAML
    ("yes", '  tel: "yes"'),
    ("#ffffff", '  tel: "#ffffff"'),
    ("相談: 月曜", '  tel: "相談: 月曜"'),
    ("ひきこもり　～ひとりで～#1", "  tel: ひきこもり　～ひとりで～#1"),
    ("相談 #1", '  tel: "相談 #1"'),                 # unquoted, " #1" would be a comment
    ("2021-03-01", '  tel: "2021-03-01"'),
])
def test_strings_are_quoted_only_when_yaml_needs_it(value, line):
    text = text_of(CONTACTS)
    document = Document.parse(text, "data/contacts.yaml")
    document.set(("sasaete-network", "tel"), value)
    new = document.render()
    assert [entry[2] for entry in changes(text, new)] == ["  tel: 083-984-3742", line]
    assert reads_back(new)["sasaete-network"]["tel"] == value


def test_a_quoted_value_stays_quoted():
    text = text_of(SAPPORO)
    document = Document.parse(text, "data/brochures/sapporo.yaml")
    document.set(("edition", "issued"), "2022-04")
    document.set(("palette", "accent"), "#123456")
    assert [entry[2] for entry in changes(text, document.render())] == [
        '  accent: "#0041ff"   # CUD 青', '  accent: "#123456"   # CUD 青',
        '  issued: "2021-03"', '  issued: "2022-04"']


def test_a_date_stays_an_unquoted_date():
    text = text_of(CONTACTS)
    document = Document.parse(text, "data/contacts.yaml")
    document.set(("sasaete-network", "verified"), datetime.date(2024, 12, 31))
    new = document.render()
    assert [entry[2] for entry in changes(text, new)] == ["  verified: 2021-03-01", "  verified: 2024-12-31"]
    assert reads_back(new)["sasaete-network"]["verified"] == datetime.date(2024, 12, 31)


def test_multi_line_strings_are_written_as_a_block_and_read_back():
    text = text_of(CONTACTS)
    document = Document.parse(text, "data/contacts.yaml")
    document.set(("sasaete-network", "address"), "山口市秋穂西1267-1\n2階")
    first = document.render()
    assert reads_back(first)["sasaete-network"]["address"] == "山口市秋穂西1267-1\n2階"
    assert "  address: |-\n    山口市秋穂西1267-1\n    2階\n  tel: 083-984-3742\n" in first
    document.set(("sasaete-network", "address"), "山口市秋穂西1267-1\n3階\n")
    second = document.render()
    assert reads_back(second)["sasaete-network"]["address"] == "山口市秋穂西1267-1\n3階\n"
    document.set(("sasaete-network", "address"), "山口市秋穂西1267-1")
    assert document.render() == text


def test_a_multi_line_value_as_the_last_of_a_record_keeps_one_blank_line_after_it():
    text = text_of(CONTACTS)
    document = Document.parse(text, "data/contacts.yaml")
    document.set(("sasaete-network", "notes"), ["一行目\n二行目"])
    new = document.render()
    assert "  notes:\n    - |-\n      一行目\n      二行目\n\nsasaete-family-juku:\n" in new
    assert reads_back(new)["sasaete-network"]["notes"] == ["一行目\n二行目"]


# --------------------------------------------------------------------------- keys


def test_adding_a_key_adds_one_line_at_the_end_of_its_mapping():
    text = text_of(CONTACTS)
    document = Document.parse(text, "data/contacts.yaml")
    document.set(("sasaete-network", "email"), "info@example.jp")
    new = document.render()
    assert changes(text, new) == [("+", 25, "  email: info@example.jp")]
    assert reads_back(new) == put(yaml.safe_load(text), ("sasaete-network", "email"), "info@example.jp")
    assert list(reads_back(new)["sasaete-network"])[-1] == "email"


def test_inserting_a_key_after_another():
    text = text_of(CONTACTS)
    document = Document.parse(text, "data/contacts.yaml")
    document.insert(("sasaete-network",), "postal_code", "754-1277", after="name")
    new = document.render()
    assert changes(text, new) == [("+", 22, "  postal_code: 754-1277")]
    assert list(reads_back(new)["sasaete-network"]) == ["name", "postal_code", "address", "tel", "verified"]


def test_deleting_a_key_removes_its_line():
    text = text_of(CONTACTS)
    document = Document.parse(text, "data/contacts.yaml")
    document.delete(("sasaete-network", "tel"))
    new = document.render()
    assert changes(text, new) == [("-", 23, "  tel: 083-984-3742")]
    expected = yaml.safe_load(text)
    del expected["sasaete-network"]["tel"]
    assert reads_back(new) == expected


def test_deleting_the_last_key_of_a_record_keeps_the_blank_line_after_the_record():
    text = text_of(CONTACTS)
    document = Document.parse(text, "data/contacts.yaml")
    document.delete(("sasaete-network", "verified"))
    assert changes(text, document.render()) == [("-", 24, "  verified: 2021-03-01")]


@pytest.mark.parametrize("empty", [None, ""])
def test_an_empty_optional_value_deletes_the_key(empty):
    text = text_of(CONTACTS)
    document = Document.parse(text, "data/contacts.yaml")
    document.set(("sasaete-network", "tel"), empty)
    document.set(("sasaete-network", "email"), empty)    # missing and empty: nothing to do
    assert changes(text, document.render()) == [("-", 23, "  tel: 083-984-3742")]


def test_an_empty_value_where_the_schema_does_not_say_is_written():
    """A road of the access map may have an empty name: figure data is free-form."""
    text = text_of(SAPPORO)
    document = Document.parse(text, "data/brochures/sapporo.yaml")
    road = ("panels", 5, "blocks", 1, "data", "roads", 0, "name")
    document.set(road, "")
    new = document.render()
    assert [entry[2] for entry in changes(text, new)] == ["            - name: 国道12号線", '            - name: ""']
    document.set(("title",), "")           # required: written, for validation to report
    assert reads_back(document.render())["title"] == ""


def test_a_form_saving_a_whole_record_changes_only_the_changed_fields():
    text = text_of(CONTACTS)
    document = Document.parse(text, "data/contacts.yaml")
    record = document.get(("sapporo-hikikomori-centre",))
    record["tel"] = "011-863-8734"
    record["tel_note"] = ""                                  # cleared in the form: the key goes
    record["channels"][1]["hours"] = "月～金 9時～17時"
    record["channels"][2]["notes"].pop(0)
    record["email"] = "info@example.jp"                      # new: placed after the field before it
    record = {key: record[key] for key in ["name", "organisation", "postal_code", "address", "tel", "tel_label",
                                           "url", "email", "channels", "verified"]}
    document.set(("sapporo-hikikomori-centre",), record)
    new = document.render()
    assert changes(text, new) == [
        ("-", 162, "  tel: 011-863-8733"), ("+", 162, "  tel: 011-863-8734"),
        ("-", 164, "  tel_note: 相談専用"),
        ("+", 165, "  email: info@example.jp"),
        ("-", 172, "      hours: 月～金 9時～17時 予約制"), ("+", 172, "      hours: 月～金 9時～17時"),
        ("-", 177, "        - 【こころのリカバリー総合支援センターのホームページをご利用ください】"),
    ]
    expected = yaml.safe_load(text)
    expected["sapporo-hikikomori-centre"] = {k: v for k, v in record.items() if v != ""}
    assert reads_back(new) == expected


# --------------------------------------------------------------------------- records


NEW_RECORD = {"name": "新しい相談窓口", "kind": "organisation", "postal_code": "753-0001", "address": "",
              "tel": "083-000-0000", "verified": datetime.date(2024, 4, 1)}
NEW_LINES = ["new-office:", "  name: 新しい相談窓口", "  kind: organisation", "  postal_code: 753-0001",
             "  tel: 083-000-0000", "  verified: 2024-04-01"]


def test_a_new_record_after_another_is_set_apart_by_a_blank_line():
    text = text_of(CONTACTS)
    document = Document.parse(text, "data/contacts.yaml")
    document.insert((), "new-office", NEW_RECORD, after="yamaguchi-social-welfare-council")
    new = document.render()
    diff = changes(text, new)
    assert {sign for sign, _, _ in diff} == {"+"} and sorted(line for _, _, line in diff) == sorted([""] + NEW_LINES)
    assert "  verified: 2021-03-01\n\n" + "\n".join(NEW_LINES) + "\n\n# ------" in new   # before the Sapporo banner
    expected = yaml.safe_load(text)
    expected = dict(list(expected.items())[:19] + [("new-office", {k: v for k, v in NEW_RECORD.items() if v != ""})]
                    + list(expected.items())[19:])
    assert list(expected)[18] == "yamaguchi-social-welfare-council"
    assert reads_back(new) == expected
    assert list(reads_back(new)) == list(expected)


def test_a_new_record_at_the_end_of_the_file():
    text = text_of(CONTACTS)
    document = Document.parse(text, "data/contacts.yaml")
    document.insert((), "new-office", NEW_RECORD)
    new = document.render()
    assert new == text + "\n" + "\n".join(NEW_LINES) + "\n"
    assert list(reads_back(new))[-1] == "new-office"


def test_deleting_the_record_above_a_banner_keeps_the_banner():
    text = text_of(CONTACTS)
    document = Document.parse(text, "data/contacts.yaml")
    document.delete(("yamaguchi-social-welfare-council",))
    new = document.render()
    assert changes(text, new) == [
        ("-", 145, "yamaguchi-social-welfare-council:"), ("-", 146, "  name: 山口市社会福祉協議会"),
        ("-", 147, "  address: 山口市上堅小路89-1"), ("-", 148, "  tel: 083-924-0543"),
        ("-", 149, "  verified: 2021-03-01"), ("-", 150, "")]
    assert "  verified: 2021-03-01\n\n# ---------------------------------------------------------------" \
           "-- Sapporo\n\nhokkaido-mental-health-association:\n" in new
    expected = yaml.safe_load(text)
    del expected["yamaguchi-social-welfare-council"]
    assert reads_back(new) == expected


def test_deleting_the_record_below_a_banner_keeps_the_banner():
    text = text_of(CONTACTS)
    document = Document.parse(text, "data/contacts.yaml")
    document.delete(("hokkaido-mental-health-association",))
    new = document.render()
    assert [(sign, at) for sign, at, _ in changes(text, new)] == [("-", n) for n in range(153, 157)]
    assert "-- Sapporo\n\nsapporo-hikikomori-centre:\n" in new


def test_deleting_the_first_and_the_last_record():
    text = text_of(CONTACTS)
    document = Document.parse(text, "data/contacts.yaml")
    document.delete(("yamaguchi-network",))
    document.delete(("sapporo-hikikomori-centre",))
    new = document.render()
    lines = text.splitlines(keepends=True)
    assert lines[13] == "yamaguchi-network:\n" and lines[156] == "sapporo-hikikomori-centre:\n"
    assert new == "".join(lines[:13] + lines[19:155])     # each with one blank line; the file ends as it did
    expected = yaml.safe_load(text)
    del expected["yamaguchi-network"], expected["sapporo-hikikomori-centre"]
    assert reads_back(new) == expected


def test_deleting_then_adding_a_record_back_gives_the_file_again():
    text = text_of(CONTACTS)
    document = Document.parse(text, "data/contacts.yaml")
    record = document.get(("hanasou-kai",))
    document.delete(("hanasou-kai",))
    document.insert((), "hanasou-kai", record, after="yamaguchi-mental-health-centre")
    assert document.render() == text


def test_a_comment_inside_a_block_list_survives_edits_around_it():
    text = text_of(SAPPORO)
    document = Document.parse(text, "data/brochures/sapporo.yaml")
    data = ("panels", 5, "blocks", 1, "data")
    document.delete(data + ("contact",))       # the comment below it belongs to `height`
    new = document.render()
    assert changes(text, new) == [("-", 101, "          contact: sapporo-hikikomori-centre")]


COMMENTED = """\
first:
  n: 1
# about the second record, written under the first

second:
  n: 2
  list:
    - 1
    # about the second item
    - 2

third:
  n: 3
"""


def test_deleting_a_first_item_keeps_the_comment_after_it():
    document = Document.parse(COMMENTED, "x.yaml")
    document.delete(("first",))
    document.delete(("second", "list", 0))
    new = document.render()
    assert [(sign, at) for sign, at, _ in changes(COMMENTED, new)] == [("-", 1), ("-", 2), ("-", 8)]
    assert reads_back(new) == {"second": {"n": 2, "list": [2]}, "third": {"n": 3}}


def test_emptying_a_list_writes_an_empty_list_and_keeps_what_follows():
    document = Document.parse(COMMENTED, "x.yaml")
    document.delete(("second", "list", 0))
    document.delete(("second", "list", 0))
    new = document.render()
    assert new == COMMENTED.replace("  list:\n    - 1\n    # about the second item\n    - 2\n",
                                    "  list: []\n    # about the second item\n")
    assert reads_back(new)["second"]["list"] == []


# --------------------------------------------------------------------------- lists


CONTACT_LIST = ("panels", 3, "blocks", 1, "contacts")      # yamaguchi.yaml, inside-2: four ids, lines 118-121


def test_inserting_into_a_list_adds_one_line():
    text = text_of(YAMAGUCHI)
    document = Document.parse(text, "data/brochures/yamaguchi.yaml")
    document.insert(CONTACT_LIST, 1, "sasaete-ibasho")
    document.insert(CONTACT_LIST, 5, {"id": "hanasou-kai", "host": True})
    new = document.render()
    assert changes(text, new) == [("+", 119, "          - sasaete-ibasho"),
                                  ("+", 123, "          - id: hanasou-kai"), ("+", 124, "            host: true")]
    expected = yaml.safe_load(text)
    node = expected["panels"][3]["blocks"][1]["contacts"]
    node.insert(1, "sasaete-ibasho")
    node.append({"id": "hanasou-kai", "host": True})
    assert reads_back(new) == expected


def test_deleting_from_a_list_removes_one_line():
    text = text_of(YAMAGUCHI)
    document = Document.parse(text, "data/brochures/yamaguchi.yaml")
    document.delete(CONTACT_LIST + (3,))
    assert changes(text, document.render()) == [("-", 121, "          - sasaete-network")]


def test_moving_within_a_list_moves_its_lines():
    text = text_of(YAMAGUCHI)
    document = Document.parse(text, "data/brochures/yamaguchi.yaml")
    document.move(CONTACT_LIST, 0, 3)
    new = document.render()
    assert changes(text, new) == [("-", 118, "          - yamaguchi-health-centre"),
                                  ("+", 121, "          - yamaguchi-health-centre")]
    expected = yaml.safe_load(text)
    node = expected["panels"][3]["blocks"][1]["contacts"]
    node.append(node.pop(0))
    assert reads_back(new) == expected


def test_moving_a_mapping_item_of_the_last_block_of_a_panel():
    """The last contact list of a panel carries the blank line before the next panel: it stays put."""
    text = text_of(YAMAGUCHI)
    document = Document.parse(text, "data/brochures/yamaguchi.yaml")
    entries = ("panels", 3, "blocks", 3, "contacts")
    document.move(entries, 2, 0)
    new = document.render()
    assert changes(text, new) == [("+", 125, "          - khj-kirara-kai"), ("-", 129, "          - khj-kirara-kai")]
    assert "          - id: sasaete-network\n            programmes: [sasaete-family-juku]\n\n  - id: inside-3\n" in new
    document.move(entries, 0, 2)
    assert document.render() == text


@pytest.mark.parametrize("old, new", [(0, 2), (5, 0), (0, 5), (2, 3)])
def test_moving_panels_keeps_one_blank_line_between_them(old, new):
    text = text_of(YAMAGUCHI)
    document = Document.parse(text, "data/brochures/yamaguchi.yaml")
    document.move(("panels",), old, new)
    moved = document.render()
    assert sorted(moved.splitlines()) == sorted(text.splitlines())    # the same lines, reordered
    panels = moved.split("\npanels:\n")[1]
    assert panels.count("\n\n  - id: ") == 5 and "\n\n\n" not in panels and not panels.endswith("\n\n")
    expected = yaml.safe_load(text)
    expected["panels"].insert(new, expected["panels"].pop(old))
    assert reads_back(moved) == expected
    document.move(("panels",), new, old)
    assert document.render() == text


@pytest.mark.parametrize("position", [0, 3, 6])
def test_a_new_panel_is_set_apart_like_the_others(position):
    text = text_of(YAMAGUCHI)
    document = Document.parse(text, "data/brochures/yamaguchi.yaml")
    document.insert(("panels",), position, {"id": "extra", "blocks": [{"heading": "追加"}]})
    new = document.render()
    diff = changes(text, new)
    assert {sign for sign, _, _ in diff} == {"+"}
    assert sorted(line for _, _, line in diff) == sorted(["", "  - id: extra", "    blocks:", "      - heading: 追加"])
    panels = new.split("\npanels:\n")[1]
    assert panels.count("\n\n  - id: ") == 6 and "\n\n\n" not in panels and not panels.endswith("\n\n")
    assert reads_back(new)["panels"][position] == {"id": "extra", "blocks": [{"heading": "追加"}]}


def test_emptying_a_contact_list_of_a_panel():
    text = text_of(YAMAGUCHI)
    document = Document.parse(text, "data/brochures/yamaguchi.yaml")
    document.set(CONTACT_LIST, [])
    new = document.render()
    assert changes(text, new) == [("-", n, line) for n, line in zip(range(117, 122), text.splitlines()[116:121])] + \
        [("+", 117, "      - contacts: []")]
    assert reads_back(new)["panels"][3]["blocks"][1] == {"contacts": []}


def test_a_list_saved_whole_changes_only_the_changed_items():
    text = text_of(YAMAGUCHI)
    document = Document.parse(text, "data/brochures/yamaguchi.yaml")
    ids = document.get(CONTACT_LIST)
    document.set(CONTACT_LIST, [ids[0], ids[2], "khj-kirara-kai", ids[3]])
    assert changes(text, document.render()) == [("-", 119, "          - yamaguchi-mental-health-centre"),
                                                ("+", 120, "          - khj-kirara-kai")]


def test_a_flow_list_stays_a_flow_list():
    text = text_of(YAMAGUCHI)
    document = Document.parse(text, "data/brochures/yamaguchi.yaml")
    programmes = ("panels", 3, "blocks", 3, "contacts", 0, "programmes")
    document.insert(programmes, 1, "sasaete-family-juku")
    assert [entry[2] for entry in changes(text, document.render())] == [
        "            programmes: [yamaguchi-family-class]",
        "            programmes: [yamaguchi-family-class, sasaete-family-juku]"]


# --------------------------------------------------------------------------- hand-written files


FOUR_SPACES = """\
# A registry indented by hand with four spaces.

alpha:
    name: アルファ
    tel: 083-111-2222
    channels:
        - label: 電話相談
          hours: 月～金 9時～17時
          notes: ["(祝日を除く)"]
        - label: 来所相談
    verified: 2021-03-01

beta:
    name: ベータ      # the comment is aligned
    verified: 2021-03-01
"""

# ruamel writes every line of this differently (spaces after colons, in a flow list, deeper
# indentation of one mapping, list dashes at the key's column): only the merge keeps them.
IRREGULAR = """\
alpha:
  name:    アルファ
  tel:  083-111-2222   # office
  tags: [ a,  b ]
  deep:
      x: 1
      y:   2
  seq:
  - one
  - two

beta:
  name: ベータ
  verified: 2021-03-01
"""


def test_a_four_space_file_edited_in_one_value_changes_only_that_line():
    document = Document.parse(FOUR_SPACES, "contacts.yaml")
    document.set(("alpha", "channels", 0, "hours"), "月～金 9時～16時")
    document.set(("beta", "name"), "ベータ２")
    new = document.render()
    assert changes(FOUR_SPACES, new) == [
        ("-", 8, "          hours: 月～金 9時～17時"), ("+", 8, "          hours: 月～金 9時～16時"),
        ("-", 14, "    name: ベータ      # the comment is aligned"),
        ("+", 14, "    name: ベータ２     # the comment is aligned")]    # still at its column


def test_a_four_space_file_gets_new_records_in_four_spaces():
    document = Document.parse(FOUR_SPACES, "contacts.yaml")
    document.insert((), "gamma", {"name": "ガンマ", "channels": [{"label": "電話相談", "show_tel": True}],
                                  "verified": datetime.date(2024, 1, 1)}, after="alpha")
    new = document.render()
    assert "    verified: 2021-03-01\n\ngamma:\n    name: ガンマ\n    channels:\n        - label: 電話相談\n" \
           "          show_tel: true\n    verified: 2024-01-01\n\nbeta:\n" in new


def test_an_irregular_file_keeps_every_line_the_edit_does_not_touch():
    document = Document.parse(IRREGULAR, "x.yaml")
    assert document._before != IRREGULAR       # the merge path, not the plain dump
    document.set(("alpha", "deep", "y"), 3)
    document.set(("alpha", "deep", "z"), 4)
    document.insert(("alpha", "seq"), 1, "one and a half")
    document.set(("beta", "verified"), datetime.date(2022, 2, 2))
    new = document.render()
    assert changes(IRREGULAR, new) == [
        ("-", 7, "      y:   2"), ("+", 7, "      y: 3"), ("+", 8, "      z: 4"),
        ("+", 11, "  - one and a half"),
        ("-", 14, "  verified: 2021-03-01"), ("+", 16, "  verified: 2022-02-02")]
    expected = yaml.safe_load(IRREGULAR)
    expected["alpha"]["deep"].update(y=3, z=4)
    expected["alpha"]["seq"].insert(1, "one and a half")
    expected["beta"]["verified"] = datetime.date(2022, 2, 2)
    assert reads_back(new) == expected


def test_an_irregular_line_that_is_edited_is_written_as_ruamel_writes_it():
    document = Document.parse(IRREGULAR, "x.yaml")
    document.set(("alpha", "tel"), "083-111-3333")
    assert changes(IRREGULAR, document.render()) == [
        ("-", 3, "  tel:  083-111-2222   # office"), ("+", 3, "  tel: 083-111-3333    # office")]


def test_windows_line_ends_are_kept():
    text = FOUR_SPACES.replace("\n", "\r\n")
    document = Document.parse(text, "contacts.yaml")
    document.set(("beta", "name"), "ベータ２")
    new = document.render()
    assert "\n" not in new.replace("\r\n", "") and new.count("\r\n") == text.count("\r\n")
    assert len(changes(text, new)) == 2


def test_an_empty_file_gets_its_first_record_below_its_comments():
    document = Document.parse("# contacts\n", "contacts.yaml")
    assert document.render() == "# contacts\n"
    document.insert((), "alpha", {"name": "アルファ", "verified": datetime.date(2024, 1, 1)})
    assert document.render() == "# contacts\nalpha:\n  name: アルファ\n  verified: 2024-01-01\n"


# --------------------------------------------------------------------------- saving


def test_save_writes_the_new_text_and_the_next_save_builds_on_it(tmp_path):
    target = tmp_path / "contacts.yaml"
    target.write_bytes(CONTACTS.read_bytes())
    document = Document.read(target, "data/contacts.yaml")
    document.set(("sasaete-network", "tel"), "083-984-3743")
    written = document.save(target)
    assert target.read_bytes() == written.encode("utf-8")
    assert document.text == written
    document.set(("sasaete-ibasho", "schedule"), "月・木曜 9:30〜16:00")
    second = document.save(target)
    assert [at for _, at, _ in changes(text_of(CONTACTS), second)] == [23, 23, 40, 40]


def test_save_with_a_stale_expected_text_raises_conflict_and_writes_nothing(tmp_path):
    target = tmp_path / "contacts.yaml"
    target.write_bytes(CONTACTS.read_bytes())
    document = Document.read(target, "data/contacts.yaml")
    stale = document.text.replace("083-984-3742", "083-000-0000")
    document.set(("sasaete-network", "tel"), "083-984-3743")
    with pytest.raises(Conflict) as raised:
        document.save(target, expected=stale)
    assert raised.value.current == text_of(CONTACTS)
    assert isinstance(raised.value, BrochureError)
    assert target.read_bytes() == CONTACTS.read_bytes()


def test_save_after_someone_else_changed_the_file_raises_conflict(tmp_path):
    target = tmp_path / "contacts.yaml"
    target.write_bytes(CONTACTS.read_bytes())
    document = Document.read(target, "data/contacts.yaml")
    theirs = text_of(CONTACTS).replace("年6回程度開催", "年8回程度開催").encode("utf-8")
    target.write_bytes(theirs)
    document.set(("sasaete-network", "tel"), "083-984-3743")
    with pytest.raises(Conflict) as raised:
        document.save(target)
    assert raised.value.current.encode("utf-8") == theirs
    assert target.read_bytes() == theirs
    assert sorted(p.name for p in tmp_path.iterdir()) == ["contacts.yaml"]   # no temporary file left


def test_save_never_writes_over_text_the_document_was_not_read_from(tmp_path):
    target = tmp_path / "contacts.yaml"
    target.write_bytes(CONTACTS.read_bytes())
    document = Document.parse(text_of(CONTACTS).replace("年6回程度開催", "年8回程度開催"), "data/contacts.yaml")
    document.set(("sasaete-network", "tel"), "083-984-3743")
    with pytest.raises(Conflict):
        document.save(target, expected=text_of(CONTACTS))
    assert target.read_bytes() == CONTACTS.read_bytes()


def test_a_save_that_changes_nothing_leaves_the_file_alone(tmp_path):
    target = tmp_path / "contacts.yaml"
    target.write_bytes(CONTACTS.read_bytes())
    before = target.stat().st_mtime_ns
    document = Document.read(target, "data/contacts.yaml")
    document.set(("sasaete-network", "tel"), "083-984-3742")
    assert document.save(target) == text_of(CONTACTS)
    assert target.stat().st_mtime_ns == before


def test_a_text_that_would_not_read_back_as_the_edit_is_never_written(tmp_path, monkeypatch):
    from brochure.data.roundtrip import document as roundtrip

    target = tmp_path / "contacts.yaml"
    target.write_bytes(CONTACTS.read_bytes())
    document = Document.read(target, "data/contacts.yaml")
    document.set(("sasaete-network", "tel"), "083-984-3743")
    monkeypatch.setattr(roundtrip, "_merge", lambda original, before, after: original)   # the edit lost
    with pytest.raises(RoundTripError):
        document.save(target)
    assert target.read_bytes() == CONTACTS.read_bytes()


# --------------------------------------------------------------------------- broken files


def test_a_broken_file_gives_a_data_error_with_its_line(tmp_path):
    broken = tmp_path / "contacts.yaml"
    broken.write_text("alpha:\n  name: アルファ\n  tel: 083-111-2222\n bad: indentation\n", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        Document.read(broken, "data/contacts.yaml")
    problem = raised.value.problems[0]
    assert (problem.file, problem.line) == ("data/contacts.yaml", 4)


def test_a_file_only_ruamel_cannot_read_gives_a_data_error_with_its_line():
    """PyYAML takes a tab before a comment; ruamel does not.  The editor must say where."""
    text = "alpha:\n  name: アルファ\n  tel: 083-111-2222\t# office\n"
    if getattr(yaml, "CSafeLoader", None):    # libyaml, which the loader uses, takes it
        assert parse_yaml(text, "x").data["alpha"]["tel"] == "083-111-2222"
    with pytest.raises(DataError) as raised:
        Document.parse(text, "data/contacts.yaml")
    assert (raised.value.problems[0].file, raised.value.problems[0].line) == ("data/contacts.yaml", 3)


def test_a_file_that_is_not_utf8_gives_a_data_error(tmp_path):
    broken = tmp_path / "contacts.yaml"
    broken.write_bytes("alpha:\n  name: アルファ\n".encode("shift_jis"))
    with pytest.raises(DataError):
        Document.read(broken, "data/contacts.yaml")


def test_paths_that_do_not_exist_are_errors():
    document = Document.parse(text_of(CONTACTS), "data/contacts.yaml")
    with pytest.raises(KeyError):
        document.get(("no-such-record", "tel"))
    with pytest.raises(KeyError):
        document.insert((), "sasaete-network", {"name": "x"})
    with pytest.raises(IndexError):
        document.move(("sapporo-hikikomori-centre", "channels"), 0, 3)
    with pytest.raises(TypeError):
        document.set(("sasaete-network", "tel"), object())
