"""Benchmark: cold build, bare-WeasyPrint baseline, synthetic batch; a table and JSON.

    python bench/run.py            # reference brochures + a batch of 200 municipalities
    python bench/run.py --quick    # the same with a batch of 20 (within a minute on 2 idle cores)
    python bench/run.py --municipalities 1741 --jobs 2

Every build runs as a fresh process (``python -m brochure``), in a copy of the
project in a temporary folder.  The baseline runs the ``weasyprint`` command
once per output PDF on the very HTML the build renders, in the same run, so
each figure is also a ratio to it.  Peak memory is the largest resident set
of any one process (the build or one of its workers), from wait4(), and of
the largest worker, from its VmHWM read every 0.2 s while the build runs.
CPU is the user + system time of the build and all its workers, from the same
wait4(): on a shared VM it varies less than wall time, and the batch target
(10 PDFs/s on 2 cores) is a CPU budget of 0.4 s per leaflet.

After the cold build, the same copy is built again unchanged (no-op), and
again after one phone number in data/contacts.yaml changed (one of the two
brochures prints it).  The batch builds print + download (``--only
print,download``), the 2 × N PDFs the batch target counts; the office proof
is left out.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from brochure.builder.workers import default_jobs  # noqa: E402
from brochure.data import synthetic  # noqa: E402

TARGETS = {"cold_build_ratio": 0.4, "batch_pdfs_per_s": 10.0, "worker_peak_mb": 200.0,
           "download_kb": 150.0, "print_kb": 250.0, "noop_s": 0.3, "one_contact_ratio": 0.6}
OLD_TEL, NEW_TEL = "083-984-3742", "083-984-1111"   # printed by the Yamaguchi leaflet only


def profile_kb() -> float:
    """The output profile every PDF/X-4 print PDF embeds (deflated, as written): a fixed cost on top of the
    250 KB the print PDF's own content is allowed (docs/performance.md)."""
    import zlib

    from brochure.render.pdfx import CMYK_PROFILE
    return len(zlib.compress(CMYK_PROFILE.read_bytes(), 9)) / 1024


def run(command: list[str], cwd: Path | None = None, workers: dict | None = None) -> tuple[float, float, float]:
    """Wall seconds, the peak RSS in MB of the largest single process of ``command`` and the CPU
    seconds of all its processes; with ``workers`` (a dict), also each child process's peak RSS in
    MB, by pid."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampled = 0.0
    while True:
        ended, status, usage = os.wait4(process.pid, 0 if workers is None else os.WNOHANG)
        if ended:
            break
        if time.perf_counter() - sampled > 0.2:   # a worker's high-water mark, read until the build ends
            sampled = time.perf_counter()
            workers.update({pid: max(workers.get(pid, 0.0), mb) for pid, mb in _children_peaks(process.pid).items()})
        time.sleep(0.002)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    # Linux: KB; the children's (workers') maximum and CPU are folded in once they were waited for
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def _children_peaks(pid: int) -> dict[int, float]:
    """VmHWM (the kernel's peak resident set) of each child process of ``pid``, in MB (Linux)."""
    peaks = {}
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return peaks
    for child in children:
        try:
            status = Path(f"/proc/{child}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                peaks[int(child)] = int(line.split()[1]) / 1024
    return peaks


def copy_reference(target: Path) -> Path:
    for folder in ("data", "layouts"):
        shutil.copytree(ROOT / folder, target / folder)
    synthetic._link_fonts(ROOT / "fonts", target / "fonts")
    return target


def build(project: Path, jobs: int, *extra: str) -> dict:
    workers: dict[int, float] = {}
    wall, peak, cpu = run([sys.executable, "-m", "brochure", "--project", str(project), "build", "--quiet",
                           "--jobs", str(jobs), *extra], workers=workers)
    manifest = json.loads((project / "build" / "manifest.json").read_text(encoding="utf-8"))["outputs"]
    sizes = {o["variant"]: [] for o in manifest}
    for o in manifest:
        sizes[o["variant"]].append(o["bytes"] / 1024)
    report = json.loads((project / "build" / "report.json").read_text(encoding="utf-8"))
    return {"seconds": wall, "cpu_seconds": cpu, "pdfs": len(manifest), "rebuilt": len(report["rebuilt"]),
            "peak_mb": peak,
            "worker_peak_mb": max(workers.values(), default=None),
            "kb": {v: {"max": max(s), "mean": sum(s) / len(s)} for v, s in sizes.items()},
            "files": {f"{o['brochure']}-{o['variant']}": round(o["bytes"] / 1024, 1) for o in manifest}}


def watch_rebuild(project: Path) -> dict:
    """Seconds from saving data/contacts.yaml to the end of ``brochure watch``'s rebuild (warm process).

    Starts the watcher on an up-to-date copy, waits for its first (no-op) build, changes one phone
    number, and times until the rebuild's last line; the watcher's debounce is included."""
    import threading
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    process = subprocess.Popen([sys.executable, "-m", "brochure", "--project", str(project), "watch"],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[tuple[float, str]] = []
    reader = threading.Thread(target=lambda: [lines.append((time.perf_counter(), line))
                                              for line in process.stdout], daemon=True)
    reader.start()

    def finished_builds() -> list[float]:
        return [t for t, line in list(lines) if line.startswith("manifest:")]

    try:
        _wait(finished_builds, "the watcher's first build")
        time.sleep(3.0)                              # the watcher has warmed up and is watching
        contacts = project / "data" / "contacts.yaml"
        text = contacts.read_text(encoding="utf-8")
        saved = time.perf_counter()
        contacts.write_text(text.replace(NEW_TEL, OLD_TEL), encoding="utf-8")
        _wait(lambda: len(finished_builds()) >= 2, "the rebuild after the save")
        return {"seconds": finished_builds()[1] - saved,
                "rebuilt": sum("→" in line for t, line in lines if t > saved)}
    finally:
        process.terminate()
        process.wait(30)


def _wait(predicate, what: str, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"bench: timed out waiting for {what}")
        time.sleep(0.01)


def baseline(project: Path) -> dict:
    """The bare ``weasyprint`` command once per output PDF, on the build's own HTML."""
    from brochure.data.model import load_all
    from brochure.layout.compose import Composer
    from brochure.project import open_project
    from brochure.render.variants import VARIANTS, pages_html

    registry, sources = load_all(open_project(project), None)
    composer = Composer(open_project(project), registry)
    times, peaks = [], []
    for source in sources:
        comp = composer.compose(source)
        html = project / f"{source.name}.html"
        html.write_text(pages_html(composer, comp), encoding="utf-8")
        for v in VARIANTS.values():
            options = ["--pdf-variant", "pdf/ua-1"] if v.name == "download" else ["--pdf-version", "1.6"]
            wall, peak, _ = run([sys.executable, "-m", "weasyprint", "-u", f"{project}/", *options,
                                 str(html), str(html.with_suffix(f".{v.name}.pdf"))])
            times.append(wall)
            peaks.append(peak)
    return {"seconds": sum(times), "per_pdf": sum(times) / len(times), "pdfs": len(times), "peak_mb": max(peaks)}


def render_split(project: Path) -> dict:
    """Where one brochure's time goes in a warm process: one layout, one write, two impositions."""
    from brochure.data.model import load_all
    from brochure.layout.compose import Composer
    from brochure.project import open_project
    from brochure.render.engine import Engine
    from brochure.render.variants import VARIANTS, Laid

    opened = open_project(project)
    registry, sources = load_all(opened, ["yamaguchi"])
    composer = Composer(opened, registry)
    comp = composer.compose(sources[0])
    split = {}
    with Engine(opened) as engine:
        for rounds in range(2):           # the first round warms fonts and caches
            laid = Laid(engine, composer, comp)
            start = time.perf_counter()
            laid.print_layout
            split["layout"] = time.perf_counter() - start
            for name in ("download", "print", "proof"):
                start = time.perf_counter()
                VARIANTS[name].make(laid)
                split[name] = time.perf_counter() - start
    return split


def start_up(project: Path) -> dict:
    """A new process's start before its first brochure: Python, the imports, WeasyPrint's fonts and
    every layout's stylesheets (what a build's worker does before it renders; median of 3)."""
    script = ("import sys; from brochure.project import Project; from brochure.render.engine import Engine, warm_up; from pathlib import Path; "
              "p = Project(Path(sys.argv[1])); warm_up(p, Engine(p))")
    times = sorted(run([sys.executable, "-c", script, str(project)])[0] for _ in range(3))
    return {"seconds": times[1]}


def measure(args: argparse.Namespace, work: Path) -> dict:
    reference = copy_reference(work / "reference")
    results = {"cores": os.cpu_count(), "jobs": args.jobs, "load_average": os.getloadavg()[0]}
    results["baseline"] = baseline(reference)
    results["cold_build"] = build(reference, args.jobs)
    results["noop"] = build(reference, args.jobs)
    contacts = reference / "data" / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    assert text.count(OLD_TEL) == 1, f"{OLD_TEL} is no longer in data/contacts.yaml: update bench/run.py"
    contacts.write_text(text.replace(OLD_TEL, NEW_TEL), encoding="utf-8")
    results["one_contact"] = build(reference, args.jobs)
    results["one_contact_watch"] = watch_rebuild(reference)
    results["render_split"] = render_split(reference)
    results["start_up"] = start_up(reference)
    batch = work / "batch"
    synthetic.write_project(batch, args.municipalities, source=ROOT)
    results["batch"] = build(batch, args.jobs, "--only", "print,download")
    results["batch"]["municipalities"] = args.municipalities
    results["load_average_after"] = os.getloadavg()[0]
    return results


def table(r: dict) -> str:
    base, cold, batch, noop, one = r["baseline"], r["cold_build"], r["batch"], r["noop"], r["one_contact"]
    watched = r["one_contact_watch"]
    floor = r["start_up"]["seconds"] + sum(r["render_split"].values())   # no new process can do less
    per_pdf = batch["seconds"] / batch["pdfs"]
    rows = [
        ("bare weasyprint CLI, once per output", f"{base['seconds']:.2f} s ({base['pdfs']} PDFs)", "1.00", ""),
        ("cold full build, reference brochures", f"{cold['seconds']:.2f} s ({cold['pdfs']} PDFs)",
         f"{cold['seconds'] / base['seconds']:.2f}", f"≤ {TARGETS['cold_build_ratio']}"),
        (f"no-op rebuild ({noop['rebuilt']} PDFs rebuilt)", f"{noop['seconds']:.3f} s", f"{noop['seconds'] / cold['seconds']:.2f} of cold",
         f"< {TARGETS['noop_s']} s"),
        (f"one contact changed, brochure watch ({watched['rebuilt']} PDFs)", f"{watched['seconds']:.2f} s",
         f"{watched['seconds'] / cold['seconds']:.2f} of cold", f"≤ {TARGETS['one_contact_ratio']}"),
        ("one contact changed, new build process", f"{one['seconds']:.2f} s ({one['rebuilt']} PDFs rebuilt)",
         f"{one['seconds'] / cold['seconds']:.2f} of cold", f"floor {floor / cold['seconds']:.2f} (see below)"),
        (f"batch, {batch['municipalities']} municipalities, print + download",
         f"{batch['seconds']:.2f} s ({batch['pdfs']} PDFs)",
         f"{per_pdf / base['per_pdf']:.2f} per PDF", ""),
        ("batch PDFs per second", f"{batch['pdfs'] / batch['seconds']:.2f}",
         f"{base['per_pdf'] / per_pdf:.1f}× baseline", f"≥ {TARGETS['batch_pdfs_per_s']}"),
        ("batch CPU per leaflet (every process)", f"{batch['cpu_seconds'] / batch['municipalities']:.3f} s",
         "", f"≤ {2 * r['cores'] / TARGETS['batch_pdfs_per_s']:.2f} s"),
        ("peak memory, largest worker (batch)", _mb(batch["worker_peak_mb"]),
         f"{(batch['worker_peak_mb'] or 0) / base['peak_mb']:.2f}", f"< {TARGETS['worker_peak_mb']:.0f} MB"),
        ("peak memory, largest process (batch: the parent)", f"{batch['peak_mb']:.0f} MB",
         f"{batch['peak_mb'] / base['peak_mb']:.2f}", ""),
        ("peak memory, weasyprint CLI", f"{base['peak_mb']:.0f} MB", "1.00", ""),
        ("reference download PDF, largest", f"{cold['kb']['download']['max']:.0f} KB", "",
         f"< {TARGETS['download_kb']:.0f} KB"),
        ("reference print PDF (PDF/X-4), largest", f"{cold['kb']['print']['max']:.0f} KB", "",
         f"< {TARGETS['print_kb'] + profile_kb():.0f} KB ({TARGETS['print_kb']:.0f} + profile {profile_kb():.0f})"),
    ]
    split = r["render_split"]
    rows.append(("warm, yamaguchi: one layout, then each output",
                 " + ".join(f"{name} {seconds:.2f}" for name, seconds in split.items()) + " s", "", ""))
    rows.append(("new process: start-up (WeasyPrint, fonts, layouts)", f"{r['start_up']['seconds']:.2f} s",
                 f"{r['start_up']['seconds'] / cold['seconds']:.2f} of cold", ""))
    width = max(len(row[0]) for row in rows)
    lines = [f"{'measure':<{width}}  {'value':<28}  {'ratio':<18}  target", "-" * (width + 60)]
    lines += [f"{a:<{width}}  {b:<28}  {c:<18}  {d}" for a, b, c, d in rows]
    lines.append(f"cores {r['cores']}, --jobs {r['jobs']}, load average {r['load_average']:.1f} before, "
                 f"{r['load_average_after']:.1f} after")
    lines.append("floor: start-up + yamaguchi's warm render, the least a new process that rebuilds it can take; "
                 "the cold build renders both brochures at once, one per core")
    return "\n".join(lines)


def _mb(value: float | None) -> str:
    return "no workers" if value is None else f"{value:.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a batch of 20 municipalities")
    parser.add_argument("--municipalities", type=int, help="batch size (default 200; 20 with --quick)")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="worker processes (default: cores)")
    parser.add_argument("--json", type=Path, default=ROOT / "build" / "bench.json", help="where to write JSON")
    args = parser.parse_args(argv)
    args.municipalities = args.municipalities or (20 if args.quick else 200)
    with tempfile.TemporaryDirectory(prefix="brochure-bench-") as work:
        results = measure(args, Path(work))
    print(table(results))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"JSON: {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
