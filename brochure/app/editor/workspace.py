"""The project's data held in memory for the editor.

Pages and searches answer from memory: the YAML files are read again only
when one of them changed on disk (size and mtime are compared on each
request, which costs a stat per file), so a registry of 1,741 municipalities
is parsed once, not per keystroke.  A file that does not load is kept as its
DataError, which the pages show with its line, and the editor refuses to save
into it.
"""

from __future__ import annotations

import threading
import time
import unicodedata
from dataclasses import dataclass, field

from ...data.loader import Located
from ...data.model import BrochureSource, Registry, each_brochure, load_registry_values
from ...errors import DataError, Problem
from ...layout.compose import Composer
from ...project import Project


RESTAT_SECONDS = 0.5   # files are looked at again at most this often: an edit elsewhere shows within a second


@dataclass(frozen=True)
class Place:
    """Where a contact is printed: a leaflet, its edition, a panel."""

    brochure: str
    title: str
    edition: str
    position: int
    panel_id: str | None
    heading: str


@dataclass
class Snapshot:
    """One consistent reading of the data files."""

    registry: Registry | None = None
    brochures: dict[str, BrochureSource] = field(default_factory=dict)
    places: dict[str, list[Place]] = field(default_factory=dict)      # contact id → where printed
    problems: list[Problem] = field(default_factory=list)              # errors that stop a build
    search_text: dict[str, str] = field(default_factory=dict)          # contact id → normalised text,
    #                                                                  in list order (by 名称_カナ)
    names: dict[str, str] = field(default_factory=dict)                # contact id → name


class Workspace:
    def __init__(self, project: Project):
        self.project = project
        self._lock = threading.Lock()
        self._stamp: tuple | None = None
        self._last_stamp: tuple | None = None
        self._stamped_at = float("-inf")
        self._snapshot = Snapshot()

    # ------------------------------------------------------------------ reading

    def current(self) -> Snapshot:
        """The data as the files are now; read again only when a file changed.  ``refresh()`` first
        when the caller has just written a file (the next page must show it)."""
        now = time.monotonic()
        if now - self._stamped_at > RESTAT_SECONDS:      # a stat per file is 20 ms for 1,741 leaflets
            self._last_stamp, self._stamped_at = self._files_stamp(), now
        stamp = self._last_stamp
        with self._lock:
            if stamp != self._stamp:
                self._snapshot = self._read()
                self._stamp = stamp
            return self._snapshot

    def refresh(self) -> None:
        self._stamped_at = float("-inf")

    def _files_stamp(self) -> tuple:
        files = [self.project.contacts_file, *sorted(self.project.brochures_dir.glob("*.yaml"))]
        stamp = []
        for path in files:
            try:
                info = path.stat()
            except OSError:
                continue
            stamp.append((str(path), info.st_size, info.st_mtime_ns))
        return tuple(stamp)

    def _read(self) -> Snapshot:
        snapshot = Snapshot()
        try:
            snapshot.registry = load_registry_values(self.project)
        except DataError as error:
            snapshot.problems = error.problems
            return snapshot
        try:
            for source in each_brochure(self.project, None, snapshot.registry):
                snapshot.brochures[source.name] = source
        except DataError as error:
            snapshot.problems = [p for p in error.problems if p.severity == "error"]
        snapshot.places = self._places(snapshot)
        contacts = snapshot.registry.contacts
        ordered = sorted(contacts, key=lambda cid: getattr(contacts[cid], "name_kana", None) or contacts[cid].name)
        snapshot.search_text = {cid: _searchable(cid, contacts[cid]) for cid in ordered}
        snapshot.names = {cid: contacts[cid].name for cid in contacts}
        _return_freed_memory()
        return _slim(snapshot)

    def _places(self, snapshot: Snapshot) -> dict[str, list[Place]]:
        from ...builder.depends import panels_using   # the build's own answer to "which panels print it"

        composer, places = Composer(self.project, snapshot.registry), {}
        for source in snapshot.brochures.values():
            try:
                comp = composer.compose(source, html=False)   # which panels print what, not how
            except DataError as error:
                snapshot.problems += error.problems
                continue
            brochure = source.brochure
            for contact_id, positions in panels_using(comp).items():
                for panel in comp.panels:
                    if panel.position in positions:
                        heading = panel.headings[0] if panel.headings else ""
                        places.setdefault(contact_id, []).append(Place(
                            source.name, short_title(brochure.title), brochure.edition.issued, panel.position,
                            panel.id, heading))
            for contact_id in filter(None, (brochure.edition.publisher, brochure.edition.office)):
                places.setdefault(contact_id, []).append(Place(
                    source.name, short_title(brochure.title), brochure.edition.issued, 0, None, "発行者・事務局"))
        return places

    # ------------------------------------------------------------------ searching

    def search(self, query: str) -> list[str]:
        """Contact ids whose name, id, address or phone number contains the query (phone numbers
        match with or without hyphens; full-width and half-width characters alike)."""
        snapshot = self.current()
        words = _normalise(query).split()
        if not words:
            return list(snapshot.search_text)
        return [cid for cid, text in snapshot.search_text.items() if all(w in text for w in words)]


def _return_freed_memory() -> None:
    """Give the memory the YAML parser used back to the system (glibc keeps freed heap otherwise):
    a national registry's parse is a peak the editor never needs again."""
    try:
        import ctypes
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass    # not glibc (macOS, Windows): the memory is reused by the next read instead


def short_title(title: str) -> str:
    """A leaflet's title up to its first full-width space: the publisher, before the long subtitle."""
    return title.split("\u3000", 1)[0].strip() or title


def _slim(snapshot: Snapshot) -> Snapshot:
    """Keep what the pages use: the values, not every value's line and column (errors are found by
    the checks that run on a save, which read the file afresh).  A national registry's marks are
    most of its memory."""
    registry = snapshot.registry
    snapshot.registry = Registry(registry.contacts, Located(registry.located.file, registry.located.data),
                                 registry.warnings)
    snapshot.brochures = {name: BrochureSource(s.name, s.brochure, Located(s.located.file, s.located.data), s.warnings)
                          for name, s in snapshot.brochures.items()}
    return snapshot


def _normalise(text: str) -> str:
    """NFKC folds full-width letters and digits into half-width; hyphens and dashes are dropped so a
    phone number matches however it is written."""
    text = unicodedata.normalize("NFKC", text).lower()
    return "".join(ch for ch in text if ch not in "-‐‑‒–—―−ー")


def _searchable(contact_id: str, contact) -> str:
    parts = [contact_id, contact.name, contact.address or "", contact.tel or "", contact.postal_code or "",
             getattr(contact, "name_kana", None) or "", contact.email or "", contact.url or ""]
    return _normalise(" ".join(parts)) + " " + " ".join(parts).lower()
