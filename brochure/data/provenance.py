"""Find the data value a printed character or phrase came from.

Preflight sees rendered text; the user needs the file, line and key to edit.
The brochure's own values and the records of the contacts it prints are
searched; fields that are never printed (internal notes, corrections) are
skipped so that a hit points at the value that actually prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

from .loader import Located, dotted

NEVER_PRINTED = {"notes", "corrections"}   # at the top of a record or brochure


@dataclass(frozen=True)
class Origin:
    located: Located
    path: tuple

    @property
    def line(self) -> int | None:
        return self.located.where(self.path)[0]

    @property
    def key(self) -> str:
        return dotted(self.path)

    @property
    def panel_index(self) -> int | None:
        """0-based panel index when the value sits in a brochure's panels."""
        return self.path[1] if len(self.path) > 1 and self.path[0] == "panels" else None


def strings(data: Any, path: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """Every string value in a loaded YAML document, with its key path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, path + (index,))
    elif isinstance(data, str):
        yield path, data


def find(brochure: Located, contacts: Located | None, contact_ids: set[str],
         match: Callable[[str], bool]) -> list[Origin]:
    """Printed values that satisfy ``match``: the brochure's first, then its contacts'."""
    found = [Origin(brochure, path) for path, text in strings(brochure.data)
             if path[:1] != ("corrections",) and match(text)]
    if contacts is not None and isinstance(contacts.data, dict):
        for contact_id in sorted(contact_ids):
            for path, text in strings(contacts.data.get(contact_id), (contact_id,)):
                if path[1:2] and path[1] in NEVER_PRINTED and len(path) >= 2:
                    continue
                if match(text):
                    found.append(Origin(contacts, path))
    return found
