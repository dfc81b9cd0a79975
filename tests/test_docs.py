"""The docs: a short README that starts with the two CI commands, every command and every data field documented,
docs/data-reference.md the schema's own text, and every relative link leading to a file (and heading)."""

from __future__ import annotations

import argparse
import io
import re
import typing
import unicodedata
from pathlib import Path

from conftest import ROOT
from pydantic import BaseModel

from brochure.app.docs import SECTIONS, data_reference
from brochure.data import schema

README = ROOT / "README.md"
DOCS = ROOT / "docs"
DATA_REFERENCE = DOCS / "data-reference.md"
MAX_README_BYTES = 10 * 1024
MAX_PICTURE_BYTES = 400 * 1024
FIRST_LINES = ["```sh", "./setup.sh", ".venv/bin/python -m pytest -q -n 2", "```"]   # CI runs these two commands


def doc_files() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


def all_docs() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in doc_files())


# --------------------------------------------------------------------------- what the checks look for


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    return {name: sub for action in parser._actions if isinstance(action, argparse._SubParsersAction)
            for name, sub in action.choices.items()}


def cli_commands() -> dict[str, argparse.ArgumentParser]:
    """Every command people can type, subcommands included ('edition new'), with its parser."""
    from brochure.app.cli import COMMANDS, _parser
    top = _subparsers(_parser())
    assert set(COMMANDS) <= set(top), "every command of COMMANDS has a parser"
    found = {}
    for name in COMMANDS:
        found[name] = top[name]
        found.update({f"{name} {child}": sub for child, sub in _subparsers(top[name]).items()})
    return found


def undocumented_commands(text: str, commands: list[str]) -> list[str]:
    """Commands that the text never shows as `brochure COMMAND…` (in backticks)."""
    return [command for command in commands if f"`brochure {command}" not in text]


def undocumented_options(text: str, parsers: dict[str, argparse.ArgumentParser]) -> list[str]:
    """Long options (--only, --issued …) that the text never names."""
    missing = []
    for command, parser in parsers.items():
        for action in parser._actions:
            for option in action.option_strings:
                if option.startswith("--") and option != "--help" and not re.search(re.escape(option) + r"\b", text):
                    missing.append(f"{command} {option}".strip())
    return missing


def schema_models() -> set[type[BaseModel]]:
    """Every model a data file can contain: the contact record, the brochure and all they nest."""
    found: set[type[BaseModel]] = set()
    todo: list[object] = [schema.Contact, schema.Brochure, *schema.BLOCK_TYPES.values()]
    while todo:
        item = todo.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            if item not in found:
                found.add(item)
                todo += [info.annotation for info in item.model_fields.values()]
        else:
            todo += typing.get_args(item)
    return found


def missing_fields(text: str) -> list[str]:
    """Fields of the SECTIONS' models without a row in their section of the reference."""
    sections = {}
    for chunk in re.split(r"^## ", text, flags=re.MULTILINE)[1:]:
        title, _, body = chunk.partition("\n")
        sections[title] = body
    missing = []
    for title, model in SECTIONS:
        body = sections.get(title, "")
        missing += [f"{title}: {name}" for name in model.model_fields if f"\n| `{name}` |" not in body]
    return missing


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[`*_]{1,2}(.+?)[`*_]{1,2}", r"\1", heading.strip()).lower()
    kept = "".join(c for c in text if c in " -" or unicodedata.category(c)[0] in "LMN" or c == "_")
    return kept.replace(" ", "-")


def _without_code(text: str) -> str:
    return re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)


def anchors(text: str) -> set[str]:
    found: set[str] = set()
    for heading in re.findall(r"^#{1,6} (.+)$", _without_code(text), flags=re.MULTILINE):
        base = anchor = slug(heading)
        number = 0
        while anchor in found:
            number += 1
            anchor = f"{base}-{number}"
        found.add(anchor)
    return found


LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def broken_links(path: Path, text: str) -> list[str]:
    """Relative links in ``text`` (a file at ``path``) to a file that does not exist, or to a heading that
    the file does not have."""
    broken = []
    for target in LINK.findall(_without_code(text)):
        if re.match(r"[a-z]+:", target):      # https:, mailto:, tel:
            continue
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / file_part).resolve() if file_part else path
        if not linked.is_file():
            broken.append(f"{path.name}: {target} (no such file)")
        elif anchor and linked.suffix == ".md" and anchor not in anchors(linked.read_text(encoding="utf-8")):
            broken.append(f"{path.name}: {target} (no such heading)")
    return broken


# --------------------------------------------------------------------------- the tests


def test_readme_starts_with_setup_and_test_commands():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert lines[:4] == FIRST_LINES


def test_readme_is_at_most_10_kb():
    size = len(README.read_bytes())
    assert size <= MAX_README_BYTES, f"README.md is {size} bytes; move detail into docs/"


def test_readme_shows_a_finished_leaflet():
    pictures = re.findall(r"!\[[^\]]+\]\((docs/[^)]+\.png)\)", README.read_text(encoding="utf-8"))
    assert pictures, "README.md shows a picture of a leaflet from docs/"
    for picture in pictures:
        data = (ROOT / picture).read_bytes()
        assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) < MAX_PICTURE_BYTES, picture


def test_data_reference_is_generated_from_the_schema():
    written = DATA_REFERENCE.read_text(encoding="utf-8")
    assert written == data_reference(), "docs/data-reference.md is stale: brochure fields > docs/data-reference.md"


def test_brochure_fields_prints_the_data_reference():
    from brochure.app.cli import main
    out = io.StringIO()
    assert main(["fields"], out=out) == 0
    assert out.getvalue() == data_reference()


def test_every_schema_field_is_in_the_data_reference():
    listed = {model for _, model in SECTIONS}
    assert schema_models() - listed == set(), "a model of the data files has no section in brochure/app/docs.py"
    assert missing_fields(DATA_REFERENCE.read_text(encoding="utf-8")) == []


def test_every_cli_command_is_documented():
    commands = list(cli_commands())
    assert {"build", "edition new", "edition list", "fields"} <= set(commands)
    assert undocumented_commands(all_docs(), commands) == []


def test_every_cli_option_is_documented():
    from brochure.app.cli import _parser
    assert undocumented_options(all_docs(), {"": _parser(), **cli_commands()}) == []


def test_every_relative_link_leads_to_a_file():
    links = 0
    broken = []
    for path in doc_files():
        text = path.read_text(encoding="utf-8")
        links += len(LINK.findall(text))
        broken += broken_links(path, text)
    assert links > 10, "the link check found the links"
    assert broken == []


def test_the_doc_checks_fail_on_bad_docs(tmp_path):
    """Each check above finds what it looks for: a command or option left out, a field row missing, a
    link to a file or heading that does not exist."""
    commands = cli_commands()
    assert undocumented_commands("`brochure build` and `brochure edition list NAME`",
                                 ["build", "edition new", "edition list"]) == ["edition new"]
    assert "build --only" in undocumented_options("`--jobs N`", {"build": commands["build"]})
    assert "build --jobs" not in undocumented_options("`--jobs N`", {"build": commands["build"]})

    reference = data_reference()
    assert missing_fields(reference) == []
    assert missing_fields(reference.replace("\n| `tel` |", "\n| `phone` |")) == [
        "Contact record (`data/contacts.yaml`, one per id): tel"]

    page = tmp_path / "page.md"
    (tmp_path / "other.md").write_text("# Other\n\n## Print profile (`print:`)\n", encoding="utf-8")
    text = ("[ok](other.md) [ok](other.md#print-profile-print) [ok](#here) [web](https://example.org)\n"
            "# Here\n[gone](missing.md) [no heading](other.md#nowhere)\n")
    page.write_text(text, encoding="utf-8")
    assert broken_links(page, text) == ["page.md: missing.md (no such file)",
                                        "page.md: other.md#nowhere (no such heading)"]
    assert slug("1. しくみ（最初に読んでください）") == "1-しくみ最初に読んでください"
