"""Property tests: whatever text or values the data holds, loading ends in a result or a DataError, never a crash."""

from __future__ import annotations

import datetime
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brochure.data.loader import parse_yaml
from brochure.data.model import Registry, brochure_from, registry_from
from brochure.errors import DataError

# Pieces of YAML syntax, so random text reaches the parser's odd corners (anchors, tags, tabs, flow style).
TOKENS = st.sampled_from([
    ":", ": ", "- ", "\n", "  ", "\t", "&a ", "*a", "!!str ", "!!int ", "!!python/object ", "? ", "[", "]", "{", "}",
    ",", "'", '"', "#", "|", ">", "---", "...", "no", "yes", "0120", "2021-02-30", "2021-03", "083-984-3742",
    "tel", "name", "verified", "kind", "channels", "０８３", "〒", "\\", "%YAML 1.1", "~", "null", "1e999", "<<: *a",
])
YAML_TEXT = st.one_of(st.text(max_size=200), st.lists(st.one_of(TOKENS, st.text(max_size=5)), max_size=60).map("".join))

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30),
    st.dates(min_value=datetime.date(1, 1, 1)), st.sampled_from(["083-984-3742", "０８３-９８４-３７４２", "003-0029",
                                                                  "http://", "a@b", "/etc/passwd", "../../x.png"]))
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)), max_leaves=12)
FIELDS = st.sampled_from(["name", "kind", "tel", "postal_code", "url", "email", "schedule", "verified", "channels",
                          "organisation", "venue", "located_in", "office", "notes", "tell", "hours"])
RECORDS = st.dictionaries(FIELDS, VALUES, max_size=8)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def dumped(value) -> str:
    return yaml.safe_dump(value, allow_unicode=True)


@SETTINGS
@given(YAML_TEXT)
def test_random_yaml_text_gives_data_or_a_data_error(text: str):
    try:
        located = parse_yaml(text, "data/contacts.yaml")
    except DataError as error:
        assert error.problems and all(p.file == "data/contacts.yaml" for p in error.problems)
        return
    try:
        registry_from(located)
    except DataError as error:
        assert error.problems


@SETTINGS
@given(st.dictionaries(st.sampled_from(["a-1", "b", "Bad Id", ""]), RECORDS, max_size=3))
def test_random_contact_records_give_a_registry_or_a_data_error(records: dict):
    try:
        registry_from(parse_yaml(dumped(records), "data/contacts.yaml"))
    except DataError as error:
        assert error.problems and all(str(p) for p in error.problems)


BLOCKS = st.one_of(st.dictionaries(st.sampled_from(["heading", "paragraph", "card", "image", "alt", "contacts",
                                                    "figure", "data", "colophon", "style"]), VALUES, max_size=3), VALUES)
BROCHURES = st.fixed_dictionaries(
    {"title": VALUES, "edition": st.one_of(VALUES, st.fixed_dictionaries({"issued": VALUES, "publisher": VALUES})),
     "panels": st.one_of(VALUES, st.lists(st.fixed_dictionaries({"id": VALUES, "blocks": st.lists(BLOCKS, max_size=3)}),
                                          max_size=3))})


@SETTINGS
@given(BROCHURES)
def test_random_brochures_give_a_brochure_or_a_data_error(data: dict):
    registry = Registry({}, parse_yaml("{}", "data/contacts.yaml"))
    try:
        brochure_from("random", parse_yaml(dumped(data), "data/brochures/random.yaml"), registry, Path("/nonexistent"))
    except DataError as error:
        assert error.problems
