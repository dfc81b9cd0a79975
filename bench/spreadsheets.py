"""Bench of ``brochure contacts export|import``: figures, not a test.

On the synthetic registry of all municipalities (default 1,741, about 35,000
contacts): export to .xlsx and to .csv, import of each without an edit (must
find no change), import of a .csv with one changed phone number and its
--apply (the one YAML line changes), and the process's peak memory.  Each
step prints its wall time and its CPU time (a busy machine stretches the first,
hardly the second).
Target (issue 21): export and import ≤ 10 s each on 2 cores.

    python bench/spreadsheets.py [--municipalities 1741]
"""

from __future__ import annotations

import argparse
import csv
import io
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from brochure.app.cli import main as cli  # noqa: E402
from brochure.data import synthetic  # noqa: E402


def timed(label: str, *args: str, expect: str | None = None) -> float:
    out, err = io.StringIO(), io.StringIO()
    start, cpu = time.perf_counter(), time.process_time()
    code = cli(list(args), out=out, err=err)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if code != 0 or (expect and expect not in out.getvalue()):
        raise SystemExit(f"{label}: exit {code}\n{out.getvalue()[-2000:]}\n{err.getvalue()[-2000:]}")
    print(f"{label:<44} {seconds:6.2f} s   CPU {cpu:6.2f} s")
    return seconds


def one_phone_changed(source: Path, target: Path) -> str:
    """The CSV with the first contact's phone number changed; the new number."""
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8-sig"), newline="")))
    column = rows[0].index("電話番号")
    old = rows[1][column]
    rows[1][column] = new = old[:-1] + ("1" if old[-1] != "1" else "2")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    target.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    return new


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=synthetic.MAX_MUNICIPALITIES)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        root = Path(work) / "project"
        synthetic.write_project(root, args.municipalities, source=ROOT)
        contacts = root / "data" / "contacts.yaml"
        before = contacts.read_bytes()
        count = sum(1 for line in before.splitlines() if line and not line.startswith(b" "))
        print(f"{args.municipalities} municipalities, {count} contacts, contacts.yaml {len(before) / 1e6:.1f} MB")
        p = ["--project", str(root)]
        timed("export .xlsx (with the 掲載先 sheet)", *p, "contacts", "export", f"{work}/c.xlsx")
        timed("export .csv (UTF-8 with BOM)", *p, "contacts", "export", f"{work}/c.csv")
        timed("import .xlsx, no edit", *p, "contacts", "import", f"{work}/c.xlsx", expect="変更はありません")
        timed("import .csv, no edit", *p, "contacts", "import", f"{work}/c.csv", expect="変更はありません")
        new = one_phone_changed(Path(work) / "c.csv", Path(work) / "e.csv")
        timed("import .csv, one phone changed (preview)", *p, "contacts", "import", f"{work}/e.csv", expect=new)
        timed("import .csv, one phone changed, --apply", *p, "contacts", "import", f"{work}/e.csv", "--apply",
              expect="書き込みました")
        after = contacts.read_bytes()
        changed = sum(1 for a, b in zip(before.splitlines(), after.splitlines()) if a != b)
        print(f"lines of contacts.yaml changed: {changed} (expected 1)")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
