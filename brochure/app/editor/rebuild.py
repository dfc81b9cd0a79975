"""The editor's builder: one warm engine in one thread, and the preview images.

Saves from the editor and edits made meanwhile in a text editor (watched with
watchfiles, as ``brochure watch`` does) go into one queue; the thread builds
what they affect with the engine it keeps warm, draws the preview pages of
the editions that changed, and raises ``version`` so that every open browser
reloads its images.  A build that fails keeps its problems for the pages to
show; the last good PDFs and images stay in place.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass, field
from typing import Any

from ...builder.pipeline import build
from ...errors import BrochureError, DataError, PreflightError, Problem
from ...i18n import speaking
from ...project import Project
from ...files import atomic_write
from ..preview import editions, render_pages

PREVIEW_DPI = 60      # on screen beside the form; `brochure preview` writes 100 dpi for print checks
SHOWN = ("print", "download")   # the pages the editor shows (the proof is a download)
FOLDER = ".editor"    # build/.editor/<brochure>/<edition>/: the editor's own images, not the published previews
DEBOUNCE_MS = 300


@dataclass
class Status:
    version: int = 0
    building: bool = False
    report: list[str] = field(default_factory=list)      # the last build's change report
    problems: list[Problem] = field(default_factory=list)
    error: str | None = None


class Rebuilder:
    def __init__(self, project: Project, watch: bool = True):
        self.project = project
        self.status = Status()
        self.changed = threading.Condition()
        self._queue: queue.Queue = queue.Queue()
        self._halt = threading.Event()
        self._engine: Any = None
        self._threads = [threading.Thread(target=self._run, name="editor-builder", daemon=True)]
        if watch:
            self._threads.append(threading.Thread(target=self._watch, name="editor-watcher", daemon=True))

    def start(self) -> None:
        for thread in self._threads:
            thread.start()
        self.request()

    def stop(self) -> None:
        self._halt.set()
        self._queue.put(None)
        for thread in self._threads:
            thread.join(timeout=30)
        if self._engine is not None:
            self._engine.close()

    def request(self) -> None:
        """Build what changed (a save calls this; it returns at once)."""
        self._queue.put("save")

    def wait_for(self, version: int, timeout: float) -> int:
        """Block until ``version`` is passed or ``timeout`` seconds; the current version."""
        with self.changed:
            self.changed.wait_for(lambda: self.status.version > version, timeout=timeout)
            return self.status.version

    # ------------------------------------------------------------------ threads

    def _run(self) -> None:
        while not self._halt.is_set():
            item = self._queue.get()
            while not self._queue.empty():
                item = self._queue.get_nowait() or item
            if item is None:
                return
            self._build_once()

    def build_now(self) -> None:
        """One build in the calling thread (tests and the first build)."""
        self._build_once()

    def _build_once(self) -> None:
        from ...render.engine import Engine
        self.status.building = True
        report, problems, error = [], [], None
        with speaking("ja"):
            try:
                if self._engine is not None and not self._engine.current():
                    self._engine.close()
                    self._engine = None
                if self._engine is None:
                    self._engine = Engine(self.project)
                result = build(self.project, engine=self._engine)
                report = result.report.lines()
                problems = list(result.warnings)
                self._previews({(c.brochure, c.edition) for c in result.report.changes})
            except (DataError, PreflightError) as failed:
                problems = list(failed.problems)
            except BrochureError as failed:
                error = str(failed)
        with self.changed:
            self.status = Status(self.status.version + 1, False, report, problems, error)
            self.changed.notify_all()

    def _previews(self, changed: set[tuple[str, str]]) -> None:
        """Page images of the editions that changed, and of any that has none yet."""
        try:
            found = editions(self.project)
        except BrochureError:
            return      # an output deleted by hand: the next build writes it, and the images follow
        for edition in found:
            first = not page_image(self.project, edition.brochure, edition.edition, "download", 1).is_file()
            if first or (edition.brochure, edition.edition) in changed:
                write_images(self.project, edition)

    def _watch(self) -> None:
        import watchfiles
        folders = [f for f in (self.project.data, self.project.layouts, self.project.fonts) if f.is_dir()]
        try:
            for _changes in watchfiles.watch(*folders, debounce=DEBOUNCE_MS, step=50, stop_event=self._halt,
                                             raise_interrupt=False):
                self._queue.put("outside")
        except Exception:   # noqa: BLE001  (no watching: saves from the editor still rebuild)
            return


def page_image(project: Project, brochure: str, edition: str, variant: str, page: int):
    return project.build / FOLDER / brochure / edition / f"{variant}-p{page}.png"


def write_images(project: Project, edition) -> None:
    """The shown variants' pages, fast: a screen image is made on every save, so PNG's quickest
    compression (a third of the optimised encoder's time at twice the bytes, on loopback)."""
    import io
    for variant in SHOWN:
        entry = edition.entries.get(variant)
        if entry is None:
            continue
        for number, image in enumerate(render_pages(project.root / entry["path"], PREVIEW_DPI), start=1):
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", compress_level=1)
            atomic_write(page_image(project, edition.brochure, edition.edition, variant, number), buffer.getvalue())
