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
    build.add_argument("--force", action="store_true", help="rebuild every output, even those that are up to date")
    where = commands.add_parser("where-used", help="every brochure, edition and panel that prints a contact")
    where.add_argument("contact", metavar="CONTACT_ID", help="contact id from data/contacts.yaml")
    watch = commands.add_parser("watch", help="rebuild on every save in data/, layouts/ and fonts/ (Ctrl-C ends)")
    watch.add_argument("names", nargs="*", metavar="NAME", help="brochure name (all when none is named)")
    listing = commands.add_parser("list", help="list the brochures")
    listing.set_defaults()
    return parser


def cmd_build(args: argparse.Namespace, out: TextIO) -> int:
    from .build import build
    project = open_project(args.project)
    result = build(project, args.names or None, force=args.force)
    print_build(result, out, quiet=args.quiet)
    return 0


def print_build(result, out: TextIO, quiet: bool = False) -> None:
    """Warnings, then one line per rebuilt output with its reasons, then the count (the change report)."""
    for problem in result.warnings:
        print(str(problem), file=out)
    if not quiet:
        for line in result.report.lines():
            print(line, file=out)
        print("manifest: build/manifest.json; report: build/report.json", file=out)


def cmd_where_used(args: argparse.Namespace, out: TextIO) -> int:
    from .where import where_used
    project = open_project(args.project)
    for line in where_used(project, args.contact):
        print(line, file=out)
    return 0


def cmd_watch(args: argparse.Namespace, out: TextIO) -> int:
    from .watch import watch
    project = open_project(args.project)
    return watch(project, args.names or None, out, lambda error: print_error(error, args, out))


def cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    project = open_project(args.project)
    for name in project.brochure_names():
        print(name, file=out)
    return 0


def print_error(error: BrochureError, args: argparse.Namespace, err: TextIO) -> int:
    """Print a domain error for the user; the exit status it calls for."""
    if isinstance(error, (DataError, PreflightError)):
        problems = error.problems
        for problem in problems:
            print(str(problem), file=err)
        print(f"{len(problems)} error{'s' if len(problems) != 1 else ''}; nothing was written.", file=err)
        return 1
    print(f"error: {error}", file=err)
    if args.debug:
        traceback.print_exc(file=err)
    return error.exit_code


COMMANDS = {"build": cmd_build, "list": cmd_list, "where-used": cmd_where_used, "watch": cmd_watch}


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
    except BrochureError as error:
        return print_error(error, args, err)
    except KeyboardInterrupt:
        print("interrupted; earlier outputs are unchanged.", file=err)
        return 130
