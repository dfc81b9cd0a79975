"""The data-field reference, generated from the schema's own descriptions.

``brochure fields`` prints the whole of docs/data-reference.md
(``brochure fields > docs/data-reference.md`` writes it); a test checks that
the committed file is this text, so the docs cannot drift from the schema.
"""

from __future__ import annotations

from pydantic import BaseModel

from ..data import schema

SECTIONS: list[tuple[str, type[BaseModel]]] = [
    ("Contact record (`data/contacts.yaml`, one per id)", schema.Contact),
    ("Consultation channel (`channels:` of a contact)", schema.Channel),
    ("Schedule as structure (`recurrence:` of a contact or a channel)", schema.Recurrence),
    ("Recurring time (`times:` of a `recurrence:`)", schema.Times),
    ("Brochure (`data/brochures/<name>.yaml`)", schema.Brochure),
    ("Edition (`edition:`)", schema.Edition),
    ("Palette (`palette:`)", schema.Palette),
    ("Print profile (`print:`)", schema.PrintProfile),
    ("Language edition (`language_editions:`, per language)", schema.LanguageEdition),
    ("Panel (`panels:`, in reading order)", schema.Panel),
    ("Contact entry (in a `contacts:` block)", schema.ContactEntry),
] + [(f"Block `{key}:`", model) for key, model in schema.BLOCK_TYPES.items()]


def field_reference() -> str:
    lines = []
    for title, model in SECTIONS:
        lines += [f"## {title}", "", "| field | required | meaning |", "|---|---|---|"]
        for name, info in model.model_fields.items():
            required = "yes" if info.is_required() else ""
            lines.append(f"| `{name}` | {required} | {info.description or ''} |")
        lines.append("")
    return "\n".join(lines)


INTRO = """\
# Data reference

Every field of the files in `data/`, generated from the schema (`brochure/data/schema.py`): do not edit this
file by hand. After changing a field's description in the schema, write it again with

```sh
.venv/bin/brochure fields > docs/data-reference.md
```

(a test checks that this file is current). A field marked *required* must be given; every other field may be
left out. A misspelt or unknown field is an error that names the file, the line and the valid fields. How to
edit the data step by step: [staff-guide.ja.md](staff-guide.ja.md); editions and snapshots:
[editions.md](editions.md); what `print:` does at the print shop: [print-production.md](print-production.md).

"""


def data_reference() -> str:
    """The whole of docs/data-reference.md: a short introduction, then ``field_reference()``."""
    return INTRO + field_reference()
