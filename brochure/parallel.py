"""Rendering many brochures across worker processes.

One job per brochure: a worker renders every variant of it and runs the
preflight checks there, because the WeasyPrint document the checks read
cannot cross a process boundary.  What comes back is plain data (PDF bytes,
page count, Problems), in the order the brochures were given, so a parallel
build writes exactly the bytes and the manifest a serial build writes.

Each worker imports WeasyPrint once and keeps one ``pdf.Engine`` (one
FontConfiguration) for all its jobs.  Workers are forked: they inherit the
loaded registry and compositions instead of unpickling them.  Every worker's
temp folders live under one folder that the parent removes when the pool
is done, even if a worker died without cleaning up.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor, as_completed
from multiprocessing.util import Finalize
from typing import Any, Callable, Sequence


Progress = Callable[[str], None]   # called once per finished brochure with its name


def default_jobs() -> int:
    """Worker processes by default: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:   # not Linux
        return max(1, os.cpu_count() or 1)


Work = Callable[[Any, int], Any]   # (engine, index of the composition) → picklable result


def render_compositions(composer: Any, compositions: Sequence[Any], work: Work,
                        jobs: int | None = None, progress: Progress | None = None,
                        engine: Any = None) -> list[Any]:
    """``work`` for every composition, results in the given order; serial when one worker is enough.

    ``engine`` (a warm pdf.Engine, kept by ``brochure watch``) renders in this process whenever one
    worker is enough (always for a single brochure): cheaper than a worker that must load WeasyPrint
    and the fonts first."""
    jobs = min(jobs or default_jobs(), len(compositions))
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        if engine is not None:
            return _serial_with(engine, compositions, work, progress)
        from .pdf import Engine
        with Engine(composer.project) as own:
            return _serial_with(own, compositions, work, progress)
    return _pooled(composer, compositions, work, jobs, progress)


def _serial_with(engine, compositions, work, progress) -> list[Any]:
    results = []
    for index, comp in enumerate(compositions):
        results.append(work(engine, index))
        if progress:
            progress(comp.source.name)
    return results


# What forked workers inherit: set by the parent just before the pool starts.
_SHARED: dict[str, Any] = {}


def _start_worker(temp_root: str) -> None:
    from .pdf import Engine

    tempfile.tempdir = temp_root          # the Engine's own temp folder goes under the pool's
    engine = Engine(_SHARED["composer"].project)
    _SHARED["engine"] = engine
    Finalize(engine, engine.close, exitpriority=10)   # runs when the worker exits normally


def _work(index: int) -> Any:
    return _SHARED["work"](_SHARED["engine"], index)


def _pooled(composer, compositions, work, jobs, progress) -> list[Any]:
    temp_root = tempfile.mkdtemp(prefix="brochure-pool-")
    _SHARED.update(composer=composer, compositions=list(compositions), work=work)   # forked: no pickling
    results: list[Any] = [None] * len(compositions)
    # The loaded data stays out of the workers' garbage collection: a collection in a worker would touch
    # every inherited object and so copy the parent's pages into each worker (copy-on-write).
    gc.collect()
    gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker,
                                 initargs=(temp_root,)) as pool:
            futures = {pool.submit(_work, i): i for i in range(len(compositions))}
            try:
                for future in as_completed(futures):
                    index = futures[future]
                    results[index] = future.result()
                    if progress:
                        progress(compositions[index].source.name)
            except BaseException:
                for future in futures:
                    future.cancel()
                raise
    finally:
        gc.unfreeze()
        _SHARED.clear()
        shutil.rmtree(temp_root, ignore_errors=True)
    return results  # type: ignore[return-value]

