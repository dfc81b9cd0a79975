"""履歴: every save the editor makes, and undo.

Each save is one entry file (``.brochure/history/000001.json``: time, user,
file, the change in words, and the file's text before and after), written
atomically after the data file, so a kill leaves the data file old or new and
the history with the entry or without it, never half of one.  Undo writes the
text from before back, when the file still holds the text from after (else
someone changed it since: a conflict, nothing written), and is itself an
entry.  In a git repository each save is also a commit of that one file, with
the user as its author.
"""

from __future__ import annotations

import datetime
import json
import shutil
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path

from ...errors import BrochureError
from ...files import atomic_write
from ...project import Project


@dataclass(frozen=True)
class Entry:
    number: int
    time: str          # ISO 8601, local time, seconds
    user: str
    file: str          # relative to the project
    summary: str       # the change in words
    before: str
    after: str
    undoes: int | None = None


class UndoConflict(BrochureError):
    """The file changed after the entry being undone: undoing it would lose that change."""


class History:
    def __init__(self, project: Project):
        self.project = project
        self.folder = project.root / ".brochure" / "history"

    def record(self, user: str, file: Path, summary: str, before: str, after: str,
               undoes: int | None = None) -> Entry:
        entries = self.entries()
        number = entries[0].number + 1 if entries else 1
        now = datetime.datetime.now().astimezone().replace(microsecond=0).isoformat()
        entry = Entry(number, now, user, self.project.relative(file), summary, before, after, undoes)
        atomic_write(self.folder / f"{number:06d}.json",
                     json.dumps(asdict(entry), ensure_ascii=False, indent=1).encode("utf-8"))
        self._commit(entry, file)
        return entry

    def entries(self) -> list[Entry]:
        """Newest first; an entry file that does not read (cut short by a crash) is skipped."""
        found = []
        for path in sorted(self.folder.glob("*.json"), reverse=True):
            try:
                found.append(Entry(**json.loads(path.read_text(encoding="utf-8"))))
            except (OSError, ValueError, TypeError):
                continue
        return found

    def get(self, number: int) -> Entry | None:
        return next((e for e in self.entries() if e.number == number), None)

    def undo(self, number: int, user: str) -> Entry:
        entry = self.get(number)
        if entry is None:
            raise BrochureError(f"no history entry {number}")
        path = self.project.root / entry.file
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if current != entry.after:
            raise UndoConflict(f"{entry.file} has changed since change {number}; undo the later changes first")
        if entry.before == "":      # the change made the file (a new leaflet): undo removes it
            path.unlink()
        else:
            atomic_write(path, entry.before.encode("utf-8"))
        return self.record(user, path, f"取り消し（{number}）: {entry.summary}", entry.after, entry.before,
                           undoes=number)

    # ------------------------------------------------------------------ git

    def _commit(self, entry: Entry, file: Path) -> None:
        """A commit of the one file, when the project is a git repository (best effort: the
        journal above is the record; a failing commit is not a failed save)."""
        git = shutil.which("git")
        if git is None or not (self.project.root / ".git").exists():
            return
        author = f"{entry.user} <{entry.user}@brochure.local>"
        try:
            subprocess.run([git, "add", "--", str(file)], cwd=self.project.root, check=True,
                           capture_output=True, timeout=30)
            subprocess.run([git, "commit", "-q", "--author", author, "-m", entry.summary, "--", str(file)],
                           cwd=self.project.root, check=True, capture_output=True, timeout=30,
                           env={"GIT_COMMITTER_NAME": "brochure", "GIT_COMMITTER_EMAIL": "brochure@localhost",
                                "PATH": "/usr/bin:/bin", "HOME": str(self.project.root)})
        except (OSError, subprocess.SubprocessError):
            pass
