"""What ``brochure contacts ACTION`` does, as lines for the command line to print."""

from __future__ import annotations

from pathlib import Path

from ...i18n import _
from ...project import Project


def run(project: Project, action: str, file: Path | None, options: dict) -> list[str]:
    if action == "export":
        return _export(project, file, options)
    if action == "import":
        return _import(project, file, options)
    return _suggest_kana(project)


def _export(project: Project, file: Path, options: dict) -> list[str]:
    form = options.get("format") or "sheet"
    if form == "kokyo-shisetsu":
        from .opendata import export_kokyo
        count, lacking = export_kokyo(project, file, options.get("municipality_code"), options.get("municipality"))
        return [_("{file}: {count} facilities (公共施設一覧)").format(file=file, count=count)] + lacking
    if form == "hsds":
        from .hsds import export_hsds
        counts = export_hsds(project, file)
        return [f"{file}/{name}.json: {count}" for name, count in counts.items()]
    from .export import export
    count = export(project, file)
    return [_("{file}: {count} contacts written").format(file=file, count=count)]


def _import(project: Project, file: Path, options: dict) -> list[str]:
    from ...builder.pipeline import collector_paused
    from .plan import apply, plan_import
    from .report import preview
    # A national registry read twice (the file and the sheet) is ~2 million objects that live until
    # the end and form no cycles: the collector's passes over them were half of an import.
    with collector_paused():
        if options.get("format") == "kokyo-shisetsu":
            from .opendata import plan_kokyo
            plan = plan_kokyo(project, file)
        else:
            plan = plan_import(project, file)
        target = project.relative(project.contacts_file)
        applied = bool(options.get("apply")) and bool(plan.changes)
        if applied:
            apply(project, plan)
    return preview(plan, target, applied)


def _suggest_kana(project: Project) -> list[str]:
    """Printed, never written: an unconfirmed reading written into the data would look confirmed
    and flow into the open-data exports.  A person copies the ones that are right."""
    from ...data.kana import suggest
    from .export import read_contacts
    _text, records = read_contacts(project)
    lines = []
    for cid, record in records.items():
        if not record.get("name_kana"):
            lines.append(f"{cid}\t{record.get('name', '')}\t{suggest(str(record.get('name', '')))}")
    if not lines:
        return [_("every contact has a name_kana reading")]
    return [_("# Suggestions only: proper names are often read wrongly. Check each, then write it as name_kana."),
            _("# ID\tname\tsuggested name_kana")] + lines
