"""Rendering many brochures across worker processes.

One task per brochure: a worker renders every stale variant of it and runs
the preflight checks there, because the WeasyPrint document the checks read
cannot cross a process boundary.  What comes back is plain data (PDF bytes
or their spool file, page count, Problems), in the order the brochures were
added, so a parallel build writes exactly the bytes and the manifest a serial
build writes.

The workers are forked **before the data is read**, while this process is
still small, and each brochure is sent to them pickled with just the contacts
it prints (a few tens of KB).  Two reasons:

* memory: a forked child counts every page it inherits as its own, and a
  national registry loaded in the parent is hundreds of MB.  Forked after
  the load, each worker of the 1,741-municipality batch held ~600 MB;
* time: the workers import WeasyPrint, load the fonts and parse the
  stylesheets while the parent is still reading and composing, and each
  brochure is rendered as soon as it is composed instead of after the last.

Each worker keeps one ``render.engine.Engine`` (one FontConfiguration) for all its
tasks.  Every worker's temp folders live under one folder that the parent
removes when the pool is done, even if a worker died without cleaning up.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from multiprocessing.util import Finalize
from typing import Any, Callable, Iterator

from ..project import Project

Progress = Callable[[str], None]   # called once per finished brochure with its name
Work = Callable[..., Any]          # work(engine, *args) → picklable result; a module-level function


def default_jobs() -> int:
    """Worker processes by default: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:   # not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


class Renderer:
    """Runs ``work`` for each brochure as the plan hands it over; ``results()`` in the order added.

    With several brochures to consider and several cores, workers start at once (see above).
    Otherwise the work runs here, with ``engine`` when given (``brochure watch`` keeps one warm)
    or one made for the purpose; a warm-engine build that turns out to have several brochures
    to render still spreads them over workers, started then."""

    def __init__(self, project: Project, brochures: int, jobs: int | None = None, engine: Any = None):
        self.project, self.engine = project, engine
        self.jobs = max(1, min(jobs or default_jobs(), brochures))
        self.pool: WorkerPool | None = None
        if engine is None and self.jobs > 1 and can_fork():
            self.pool = WorkerPool(project, self.jobs)
        self.tasks: list[tuple[str, Work, tuple]] = []
        self.futures: list[Future] = []

    def add(self, name: str, work: Work, *args: Any) -> None:
        self.tasks.append((name, work, args))
        if self.pool is not None:
            self.futures.append(self.pool.submit(work, args))

    def names(self) -> list[str]:
        return [name for name, _, _ in self.tasks]

    def results(self, progress: Progress | None = None) -> list[Any]:
        if self.pool is None and len(self.tasks) > 1 and self.jobs > 1 and can_fork():
            self.pool = WorkerPool(self.project, min(self.jobs, len(self.tasks)))
            self.futures = [self.pool.submit(work, args) for _, work, args in self.tasks]
        if self.pool is None:
            return self._here(progress)
        results: list[Any] = [None] * len(self.futures)
        index_of = {future: i for i, future in enumerate(self.futures)}
        for future in as_completed(self.futures):
            results[index_of[future]] = future.result()
            if progress:
                progress(self.tasks[index_of[future]][0])
        return results

    def _here(self, progress: Progress | None) -> list[Any]:
        if not self.tasks:
            return []
        if self.engine is not None:
            return _serial(self.engine, self.tasks, progress)
        from ..render.engine import Engine
        with Engine(self.project) as own:
            return _serial(own, self.tasks, progress)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    def __enter__(self) -> "Renderer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _serial(engine: Any, tasks: list[tuple[str, Work, tuple]], progress: Progress | None) -> list[Any]:
    results = []
    for name, work, args in tasks:
        with interrupts_deferred():
            results.append(work(engine, *args))
        if progress:
            progress(name)
    return results


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Ctrl-C or SIGTERM during the block is raised as KeyboardInterrupt when the block ends, not
    inside it.  Raised inside a render (WeasyPrint, its cffi callbacks, pikepdf), it was sometimes
    swallowed, and the watcher hung, or it surfaced after the command had ended cleanly and the
    interpreter exited by SIGINT.  Wrap one brochure at a time: stopping waits for one render
    (under a second).  Signals can only be handled in the main thread; elsewhere it does nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    previous = {number: signal.signal(number, lambda signum, frame: caught.append(signum))
                for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if caught:
            raise KeyboardInterrupt   # in place of anything the block raised: the user asked to stop


class WorkerPool:
    """``jobs`` forked worker processes, each with one warm render.engine.Engine; tasks are pickled."""

    def __init__(self, project: Project, jobs: int):
        self.temp_root = tempfile.mkdtemp(prefix="brochure-pool-")
        _import_what_workers_and_planning_share()
        context = multiprocessing.get_context("fork")
        self.executor = ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker,
                                            initargs=(project, self.temp_root))
        # A fork pool starts all its workers at the first submit: do it now, while this process is small.
        self.executor.submit(_ready)

    def submit(self, work: Work, args: tuple) -> Future:
        return self.executor.submit(_call, work, args)

    def close(self) -> None:
        try:
            self.executor.shutdown(wait=True, cancel_futures=True)
        finally:
            shutil.rmtree(self.temp_root, ignore_errors=True)


def _import_what_workers_and_planning_share() -> None:
    """Import the modules that planning (here) and rendering (in each worker) both need before the
    workers are forked, so that they inherit them instead of importing them again: pydantic, the
    schema, Jinja2 (0.3-0.4 s of CPU per process).  Modules, not data: the workers are still forked
    before the registry is read."""
    from ..data import model  # noqa: F401
    from ..layout import compose as html  # noqa: F401


_ENGINE: list[Any] = []   # the worker's one engine


def _start_worker(project: Project, temp_root: str) -> None:
    from ..render.engine import Engine, warm_up

    tempfile.tempdir = temp_root          # the Engine's own temp folder goes under the pool's
    engine = Engine(project)
    _ENGINE.append(engine)
    Finalize(engine, engine.close, exitpriority=10)   # runs when the worker exits normally
    warm_up(project, engine)
    calm_collector()


# Python's default: a collection every 700 net new container objects.  A leaflet's layout makes
# well over a million, nearly all freed by reference counting, so collections were ~10 % of a
# render.  Measured brochure by brochure in one process, 5 at a time, alternating (12 pairs):
# after the freeze, 10,000 was 5 % faster than 700, and 50,000 3-7 % faster than 10,000; a worker
# then peaks at 138-164 MB instead of 121-130 MB (200 and 1,741 brochures; the target is 200 MB).
YOUNG_COLLECTION_EVERY = 50_000


def calm_collector() -> None:
    """Make the cyclic garbage collector cheap in a long-lived rendering process.

    What start-up made (WeasyPrint's modules, the fonts, every layout's stylesheets) lives as long
    as the worker: frozen, no collection scans it again.  Young collections come less often; each
    still frees the cycles a layout leaves (its boxes), so memory stays flat."""
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])


def _ready() -> None:
    return None


def _call(work: Work, args: tuple) -> Any:
    return work(_ENGINE[0], *args)
