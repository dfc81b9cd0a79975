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
from .fit import with_css
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


@variant("proof", {"pdf_version": "1.6"})
def _proof(composer: Composer, comp: Composition) -> str:
    """The sheet on plain A4, panels numbered, folds dashed: to fold by hand at the office."""
    from .proof import proof_html
    return proof_html(composer, comp)


@dataclass
class BuildResult:
    outputs: list[Output] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def output_path(name: str, edition: str, variant_name: str) -> str:
    return f"build/{name}/{edition}/{name}-{edition}-{variant_name}.pdf"


def render_all(project: Project, names: list[str] | None = None, strict: bool = False) -> BuildResult:
    """Load, compose, render and check every brochure; write nothing."""
    result, errors = render_and_check(project, names, strict)
    if errors:
        raise PreflightError(errors)
    return result


def render_and_check(project: Project, names: list[str] | None = None,
                     strict: bool = False) -> tuple[BuildResult, list[Problem]]:
    """Everything a build does but writing: the rendered outputs, the warnings and the errors.

    ``brochure check`` and ``brochure build`` both run this; with ``strict``
    every warning is an error.
    """
    from .pdf import Engine
    from .preflight import Subject, run_checks

    registry, sources = load_all(project, names)
    composer = Composer(project, registry)
    compositions = [composer.compose(source) for source in sources]
    result, errors = BuildResult(), []
    result.warnings += registry.warnings + [w for source in sources for w in source.warnings]
    with Engine(project) as engine:
        for comp in compositions:
            scales, css = _fit(project, engine, composer, comp)
            for index, v in enumerate(VARIANTS.values()):
                html = with_css(v.html(composer, comp), css)
                rendered = engine.render(html, v.pdf_options, v.print_sheet)
                subject = Subject(comp, v.name, html, rendered, project.fonts, registry, scales)
                problems = run_checks(subject, ("variant", "brochure") if index == 0 else ("variant",))
                errors += [p for p in problems if p.severity == "error" or (strict and p.severity == "warning")]
                result.warnings += [p for p in problems if p not in errors]
                result.outputs.append(_output(project, comp, v.name, rendered))
    return result, errors


def _fit(project: Project, engine, composer: Composer, comp: Composition) -> tuple[dict[int, float], str]:
    """Shrink-to-fit scales for the panels that opt in, and the CSS that applies them."""
    from .fit import TypeScale, shrink_to_fit
    from .html import layout_chain, stylesheets
    from .preflight import panel_overflows

    shrinking = [(i + 1, p) for i, p in enumerate(comp.source.brochure.panels) if p.fit == "shrink"]
    if not shrinking:
        return {}, ""
    brochure = comp.source.brochure
    chain = layout_chain(project.layouts, brochure.layout or brochure.fold)
    scale = TypeScale.from_files([project.root / href for href in stylesheets(project.layouts, chain)])
    floors = {position: scale.floor(p.min_body_pt, p.min_note_pt) for position, p in shrinking}
    html, v = composer.print_html(comp), VARIANTS["print"]

    def measure(scales: dict[int, float]) -> dict[int, float | None]:
        rendered = engine.render(with_css(html, scale.css(scales)), v.pdf_options, v.print_sheet)
        return panel_overflows(rendered.document, comp)

    scales = shrink_to_fit(floors, scale.body_pt, measure)
    return scales, scale.css(scales)


def _output(project: Project, comp: Composition, variant_name: str, rendered) -> Output:
    source = comp.source
    edition = source.brochure.edition.issued
    return Output(
        brochure=source.name, edition=edition, variant=variant_name,
        path=output_path(source.name, edition, variant_name), data=rendered.pdf,
        pages=len(rendered.document.pages),
        sources=sorted({source.located.file, project.relative(project.contacts_file)}),
        contacts=sorted(comp.uses),
        panels=[{"position": p.position, "id": p.id, "contacts": sorted(p.uses)} for p in comp.panels],
        print_shop=_print_shop(comp, variant_name, rendered),
    )


def _print_shop(comp: Composition, variant_name: str, rendered) -> dict | None:
    """The print-shop summary, for the variant that goes to the shop."""
    if not VARIANTS[variant_name].print_sheet:
        return None
    from .printinfo import print_summary
    return print_summary(comp, rendered.pdf, len(rendered.document.pages))


def build(project: Project, names: list[str] | None = None, strict: bool = False) -> BuildResult:
    """Render and check everything, then write the PDFs and the manifest atomically."""
    result = render_all(project, names, strict)
    for output in result.outputs:
        atomic_write(project.root / output.path, output.data)
    manifest = project.build / "manifest.json"
    kept = {(o["brochure"], o["edition"], o["variant"]): o for o in read_manifest(manifest)}
    kept.update({(o.brochure, o.edition, o.variant): o.entry() for o in result.outputs})
    atomic_write(manifest, manifest_bytes(list(kept.values()), __version__))
    return result
