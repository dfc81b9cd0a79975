"""Bench of the browser editor: figures, not a test.

1. One phone number saved in the form → the affected preview images rewritten
   (the moment the builder raises its version, which is when open browsers
   reload the images), on a copy of the reference project, N saves: median and
   p95 in seconds.  Target: ≤ 1.0 s median, ≤ 1.5 s p95.
2. With the synthetic registry of all municipalities (default 1,741): server
   time of the contact list, a search, and one contact's form (median of 20
   requests each, after the first, which reads the YAML), and the process's
   peak memory.  Target: ≤ 100 ms each, ≤ 400 MB.

    python bench/editor.py [--saves 10] [--municipalities 1741]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from starlette.testclient import TestClient  # noqa: E402

from brochure.app.cli import main as cli  # noqa: E402
from brochure.app.editor.web import Settings, create_app  # noqa: E402
from brochure.data import synthetic  # noqa: E402
from brochure.project import Project  # noqa: E402

HOST = "http://127.0.0.1:8000"


def form_fields(client: TestClient, cid: str) -> dict:
    html = client.get(f"/contacts/{cid}").text
    form = html.split('class="record"', 1)[1].split("</form>", 1)[0]
    import html as html_module
    data = {n: html_module.unescape(v) for n, v in re.findall(r'<input[^>]*name="([^"]+)" value="([^"]*)"', form)}
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, flags=re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        data[name] = chosen.group(1) if chosen else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', form):
        data[name] = html_module.unescape(body)
    for name in re.findall(r'<input type="checkbox" id="[^"]+" name="([^"]+)" checked', form):
        data[name] = "on"
    return data


def save_to_preview(saves: int, work: Path) -> list[float]:
    project = work / "reference"
    for folder in ("data", "layouts"):
        shutil.copytree(ROOT / folder, project / folder)
    synthetic._link_fonts(ROOT / "fonts", project / "fonts")
    assert cli(["--project", str(project), "build", "--quiet"]) == 0
    app = create_app(Project(project), Settings(watch=False))
    times = []
    with TestClient(app, base_url=HOST) as client:
        rebuilder = app.state.rebuilder
        rebuilder.wait_for(0, timeout=300)
        for i in range(saves):
            form = form_fields(client, "sasaete-network") | {"tel": f"083-984-{1000 + i:04d}"}
            version = rebuilder.status.version
            start = time.perf_counter()
            answer = client.post("/contacts/sasaete-network", data=form, follow_redirects=False)
            assert answer.status_code == 303, answer.text[:500]
            rebuilder.wait_for(version, timeout=60)
            times.append(time.perf_counter() - start)
    return times


def large_registry(count: int, work: Path) -> dict:
    project = work / "national"
    synthetic.write_project(project, count, source=ROOT)
    app = create_app(Project(project), Settings(build=False, watch=False))
    figures = {}
    with TestClient(app, base_url=HOST) as client:
        start = time.perf_counter()
        client.get("/contacts")
        figures["first list (reads the YAML)"] = time.perf_counter() - start
        ids = re.findall(r'href="/contacts/([a-z0-9-]+)"', client.get("/contacts").text)
        target = ids[len(ids) // 2]
        for label, path, params in (("contact list", "/contacts", None),
                                    ("search (htmx rows)", "/contacts", {"q": "相談"}),
                                    ("one contact's form", f"/contacts/{target}", None)):
            samples = []
            for _ in range(20):
                start = time.perf_counter()
                answer = client.get(path, params=params, headers={"HX-Request": "true"} if params else None)
                samples.append(time.perf_counter() - start)
                assert answer.status_code == 200
            figures[label] = statistics.median(samples)
        figures["contacts"] = len(ids)
    figures["peak memory MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures["memory after reading MB"] = _rss_mb()
    return figures


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=10)
    parser.add_argument("--municipalities", type=int, default=synthetic.MAX_MUNICIPALITIES)
    parser.add_argument("--large-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if args.large_only:      # in a process of its own, so its peak memory is the editor's alone
            print(json.dumps(large_registry(args.municipalities, work)))
            return 0
        times = sorted(save_to_preview(args.saves, work))
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        print(f"save → preview updated ({len(times)} saves): median {statistics.median(times):.2f} s, "
              f"p95 {p95:.2f} s, min {times[0]:.2f} s, max {times[-1]:.2f} s   (target ≤ 1.0 / ≤ 1.5 s)")
        large = subprocess.run([sys.executable, __file__, "--large-only", "--municipalities",
                                str(args.municipalities)], capture_output=True, text=True, check=True)
        figures = json.loads(large.stdout.strip().splitlines()[-1])
    print(f"{args.municipalities} municipalities, {figures.pop('contacts')} contacts listed:")
    memory, steady = figures.pop("peak memory MB"), figures.pop("memory after reading MB")
    for label, seconds in figures.items():
        print(f"  {label:32s} {seconds * 1000:8.1f} ms")
    print(f"  {'peak memory of the process':32s} {memory:8.0f} MB   (targets ≤ 100 ms per page, ≤ 400 MB)")
    print(f"  {'memory once the data is read':32s} {steady:8.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
