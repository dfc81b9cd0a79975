"""The data-field reference, generated from the schema's own descriptions.

``brochure fields`` prints it; README.md's "Data fields" section is this
text, and a test checks the two agree, so the docs cannot drift.
"""

from __future__ import annotations

from pydantic import BaseModel

from ..data import schema

SECTIONS: list[tuple[str, type[BaseModel]]] = [
    ("Contact record (`data/contacts.yaml`, one per id)", schema.Contact),
    ("Consultation channel (`channels:` of a contact)", schema.Channel),
    ("Brochure (`data/brochures/<name>.yaml`)", schema.Brochure),
    ("Edition (`edition:`)", schema.Edition),
    ("Palette (`palette:`)", schema.Palette),
    ("Print profile (`print:`)", schema.PrintProfile),
    ("Panel (`panels:`, in reading order)", schema.Panel),
    ("Contact entry (in a `contacts:` block)", schema.ContactEntry),
] + [(f"Block `{key}:`", model) for key, model in schema.BLOCK_TYPES.items()]


def field_reference() -> str:
    lines = []
    for title, model in SECTIONS:
        lines += [f"#### {title}", "", "| field | required | meaning |", "|---|---|---|"]
        for name, info in model.model_fields.items():
            required = "yes" if info.is_required() else ""
            lines.append(f"| `{name}` | {required} | {info.description or ''} |")
        lines.append("")
    return "\n".join(lines)
