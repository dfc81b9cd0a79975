"""``brochure watch``: rebuild what a save affects, print the change report, keep going.

watchfiles (Rust notify underneath) reports saves in data/, layouts/ and
fonts/; a short debounce gathers an editor's burst of writes into one build.
A broken save prints its error and leaves the last good PDFs in place; the
next save is built again.  Each save prints only the warnings not printed
before (28 stale contacts are not printed again on every save) and one line
counting the unchanged ones; errors are always printed.  Ctrl-C ends it
with status 0.

The watcher runs in a thread of its own from the start, so a save made
while the first build or the warm-up runs is not missed: it waits in a
queue and is built next.

One WeasyPrint engine stays warm between saves (WeasyPrint imported, fonts
loaded, stylesheets parsed), so a save that touches one brochure is laid out
at once instead of after a new process's start; a change in fonts/ makes a new
engine.  Before the first save, the engine rehearses: it lays out and writes
(in memory, nothing is kept) the first brochures watched.  A brochure's first
render in a process is ~0.2 s slower than the next (font and shaping caches,
code paths of the PDF writer); after the rehearsal, the first save is not.
"""

from __future__ import annotations

import queue
import threading
from typing import Any, Callable, TextIO

from ..builder.pipeline import build
from ..errors import BrochureError
from ..i18n import _
from ..project import Project

DEBOUNCE_MS = 300   # an editor's save is several writes; one build for all of them, well within a second
REHEARSED = 2       # brochures laid out before the first save; a project's others share their layout's caches
POLL_S = 0.1        # how often the main thread looks at the caller's stop event


def watch(project: Project, names: list[str] | None, out: TextIO, on_error: Callable[[BrochureError], Any],
          stop_event: Any = None) -> int:
    """Build once, then after every batch of changes until Ctrl-C or ``stop_event`` is set."""
    from ..builder.workers import interrupts_deferred
    from ..render.engine import warm_up
    from .printer import print_build

    warm: list = []   # the one engine kept between saves
    shown: set[str] = set()   # warnings printed by an earlier save: counted, not printed again

    def engine():
        from ..render.engine import Engine
        if warm and not warm[0].current():
            warm.pop().close()
        if not warm:
            warm.append(Engine(project))
        return warm[0]

    def rebuild() -> None:
        try:
            print_build(build(project, names, engine=engine()), out, shown=shown)
        except BrochureError as error:
            on_error(error)
            print(_("waiting for the next save (the last good PDFs are unchanged)"), file=out)
        out.flush()

    folders = [f for f in (project.data, project.layouts, project.fonts) if f.is_dir()]
    saves: queue.Queue = queue.Queue()
    halt = threading.Event()
    watcher = threading.Thread(target=_report_saves, args=(folders, saves, halt), name="brochure-watcher",
                               daemon=True)
    watcher.start()
    print(_("watching {folders} (Ctrl-C to stop)").format(folders=", ".join(project.relative(f) + "/" for f in folders)),
          file=out)
    try:
        rebuild()
        with interrupts_deferred():
            warm_up(project, engine())   # the first build may have rendered nothing
        rehearse(project, engine(), names, until=lambda: not saves.empty())
        while not (stop_event is not None and stop_event.is_set()):
            try:
                waiting = [saves.get(timeout=POLL_S)]
            except queue.Empty:
                continue
            while not saves.empty():   # saves made during the last build: one build for all of them
                waiting.append(saves.get_nowait())
            for item in waiting:
                if isinstance(item, Exception):
                    raise item       # as if watching had run here (e.g. the system's watch limit reached)
            if any(waiting):
                rebuild()
            if None in waiting:      # the watcher ended
                break
    except KeyboardInterrupt:
        pass
    finally:
        halt.set()
        watcher.join()
        for kept in warm:
            kept.close()
    print(_("stopped watching"), file=out)
    return 0


def _report_saves(folders: list, saves: queue.Queue, halt: threading.Event) -> None:
    """The watcher thread: each batch of changes into ``saves``; then what ended it, an exception
    for the main thread to raise, or None."""
    import watchfiles

    try:
        for changes in watchfiles.watch(*folders, debounce=DEBOUNCE_MS, step=50, stop_event=halt,
                                        raise_interrupt=False):
            saves.put(changes)
    except Exception as error:   # noqa: BLE001 (raised again in the main thread)
        saves.put(error)
    else:
        saves.put(None)


def rehearse(project: Project, engine: Any, names: list[str] | None, until: Callable[[], bool]) -> int:
    """Lay out and write the first ``REHEARSED`` brochures in memory, to warm ``engine``'s caches;
    stop early when ``until()`` (a save is waiting).  Nothing is written or reported: a brochure
    with a problem is the next build's to report.  Returns how many were rendered."""
    from ..builder.rendering import render_outputs
    from ..builder.workers import interrupts_deferred
    from ..data.model import load_all
    from ..layout.compose import Composer
    from ..render.variants import VARIANTS

    wanted = (names or project.brochure_names())[:REHEARSED]
    try:
        registry, sources = load_all(project, wanted)
    except BrochureError:
        return 0
    composer, rendered = Composer(project, registry), 0
    for source in sources:
        if until():
            break
        try:
            with interrupts_deferred():
                render_outputs(project, engine, composer, composer.compose(source), list(VARIANTS.values()))
        except BrochureError:
            continue
        rendered += 1
    return rendered
