"""Regenerate tests/golden/ after an intended layout change.

    .venv/bin/python -m tests.update_goldens

Builds a copy of the project in a temporary folder (the checkout's build/ is
not touched), renders every page of the reference leaflets at the golden
resolution and replaces the golden images; stale actual/diff images go too.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from brochure.app.cli import main as brochure
from brochure.app.preview import png_bytes
from tests.conftest import copy_project
from tests.visual import GOLDEN_DIR, REFERENCE, VARIANTS, golden_pages, golden_path


def update(root: Path) -> list[Path]:
    GOLDEN_DIR.mkdir(exist_ok=True)
    for old in GOLDEN_DIR.glob("*.png"):
        old.unlink()
    written = []
    for name in REFERENCE:
        for variant in VARIANTS:
            pdf = root / "build" / name / "2021-03" / f"{name}-2021-03-{variant}.pdf"
            for number, image in enumerate(golden_pages(pdf), start=1):
                written.append(golden_path(name, variant, number))
                written[-1].write_bytes(png_bytes(image))
    return written


def run() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        root = copy_project(Path(tmp) / "project")
        status = brochure(["--project", str(root), "build", "--quiet"])
        if status:
            return status
        written = update(root)
    total = sum(path.stat().st_size for path in written)
    print(f"{len(written)} golden images written to tests/golden/ ({total // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(run())
