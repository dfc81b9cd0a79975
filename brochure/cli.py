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
    build.add_argument("--edition", metavar="YYYY-MM", help="rebuild this frozen edition of one brochure from its snapshot")
    listing = commands.add_parser("list", help="list the brochures")
    listing.set_defaults()
    _edition_parsers(commands)
    return parser


def _edition_parsers(commands) -> None:
    edition = commands.add_parser("edition", help="start a new edition (freezing the current one), list editions")
    actions = edition.add_subparsers(dest="edition_command", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="freeze the current edition and start the one issued in --issued")
    new.add_argument("name", metavar="NAME", help="brochure name")
    new.add_argument("--issued", required=True, metavar="YYYY-MM", help="issue month of the new edition")
    listing = actions.add_parser("list", help="list a brochure's editions")
    listing.add_argument("name", metavar="NAME", help="brochure name")
    diff = commands.add_parser("diff", help="what changed between two editions (default: last frozen → current)")
    diff.add_argument("name", metavar="NAME", help="brochure name")
    diff.add_argument("old", nargs="?", metavar="OLD", help="older edition, YYYY-MM (default: the last frozen one)")
    diff.add_argument("new", nargs="?", metavar="NEW", help="newer edition, YYYY-MM (default: the current data)")
    diff.add_argument("--json", action="store_true", help="print the report as JSON")


def cmd_build(args: argparse.Namespace, out: TextIO) -> int:
    from .build import build
    project = open_project(args.project)
    result = build(project, args.names or None, args.edition)
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


def cmd_edition(args: argparse.Namespace, out: TextIO) -> int:
    from .editions import edition_list, start_edition
    project = open_project(args.project)
    if args.edition_command == "list":
        for month, state in edition_list(project, args.name):
            print(f"{month} {state}", file=out)
        return 0
    started = start_edition(project, args.name, args.issued)
    print(f"froze {started.name} {started.previous}: {started.snapshot} "
          f"({len(started.frozen_contacts)} contact records)", file=out)
    print(f"started {started.name} {started.issued}: data/brochures/{started.name}.yaml edition.issued is now "
          f"'{started.issued}'", file=out)
    if started.review:
        print(f"review before printing: {len(started.review)} printed contacts were last verified before "
              f"{started.previous}; call them and update verified:", file=out)
        for contact_id, name, verified in started.review:
            print(f"  {contact_id}  {name}  (verified {verified.isoformat()})", file=out)
    else:
        print(f"review before printing: every printed contact was verified in {started.previous} or later", file=out)
    return 0


def cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    from .diff import as_json, as_text, compare
    from .editions import check_month
    project = open_project(args.project)
    old, new = (check_month(m) if m else None for m in (args.old, args.new))
    report = compare(project, args.name, old, new)
    out.write(as_json(report) if args.json else as_text(report))
    return 0


COMMANDS = {"build": cmd_build, "list": cmd_list, "edition": cmd_edition, "diff": cmd_diff}


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
