"""``brochure contacts export FILE.xlsx|FILE.csv``: the registry as a spreadsheet staff can edit.

The registry is validated first, as a build would: a spreadsheet made from
broken data would carry the breakage to Excel and back.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import ValidationError

from ...builder.pipeline import collector_paused
from ...data.loader import Located, load_yaml
from ...data.model import Registry, each_brochure, registry_from
from ...data.schema import Contact
from ...data.table import cells_of
from ...errors import DataError, Problem
from ...project import Project
from . import files
from .places import places

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)    # libyaml: a national registry in ~2 s


def read_contacts(project: Project) -> tuple[str, dict]:
    """data/contacts.yaml as text and as PyYAML reads it.  Read with libyaml, not the build's loader
    that keeps every value's line (4x slower): lines are only needed for messages, and a file that
    does not read is read again by the build's loader for them."""
    shown = project.relative(project.contacts_file)
    try:
        text = project.contacts_file.read_bytes().decode("utf-8")
        data = yaml.load(text, Loader=Loader)
    except (UnicodeDecodeError, yaml.YAMLError):
        load_yaml(project.contacts_file, shown)      # raises the located DataError
        raise DataError([Problem(shown, "", "cannot read the contacts file")]) from None
    if not isinstance(data, dict):
        registry_from(load_yaml(project.contacts_file, shown))
    return text, data


def registry_of(project: Project, data: dict) -> Registry:
    """The records as models for composing, where-used's question.  The value checks (phonenumbers,
    ~9 s for 35,000 records) are left to the build: a wrong number is still printed somewhere."""
    shown = project.relative(project.contacts_file)
    try:
        contacts = {cid: Contact.model_validate(record) for cid, record in data.items()}
    except (ValidationError, TypeError, ValueError):
        return registry_from(load_yaml(project.contacts_file, shown))   # every problem, with its line
    return Registry(contacts, Located(shown, data))


def export(project: Project, path: Path) -> int:
    """Write the registry to ``path`` (.xlsx or .csv); the number of contacts written."""
    kind = files.kind_of(path)
    with collector_paused():      # ~1 million long-lived objects for a national registry, no cycles
        _text, records = read_contacts(project)
        names = {cid: str(record.get("name", "")) for cid, record in records.items()}
        rows = [cells_of(cid, record, names) for cid, record in records.items()]
        if kind == "csv":
            files.write_csv(path, rows)
        else:
            files.write_xlsx(path, rows, _places_rows(project, registry_of(project, records), names))
    return len(rows)


def _places_rows(project: Project, registry: Registry, names: dict[str, str]) -> list[list]:
    sources = list(each_brochure(project, None, registry))
    found = places(project, registry, sources)
    rows = []
    for cid in names:   # in the registry's order, as the first sheet
        for place in found.get(cid, []):
            rows.append([cid, names[cid], place.brochure, place.title, place.edition,
                         place.position or "", place.panel_id])
    return rows
