"""``brochure watch``: rebuild what a save affects, print the change report, keep going.

watchfiles (Rust notify underneath) reports saves in data/, layouts/ and
fonts/; a short debounce gathers an editor's burst of writes into one build.
A broken save prints its error and leaves the last good PDFs in place; the
next save is built again.  Ctrl-C ends it with status 0.

One WeasyPrint engine stays warm between saves (WeasyPrint imported, fonts
loaded, stylesheets parsed), so a save that touches one brochure is laid out
at once instead of after a new process's start; a change in fonts/ makes a new
engine.
"""

from __future__ import annotations

from typing import Any, Callable, TextIO

from .build import build
from .errors import BrochureError
from .project import Project

DEBOUNCE_MS = 300   # an editor's save is several writes; one build for all of them, well within a second


def watch(project: Project, names: list[str] | None, out: TextIO, on_error: Callable[[BrochureError], Any],
          stop_event: Any = None) -> int:
    """Build once, then after every batch of changes until Ctrl-C or ``stop_event`` is set."""
    import watchfiles

    from .cli import print_build
    from .pdf import warm_up

    warm: list = []   # the one engine kept between saves

    def engine():
        from .pdf import Engine
        if warm and not warm[0].current():
            warm.pop().close()
        if not warm:
            warm.append(Engine(project))
        return warm[0]

    def rebuild() -> None:
        try:
            print_build(build(project, names, engine=engine()), out)
        except BrochureError as error:
            on_error(error)
            print("waiting for the next save (the last good PDFs are unchanged)", file=out)
        out.flush()

    folders = [f for f in (project.data, project.layouts, project.fonts) if f.is_dir()]
    print(f"watching {', '.join(project.relative(f) + '/' for f in folders)} (Ctrl-C to stop)", file=out)
    try:
        rebuild()
        warm_up(project, engine())   # the first build may have rendered nothing
        for _changes in watchfiles.watch(*folders, debounce=DEBOUNCE_MS, step=50, stop_event=stop_event,
                                         raise_interrupt=True):
            rebuild()
    except KeyboardInterrupt:
        pass
    finally:
        for kept in warm:
            kept.close()
    print("stopped watching", file=out)
    return 0
