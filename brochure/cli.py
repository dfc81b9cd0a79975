"""Command line: the only place that turns errors into messages and exit codes.

Exit status: 0 success, 1 data or preflight errors, 2 wrong usage.
``main(argv)`` is callable from tests with captured streams.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from typing import Sequence, TextIO

from . import __version__
from .errors import BrochureError, DataError, PreflightError, UsageError
from .project import open_project


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="brochure", description="Fold-ready Japanese leaflets from data.")
    parser.add_argument("--project", metavar="DIR", help="project folder (default: the current folder)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.add_argument("--version", action="version", version=f"brochure {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="build the PDFs of the named brochures (all when none is named)")
    build.add_argument("names", nargs="*", metavar="NAME", help="brochure name (file name under data/brochures/)")
    build.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    build.add_argument("--jobs", "-j", type=_positive_int, metavar="N",
                       help="worker processes that render in parallel (default: the number of cores)")
    listing = commands.add_parser("list", help="list the brochures")
    listing.set_defaults()
    return parser


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return int(text)


def cmd_build(args: argparse.Namespace, out: TextIO) -> int:
    from .build import build
    from .progress import BuildProgress
    project = open_project(args.project)
    with BuildProgress(out, quiet=args.quiet) as progress:
        result = build(project, args.names or None, jobs=args.jobs, progress=progress)
    for problem in result.warnings:
        print(str(problem), file=out)
    if not args.quiet:
        for output in result.outputs:
            print(f"{output.brochure} {output.edition} {output.variant}: {output.path} "
                  f"({output.pages} pages, {len(output.data) // 1024} KB)", file=out)
        print(f"{len(result.outputs)} outputs written; manifest: build/manifest.json", file=out)
    return 0


def cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    project = open_project(args.project)
    for name in project.brochure_names():
        print(name, file=out)
    return 0


COMMANDS = {"build": cmd_build, "list": cmd_list}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if not args.command:
        parser.print_help(file=err)
        return 2
    try:
        return COMMANDS[args.command](args, out)
    except (DataError, PreflightError) as error:
        problems = error.problems
        for problem in problems:
            print(str(problem), file=err)
        print(f"{len(problems)} error{'s' if len(problems) != 1 else ''}; nothing was written.", file=err)
        return 1
    except BrochureError as error:
        print(f"error: {error}", file=err)
        if args.debug:
            traceback.print_exc(file=err)
        return error.exit_code
    except KeyboardInterrupt:
        print("interrupted; earlier outputs are unchanged.", file=err)
        return 130
