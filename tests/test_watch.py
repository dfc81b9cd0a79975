"""``brochure watch``: rebuilds after a save, survives a broken save, stops cleanly."""

from __future__ import annotations

import io
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from conftest import output, variants_of
from test_incremental import NEW, OLD, copy_built

from brochure.app.watch import watch
from brochure.render.variants import VARIANTS
from brochure.project import Project

TIMEOUT = 60.0
N = len(variants_of("yamaguchi"))   # a contact only Yamaguchi prints: its Japanese and やさしい日本語 outputs
TOTAL = len(variants_of("sapporo")) + len(variants_of("yamaguchi"))   # Sapporo's English edition included


def wait_for(predicate, what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


@contextmanager
def watching(root: Path, names: list[str] | None = None):
    """``watch`` running in a thread on ``root``: yields its output and the errors it reported, and
    stops it on leaving (it must end)."""
    out, errors, stop = io.StringIO(), [], threading.Event()
    worker = threading.Thread(target=lambda: watch(Project(root), names, out, errors.append, stop), daemon=True)
    worker.start()
    try:
        yield out, errors
    finally:
        stop.set()
        worker.join(TIMEOUT)
    assert not worker.is_alive()


def test_watch_rebuilds_after_a_save_and_survives_a_broken_one(built, tmp_path):
    root = copy_built(built, tmp_path / "project")
    contacts = root / "data" / "contacts.yaml"
    good = contacts.read_text(encoding="utf-8")
    with watching(root) as (out, errors):
        wait_for(lambda: f"0 rebuilt, {TOTAL} up to date" in out.getvalue(), "the first (no-op) build")
        pdf = output(root, "yamaguchi", "print")
        last_good = pdf.read_bytes()
        contacts.write_text(good.replace("sasaete-network:\n", "sasaete-network: [\n"), encoding="utf-8")
        wait_for(lambda: errors, "the broken save to be reported")
        assert "contacts.yaml" in str(errors[0])
        assert pdf.read_bytes() == last_good

        contacts.write_text(good.replace(OLD, NEW), encoding="utf-8")
        wait_for(lambda: f"{N} rebuilt, {TOTAL - N} up to date" in out.getvalue(), "the rebuild after the fixed save")
        assert f"yamaguchi 2021-03 print: sasaete-network.tel {OLD} → {NEW}" in out.getvalue()
        assert pdf.read_bytes() != last_good
    assert out.getvalue().rstrip().endswith("stopped watching")


def test_watch_keeps_one_engine_warm_and_follows_a_stylesheet_edit(built, tmp_path, monkeypatch):
    """One engine serves every save; an edited stylesheet is parsed again, so what watch writes is
    byte for byte what a fresh build of the same files writes."""
    import brochure.render.engine
    from brochure.builder.pipeline import build

    made = []
    original_init = brochure.render.engine.Engine.__init__

    def counting_init(self, project):
        made.append(self)
        original_init(self, project)

    monkeypatch.setattr(brochure.render.engine.Engine, "__init__", counting_init)
    root = copy_built(built, tmp_path / "project")
    contacts = root / "data" / "contacts.yaml"
    css = root / "layouts" / "base" / "base.css"
    with watching(root, ["yamaguchi"]) as (out, errors):
        wait_for(lambda: "0 rebuilt" in out.getvalue(), "the first (no-op) build")
        contacts.write_text(contacts.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
        wait_for(lambda: out.getvalue().count("rebuilt,") >= 2, "the rebuild after the contact edit")
        text = css.read_text(encoding="utf-8")
        css.write_text(text.replace(".card-name { font-size: 10.5pt;", ".card-name { font-size: 10pt;"),
                       encoding="utf-8")
        wait_for(lambda: out.getvalue().count("rebuilt,") >= 3 or errors, "the rebuild after the stylesheet edit")
    assert not errors
    assert len(made) == 1, "watch made a new engine for a save that did not touch fonts/"
    watched = {v: output(root, "yamaguchi", v).read_bytes() for v in VARIANTS}
    build(Project(root), ["yamaguchi"], force=True)       # a fresh engine, the stylesheet parsed anew
    assert {v: output(root, "yamaguchi", v).read_bytes() for v in VARIANTS} == watched
    assert len(made) == 2


def test_sigterm_stops_watch_cleanly_and_leaves_no_temp_folders(built, tmp_path):
    """A service manager or `kill` stops the watcher as Ctrl-C does: status 0, WeasyPrint's and the
    engine's temp folders removed (they were left behind when SIGTERM killed the process outright)."""
    import os
    import signal
    import subprocess
    import sys

    from conftest import ROOT
    root = copy_built(built, tmp_path / "project")
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1", TMPDIR=str(temp))
    process = subprocess.Popen([sys.executable, "-m", "brochure", "--project", str(root), "watch"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(process.stdout), daemon=True)
    reader.start()
    try:
        wait_for(lambda: any(line.startswith("manifest:") for line in lines), "the first build")
        wait_for(lambda: any(temp.iterdir()), "the warm engine's temp folder")
        time.sleep(1.0)   # warming up: WeasyPrint has copied the fonts into its temp folder
        process.send_signal(signal.SIGTERM)
        assert process.wait(TIMEOUT) == 0
    finally:
        if process.poll() is None:
            process.kill()
    reader.join(TIMEOUT)
    assert "stopped watching\n" in lines
    assert list(temp.iterdir()) == []


def test_a_save_during_the_first_build_is_built_next(built, tmp_path, monkeypatch):
    """The watcher starts before the first build: a save made while it runs (after it read the
    data) is queued and built, not lost."""
    import brochure.app.watch

    root = copy_built(built, tmp_path / "project")
    contacts = root / "data" / "contacts.yaml"
    real_build, calls = brochure.app.watch.build, []

    def build_then_save(*args, **kwargs):
        result = real_build(*args, **kwargs)
        if not calls:
            time.sleep(0.2)   # the watcher thread is watching by now
            contacts.write_text(contacts.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
        calls.append(result)
        return result

    monkeypatch.setattr(brochure.app.watch, "build", build_then_save)
    with watching(root) as (out, errors):
        wait_for(lambda: f"{N} rebuilt, {TOTAL - N} up to date" in out.getvalue(), "the build of the save")
    assert not errors
    assert f"0 rebuilt, {TOTAL} up to date" in out.getvalue()       # the first build saw no change
    assert f"sasaete-network.tel {OLD} → {NEW}" in out.getvalue()


def test_rehearsal_renders_in_memory_and_writes_nothing(built, tmp_path):
    from brochure.app.watch import REHEARSED, rehearse
    from brochure.render.engine import Engine

    root = copy_built(built, tmp_path / "project")
    before = {p: p.stat().st_mtime_ns for p in (root / "build").rglob("*") if p.is_file()}
    with Engine(Project(root)) as engine:
        assert rehearse(Project(root), engine, None, until=lambda: False) == min(REHEARSED, 2)
        assert rehearse(Project(root), engine, None, until=lambda: True) == 0   # a save is waiting
    assert {p: p.stat().st_mtime_ns for p in (root / "build").rglob("*") if p.is_file()} == before


def test_rehearsal_skips_what_the_build_will_report(built, tmp_path):
    from brochure.app.watch import rehearse
    from brochure.render.engine import Engine

    root = copy_built(built, tmp_path / "project")
    contacts = root / "data" / "contacts.yaml"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace("sasaete-network:\n", "sasaete-network: [\n"),
                        encoding="utf-8")
    with Engine(Project(root)) as engine:
        assert rehearse(Project(root), engine, None, until=lambda: False) == 0


def test_saves_made_during_a_build_are_built_once(built, tmp_path, monkeypatch):
    """Two saves, each its own batch of changes, made while a build runs: one build follows, not two."""
    import brochure.app.watch

    root = copy_built(built, tmp_path / "project")
    contacts = root / "data" / "contacts.yaml"
    good = contacts.read_text(encoding="utf-8")
    real_build, builds = brochure.app.watch.build, []

    def build_then_save_twice(*args, **kwargs):
        result = real_build(*args, **kwargs)
        if not builds:
            for text in (good.replace(OLD, "083-984-2222"), good.replace(OLD, NEW)):
                time.sleep(0.5)   # longer than the watcher's step: two batches
                contacts.write_text(text, encoding="utf-8")
            time.sleep(0.5)
        builds.append(result)
        return result

    monkeypatch.setattr(brochure.app.watch, "build", build_then_save_twice)
    with watching(root) as (out, errors):
        wait_for(lambda: len(builds) >= 2, "the build of the saves")
        time.sleep(1.0)   # a third build, if there were one, would start now
    assert not errors
    assert len(builds) == 2, out.getvalue()
    assert f"sasaete-network.tel {OLD} → {NEW}" in out.getvalue()


def test_print_build_with_shown_prints_only_new_warnings():
    """What ``watch`` prints per save: a warning printed before is counted in one line, not printed again."""
    from types import SimpleNamespace

    from brochure.app.printer import print_build
    from brochure.errors import Problem

    def result(*warnings):
        return SimpleNamespace(warnings=list(warnings), outputs=[], report=SimpleNamespace(lines=lambda: []))

    old = Problem("data/contacts.yaml", "a.verified", "old", line=3, severity="warning")
    new = Problem("data/contacts.yaml", "b.verified", "older", line=9, severity="warning")
    shown: set[str] = set()
    first, second = io.StringIO(), io.StringIO()
    print_build(result(old), first, shown=shown)
    print_build(result(old, new), second, shown=shown)
    assert str(old) in first.getvalue() and "unchanged" not in first.getvalue()
    assert str(old) not in second.getvalue() and str(new) in second.getvalue()
    assert "1 warning unchanged since the last save" in second.getvalue()


def test_watch_prints_per_save_only_the_warnings_that_changed(built, tmp_path):
    """The stale-contact warnings of a rebuilt brochure are printed at its first rebuild; the next save
    prints the change and one line counting them, not the warnings again."""
    root = copy_built(built, tmp_path / "project")
    contacts = root / "data" / "contacts.yaml"
    good = contacts.read_text(encoding="utf-8").replace(f"tel: {OLD}\n  verified: 2021-03-01",
                                                        f"tel: {OLD}\n  verified: 2019-01-01")   # stale
    with watching(root, ["yamaguchi"]) as (out, errors):
        wait_for(lambda: "0 rebuilt" in out.getvalue(), "the first (no-op) build")
        contacts.write_text(good.replace(OLD, NEW), encoding="utf-8")
        wait_for(lambda: out.getvalue().count("rebuilt,") >= 2, "the rebuild after the first save")
        first = out.getvalue()
        contacts.write_text(good.replace(OLD, "083-984-2222"), encoding="utf-8")
        wait_for(lambda: out.getvalue().count("rebuilt,") >= 3, "the rebuild after the second save")
        second = out.getvalue()[len(first):]
    assert not errors
    assert "[warning]" in first
    assert "[warning]" not in second, second
    assert "1 warning unchanged since the last save" in second
    assert f"sasaete-network.tel {NEW} → 083-984-2222" in second
