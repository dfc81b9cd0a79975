"""Writing outputs: atomically, and a manifest that says what each was made from."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..files import atomic_write, write_if_changed


@dataclass
class Output:
    """One file a build produces, and everything it was made from."""

    brochure: str
    edition: str
    variant: str
    path: str                 # relative to the project
    data: bytes | None = field(repr=False)   # None once spilled to ``spool``
    pages: int
    sources: list[str]        # data files
    contacts: list[str]       # contact ids printed
    panels: list[dict]        # per panel: position, id, contacts
    print_shop: dict | None = None   # print variant: sheet, fold, panels, bleed, colour, fonts (printinfo.py)
    spool: str | None = None         # the file holding the bytes until the build writes them
    size: int = 0
    digest: str = ""

    def spill(self, folder: Path) -> None:
        """Move the bytes to a file in ``folder``: a batch of thousands of PDFs is held on disk, not in
        memory, until every brochure has passed preflight and the build writes them.  The file is
        complete and synced here (in the worker), so writing it later is a rename."""
        assert self.data is not None
        self.size, self.digest = len(self.data), hashlib.sha256(self.data).hexdigest()
        fd, name = tempfile.mkstemp(prefix=f"{self.brochure}-{self.variant}-", suffix=Path(self.path).suffix, dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(self.data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(name, 0o644)
        self.spool, self.data = name, None

    def read(self) -> bytes:
        return self.data if self.data is not None else Path(self.spool or "").read_bytes()

    def write_to(self, path: Path) -> bool:
        """Put the output at ``path`` unless it already holds these bytes (its mtime then stays); True
        when written.  A spilled output on the same file system is renamed into place: atomic, and
        no copy."""
        if self.spool is None:
            return write_if_changed(path, self.read())
        try:
            if path.stat().st_size == self.size and hashlib.sha256(path.read_bytes()).hexdigest() == self.digest:
                return False
        except OSError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(self.spool, path)
        except OSError:   # another file system (e.g. build/ is a mount): copy, atomically
            atomic_write(path, self.read())
            return True
        self.spool = None
        return True

    @property
    def sha256(self) -> str:
        return self.digest or hashlib.sha256(self.read()).hexdigest()

    def entry(self) -> dict:
        size = self.size if self.data is None else len(self.data)
        return {
            "brochure": self.brochure, "edition": self.edition, "variant": self.variant, "path": self.path,
            "sha256": self.sha256, "bytes": size, "pages": self.pages,
            "sources": self.sources, "contacts": self.contacts, "panels": self.panels,
        } | ({"print_shop": self.print_shop} if self.print_shop else {})


def manifest_bytes(outputs: list[dict], tool_version: str, extra: dict | None = None) -> bytes:
    document = {"tool": "brochure", "version": tool_version,
                "outputs": sorted(outputs, key=lambda o: (o["brochure"], o["edition"], o["variant"])),
                **(extra or {})}
    return (_one_record_per_line(document) + "\n").encode("utf-8")


def _one_record_per_line(document: dict) -> str:
    """JSON with every output and every keyed record on a line of its own: a diff shows which changed,
    and json's C encoder writes it (an indented dump of a 1,741-brochure manifest takes seconds)."""
    def compact(value: object) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)

    fields = []
    for key in sorted(document):
        value = document[key]
        if isinstance(value, list) and value:
            body = "[\n" + ",\n".join("    " + compact(item) for item in value) + "\n  ]"
        elif isinstance(value, dict) and value:
            body = "{\n" + ",\n".join(f"    {compact(k)}: {compact(value[k])}" for k in sorted(value)) + "\n  }"
        else:
            body = compact(value)
        fields.append(f"  {compact(key)}: {body}")
    return "{\n" + ",\n".join(fields) + "\n}"


def read_manifest(path: Path) -> list[dict]:
    return read_manifest_document(path).get("outputs", [])


def read_manifest_document(path: Path) -> dict:
    """The whole manifest; an empty one when it is missing or unreadable (then everything is rebuilt)."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return document if isinstance(document, dict) else {}
