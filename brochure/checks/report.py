"""The report ``brochure check`` prints: every problem, then one line per output."""

from __future__ import annotations

import json

from ..errors import Problem
from ..i18n import _, ngettext


STALE_MONTHS = 12   # a printed contact verified longer before its issue month is a warning (preflight.py)
STALE = "stale-contact"    # the code of those warnings: summarised in one line unless asked for (check --stale)
STALE_SHOWN = 3     # more stale-contact warnings than this are one line, with the command that lists them


def warning_lines(warnings: list[Problem], stale: bool = False) -> list[str]:
    """Each warning as printed; many stale contacts are one line with their count and the command
    that lists them, so that the warning that matters is not lost among them (``stale``: list them all)."""
    old = [w for w in warnings if w.code == STALE]
    if stale or len(old) <= STALE_SHOWN:
        return [str(w) for w in warnings]
    contacts = len({w.key.rsplit(": ", 1)[-1] for w in old})
    summary = ngettext("{count} printed contact was last verified more than {months} months before the issue month",
                       "{count} printed contacts were last verified more than {months} months before the issue month",
                       contacts).format(count=contacts, months=STALE_MONTHS)
    return [str(w) for w in warnings if w.code != STALE] + [
        f"{summary} [{_('warning')}]\n  {_('hint:')} " + _("list them with: brochure check --stale")]


def check_report(result, errors: list[Problem], as_json: bool = False, stale: bool = False) -> str:
    """Plain text for people, or JSON (``--json``) for machines; ``result`` is None when nothing loaded."""
    warnings = result.warnings if result is not None else []
    outputs = result.outputs if result is not None else []
    if as_json:
        return json.dumps({
            "ok": not errors,
            "errors": [p.as_dict() for p in errors],
            "warnings": [p.as_dict() for p in warnings],
            "checked": [{"brochure": o.brochure, "edition": o.edition, "variant": o.variant, "pages": o.pages}
                        for o in outputs],
        }, ensure_ascii=False, indent=2)
    lines = [str(p) for p in errors] + warning_lines(warnings, stale)
    lines += [_("{brochure} {edition} {variant}: checked ({pages} pages)").format(
        brochure=o.brochure, edition=o.edition, variant=o.variant, pages=o.pages) for o in outputs]
    counts = _("{errors}, {warnings}").format(
        errors=ngettext("{count} error", "{count} errors", len(errors)).format(count=len(errors)),
        warnings=ngettext("{count} warning or note", "{count} warnings or notes", len(warnings)).format(
            count=len(warnings)))
    lines.append(_("{counts}; no PDF was written.").format(counts=counts) if errors
                 else _("all checks passed ({counts}); no PDF was written.").format(counts=counts))
    return "\n".join(lines)
