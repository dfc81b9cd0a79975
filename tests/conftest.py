"""Shared fixtures: a copy of the project in a temporary folder, built once.

Tests never write into the checkout: each works on a copy of data/, layouts/
and fonts/ (fonts are hard-linked where the file system allows: they are
large and read-only; a symlink would point outside the project, which the
renderer refuses to read).
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


def copy_project(target: Path) -> Path:
    for folder in ("data", "layouts", "translations"):
        if (ROOT / folder).is_dir():   # translations/: the language editions' catalogues
            shutil.copytree(ROOT / folder, target / folder)
    (target / "fonts").mkdir()
    for font in (ROOT / "fonts").iterdir():
        try:
            os.link(font, target / "fonts" / font.name)
        except OSError:
            shutil.copy2(font, target / "fonts" / font.name)
    return target


def japanese_only(text: str) -> str:
    """A brochure file's text without its language editions (``languages:``, ``language_editions:``):
    for the leaflets tests derive from a reference one to try another fold or print setting."""
    text = re.sub(r"^languages:.*\n", "", text, flags=re.M)
    return re.sub(r"^language_editions:\n(?:[ #].*\n)*", "", text, flags=re.M)


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A fresh, unbuilt copy of the project."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project after ``brochure build`` (built once per test session)."""
    from brochure.app.cli import main

    root = copy_project(tmp_path_factory.mktemp("built") / "project")
    assert main(["--project", str(root), "build", "--quiet"]) == 0
    return root


@pytest.fixture(scope="session")
def published(built, tmp_path_factory) -> Path:
    """A copy of the built project with previews and build/index.html (as `brochure preview` leaves it)."""
    from brochure.app.preview import editions, write_previews
    from brochure.app.site import write_site
    from brochure.project import Project

    root = tmp_path_factory.mktemp("published") / "project"
    shutil.copytree(built, root)
    project = Project(root)
    for edition in editions(project):
        write_previews(project, edition, dpi=50)
    write_site(project, render_missing=False)
    return root


def output(root: Path, name: str, variant: str, edition: str = "2021-03") -> Path:
    from brochure.builder.rendering import output_path
    return root / output_path(name, edition, variant)


def nothing_written(root: Path) -> bool:
    """No PDF, image, page or manifest under build/ (the build lock file may exist)."""
    build = root / "build"
    return not build.exists() or not [p for p in build.rglob("*") if p.is_file() and not p.name.startswith(".")]


def variants_of(name: str, root: Path = ROOT) -> list[str]:
    """The outputs a build makes of brochure ``name``, by manifest variant name: the Japanese variants
    (print, download, html, proof), then each other language's in ``languages:`` (print-en, …)."""
    import yaml

    from brochure.render.variants import LANGUAGE_VARIANTS, VARIANTS
    brochure = yaml.safe_load((root / "data" / "brochures" / f"{name}.yaml").read_text(encoding="utf-8"))
    others = [language for language in brochure.get("languages") or [] if language != "ja"]
    return list(VARIANTS) + [f"{kind}-{language}" for language in others for kind in LANGUAGE_VARIANTS]
