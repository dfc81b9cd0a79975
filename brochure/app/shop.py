"""``brochure check --shop``: the print shop's checklist of each print PDF, printed and written
beside the PDF (``<name>-<edition>-入稿チェック.txt``) for the order form (checks/shop.py)."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from ..checks.shop import checklist, checklist_text, ghostscript
from ..files import atomic_write
from ..project import Project

SUFFIX = "入稿チェック"


def checklist_path(pdf_path: str) -> str:
    """build/yamaguchi/2021-03/yamaguchi-2021-03-print.pdf → …/yamaguchi-2021-03-入稿チェック.txt
    (a language edition's print-en.pdf → 入稿チェック-en.txt)."""
    path = Path(pdf_path)
    head, _sep, tail = path.stem.rpartition("-print")
    return str(path.with_name(f"{head}-{SUFFIX}{tail}.txt"))


def write_checklists(project: Project, outputs: list, out: TextIO | None) -> list[Path]:
    """Each print output's checklist: printed to ``out`` and written beside where its PDF goes."""
    gs, written = ghostscript(), []
    for output in outputs:
        if output.print_shop is None or output.data is None:
            continue
        text = checklist_text(f"{output.brochure} {output.edition}", output.path,
                              checklist(output.data, output.print_shop, gs))
        target = project.root / checklist_path(output.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(target, text.encode("utf-8"))
        written.append(target)
        if out is not None:
            print("\n" + text.rstrip("\n"), file=out)
            print("→ " + checklist_path(output.path), file=out)
    return written
