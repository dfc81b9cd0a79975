"""The package's import rules, read from the source with ``ast`` (nothing is imported).

Stages, highest first: a module may import its own stage and any stage below it, never one above.
The shared modules at the top of the package (project, files, errors, i18n) are below every stage.
Every import counts: at module level, inside a function, or under ``TYPE_CHECKING``, because each
is a dependency someone reading the code has to follow.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

STAGES = ("app", "builder", "checks", "render", "layout", "data")
SHARED = "shared"
RANK = {stage: len(STAGES) - i for i, stage in enumerate(STAGES)} | {SHARED: 0}


@dataclass(frozen=True)
class Import:
    module: str      # the importing module, dotted
    target: str      # the imported module, dotted
    file: Path
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.module} imports {self.target}"


def stage_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in STAGES:
        return parts[1]
    if parts[1:] == ["__main__"]:
        return "app"          # python -m brochure is a front door
    return SHARED


def module_name(path: Path, package_root: Path) -> str:
    parts = list(path.relative_to(package_root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, package_root: Path, modules: set[str]) -> list[Import]:
    """Every import of a package module in ``path``, resolved to the module it names."""
    module = module_name(path, package_root)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # "from pkg import name": name is a module when the package has one by that name
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        else:
            continue
        root = package_root.name
        found += [Import(module, _owning_module(t, modules), path, node.lineno)
                  for t in targets if t == root or t.startswith(root + ".")]
    return found


def _owning_module(target: str, modules: set[str]) -> str:
    while target not in modules and "." in target:
        target = target.rpartition(".")[0]
    return target


def all_imports(package_root: Path) -> list[Import]:
    files = sorted(package_root.rglob("*.py"))
    modules = {module_name(f, package_root) for f in files}
    return [imp for f in files for imp in imports_of(f, package_root, modules)]


def upward_imports(imports: list[Import]) -> list[Import]:
    """Imports against the order: a stage importing a stage above it."""
    return [i for i in imports if RANK[stage_of(i.target)] > RANK[stage_of(i.module)]]


def cycles(imports: list[Import]) -> list[list[Import]]:
    """Each import cycle between modules once, as the chain of imports that closes it."""
    graph: dict[str, list[Import]] = {}
    for imp in imports:
        if imp.target != imp.module and not _is_parent(imp.target, imp.module):
            graph.setdefault(imp.module, []).append(imp)
    found, seen_sets = [], set()
    for start in sorted(graph):
        for chain in _chains_back_to(start, graph):
            key = frozenset(i.module for i in chain)
            if key not in seen_sets:
                seen_sets.add(key)
                found.append(chain)
    return found


def _is_parent(package: str, module: str) -> bool:
    """A module importing its own package's __init__ (e.g. a fold registering itself) is not a cycle."""
    return module.startswith(package + ".")


def _chains_back_to(start: str, graph: dict[str, list[Import]]) -> list[list[Import]]:
    chains, stack = [], [(start, [])]
    visited: set[str] = set()
    while stack:
        node, path = stack.pop()
        for imp in graph.get(node, []):
            if imp.target == start:
                chains.append(path + [imp])
            elif imp.target not in visited:
                visited.add(imp.target)
                stack.append((imp.target, path + [imp]))
    return chains
