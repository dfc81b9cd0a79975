"""Printing a build's result: shared by ``brochure build`` and ``brochure watch``."""

from __future__ import annotations

from typing import TextIO

from ..checks.report import warning_lines
from ..i18n import N_, _, ngettext


def print_build(result, out: TextIO, quiet: bool = False, shown: set[str] | None = None) -> None:
    """Warnings, then one line per rebuilt output with its reasons and, for print files, the
    print-shop summary; then the count (the change report).

    ``shown`` (``watch`` keeps it between saves): the warnings printed before; those are counted in
    one line instead of printed again, so that what a save changed is not lost among them."""
    warnings = result.warnings if shown is None else [w for w in result.warnings if str(w) not in shown]
    for line in warning_lines(warnings):
        print(line, file=out)
    if shown is not None:
        _print_unchanged(len(result.warnings) - len(warnings), out)
        shown.update(str(w) for w in result.warnings)
    if not quiet:
        for line in result.report.lines():
            print(line, file=out)
        for output in result.outputs:
            _print_shop_lines(output, out)
        print(_("manifest: build/manifest.json; report: build/report.json"), file=out)


def _print_unchanged(count: int, out: TextIO) -> None:
    if count:
        print(ngettext("{count} warning unchanged since the last save (not shown again)",
                       "{count} warnings unchanged since the last save (not shown again)", count).format(count=count),
              file=out)


def _print_shop_lines(output, out: TextIO) -> None:
    from ..render.printinfo import summary_lines
    if output.print_shop:
        print(f"{output.path}:", file=out)
        for line in summary_lines(output.print_shop):
            print(line, file=out)


EDITION_STATES = (N_("frozen"), N_("current"))   # edition list's states, translated where printed


def print_edition(started, out: TextIO) -> None:
    """What ``edition new`` did: the snapshot, the new month, and which printed contacts to call again."""
    print(_("froze {name} {month}: {snapshot} ({count} contact records)").format(
        name=started.name, month=started.previous, snapshot=started.snapshot, count=len(started.frozen_contacts)),
        file=out)
    print(_("started {name} {month}: data/brochures/{name}.yaml edition.issued is now '{month}'").format(
        name=started.name, month=started.issued), file=out)
    if not started.review:
        print(_("review before printing: every printed contact was verified in {month} or later").format(
            month=started.previous), file=out)
        return
    print(_("review before printing: {count} printed contacts were last verified before {month}; call them and "
            "update verified:").format(count=len(started.review), month=started.previous), file=out)
    for contact_id, name, verified in started.review:
        print("  " + _("{id}  {name}  (verified {date})").format(id=contact_id, name=name, date=verified.isoformat()),
              file=out)
