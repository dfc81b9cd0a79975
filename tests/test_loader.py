"""YAML loading: values with their lines, duplicate keys, syntax errors, alias bombs."""

import pytest

from brochure.data.loader import dotted, parse_yaml
from brochure.errors import DataError


def test_every_key_path_has_its_line():
    located = parse_yaml("a:\n  b: 1\n  c:\n    - x\n    - y: 2\n", "f.yaml")
    assert located.where(("a", "b")) == (2, 3)
    assert located.where(("a", "c", 1, "y"))[0] == 5
    assert located.where(("a", "missing"))[0] == 1   # nearest enclosing key


def test_subset_keeps_the_chosen_records_with_their_lines():
    """What a worker gets of a large registry: some records, each value still with its line."""
    located = parse_yaml("a:\n  tel: '083'\nb:\n  tel: 1\n  name: B\nc: 3\n", "data/contacts.yaml")
    part = located.subset(["b", "c", "missing"])
    assert part.data == {"b": {"tel": 1, "name": "B"}, "c": 3}
    assert part.where(("b", "name")) == located.where(("b", "name")) == (5, 3)
    assert part.where(("c",)) == (6, 1)
    assert ("a", "tel") not in part.marks and ("a", "tel") not in part.scalars
    assert part.file == "data/contacts.yaml"
    assert located.subset(["a"]).scalars == {("a", "tel"): "083"}   # the text as written, kept


def test_duplicate_keys_are_reported_with_both_lines():
    with pytest.raises(DataError) as caught:
        parse_yaml("sasaete:\n  tel: 1\n  tel: 2\n", "data/contacts.yaml")
    (problem,) = caught.value.problems
    assert problem.key == "sasaete.tel"
    assert "lines 2 and 3" in problem.message
    assert problem.line == 3


def test_syntax_error_names_file_and_line():
    with pytest.raises(DataError) as caught:
        parse_yaml("a: [1, 2\nb: 3\n", "x.yaml")
    problem = caught.value.problems[0]
    assert problem.file == "x.yaml" and problem.line is not None


def test_tab_indentation_gets_a_hint():
    with pytest.raises(DataError) as caught:
        parse_yaml("a:\n\tb: 1\n", "x.yaml")
    assert "tab" in str(caught.value).lower()


def test_alias_bomb_is_refused():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefgh":
        prev = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    with pytest.raises(DataError) as caught:
        parse_yaml(bomb, "x.yaml")
    assert "aliases" in str(caught.value)


def test_dotted_paths():
    assert dotted(("panels", 2, "blocks", 0, "heading")) == "panels[2].blocks[0].heading"


def test_a_large_honest_document_loads_and_a_small_alias_bomb_does_not():
    """The value cap grows with the text: a national registry has more values than a fixed cap,
    but an alias bomb expands far past one value per character."""
    honest = "".join(f"k{i}: [1, 2, 3, 4]\n" for i in range(60_000))      # 360,000 values, 1.1 MB
    assert len(parse_yaml(honest, "big.yaml").data) == 60_000
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdef", "bcdefg"))
    with pytest.raises(DataError) as caught:
        parse_yaml(bomb, "bomb.yaml")
    assert "too many values" in caught.value.problems[0].message
