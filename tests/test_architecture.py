"""The package is laid out by stage, and imports go one way: app → builder → checks → render → layout → data."""

from __future__ import annotations

import textwrap
from pathlib import Path

from architecture import STAGES, all_imports, cycles, stage_of, upward_imports

PACKAGE = Path(__file__).resolve().parent.parent / "brochure"
SHARED_MODULES = {"__init__.py", "__main__.py", "project.py", "files.py", "errors.py", "i18n.py"}


def test_the_folders_are_the_stages():
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    assert folders == set(STAGES)
    modules = {p.name for p in PACKAGE.glob("*.py")}
    assert modules == SHARED_MODULES, "a module at the top of the package belongs in a stage"


def test_every_stage_says_what_it_owns_and_may_import():
    for stage in STAGES:
        doc = (PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")
        assert "May import" in doc, f"brochure/{stage}/__init__.py: say what the stage may import"


def test_imports_go_one_way():
    wrong = upward_imports(all_imports(PACKAGE))
    assert not wrong, "imports against app → builder → checks → render → layout → data:\n" + "\n".join(map(str, wrong))


def test_no_import_cycle():
    found = cycles(all_imports(PACKAGE))
    assert not found, "import cycles:\n" + "\n\n".join("\n".join(map(str, chain)) for chain in found)


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "brochure"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def test_the_checks_catch_a_cycle_and_an_upward_import(tmp_path):
    """The two checks above must be able to fail: a cycle put back (compose ↔ variants) is named
    with its lines, and so is layout importing render."""
    root = _package(tmp_path, {
        "__init__.py": "", "layout/__init__.py": "", "render/__init__.py": "",
        "layout/compose.py": "def pages():\n    from ..render.variants import BLEED\n",
        "render/variants.py": "from ..layout.compose import pages\nBLEED = 3\n",
    })
    imports = all_imports(root)
    [upward] = upward_imports(imports)
    assert str(upward).endswith("compose.py:2: brochure.layout.compose imports brochure.render.variants")
    [cycle] = cycles(imports)
    assert {i.module for i in cycle} == {"brochure.layout.compose", "brochure.render.variants"}


def test_from_package_import_module_is_resolved_to_the_module(tmp_path):
    root = _package(tmp_path, {
        "__init__.py": "", "app/__init__.py": "", "data/__init__.py": "",
        "data/schema.py": "from ..app import cli\n", "app/cli.py": "from ..data import schema\n",
    })
    imports = all_imports(root)
    assert {(i.module, i.target) for i in imports} == {("brochure.data.schema", "brochure.app.cli"),
                                                       ("brochure.app.cli", "brochure.data.schema")}
    assert stage_of("brochure.__main__") == "app" and stage_of("brochure.errors") == "shared"
    assert len(cycles(imports)) == 1 and len(upward_imports(imports)) == 1
