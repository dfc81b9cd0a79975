"""The download page: build/index.html, built from the manifest and the previews.

Static and self-contained: styles inline, links relative to build/, so the
folder works from the file system or any web server.  Titles come from the
data (loaded safely, autoescaped); sizes and page counts from the manifest.
"""

from __future__ import annotations

from jinja2 import Environment, FileSystemLoader, select_autoescape
from PIL import Image

from ..data.model import load_all
from ..data.wareki import wareki_month
from ..errors import UsageError
from ..files import atomic_write
from ..project import Project
from .preview import Edition, editions, write_previews

HEADING = "リーフレットのダウンロード"
# Website copy first: most visitors want to read, not print.
VARIANT_LABELS = {"download": "ウェブ閲覧用", "print": "印刷用"}


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def _href(path: str) -> str:
    """A project path (build/…) as a link relative to build/index.html."""
    return path.removeprefix("build/")


def _edition_view(project: Project, edition: Edition) -> dict:
    order = {name: index for index, name in enumerate(VARIANT_LABELS)}
    files = [{"href": _href(entry["path"]), "label": VARIANT_LABELS.get(variant, variant),
              "pages": entry["pages"], "size": human_size(entry["bytes"])}
             for variant, entry in sorted(edition.entries.items(), key=lambda kv: order.get(kv[0], 99))
             if variant in VARIANT_LABELS]   # the office proof is for staff, not the public page
    view = {"issued": wareki_month(edition.edition), "files": files, "thumbnail": None, "sheet": None}
    cover = _cover(edition)
    if (project.root / cover).is_file():
        with Image.open(project.root / cover) as image:
            view.update(thumbnail=_href(cover), thumbnail_width=image.width, thumbnail_height=image.height)
    if (project.root / edition.contact_sheet).is_file():
        view["sheet"] = _href(edition.contact_sheet)
    return view


def _cover(edition: Edition) -> str:
    """The image of the first page a reader sees: the download PDF's cover."""
    return edition.page_image("download" if "download" in edition.entries else sorted(edition.entries)[0], 1)


def page_html(project: Project, found: list[Edition]) -> str:
    names = sorted({edition.brochure for edition in found} & set(project.brochure_names()))
    titles = {source.name: source.brochure.title for source in load_all(project, names)[1]} if names else {}
    brochures = [{"title": titles[name],
                  "editions": [_edition_view(project, e) for e in found if e.brochure == name]}
                 for name in names]
    template = project.layouts / "site" / "index.html"
    if not template.is_file():
        raise UsageError(f"{project.relative(template)} is missing: the download page has no template\n"
                         "  hint: copy layouts/site/ from the brochure repository into this project")
    env = Environment(loader=FileSystemLoader(str(template.parent)),
                      autoescape=select_autoescape(default=True), keep_trailing_newline=True)
    return env.get_template("index.html").render(heading=HEADING, brochures=brochures)


def write_site(project: Project, render_missing: bool = True) -> str:
    """Write build/index.html for every edition in the manifest; returns its path.

    Editions without preview images get them first (the page shows their covers).
    """
    found = editions(project)
    if not found:
        raise UsageError("build/manifest.json lists no PDFs yet\n  hint: run `brochure build` first")
    if render_missing:
        for edition in found:
            if not (project.root / _cover(edition)).is_file():
                write_previews(project, edition)
    atomic_write(project.build / "index.html", page_html(project, found).encode("utf-8"))
    return "build/index.html"
