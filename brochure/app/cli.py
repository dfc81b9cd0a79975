"""Command line: the only place that turns errors into messages and exit codes.

Exit status: 0 success, 1 data or preflight errors, 2 wrong usage, 3 internal error.
``main(argv)`` is callable from tests with captured streams.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import traceback
from contextlib import contextmanager
from typing import Iterator, Sequence, TextIO

from .. import __version__
from ..errors import BrochureError, DataError, PreflightError, UsageError
from ..i18n import _, ngettext
from ..project import open_project
from .arghelp import localise


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="brochure", description="Fold-ready Japanese leaflets from data.")
    parser.add_argument("--project", metavar="DIR", help="project folder (default: the current folder)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    parser.add_argument("--version", action="version", version=f"brochure {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="build the PDFs of the named brochures (all when none is named)")
    build.add_argument("names", nargs="*", metavar="NAME", help="brochure name (file name under data/brochures/)")
    build.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    build.add_argument("--strict", action="store_true", help="treat every preflight warning as an error")
    checking = commands.add_parser("check", help="load, lay out and preflight the named brochures; write nothing")
    checking.add_argument("names", nargs="*", metavar="NAME", help="brochure name (file name under data/brochures/)")
    checking.add_argument("--json", action="store_true", help="print the report as JSON")
    checking.add_argument("--strict", action="store_true", help="treat every warning as an error")
    checking.add_argument("--stale", action="store_true",
                          help="list every printed contact not verified for a year (else summarised in one line)")
    checking.add_argument("--shop", action="store_true",
                          help="print the print shop's checklist of each print PDF and write it beside the PDF")
    checking.add_argument("--sentence-length", type=int, metavar="N",
                          help="やさしい日本語 check: warn on a ja-easy sentence longer than N characters (default 35)")
    build.add_argument("--force", action="store_true", help="rebuild every output, even those that are up to date")
    build.add_argument("--allow-missing", action="store_true", help="build a language edition whose translations "
                       "are incomplete, with those sentences in Japanese")
    where = commands.add_parser("where-used", help="every brochure, edition and panel that prints a contact")
    where.add_argument("contact", metavar="CONTACT", help="contact id, name or part of one, or phone number")
    watch = commands.add_parser("watch", help="rebuild on every save in data/, layouts/ and fonts/ (Ctrl-C ends)")
    watch.add_argument("names", nargs="*", metavar="NAME", help="brochure name (all when none is named)")
    build.add_argument("--jobs", "-j", type=_positive_int, metavar="N",
                       help="worker processes that render in parallel (default: the number of cores)")
    build.add_argument("--only", type=_variant_list, metavar="VARIANTS",
                       help="build only these outputs, comma-separated (print,download,proof); "
                            "e.g. --only print,download for a batch without office proofs")
    listing = commands.add_parser("list", help="list the brochures")
    listing.set_defaults()
    preview = commands.add_parser("preview", help="build, then PNG previews of every page and build/index.html")
    preview.add_argument("names", nargs="*", metavar="NAME", help="brochure name (file name under data/brochures/)")
    preview.add_argument("--dpi", type=int, default=100, help="resolution of the page images (default: 100)")
    preview.add_argument("--quiet", "-q", action="store_true", help="print errors only")
    site = commands.add_parser("site", help="write the site build/index.html and build/sitemap.xml from the last build")
    site.add_argument("--base-url", default="", metavar="URL",
                      help="where build/ is published, e.g. https://www.city.example.jp/leaflets/ (sitemap.xml "
                           "lists absolute addresses with it, relative ones without)")
    commands.add_parser("fields", help="print the data reference generated from the schema "
                                       "(brochure fields > docs/data-reference.md)")
    build.add_argument("--edition", metavar="YYYY-MM", help="rebuild this frozen edition of one brochure from its snapshot")
    _edition_parsers(commands)
    _translations_parsers(commands)
    _editor_parsers(commands)
    _contacts_parsers(commands)
    return parser


def _editor_parsers(commands) -> None:
    serve = commands.add_parser("serve", help="the browser editor (編集画面) at http://127.0.0.1:8000/")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1, this computer only; another address "
                            "needs accounts: brochure user add NAME)")
    serve.add_argument("--port", type=_positive_int, default=8000, help="port (default 8000)")
    serve.add_argument("--no-browser", action="store_true", help="do not open a browser")
    user = commands.add_parser("user", help="accounts for the editor when it is reachable from other computers")
    user_actions = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = user_actions.add_parser("add", help="add an account, or set its password (asked for twice)")
    add.add_argument("name", metavar="NAME", help="user name: lower-case letters, digits, - _ .")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    user_actions.add_parser("list", help="list the accounts")


def _contacts_parsers(commands) -> None:
    contacts = commands.add_parser("contacts", help="the contact registry to and from Excel, CSV and open data")
    actions = contacts.add_subparsers(dest="contacts_command", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="write the registry as FILE.xlsx or FILE.csv (UTF-8 with BOM), "
                                               "or as open data with --format")
    export.add_argument("file", metavar="FILE", help="FILE.xlsx, FILE.csv, or a folder for --format hsds")
    export.add_argument("--format", choices=("sheet", "kokyo-shisetsu", "hsds"), default="sheet",
                        help="sheet (default: the editable spreadsheet), kokyo-shisetsu (公共施設一覧 CSV), "
                             "hsds (Open Referral HSDS 3.0 JSON files in a folder)")
    export.add_argument("--municipality-code", metavar="CODE",
                        help="kokyo-shisetsu: 全国地方公共団体コード of the publishing municipality (6 digits)")
    export.add_argument("--municipality", metavar="NAME", help="kokyo-shisetsu: 地方公共団体名, e.g. 山口市")
    imports = actions.add_parser("import", help="show what FILE (.xlsx or .csv) would change; --apply writes it")
    imports.add_argument("file", metavar="FILE", help="FILE.xlsx, or FILE.csv in UTF-8 or Shift_JIS (CP932)")
    imports.add_argument("--apply", action="store_true", help="write the changes into data/contacts.yaml")
    imports.add_argument("--format", choices=("sheet", "kokyo-shisetsu"), default="sheet",
                         help="sheet (default) or kokyo-shisetsu (a 公共施設一覧 CSV: rows become contacts)")
    actions.add_parser("suggest-kana", help="propose 名称_カナ readings for contacts without one (to confirm by hand)")


def _translations_parsers(commands) -> None:
    translations = commands.add_parser("translations", help="the PO catalogues of a brochure's language editions")
    actions = translations.add_subparsers(dest="translations_command", metavar="ACTION", required=True)
    update = actions.add_parser("update", help="add new sentences to translations/NAME/LANG.po and mark changed "
                                "ones fuzzy")
    update.add_argument("name", metavar="NAME", help="brochure name")


def cmd_translations(args: argparse.Namespace, out: TextIO) -> int:
    from .translations import update_catalogues
    return update_catalogues(open_project(args.project), args.name, out)


def _edition_parsers(commands) -> None:
    edition = commands.add_parser("edition", help="start a new edition (freezing the current one), list editions")
    actions = edition.add_subparsers(dest="edition_command", metavar="ACTION", required=True)
    new = actions.add_parser("new", help="freeze the current edition and start the one issued in --issued")
    new.add_argument("name", metavar="NAME", help="brochure name")
    new.add_argument("--issued", required=True, metavar="YYYY-MM", help="issue month of the new edition")
    listing = actions.add_parser("list", help="list a brochure's editions")
    listing.add_argument("name", metavar="NAME", help="brochure name")
    publish = commands.add_parser("publish", help="freeze the current edition as its last build printed it, "
                                                  "and record it as published")
    publish.add_argument("name", metavar="NAME", help="brochure name")
    publish.add_argument("--reprint", metavar="YYYY-MM", help="publish a corrected reprint of the published "
                         "edition, its colophon saying the month of the correction (一部修正)")
    diff = commands.add_parser("diff", help="what changed between two editions (default: last frozen → current)")
    diff.add_argument("name", metavar="NAME", help="brochure name")
    diff.add_argument("old", nargs="?", metavar="OLD", help="older edition, YYYY-MM (default: the last frozen one)")
    diff.add_argument("new", nargs="?", metavar="NEW", help="newer edition, YYYY-MM (default: the current data)")
    diff.add_argument("--json", action="store_true", help="print the report as JSON")


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(_("expected a whole number of at least 1, got {text!r}").format(text=text))
    return int(text)


def _variant_list(text: str) -> tuple[str, ...]:
    from ..render.variants import VARIANTS
    names = tuple(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    unknown = [n for n in names if n not in VARIANTS]
    if unknown or not names:
        raise argparse.ArgumentTypeError(_("expected some of {variants} separated by commas, got {text!r}").format(
            variants=", ".join(VARIANTS), text=text))
    return names


def cmd_build(args: argparse.Namespace, out: TextIO) -> int:
    from ..builder.pipeline import build
    from ..builder.progress import BuildProgress
    project = open_project(args.project)
    with BuildProgress(out, quiet=args.quiet) as progress:
        result = build(project, args.names or None, force=args.force, strict=args.strict,
                       edition=args.edition, jobs=args.jobs, progress=progress, only=args.only,
                       allow_missing=args.allow_missing)
    from .printer import print_build
    print_build(result, out, quiet=args.quiet)
    return 0


def cmd_where_used(args: argparse.Namespace, out: TextIO) -> int:
    from .where_used import where_used
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


def cmd_preview(args: argparse.Namespace, out: TextIO) -> int:
    """Build first, so the images always show the current data (errors stop here, cleanly)."""
    from ..builder.pipeline import build
    from .preview import editions, write_previews
    from .site import write_site
    project = open_project(args.project)
    if not 10 <= args.dpi <= 600:
        raise UsageError(_("--dpi {dpi} is out of range").format(dpi=args.dpi) + "\n  " + _("hint:") + " "
                         + _("use a value from 10 to 600"))
    result = build(project, args.names or None)
    from .printer import warning_lines
    for line in warning_lines(result.warnings) + result.report.dropped:   # dropped: build/ healed (heal.py)
        print(line, file=out)
    written = []
    for edition in editions(project, args.names or project.brochure_names()):
        written += write_previews(project, edition, args.dpi)
    page = write_site(project)
    if not args.quiet:
        for path in written:
            print(path, file=out)
        print(_("{count} images written; download page: {page}").format(count=len(written), page=page), file=out)
    return 0


def cmd_fields(args: argparse.Namespace, out: TextIO) -> int:
    """The whole of docs/data-reference.md, from the schema (needs no project)."""
    from .docs import data_reference
    out.write(data_reference())
    return 0


def cmd_site(args: argparse.Namespace, out: TextIO) -> int:
    from .site import write_site
    print(_("download page: {page}").format(page=write_site(open_project(args.project), base_url=args.base_url)), file=out)
    return 0



def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    from ..builder.pipeline import render_and_check
    from ..checks.report import check_report
    project = open_project(args.project)
    try:
        result, errors = render_and_check(project, args.names or None, strict=args.strict, keep_print=args.shop,
                                          sentence_length=args.sentence_length)
    except DataError as error:   # the data did not load: that is the report
        result, errors = None, error.problems
    print(check_report(result, errors, as_json=args.json, stale=args.stale), file=out)
    if args.shop and result is not None and not errors:
        from .shop import write_checklists
        write_checklists(project, result.outputs, None if args.json else out)   # --json: the files only
    return 1 if errors else 0


def print_error(error: BrochureError, args: argparse.Namespace, err: TextIO) -> int:
    """Print a domain error for the user; the exit status it calls for."""
    if isinstance(error, (DataError, PreflightError)):
        problems = error.problems
        for problem in problems:
            print(str(problem), file=err)
        count = sum(1 for p in problems if p.severity == "error")
        print(ngettext("{count} error; nothing was written.", "{count} errors; nothing was written.", count)
              .format(count=count), file=err)
        _traceback(args, err)
        return 1
    print(_("error: {error}").format(error=error), file=err)
    _traceback(args, err)
    return error.exit_code



def cmd_edition(args: argparse.Namespace, out: TextIO) -> int:
    from ..builder.freeze import start_edition
    from ..data.editions import edition_list
    project = open_project(args.project)
    if args.edition_command == "list":
        for month, state in edition_list(project, args.name):
            print(f"{month} {_(state)}", file=out)
        return 0
    started = start_edition(project, args.name, args.issued)
    from .printer import print_edition
    print_edition(started, out)
    return 0


def cmd_publish(args: argparse.Namespace, out: TextIO) -> int:
    from ..builder.publish import publish
    done = publish(open_project(args.project), args.name, args.reprint)
    print(_("published {name} {edition}: {pdf} is rebuilt byte for byte from {snapshot} ({count} contact records); "
            "recorded in {record}").format(name=done.name, edition=done.edition, pdf=done.print_pdf,
                                           snapshot=done.snapshot, count=done.contacts, record=done.record), file=out)
    return 0


def cmd_diff(args: argparse.Namespace, out: TextIO) -> int:
    from ..data.editions import check_month
    from .diff import as_json, as_text, compare
    project = open_project(args.project)
    old, new = (check_month(m) if m else None for m in (args.old, args.new))
    report = compare(project, args.name, old, new)
    out.write(as_json(report) if args.json else as_text(report))
    return 0


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    from .editor.server import serve
    return serve(open_project(args.project), args.host, args.port, out, open_browser=not args.no_browser)


def cmd_user(args: argparse.Namespace, out: TextIO) -> int:
    from .editor.security import Accounts
    accounts = Accounts(open_project(args.project))
    if args.user_command == "list":
        for name in accounts.names():
            print(name, file=out)
        return 0
    password = _read_password(args.password_stdin)
    accounts.add(args.name, password)
    print(_("account {name} saved in .brochure/users.json").format(name=args.name), file=out)
    return 0


def cmd_contacts(args: argparse.Namespace, out: TextIO) -> int:
    from pathlib import Path
    from .spreadsheets import command
    file = Path(args.file) if getattr(args, "file", None) else None
    for line in command.run(open_project(args.project), args.contacts_command, file, vars(args)):
        print(line, file=out)
    return 0


def _read_password(from_stdin: bool) -> str:
    import getpass
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass(_("password: "))
    if getpass.getpass(_("again: ")) != first:
        raise UsageError(_("the two passwords differ; nothing was saved"))
    return first


COMMANDS = {"build": cmd_build, "list": cmd_list, "check": cmd_check, "preview": cmd_preview, "site": cmd_site,
            "where-used": cmd_where_used, "watch": cmd_watch, "edition": cmd_edition, "diff": cmd_diff,
            "publish": cmd_publish,
            "fields": cmd_fields, "serve": cmd_serve, "user": cmd_user,
            "contacts": cmd_contacts, "translations": cmd_translations}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    parser = localise(_parser())
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if not args.command:
        parser.print_help(file=err)
        return 2
    try:
        with _terminate_as_interrupt():
            return COMMANDS[args.command](args, out)
    except BrochureError as error:
        return print_error(error, args, err)
    except KeyboardInterrupt:
        print(_("interrupted; earlier outputs are unchanged."), file=err)
        return 130
    except Exception as error:  # a bug, not the user's data: still no traceback unless asked for
        print(_("internal error: {error}; nothing was written.").format(error=f"{type(error).__name__}: {error}"),
              file=err)
        if not _traceback(args, err):
            print("  " + _("hint:") + " " + _("run again with --debug to see where it happened, and report it"),
                  file=err)
        return 3


@contextmanager
def _terminate_as_interrupt() -> Iterator[None]:
    """SIGTERM (a service stopped, ``kill``, a CI timeout) ends a command the way Ctrl-C does: the
    spool, the pool's and WeasyPrint's temp folders are removed and the last good outputs stay."""
    if threading.current_thread() is not threading.main_thread():   # only the main thread may set handlers
        yield
        return

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _traceback(args: argparse.Namespace, err: TextIO) -> bool:
    """Print the traceback under --debug only; tell whether it was printed."""
    if args.debug:
        traceback.print_exc(file=err)
    return bool(args.debug)
