"""Parallel builds write exactly the bytes of a serial build; progress output by stream kind."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import output, variants_of

from brochure.app.cli import main
from brochure.builder.progress import BuildProgress
from brochure.builder.workers import default_jobs


def _pdfs(root: Path) -> dict[str, bytes]:
    """Every output: the PDFs and the HTML pages."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "build").rglob("*"))
            if p.suffix in (".pdf", ".html")}


def test_parallel_and_serial_builds_are_byte_identical(built: Path, project_dir: Path) -> None:
    # `built` ran with the default --jobs (one per core); build the other way here.
    other = "1" if default_jobs() > 1 else "2"
    out = io.StringIO()
    assert main(["--project", str(project_dir), "build", "--jobs", other], out=out) == 0
    assert _pdfs(project_dir) == _pdfs(built)
    assert len(_pdfs(built)) == len(variants_of("sapporo")) + len(variants_of("yamaguchi"))   # Sapporo's English too
    assert any(name.endswith("sapporo-2021-03-en-download.pdf") for name in _pdfs(built))
    assert (project_dir / "build" / "manifest.json").read_bytes() == (built / "build" / "manifest.json").read_bytes()
    # Not a terminal: one plain progress line per brochure and language edition, no carriage returns.
    lines = out.getvalue().splitlines()
    assert [line.split("] ", 1)[0] for line in lines[:4]] == ["[1/4", "[2/4", "[3/4", "[4/4"]
    assert sorted(line.split("] ", 1)[1] for line in lines[:4]) == ["sapporo", "sapporo en", "yamaguchi",
                                                                    "yamaguchi ja-easy"]
    assert "\r" not in out.getvalue()


def test_jobs_must_be_a_positive_number(project_dir: Path) -> None:
    err = io.StringIO()
    assert main(["--project", str(project_dir), "build", "--jobs", "0"], err=err) == 2
    assert not (project_dir / "build").exists()


def test_quiet_build_prints_nothing(built: Path) -> None:
    # `built` was made with --quiet; nothing of the build may reach the output stream then.
    progress = BuildProgress(io.StringIO(), quiet=True)
    progress.start(3)
    for name in ("a", "b", "c"):
        progress(name)
    progress.close()
    assert progress.stream.getvalue() == ""
    assert output(built, "sapporo", "print").is_file()


def test_quiet_cli_build_writes_nothing_to_stdout(project_dir: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["--project", str(project_dir), "build", "--quiet", "sapporo"], out=out, err=err) == 0
    assert out.getvalue() == "" and err.getvalue() == ""


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_on_a_terminal_is_a_bar_with_counts() -> None:
    stream = _Terminal()
    with BuildProgress(stream) as progress:
        progress.start(4)
        assert progress.mode == "bar"
        for name in ("a", "b", "c", "d"):
            progress(name)
    text = stream.getvalue()
    assert "4/4" in text and "\r" in text and "[1/4]" not in text


def test_progress_in_a_pipe_is_plain_lines() -> None:
    stream = io.StringIO()
    with BuildProgress(stream) as progress:
        progress.start(10)
        for name in ("a", "b"):
            progress(name)
    assert stream.getvalue() == "[ 1/10] a\n[ 2/10] b\n"


def test_rendered_outputs_wait_on_disk_not_in_memory(project_dir: Path, tmp_path: Path) -> None:
    """A batch of thousands of PDFs must not pile up in the parent: each output is spilled to the spool."""
    import hashlib

    from brochure.builder.depends import FileHashes
    from brochure.builder.pipeline import plan_and_render
    from brochure.project import open_project

    project = open_project(project_dir)
    _, _, result, errors = plan_and_render(project, ["sapporo", "yamaguchi"], {}, FileHashes(project), tmp_path,
                                           force=True, workers=2)
    assert not errors and result.outputs
    for o in result.outputs:
        assert o.data is None and Path(o.spool).parent == tmp_path
        data = o.read()
        assert data.startswith(b"%PDF" if o.path.endswith(".pdf") else b"<!DOCTYPE html>") and o.entry()["sha256"] == hashlib.sha256(data).hexdigest()
        assert o.entry()["bytes"] == len(data)


def test_errors_cross_the_process_boundary_whole() -> None:
    """A worker's exception is pickled back to the parent: the problems, not just the text, must survive."""
    import pickle

    from brochure.errors import DataError, PreflightError, Problem, RenderError
    problems = [Problem("data/contacts.yaml", "a.tel", "not a number", 4, 3, "write it with its area code")]
    for error in (DataError(problems), PreflightError(problems), RenderError("WeasyPrint could not …")):
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error) and str(back) == str(error)
        assert getattr(back, "problems", None) == getattr(error, "problems", None)


def _collector_state(engine) -> tuple[int, int, bool]:
    import gc
    return gc.get_threshold()[0], gc.get_freeze_count(), gc.isenabled()


def test_workers_keep_what_start_up_made_out_of_the_collector(project_dir: Path) -> None:
    """A worker freezes its warm start-up heap and collects young objects less often (~10 % of a render)."""
    from brochure.builder.workers import YOUNG_COLLECTION_EVERY, WorkerPool
    from brochure.project import open_project

    pool = WorkerPool(open_project(project_dir), 1)
    try:
        threshold, frozen, enabled = pool.submit(_collector_state, ()).result()
    finally:
        pool.close()
    assert threshold == YOUNG_COLLECTION_EVERY and enabled
    assert frozen > 10_000   # WeasyPrint, the fonts and the stylesheets (~100,000 objects)


def test_the_collector_rests_while_planning_and_resumes_after(project_dir: Path, tmp_path: Path,
                                                             monkeypatch) -> None:
    import gc

    from brochure.builder.depends import FileHashes
    from brochure.builder import pipeline as build
    from brochure.project import open_project

    seen = []
    project = open_project(project_dir)
    original = build.add_to
    monkeypatch.setattr(build, "add_to", lambda *args: seen.append(gc.isenabled()) or original(*args))
    build.plan_and_render(project, ["sapporo"], {}, FileHashes(project), tmp_path, force=True, workers=1)
    assert seen == [False, False] and gc.isenabled()   # Sapporo in Japanese and in English, both while planning
    gc.disable()
    try:
        with build.collector_paused():
            pass
        assert not gc.isenabled()   # not turned on by a build if it was off before
    finally:
        gc.enable()


def test_an_interrupt_during_a_render_is_raised_when_it_ends():
    """Ctrl-C or SIGTERM in the middle of an in-process render waits for the render to end, then
    stops the command as KeyboardInterrupt; the handlers in place before are back."""
    import os
    import signal

    import pytest

    from brochure.builder.workers import interrupts_deferred

    for number in (signal.SIGINT, signal.SIGTERM):
        before = signal.getsignal(number)
        finished = []
        with pytest.raises(KeyboardInterrupt):
            with interrupts_deferred():
                os.kill(os.getpid(), number)
                sum(range(100_000))        # the handler has run by now, and the block goes on
                finished.append(number)
        assert finished == [number]
        assert signal.getsignal(number) is before
