"""Wall times of a cold full build, a no-op rebuild and a rebuild after one contact change.

Each build runs in a fresh process (``python -m brochure build``), as a user runs it, on a copy of the
project in a temporary folder. Prints a table and writes bench/incremental.json.

    PYTHONPATH=. .venv/bin/python bench/incremental.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OLD, NEW = "083-984-3742", "083-984-1111"


def copy_project(target: Path) -> Path:
    for folder in ("data", "layouts", "fonts"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


def timed_build(project: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "brochure", "--project", str(project), "build", "--quiet"],
                   check=True, env=env)
    return time.perf_counter() - start


def set_tel(project: Path, old: str, new: str) -> None:
    contacts = project / "data" / "contacts.yaml"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def measure(repeat: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"cold full build": [], "no-op rebuild": [], "one contact changed": []}
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            project = copy_project(Path(tmp) / "project")
            times["cold full build"].append(timed_build(project))
            times["no-op rebuild"].append(timed_build(project))
            set_tel(project, OLD, NEW)
            times["one contact changed"].append(timed_build(project))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times = measure(args.repeat)
    median = {case: statistics.median(values) for case, values in times.items()}
    print(f"{'case':<22} {'median s':>9} {'min s':>7}  runs")
    for case, values in times.items():
        print(f"{case:<22} {median[case]:>9.3f} {min(values):>7.3f}  {', '.join(f'{v:.3f}' for v in values)}")
    ratio = median["no-op rebuild"] / median["cold full build"]
    print(f"no-op / cold: {ratio:.3f} (target < 0.1; no-op target < 0.3 s)")
    document = {"seconds": times, "median": median, "noop_over_cold": ratio, "python": sys.version.split()[0]}
    (ROOT / "bench" / "incremental.json").write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
