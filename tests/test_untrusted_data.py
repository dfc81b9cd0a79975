"""Untrusted data stays data: markup prints as text, files outside the allowed folders are never read."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import output
from PIL import Image as PILImage

from brochure.app.cli import main
from brochure.project import Project
from brochure.render.engine import Engine, allowed_roots, resolve_local


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sapporo only, with markup in its text and a picture from data/assets/, built once."""
    from conftest import copy_project
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    (root / "data" / "brochures" / "yamaguchi.yaml").unlink()
    (root / "data" / "assets").mkdir(parents=True, exist_ok=True)
    # 1200 px wide: 300+ dpi at the panel's width, so preflight's image check passes
    PILImage.new("RGB", (1200, 100), (200, 30, 30)).save(root / "data" / "assets" / "map.png")
    path = root / "data" / "brochures" / "sapporo.yaml"
    anchor = "      - heading: 「ひきこもり」とは\n"      # the flap's first block
    text = path.read_text(encoding="utf-8")
    assert anchor in text, "the test data changed: put the blocks at the top of the flap another way"
    text = text.replace(anchor, "      - image: map.png\n        alt: 地図\n"
                        "      - paragraph: \"<script>alert(1)</script> & <b>x</b>\"\n" + anchor, 1)
    path.write_text(text, encoding="utf-8")
    err = io.StringIO()
    assert main(["--project", str(root), "build", "--quiet"], err=err) == 0, err.getvalue()
    return root


def test_markup_in_data_prints_as_text(hostile: Path):
    from pypdf import PdfReader
    text = "".join(page.extract_text() for page in PdfReader(output(hostile, "sapporo", "download")).pages)
    assert "<script>alert(1)</script> & <b>x</b>" in text.replace("\n", "")


def test_image_block_is_drawn_from_data_assets(hostile: Path):
    from pypdf import PdfReader
    flap = PdfReader(output(hostile, "sapporo", "download")).pages[1]   # one panel per page, reading order
    sizes = [image.image.size for image in flap.images]
    assert (1200, 100) in sizes, sizes


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    "http://example.com/map.png",
    "https://example.com/map.png",
])
def test_resolve_local_refuses_outside_files_and_urls(url: str, project_dir: Path):
    assert resolve_local(url, allowed_roots(Project(project_dir))) is None


def test_resolve_local_refuses_dotdot_escapes(project_dir: Path):
    secret = project_dir.parent / "secret.png"
    secret.write_bytes(b"secret")
    (project_dir / "data" / "assets").mkdir(parents=True, exist_ok=True)
    url = (project_dir / "data" / "assets").as_uri() + "/../../../secret.png"
    assert resolve_local(url, allowed_roots(Project(project_dir))) is None
    inside = project_dir / "data" / "assets" / "ok.png"
    inside.write_bytes(b"png")
    assert resolve_local(inside.as_uri(), allowed_roots(Project(project_dir))) == inside.resolve()


@pytest.mark.parametrize("url", ["file:///etc/passwd", "http://example.com/x.png"])
def test_fetcher_refuses_and_records(url: str, project_dir: Path):
    refused: list[str] = []
    with Engine(Project(project_dir)) as engine:
        with pytest.raises(ValueError, match="refused"):
            engine.fetcher(refused).fetch(url)
    assert refused == [url]
