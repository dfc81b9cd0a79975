"""Visual regression: every page of the reference leaflets against its golden image."""

from __future__ import annotations

import pytest
from conftest import output
from PIL import Image, ImageDraw
from visual import (
    GOLDEN_DIR,
    REFERENCE,
    REGENERATE,
    VARIANTS,
    compare,
    golden_pages,
    golden_path,
)


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("name", REFERENCE)
def test_pages_match_goldens(built, name, variant):
    pages = golden_pages(output(built, name, variant))
    stored = sorted(GOLDEN_DIR.glob(f"{name}-{variant}-p*.png"))
    stored = [p for p in stored if p.name.count(".") == 1]  # not *.actual.png / *.diff.png
    assert len(stored) == len(pages), f"{len(pages)} pages but {len(stored)} goldens; run {REGENERATE}"
    failures = [f for f in (compare(page, golden_path(name, variant, n))
                            for n, page in enumerate(pages, start=1)) if f]
    assert not failures, "\n".join(failures + [f"if the change is intended, run {REGENERATE}"])


def test_goldens_stay_small():
    total = sum(p.stat().st_size for p in GOLDEN_DIR.glob("*.png") if p.name.count(".") == 1)
    assert 0 < total < 1024 * 1024


def test_a_changed_page_fails_and_writes_actual_and_diff(tmp_path):
    golden = tmp_path / "page-p1.png"
    Image.new("L", (120, 80), 255).save(golden)
    same = Image.new("L", (120, 80), 255)
    same.putpixel((5, 5), 0)                      # one pixel of noise is tolerated
    assert compare(same, golden) is None
    moved = Image.new("L", (120, 80), 255)
    ImageDraw.Draw(moved).rectangle((10, 10, 40, 30), fill=0)
    message = compare(moved, golden)
    assert message and "pixels differ" in message and "(10, 10, 41, 31)" in message
    diff = Image.open(tmp_path / "page-p1.diff.png")
    assert diff.getpixel((20, 20)) == (220, 0, 0) and diff.getpixel((100, 70)) != (220, 0, 0)
    assert (tmp_path / "page-p1.actual.png").is_file()


def test_a_resized_page_fails(tmp_path):
    golden = tmp_path / "page-p1.png"
    Image.new("L", (120, 80), 255).save(golden)
    assert "size" in compare(Image.new("L", (121, 80), 255), golden)
    assert "missing" in compare(Image.new("L", (1, 1)), tmp_path / "absent-p1.png")
