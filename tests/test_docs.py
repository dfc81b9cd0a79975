"""The README's field reference is the schema's own text, and its commands are real."""

from conftest import ROOT

from brochure.docs import field_reference


def test_readme_field_reference_matches_schema():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- fields:start -->\n", 1)[1].split("<!-- fields:end -->", 1)[0]
    assert section == field_reference()


def test_readme_starts_with_setup_and_test_commands():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("```")
    assert lines[1] == "./setup.sh"
    assert "pytest" in lines[2]
    assert lines[3] == "```"


def test_every_cli_command_is_documented():
    from brochure.cli import COMMANDS
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS:
        assert f"`brochure {command}" in readme, command
