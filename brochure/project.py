"""Where a project's folders are.

The tool works on the project folder it is run in (or ``--project DIR``),
never next to the installed package, so a plain ``pip install .`` works.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def contacts_file(self) -> Path:
        return self.data / "contacts.yaml"

    @property
    def brochures_dir(self) -> Path:
        return self.data / "brochures"

    @property
    def assets(self) -> Path:
        return self.data / "assets"

    @property
    def layouts(self) -> Path:
        return self.root / "layouts"

    @property
    def fonts(self) -> Path:
        return self.root / "fonts"

    @property
    def build(self) -> Path:
        return self.root / "build"

    def relative(self, path: Path) -> str:
        """A path as the user sees it: relative to the project when inside it."""
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def brochure_file(self, name: str) -> Path:
        return self.brochures_dir / f"{name}.yaml"

    def brochure_names(self) -> list[str]:
        return sorted(p.stem for p in self.brochures_dir.glob("*.yaml"))


def open_project(directory: str | Path | None = None) -> Project:
    """The project at ``directory`` (default: the current folder)."""
    root = Path(directory or ".").resolve()
    if not (root / "data" / "contacts.yaml").is_file():
        raise UsageError(
            f"{root} is not a brochure project: data/contacts.yaml is missing.\n"
            "  hint: run brochure in the project folder, or name it with --project DIR"
        )
    return Project(root)
