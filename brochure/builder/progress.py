"""Build progress: a bar on a terminal, plain lines otherwise, nothing when quiet.

On a terminal tqdm draws one bar with counts, rate and ETA; in a log or a
pipe (CI, cron) a bar's carriage returns are noise, so each finished
brochure gets one plain line instead.
"""

from __future__ import annotations

from typing import TextIO

from ..i18n import N_, _


class BuildProgress:
    """start(total) when the work is known; call with a brochure name as each is done; close() at the end."""

    def __init__(self, stream: TextIO, quiet: bool = False, unit: str = N_("brochure")):
        self.stream, self.quiet, self.unit = stream, quiet, unit
        self.total = self.done = 0
        self.mode = "off"
        self._bar = None

    def start(self, total: int) -> None:
        self.total, self.done = total, 0
        self.mode = "off" if self.quiet or total == 0 else ("bar" if _is_terminal(self.stream) else "lines")
        if self.mode == "bar":
            from tqdm import tqdm
            self._bar = tqdm(total=total, file=self.stream, unit=_(self.unit), desc=_("build"), leave=True,
                             dynamic_ncols=True)

    def __call__(self, name: str) -> None:
        self.done += 1
        if self.mode == "bar":
            self._bar.set_postfix_str(name, refresh=False)
            self._bar.update(1)
        elif self.mode == "lines":
            width = len(str(self.total))
            print(f"[{self.done:>{width}}/{self.total}] {name}", file=self.stream, flush=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None

    def __enter__(self) -> "BuildProgress":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
