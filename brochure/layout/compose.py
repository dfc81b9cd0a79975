"""HTML for a brochure: each panel composed once, then every panel a page of its own.

A panel's content is rendered to HTML once; ``pages_html`` gives each panel a
page at its size with the bleed around it, in reading order.  That one
document is laid out once and serves every output (brochure/render/variants.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import jinja2
import yaml
from markupsafe import Markup

from ..data.contacts import Resolver
from ..data.folds import FoldPlan, fold_plan
from ..data.model import BrochureSource, Registry
from ..data.schema import (
    Bullets,
    Channels,
    Colophon,
    ContactCard,
    ContactList,
    Figure,
    Heading,
    Image,
    Lines,
    Paragraph,
    Subheading,
)
from ..data.wareki import english_date, english_month, wareki_date, wareki_month, western_month
from ..errors import DataError
from ..i18n import _
from ..project import Project
from .figures import FigureContext, load_kinds
from .fonts import font_css, in_figures
from .labels import channel_views, labels_for, localised
from .ruby import FURIGANA_LANGUAGES, name_overrides, ruby_html
from .typeset import address_phrases, inline, name_phrases, phrases, plain


@dataclass
class PanelView:
    position: int            # 1-based reading order
    id: str
    role: str
    theme: str
    side: int
    column: int
    x: float
    width: float
    html: Markup
    uses: set[str] = field(default_factory=set)
    headings: list[str] = field(default_factory=list)
    shift: float = 0.0       # print only: mm the content moves sideways (a booklet's creep)


@dataclass
class Composition:
    source: BrochureSource
    plan: FoldPlan
    panels: list[PanelView]
    meta: dict[str, Any]
    layout_files: list[Path]
    language: str = "ja"     # a language edition's code (ja-easy, en); "ja" for the leaflet as written
    editions: tuple[str, ...] = ("ja",)   # every language built of this edition (the HTML pages link each other)

    @property
    def uses(self) -> set[str]:
        return set().union(*(p.uses for p in self.panels))

    def panels_on(self, side: int) -> list[PanelView]:
        """The panels printed on one sheet side, left to right."""
        return sorted((p for p in self.panels if p.side == side), key=lambda p: p.column)


class Composer:
    """Builds the HTML of every variant of a brochure from its data and layout."""

    def __init__(self, project: Project, registry: Registry):
        self.project = project
        self.registry = registry
        self.resolver = Resolver(registry)
        self._environments: dict[str, tuple[jinja2.Environment, list[Path]]] = {}

    def environment(self, layout: str) -> tuple[jinja2.Environment, list[Path]]:
        """The Jinja2 environment of a layout and its files, looked up once per Composer (one build)."""
        if layout not in self._environments:
            self._environments[layout] = environment(self.project.layouts, layout)
        return self._environments[layout]

    def compose(self, source: BrochureSource, updated: datetime.date | None = None, html: bool = True,
                language: str = "ja", readings: dict[str, str] | None = None) -> Composition:
        """Every panel's HTML; ``updated``: the website copy of a published edition, which follows the
        live contacts, says when it was last updated (最終更新日) on its edition line.  ``html=False``
        leaves the panels' HTML empty: what each panel prints (``uses``) is known from the blocks
        alone, and rendering the templates is two thirds of composing (where-used for a registry).
        ``language``: the edition's language (``source`` is already translated); ja-easy gets furigana,
        with ``readings`` (base → reading, from the data) winning over the analyser's."""
        brochure = source.brochure
        plan = fold_plan(brochure.fold, brochure.print.fold_allowance)
        env, files = self.environment(self.layout_of(brochure))
        anchors = {b.anchor: b.heading for p in brochure.panels for b in p.blocks
                   if isinstance(b, Heading) and b.anchor}
        panels = []
        for index, panel in enumerate(brochure.panels):
            slot = plan.slot(index)
            uses: set[str] = set()
            ctx = FigureContext(self.resolver, _renderer(env), anchors, brochure.palette.accent, uses, language)
            blocks = [self._block(block, ctx, source, (index, b), updated) for b, block in enumerate(panel.blocks)]
            text = env.get_template("panel.html").render(blocks=blocks, panel=panel, position=index + 1) if html else ""
            if html and language in FURIGANA_LANGUAGES:
                text = self._furigana(text, uses, readings or {})
            elif html and language != "ja":
                text = in_figures(text, language, self.project.fonts)
            headings = [plain(b.heading) for b in panel.blocks if isinstance(b, Heading)]
            panels.append(PanelView(index + 1, panel.id, panel.role, panel.theme, slot.side, slot.column,
                                    slot.x, slot.width, Markup(text), uses, headings, slot.shift))
        meta = self._meta(source) | {"updated": wareki_date(updated) if updated else None, "lang": language,
                                     "font_css": font_css(language, self.project.fonts)}   # fonts by need: vi
        return Composition(source, plan, panels, meta, files, language)

    def _furigana(self, text: str, uses: set[str], readings: dict[str, str]) -> str:
        """The panel's HTML with ruby on every kanji word; the names of the contacts it prints read as
        their ``name_kana`` says, and ``readings`` from the sentences' {漢字|かんじ} win over both."""
        names = name_overrides((self.registry[cid].name, self.registry[cid].name_kana) for cid in sorted(uses)
                               if cid in self.registry.contacts)
        return f'<div class="furigana">{ruby_html(text, names | readings)}</div>'

    # ------------------------------------------------------------------ variants

    def layout_of(self, brochure: Any) -> str:
        return layout_name(self.project.layouts, brochure)

    def pages_html(self, comp: Composition, bleed: float, cmyk: bool = False, overlay: Any = None,
                   paper: tuple[float, float] | None = None, linked: bool = True) -> str:
        """Every panel as a page with ``bleed`` mm, in reading order, then ``overlay``'s pages on ``paper``.

        The caller (render's variants) says what the outputs need: the bleed, and the office proof's
        overlay pages; composing the panels knows nothing of either.  ``linked=False`` leaves out the
        stylesheet links: the build passes ``stylesheet_files`` to WeasyPrint parsed once, instead of
        parsing them again for every brochure."""
        env, _ = self.environment(self.layout_of(comp.source.brochure))
        return env.get_template("pages.html").render(
            meta=comp.meta, panels=comp.panels, plan=comp.plan, palette=comp.source.brochure.palette,
            bleed=bleed, cmyk=cmyk, paper=paper, proof=overlay, linked=linked)

    def web_html(self, comp: Composition, panels: list[Markup], json_ld: Markup, css: Markup, page: dict) -> str:
        """The HTML edition: the panels' HTML (as composed, adapted for the web by the caller) in
        reading order on one page (``web.html``), with the ``page``'s own words in its language."""
        env, _ = self.environment(self.layout_of(comp.source.brochure))
        return env.get_template("web.html").render(meta=comp.meta, panels=list(zip(comp.panels, panels)),
                                                   key=comp.source.brochure.edition.key, json_ld=json_ld, css=css,
                                                   page=page)

    def stylesheet_files(self, comp: Composition) -> list[Path]:
        """The layout's stylesheets, base first, as files."""
        env, _ = self.environment(self.layout_of(comp.source.brochure))
        return [self.project.root / href for href in env.globals["stylesheets"]]

    # ------------------------------------------------------------------ blocks

    def _block(self, block: Any, ctx: FigureContext, source: BrochureSource, where: tuple[int, int],
               updated: datetime.date | None = None) -> dict:
        kind = type(block).__name__.lower()
        view: dict[str, Any] = {"kind": kind, "style": block.style}
        if isinstance(block, Heading):
            view.update(text=phrases(block.heading), anchor=block.anchor)
        elif isinstance(block, Subheading):
            view.update(text=phrases(block.subheading))
        elif isinstance(block, Paragraph):
            view.update(text=inline(block.paragraph))
        elif isinstance(block, Lines):
            view.update(lines=[phrases(line) for line in block.lines])
        elif isinstance(block, Bullets):
            view.update(items=[inline(item) for item in block.bullets], marker=block.marker)
        elif isinstance(block, ContactList):
            labels = labels_for(ctx.language)
            cards = [self.resolver.card(entry, labels.english) for entry in block.contacts]
            for card in cards:
                ctx.uses |= card.uses
            view.update(cards=[localised(card, labels) for card in cards], labels=labels)
        elif isinstance(block, ContactCard):
            labels = labels_for(ctx.language)
            card = self.resolver.card(_entry(block.card), labels.english)
            ctx.uses |= card.uses
            view.update(card=localised(card, labels), title=block.title, compact=block.compact, labels=labels)
        elif isinstance(block, Channels):
            labels = labels_for(ctx.language)
            ctx.uses.add(block.channels)
            contact = self.registry[block.channels]
            phone = self.resolver.phone(block.channels, ctx.uses)
            if phone is not None and labels.english:
                phone = replace(phone, note=labels.term(phone.note))
            view.update(channels=channel_views(contact.channels, labels), phone=phone, url=contact.url,
                        name=(labels.english and contact.name_en) or contact.name, labels=labels)
        elif isinstance(block, Figure):
            view.update(html=self._figure(block, ctx, source, where), title=block.title, figure=block.figure)
        elif isinstance(block, Colophon):
            labels = labels_for(ctx.language)
            view.update(edition=self._edition(source, ctx) | {"updated": _date_for(updated, labels.english)},
                        labels=labels)
        elif isinstance(block, Image):
            # The path was checked against data/assets/ when the brochure was loaded; the
            # fetcher refuses anything else all the same.
            view.update(src="data/assets/" + quote(block.image), alt=block.alt)
        return view

    def _figure(self, block: Figure, ctx: FigureContext, source: BrochureSource, where: tuple[int, int]) -> Markup:
        kinds = load_kinds()
        path = ("panels", where[0], "blocks", where[1], "figure")
        if block.figure not in kinds:
            raise DataError([source.located.problem(path, _("unknown figure kind {kind!r}").format(kind=block.figure),
                                                    hint=_("known kinds: {kinds}").format(kinds=", ".join(sorted(kinds))))])
        kind = kinds[block.figure]
        try:
            data = kind.model.model_validate(block.data)
            return kind.render(data, ctx)
        except (ValueError, KeyError) as error:
            raise DataError([source.located.problem(path[:-1] + ("data",), f"{block.figure}: {_first_line(error)}")]) from None

    def _edition(self, source: BrochureSource, ctx: FigureContext) -> dict:
        edition = source.brochure.edition
        publisher = self.registry[edition.publisher]
        ctx.uses.add(edition.publisher)
        office = None
        if edition.office:
            labels = labels_for(ctx.language)
            office = localised(self.resolver.card(_entry(edition.office), labels.english), labels)
            ctx.uses |= office.uses
        english = labels_for(ctx.language).english
        return {"issued": _month_for(edition.issued, english), "issued_western": western_month(edition.issued),
                "revised": _month_for(edition.revised, english) if edition.revised else None,
                "publisher": publisher.name, "publisher_en": publisher.name_en if english else None, "office": office,
                "grant": edition.grant, "grant_phrases": phrases(edition.grant) if edition.grant else None}

    def _meta(self, source: BrochureSource) -> dict:
        brochure = source.brochure
        edition = brochure.edition
        publisher = self.registry[edition.publisher].name
        year, month = edition.issued.split("-")
        return {
            "name": source.name,
            "title": plain(brochure.title),
            "author": publisher,
            "issued": edition.issued,
            "issued_wareki": wareki_month(edition.issued),
            # From the data, never the clock: the same input gives the same bytes.
            "created": f"{year}-{month}-01T00:00:00+09:00",
            "description": f"{plain(brochure.title)}（{wareki_month(edition.issued)}発行）",
        }


_ENVIRONMENTS: dict[tuple, tuple[jinja2.Environment, list[Path]]] = {}


def environment(layouts: Path, layout: str) -> tuple[jinja2.Environment, list[Path]]:
    """A layout's Jinja2 environment and files, made once per process while its files are unchanged:
    Jinja2 compiles each template once per environment, and a batch renders thousands of brochures
    (in each worker process, one brochure at a time)."""
    folders = layout_chain(layouts, layout)
    files = sorted(p for f in folders for p in f.rglob("*") if p.is_file())
    key = (layouts, layout, tuple((p, s.st_mtime_ns, s.st_size) for p in files for s in [p.stat()]))
    if key not in _ENVIRONMENTS:
        if len(_ENVIRONMENTS) > 16:   # a long watch session: drop the environments of old edits
            _ENVIRONMENTS.clear()
        _ENVIRONMENTS[key] = _new_environment(layouts, folders), files
    return _ENVIRONMENTS[key]


def _new_environment(layouts: Path, folders: list[Path]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["inline"] = inline
    env.filters["name"] = name_phrases        # names and addresses break between phrases only
    env.filters["address"] = address_phrases
    env.globals["stylesheets"] = stylesheets(layouts, folders)
    env.globals["western_year"] = layout_flag(folders, "western_year")
    return env


def _entry(contact_id: str):
    from ..data.schema import ContactEntry
    return ContactEntry(id=contact_id)


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _renderer(env: jinja2.Environment):
    def render(name: str, **values: Any) -> Markup:
        return Markup(env.get_template(name).render(**values))
    return render


def _month_for(issued: str, english: bool) -> str:
    """'2021-03' as the edition line prints it: 令和3年3月, or March 2021 in an English edition."""
    return english_month(issued) if english else wareki_month(issued)


def _date_for(day: datetime.date | None, english: bool) -> str | None:
    if day is None:
        return None
    return english_date(day) if english else wareki_date(day)


def layout_name(layouts: Path, brochure: Any) -> str:
    """The brochure's layout: as named, else the fold's own folder if there is one (or the folder
    its sizes share: maki3A3 uses maki3's), else base."""
    if brochure.layout:
        return brochure.layout
    family = fold_plan(brochure.fold).family
    return next((name for name in (brochure.fold, family) if name and (layouts / name).is_dir()), "base")


def layout_chain(layouts: Path, name: str) -> list[Path]:
    """The layout folder and the folders it extends, nearest first (like MkDocs themes)."""
    chain, seen = [], set()
    while name and name not in seen:
        folder = layouts / name
        if not folder.is_dir():
            raise DataError([_layout_problem(layouts, name)])
        seen.add(name)
        chain.append(folder)
        meta_file = folder / "layout.yaml"
        meta = yaml.safe_load(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else {}
        name = (meta or {}).get("extends")
    return chain


def stylesheets(layouts: Path, chain: list[Path]) -> list[str]:
    """Stylesheet URLs (relative to the project) from the base layout to the nearest."""
    hrefs = []
    for folder in reversed(chain):
        meta_file = folder / "layout.yaml"
        meta = yaml.safe_load(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else {}
        hrefs += [f"layouts/{folder.name}/{name}" for name in (meta or {}).get("stylesheets", [])]
    return hrefs


def layout_flag(chain: list[Path], key: str) -> bool:
    """A yes/no setting from layout.yaml; the nearest layout that sets it wins."""
    for folder in chain:
        meta_file = folder / "layout.yaml"
        meta = yaml.safe_load(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else {}
        if key in (meta or {}):
            return bool(meta[key])
    return False


def _layout_problem(layouts: Path, name: str):
    from ..errors import Problem
    known = sorted(p.name for p in layouts.iterdir() if p.is_dir()) if layouts.is_dir() else []
    return Problem("layouts", name, f"layout folder layouts/{name} does not exist",
                   hint="known layouts: " + ", ".join(known))
