"""Printing a build's result: shared by ``brochure build`` and ``brochure watch``."""

from __future__ import annotations

from typing import TextIO


def print_build(result, out: TextIO, quiet: bool = False) -> None:
    """Warnings, then one line per rebuilt output with its reasons and, for print files, the
    print-shop summary; then the count (the change report)."""
    for problem in result.warnings:
        print(str(problem), file=out)
    if not quiet:
        for line in result.report.lines():
            print(line, file=out)
        for output in result.outputs:
            _print_shop_lines(output, out)
        print("manifest: build/manifest.json; report: build/report.json", file=out)


def _print_shop_lines(output, out: TextIO) -> None:
    from ..render.printinfo import summary_lines
    if output.print_shop:
        print(f"{output.path}:", file=out)
        for line in summary_lines(output.print_shop):
            print(line, file=out)
