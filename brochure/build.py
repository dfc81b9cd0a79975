"""The pipeline: load → compose → render → preflight → write.

Everything is loaded, laid out and checked before the first byte is
written; a build that fails anywhere leaves every earlier output and the
manifest as they were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from . import __version__
from .errors import PreflightError, Problem
from .html import Composer, Composition
from .model import load_all
from .output import Output, atomic_write, manifest_bytes, read_manifest
from .project import Project


@dataclass(frozen=True)
class Variant:
    """One kind of output file per brochure and edition."""

    name: str
    html: Callable[[Composer, Composition], str]
    pdf_options: dict
    print_sheet: bool


VARIANTS: dict[str, Variant] = {}


def variant(name: str, pdf_options: dict, print_sheet: bool = False):
    def decorate(function: Callable[[Composer, Composition], str]):
        VARIANTS[name] = Variant(name, function, pdf_options, print_sheet)
        return function
    return decorate


@variant("print", {"pdf_version": "1.6"}, print_sheet=True)
def _print(composer: Composer, comp: Composition) -> str:
    """Imposed sheet sides with bleed, トンボ and fold marks, for the print shop."""
    return composer.print_html(comp)


@variant("download", {"pdf_variant": "pdf/ua-1"})
def _download(composer: Composer, comp: Composition) -> str:
    """Panels in reading order, tagged (PDF/UA-1), links, bookmarks: for the website."""
    return composer.download_html(comp)


@dataclass
class BuildResult:
    outputs: list[Output] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def output_path(name: str, edition: str, variant_name: str) -> str:
    return f"build/{name}/{edition}/{name}-{edition}-{variant_name}.pdf"


def render_all(project: Project, names: list[str] | None = None, jobs: int | None = None,
               progress=None) -> BuildResult:
    """Load, compose, render and check every brochure; write nothing.

    ``jobs`` worker processes render (default: one per core); ``progress``
    (a progress.BuildProgress) hears of each finished brochure.
    """
    from .parallel import render_compositions

    registry, sources = load_all(project, names)
    composer = Composer(project, registry)
    compositions = [composer.compose(source) for source in sources]
    result, errors = BuildResult(), []
    if progress is not None:
        progress.start(len(compositions))
    rendered_all = render_compositions(composer, compositions, list(VARIANTS.values()), jobs, progress)
    for comp, rendered_variants in zip(compositions, rendered_all):
        for rendered in rendered_variants:
            errors += [p for p in rendered.problems if p.severity == "error"]
            result.warnings += [p for p in rendered.problems if p.severity != "error"]
            result.outputs.append(_output(project, comp, rendered.variant, rendered))
    if errors:
        raise PreflightError(errors)
    return result


def _output(project: Project, comp: Composition, variant_name: str, rendered) -> Output:
    source = comp.source
    edition = source.brochure.edition.issued
    return Output(
        brochure=source.name, edition=edition, variant=variant_name,
        path=output_path(source.name, edition, variant_name), data=rendered.pdf,
        pages=rendered.pages,
        sources=sorted({source.located.file, project.relative(project.contacts_file)}),
        contacts=sorted(comp.uses),
        panels=[{"position": p.position, "id": p.id, "contacts": sorted(p.uses)} for p in comp.panels],
    )


def build(project: Project, names: list[str] | None = None, jobs: int | None = None,
          progress=None) -> BuildResult:
    """Render and check everything, then write the PDFs and the manifest atomically."""
    result = render_all(project, names, jobs, progress)
    for output in result.outputs:
        atomic_write(project.root / output.path, output.data)
    manifest = project.build / "manifest.json"
    kept = {(o["brochure"], o["edition"], o["variant"]): o for o in read_manifest(manifest)}
    kept.update({(o.brochure, o.edition, o.variant): o.entry() for o in result.outputs})
    atomic_write(manifest, manifest_bytes(list(kept.values()), __version__))
    return result
