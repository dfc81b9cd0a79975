"""One brochure's stale outputs, from one layout, checked once: the task a worker runs.

``render_brochure`` gets everything it needs as arguments that pickle small
(the composition and just the contacts it prints, see brochure/builder/workers.py),
lays the brochure out once, makes each asked-for variant from that layout
(brochure/render/variants.py), runs preflight on it and returns plain data: each
output's bytes (or their spool file) and the problems found.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Problem
from ..project import Project
from ..render.variants import VARIANTS, Variant, kind_of, variant_named
from .outputs import Output

if TYPE_CHECKING:
    from ..data.model import Registry
    from ..layout.compose import Composer, Composition


def output_path(name: str, edition: str, variant_name: str) -> str:
    """The output's file; a language edition's (variant print-en) is named <name>-<edition>-en-print.pdf, the
    Japanese keep their names.  The HTML page is the edition folder's index.html, a language's in a folder
    of its own (build/sapporo/2021-03/en/index.html: a website's /en/ address)."""
    kind, _, language = variant_name.partition("-")
    if VARIANTS[kind].suffix == ".html":   # the edition's folder opens as its HTML page
        return f"build/{name}/{edition}/{language + '/' if language else ''}index.html"
    return f"build/{name}/{edition}/{name}-{edition}-{language + '-' if language else ''}{kind}{VARIANTS[kind].suffix}"


def render_brochure(engine, comp: "Composition", registry: "Registry", variant_names: list[str],
                    spool: Path | None) -> list[tuple[Output, list[Problem]]]:
    """Every stale output of one brochure (runs in a worker process, or here): the outputs'
    bytes go to ``spool`` when given."""
    from ..layout.compose import Composer
    rendered = render_outputs(engine.project, engine, Composer(engine.project, registry), comp,
                               [variant_named(name) for name in variant_names])
    if spool is not None:
        for output, _ in rendered:
            output.spill(spool)
    return rendered


def render_outputs(project: Project, engine, composer: "Composer", comp: "Composition",
                    variants: list[Variant]) -> list[tuple[Output, list[Problem]]]:
    """The given outputs of one brochure, from one layout, checked once, with the composer that
    composed it (``brochure watch``'s rehearsal renders this way: measured, its two brochures took
    1.5 s so and 1.7 s through ``render_brochure``, which makes a composer of its own)."""
    from ..checks.preflight import Subject, run_checks
    from ..render.variants import Laid

    scales, css = _fit(project, engine, composer, comp)
    laid = Laid(engine, composer, comp, css, proof=any(kind_of(v.name) == "proof" for v in variants))
    made = [v.make(laid) for v in variants]
    laid.panels_pdf(laid.cmyk)   # made already unless only the download was stale: drawing tells which fonts
    subject = Subject(comp, laid.html(laid.cmyk), laid.print_layout, project.fonts, composer.registry, scales,
                      laid.panel_count, next((data for v, data in zip(variants, made) if kind_of(v.name) == "print"), None))
    problems = run_checks(subject)
    return [(_output(project, comp, v, data), problems if index == 0 else [])
            for index, (v, data) in enumerate(zip(variants, made))]


def _fit(project: Project, engine, composer: "Composer", comp: "Composition") -> tuple[dict[int, float], str]:
    """Shrink-to-fit scales for the panels that opt in, and the CSS that applies them (in a
    furigana edition, to every panel: its small type is raised)."""
    from ..checks.preflight import panel_overflows
    from ..layout.compose import layout_chain, layout_name, stylesheets
    from ..layout.fit import TypeScale, fill_to_fit, shrink_to_fit, with_css
    from ..layout.ruby import FURIGANA_LANGUAGES, MIN_BASE_PT
    from ..render.variants import pages_html

    shrinking = [(i + 1, p) for i, p in enumerate(comp.source.brochure.panels) if p.fit == "shrink"]
    filling = [(i + 1, p) for i, p in enumerate(comp.source.brochure.panels) if p.fit == "fill"]
    furigana = comp.language in FURIGANA_LANGUAGES
    if not shrinking and not filling and not furigana:
        return {}, ""
    brochure = comp.source.brochure
    chain = layout_chain(project.layouts, layout_name(project.layouts, brochure))
    scale = TypeScale.from_files([project.root / href for href in stylesheets(project.layouts, chain)])
    if furigana:   # every panel's small type raised so that its readings stay legible
        scale = scale.raised(MIN_BASE_PT)
    floors = {position: scale.floor(p.min_body_pt, p.min_note_pt) for position, p in shrinking}
    html, sheets = pages_html(composer, comp, proof=False, linked=False), composer.stylesheet_files(comp)

    def measure(scales: dict[int, float]) -> dict[int, float | None]:
        return panel_overflows(engine.layout(with_css(html, scale.css(scales)), sheets).document, comp)

    scales = {position: 1.0 for position in range(1, len(brochure.panels) + 1)} if furigana else {}
    if floors:
        scales.update(shrink_to_fit(floors, scale.body_pt, lambda shrunk: measure({**scales, **shrunk})))
    if filling:   # fit: fill (brochure/layout/fit.py fill_to_fit), with the shrunk panels as they ended
        ceilings = {position: max(1.0, p.max_body_pt / scale.body_pt) for position, p in filling}
        scales.update(fill_to_fit(ceilings, scale.body_pt, lambda grown: measure({**scales, **grown})))
    return scales, scale.css(scales)


def _output(project: Project, comp: "Composition", v: Variant, data: bytes) -> Output:
    source = comp.source
    edition = source.brochure.edition.key
    pages = v.pages(comp)
    return Output(
        brochure=source.name, edition=edition, variant=v.name,
        path=output_path(source.name, edition, v.name), data=data, pages=pages,
        sources=sorted({source.located.file, project.relative(project.contacts_file)}),
        contacts=sorted(comp.uses),
        panels=[{"position": p.position, "id": p.id, "contacts": sorted(p.uses)} for p in comp.panels],
        print_shop=_print_shop(comp, v, data, pages),
    )


def _print_shop(comp: "Composition", v: Variant, data: bytes, pages: int) -> dict | None:
    """The print-shop summary, for the variant that goes to the shop."""
    if not v.for_print_shop:
        return None
    from ..render.printinfo import print_summary
    return print_summary(comp, data, pages)
