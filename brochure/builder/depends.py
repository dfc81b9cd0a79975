"""What each output is made from, and whether it must be made again.

Two levels, so that a build with nothing to do stays cheap:

* ``quick_fresh`` looks only at file contents (SHA-256, cached by size and
  mtime in ``build/.cache.json``) and the manifest.  When no input file of a
  brochure changed and its outputs are intact, the build ends there, without
  importing pydantic, Jinja2 or WeasyPrint.
* ``made_from`` describes one output by what it prints: the brochure's
  validated data, the content of each contact record it reads (not the whole
  contacts file: editing another centre's record leaves it alone), the layout
  files, the fonts, the assets, the tool version and the variant.  An output
  whose ``made_from`` is unchanged is not rendered again.

This module imports only the standard library at the top: the no-op path
runs it in a fresh process.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from .. import __version__
from ..errors import BrochureError
from ..project import Project

if TYPE_CHECKING:  # heavy modules, only for type names
    from ..data.model import Registry
    from ..layout.compose import Composition

CACHE_FILE = ".cache.json"
LOCK_FILE = ".lock"
# Fields the schema documents as never printed: editing them changes no PDF.
UNPRINTED_CONTACT_FIELDS = ("notes", "corrections", "name_kana", "recurrence")
# A channel's recurrence too (its `hours` is printed as written): filling it rebuilds nothing.
UNPRINTED_CONTACT = {**{name: True for name in UNPRINTED_CONTACT_FIELDS}, "channels": {"__all__": {"recurrence"}}}
# What only an English edition prints (brochure/layout/labels.py): the other editions leave it out, and
# an English edition prints the recurrences as its hours.
ENGLISH_CONTACT_FIELDS = ("name_en", "address_en")
UNPRINTED_IN = {
    "ja": {**UNPRINTED_CONTACT, **{name: True for name in ENGLISH_CONTACT_FIELDS},
           "channels": {"__all__": {"recurrence", "notes_en"}}},
    "en": {name: True for name in UNPRINTED_CONTACT_FIELDS if name != "recurrence"},
}


def unprinted_contact(language: str) -> dict:
    """The contact fields an edition in ``language`` does not print (pydantic's exclude)."""
    return UNPRINTED_IN.get(language, UNPRINTED_IN["ja"])
UNPRINTED_BROCHURE_FIELDS = ("corrections",)


# --------------------------------------------------------------------------- the lock


@contextmanager
def project_lock(project: Project) -> Iterator[None]:
    """One build at a time per project: a second one waits for the first (flock is released on exit or crash)."""
    project.build.mkdir(parents=True, exist_ok=True)
    with open(project.build / LOCK_FILE, "a+b") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        except OSError as error:
            raise BrochureError(f"cannot lock {project.relative(project.build / LOCK_FILE)}: {error}") from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# --------------------------------------------------------------------------- file hashes


class FileHashes:
    """SHA-256 of project files, re-read only when a file's size or mtime changed."""

    def __init__(self, project: Project):
        self.project = project
        self.path = project.build / CACHE_FILE
        try:
            self.known: dict[str, list] = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}
        self.seen: dict[str, list] = {}
        self._of: dict[tuple, dict[str, str]] = {}
        self._listed: dict[Path, list[Path]] = {}

    def sha256(self, path: Path) -> str | None:
        """Content hash of ``path``, or None when it does not exist."""
        rel = self.project.relative(path)
        try:
            stat = path.stat()
        except OSError:
            return None
        cached = self.seen.get(rel) or self.known.get(rel)   # seen: hashed earlier in this build
        if cached and cached[0] == stat.st_size and cached[1] == stat.st_mtime_ns:
            digest = cached[2]
        else:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        self.seen[rel] = [stat.st_size, stat.st_mtime_ns, digest]
        return digest

    def of(self, paths: list[Path]) -> dict[str, str]:
        """Hashes of ``paths`` by project-relative name; the same list is hashed once per build
        (every brochure of a batch shares its layout, fonts and assets)."""
        key = tuple(paths)
        if key not in self._of:
            hashes = {self.project.relative(p): self.sha256(p) for p in paths}
            self._of[key] = {rel: digest for rel, digest in hashes.items() if digest is not None}
        return dict(self._of[key])

    def files_under(self, folder: Path) -> list[Path]:
        """Every file under ``folder``, listed once per build."""
        if folder not in self._listed:
            self._listed[folder] = _files_under(folder)
        return self._listed[folder]

    def save(self) -> None:
        from ..files import write_if_changed
        merged = {**self.known, **self.seen}
        write_if_changed(self.path, json.dumps(merged, sort_keys=True).encode("utf-8"))


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


def stamp(project: Project, name: str, hashes: FileHashes) -> dict[str, str]:
    """Hashes of every file a brochure could read (a superset, for the quick check only): its own
    file, and the files every brochure shares, listed and hashed once per build."""
    shared = ([project.contacts_file] + hashes.files_under(project.layouts) + hashes.files_under(project.fonts)
              + hashes.files_under(project.assets))
    # Its snapshots and published record too: publishing changes what the build makes (targets.py).
    own = [project.brochure_file(name)] + hashes.files_under(project.data / "editions" / name)
    own += hashes.files_under(project.root / "translations" / name)   # a language edition's sentences
    return {**hashes.of(own), **hashes.of(shared)}


# --------------------------------------------------------------------------- the quick check


def quick_fresh(project: Project, stamps: dict[str, dict[str, str]], manifest: dict,
                hashes: FileHashes) -> list[dict] | None:
    """The manifest entries of the stamped brochures when no file they read changed and their outputs are
    intact; else None (then the slow, exact comparison decides)."""
    if manifest.get("version") != __version__:
        return None
    recorded_stamps = manifest.get("inputs", {})
    entries = {_key(o): o for o in manifest.get("outputs", [])}
    fresh = []
    for name, files in stamps.items():
        recorded = recorded_stamps.get(name)
        if not recorded or recorded.get("files") != files:
            return None
        for key in recorded.get("outputs", []):
            entry = entries.get(tuple(key))
            if entry is None or not output_intact(project, entry, hashes):
                return None
            fresh.append(entry)
    return fresh


def output_intact(project: Project, entry: dict, hashes: FileHashes) -> bool:
    """The file the manifest lists is there, with the bytes the manifest says."""
    return hashes.sha256(project.root / entry["path"]) == entry.get("sha256")


def _key(entry: dict) -> tuple[str, str, str]:
    return entry["brochure"], entry["edition"], entry["variant"]


# --------------------------------------------------------------------------- what an output is made from


def made_from(project: Project, comp: "Composition", registry: "Registry", hashes: FileHashes) -> dict[str, Any]:
    """Everything a brochure's outputs depend on, as plain JSON values (the manifest keys each output
    by its variant, so the variants share this)."""
    brochure = comp.source.brochure
    used = sorted(comp.uses | {brochure.edition.publisher})   # the publisher is also in the PDF's metadata
    return {
        "tool": __version__,
        "brochure": brochure.model_dump(mode="json", exclude=set(UNPRINTED_BROCHURE_FIELDS)),
        "contacts": {cid: registry[cid].model_dump(mode="json", exclude=unprinted_contact(comp.language))
                     for cid in used},
        "layouts": hashes.of(list(comp.layout_files)),
        "fonts": hashes.of(hashes.files_under(project.fonts)),
        "assets": hashes.of(hashes.files_under(project.assets)),
    }


def fingerprint(made: dict[str, Any]) -> str:
    canonical = json.dumps(made, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def panels_using(comp: "Composition") -> dict[str, list[int]]:
    """Contact id → positions (1-based reading order) of the panels that print it."""
    found: dict[str, list[int]] = {}
    for panel in comp.panels:
        for cid in panel.uses:
            found.setdefault(cid, []).append(panel.position)
    return found


def dump_file_hashes(hashes: FileHashes) -> None:
    """Keep the hash cache for the next build (a missing cache only costs re-reading files)."""
    try:
        hashes.save()
    except OSError:
        pass
