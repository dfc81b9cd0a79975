"""The site: build/index.html and build/sitemap.xml, from the manifest, the previews and the data.

Per leaflet the latest edition comes first, marked 最新版, with its HTML page
and its download PDF; older published editions follow in an archive.  Only
editions the data has are listed: the published ones (data/editions/<name>/
published.yaml), or the current one while none is.  Never the print-shop or
proof PDFs.  Static and self-contained: styles inline, links relative to
build/, so the folder works from the file system or any web server.  Titles
come from the data (loaded safely, autoescaped); sizes and page counts from
the manifest.
"""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, select_autoescape
from PIL import Image

from ..data.model import load_all
from ..data.wareki import wareki_month
from ..errors import UsageError
from ..i18n import _
from ..files import atomic_write
from ..project import Project
from ..render.variants import kind_of
from ..render.web import HREFLANG, LANGUAGE_NAMES   # each language named in itself, as the pages name it
from .preview import Edition, editions, write_previews

HEADING = "リーフレット"
# What citizens get: the page to read, and the PDF to print at home; never the print shop's files.
VARIANT_LABELS = {"html": "ウェブページで読む", "download": "PDF 版"}
# A language edition's page and PDF (variants html-<lang>, download-<lang>) follow the Japanese files, under
# the language's name, in that language; in the archive, named by it (PDF 版（English）).
OWN_LABELS = {"en": {"html": "Read on the web", "download": "Download the PDF"}}
PDF_DETAILS = {"ja": "（PDF、{pages}ページ、{size}）", "en": " ({pages} pages, {size})"}


def _file_label(variant: str) -> str | None:
    """What a citizen's link says, or None for the print shop's and staff's files (print, proof)."""
    kind, _, language = variant.partition("-")
    if not language:
        return VARIANT_LABELS.get(kind)
    return f"{VARIANT_LABELS[kind]}（{LANGUAGE_NAMES.get(language, language)}）" if kind in VARIANT_LABELS else None


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def _href(path: str) -> str:
    """A project path (build/…) as a link relative to build/index.html."""
    return path.removeprefix("build/")


def _edition_view(project: Project, edition: Edition) -> dict:
    order = {name: index for index, name in enumerate(VARIANT_LABELS)}
    files = [{"href": _href(entry["path"]), "label": _file_label(variant), "pdf": kind_of(variant) != "html",
              "pages": entry["pages"], "size": human_size(entry["bytes"]), "kind": kind_of(variant),
              "language": variant.partition("-")[2], "lang": HREFLANG.get(variant.partition("-")[2], variant.partition("-")[2])}
             for variant, entry in sorted(edition.entries.items(),
                                          key=lambda kv: (kv[0].partition("-")[2], order.get(kind_of(kv[0]), 99)))
             if _file_label(variant)]   # the print and proof PDFs are for the print shop and staff
    for file in files:
        details = PDF_DETAILS["en" if file["language"] == "en" else "ja"]
        file["details"] = details.format(pages=file["pages"], size=file["size"]) if file["pdf"] else ""
    languages = []
    for file in files:
        if file["language"]:
            if not languages or languages[-1]["code"] != file["language"]:
                languages.append({"code": file["language"], "name": LANGUAGE_NAMES.get(file["language"], file["language"]),
                                  "lang": file["lang"], "files": []})
            own = OWN_LABELS.get(file["language"], VARIANT_LABELS)
            languages[-1]["files"].append(file | {"label": own[file["kind"]]})
    view = {"issued": edition_label(edition.edition), "all": files, "files": [f for f in files if not f["language"]],
            "languages": languages, "thumbnail": None, "sheet": None}
    cover = _cover(edition)
    if "download" in edition.entries and (project.root / cover).is_file():
        with Image.open(project.root / cover) as image:
            view.update(thumbnail=_href(cover), thumbnail_width=image.width, thumbnail_height=image.height)
    if (project.root / edition.contact_sheet).is_file():
        view["sheet"] = _href(edition.contact_sheet)
    return view


def edition_label(key: str) -> str:
    """'2021-03' → 令和3年3月発行; a reprint's key → 令和3年3月発行（令和4年6月一部修正）."""
    issued, _, revised = key.partition("r")
    return f"{wareki_month(issued)}発行" + (f"（{wareki_month(revised)}一部修正）" if revised else "")


def shown_editions(project: Project, name: str, found: list[Edition]) -> list[Edition]:
    """The editions of ``name`` to list, newest first: the published ones, or while none is, the current."""
    from ..data.model import load_brochure, load_registry
    from ..data.published import published_keys
    built = {e.edition: e for e in found if e.brochure == name}
    keys = published_keys(project, name)
    if not keys:
        keys = [load_brochure(project, name, load_registry(project)).brochure.edition.key]
    return [built[key] for key in reversed(keys) if key in built]


def _cover(edition: Edition) -> str:
    """The image of the first page a reader sees: the download PDF's cover."""
    return edition.page_image("download", 1)


def page_html(project: Project, found: list[Edition]) -> str:
    names = sorted({edition.brochure for edition in found} & set(project.brochure_names()))
    titles = {source.name: source.brochure.title for source in load_all(project, names)[1]} if names else {}
    brochures = []
    for name in names:
        shown = [_edition_view(project, e) for e in shown_editions(project, name, found)]
        if shown:
            brochures.append({"title": titles[name], "latest": shown[0], "archive": shown[1:]})
    template = project.layouts / "site" / "index.html"
    if not template.is_file():
        raise UsageError(f"{project.relative(template)} is missing: the download page has no template\n"
                         "  hint: copy layouts/site/ from the brochure repository into this project")
    env = Environment(loader=FileSystemLoader(str(template.parent)),
                      autoescape=select_autoescape(default=True), keep_trailing_newline=True)
    return env.get_template("index.html").render(heading=HEADING, brochures=brochures)


def write_site(project: Project, render_missing: bool = True, base_url: str = "") -> str:
    """Write build/index.html for every edition in the manifest; returns its path.

    Editions without preview images get them first (the page shows their covers).
    """
    found = editions(project)
    if not found:
        raise UsageError(_("build/manifest.json lists no PDFs yet") + "\n  " + _("hint:") + " "
                         + _("run `brochure build` first"))
    if render_missing:
        for edition in found:
            if "download" in edition.entries and not (project.root / _cover(edition)).is_file():
                write_previews(project, edition)
    atomic_write(project.build / "index.html", page_html(project, found).encode("utf-8"))
    atomic_write(project.build / "sitemap.xml", sitemap(project, found, base_url))
    return "build/index.html"


def sitemap(project: Project, found: list[Edition], base_url: str = "") -> bytes:
    """build/sitemap.xml: the site page and every listed edition's HTML page.  Search engines want
    absolute addresses: ``base_url`` (where build/ is published) is put in front when given."""
    from xml.sax.saxutils import escape
    pages = ["index.html"] + [_href(e.entries[variant]["path"])   # the Japanese page, then each language's
                              for name in sorted({e.brochure for e in found} & set(project.brochure_names()))
                              for e in shown_editions(project, name, found)
                              for variant in sorted(e.entries) if kind_of(variant) == "html"]
    base = base_url.rstrip("/") + "/" if base_url else ""
    urls = "".join(f"  <url><loc>{escape(base + page)}</loc></url>\n" for page in pages)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{urls}</urlset>\n").encode("utf-8")
