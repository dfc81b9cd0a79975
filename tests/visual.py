"""Golden page images: low-resolution greyscale renders of the reference leaflets.

A page matches its golden when at most ``ALLOWED_PIXELS`` pixels differ by
more than ``TOLERANCE`` grey levels (anti-aliasing noise, not a layout change).
On a mismatch the actual image and a diff (changed pixels in red over a faded
golden) are written beside the golden as ``*.actual.png`` / ``*.diff.png``.
Regenerate after an intended change: ``.venv/bin/python -m tests.update_goldens``.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageChops

from brochure.app.preview import png_bytes, render_pages

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
DPI = 40
TOLERANCE = 32          # grey levels
ALLOWED_PIXELS = 20     # per page
REFERENCE = ("sapporo", "yamaguchi")
VARIANTS = ("print", "download")
REGENERATE = ".venv/bin/python -m tests.update_goldens"


def golden_path(name: str, variant: str, page: int) -> Path:
    return GOLDEN_DIR / f"{name}-{variant}-p{page}.png"


def golden_pages(pdf: Path) -> list[Image.Image]:
    return render_pages(pdf, DPI, grey=True)


def compare(actual: Image.Image, golden: Path) -> str | None:
    """None when ``actual`` matches the golden file; else what differs (and the files written)."""
    if not golden.is_file():
        return f"{golden.name} is missing; run {REGENERATE}"
    with Image.open(golden) as stored:
        expected = stored.convert("L")
    if expected.size != actual.size:
        _write(golden, "actual", actual)
        return f"{golden.name}: size {actual.size} instead of {expected.size}; see {golden.stem}.actual.png"
    changed = ImageChops.difference(expected, actual).point(lambda v: 255 if v > TOLERANCE else 0)
    count = changed.histogram()[255]
    if count <= ALLOWED_PIXELS:
        return None
    _write(golden, "actual", actual)
    _write(golden, "diff", diff_image(expected, changed))
    box = changed.getbbox()
    return (f"{golden.name}: {count} pixels differ by more than {TOLERANCE} grey levels, within {box}; "
            f"see {golden.stem}.actual.png and {golden.stem}.diff.png")


def diff_image(expected: Image.Image, changed: Image.Image) -> Image.Image:
    faded = Image.eval(expected, lambda v: 160 + v * 95 // 255).convert("RGB")
    faded.paste((220, 0, 0), mask=changed)
    return faded


def _write(golden: Path, kind: str, image: Image.Image) -> None:
    golden.with_name(f"{golden.stem}.{kind}.png").write_bytes(png_bytes(image))
