"""HTML → PDF with WeasyPrint, reading nothing outside the project.

One Engine per build (or per ``brochure watch`` session, while fonts/ is
unchanged): WeasyPrint is imported once (0.5 s, brochure/render/cdefs.py) and one FontConfiguration
serves every render (a new one per render leaks memory and temp folders,
WeasyPrint issue #2090).  WeasyPrint's temp folders go into a folder of the
engine's own that is removed when the engine closes.
"""

from __future__ import annotations

import functools
import logging
import mimetypes
import re
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence
from urllib.parse import unquote, urlparse

from ..errors import RenderError
from ..project import Project
from .cdefs import use_prebuilt

MM_TO_PT = 72 / 25.4

# WeasyPrint's UA stylesheet styles five pseudo-elements of *every* element for footnotes and
# notes.  Their styles are cascaded and computed for each of a leaflet's ~200 elements although
# only an element floated as a footnote (``float: footnote``) or placed as a note
# (``position: note()``) ever uses them: 7 % of a leaflet's render (measured in alternating blocks
# of 5 leaflets), for byte-identical output.  Layouts that use neither get the UA stylesheet
# without those rules.
NOTE_RULES = re.compile(r"^::(?:footnote|note)-[a-z]+ \{[^}\n]*\}\n", re.MULTILINE)
NOTE_RULE_COUNT = 5        # footnote-call, footnote-marker, note-call, note-marker, note-callback
# A stylesheet it cannot see (linked or imported) may use them too.
MAY_USE_NOTES = re.compile(r"footnote|note\(|@import|rel=[\"']?stylesheet")


@dataclass
class Rendered:
    """A laid-out document: pages to write, boxes for preflight."""

    document: Any                       # weasyprint.Document
    warnings: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    fonts: dict = field(default_factory=dict)   # every font drawn by a write so far (WeasyPrint's Font objects)


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record.getMessage())


def allowed_roots(project: Project) -> list[Path]:
    """The only folders a render may read: layouts, fonts and data assets."""
    return [project.layouts.resolve(), project.fonts.resolve(), project.assets.resolve()]


def resolve_local(url: str, roots: list[Path]) -> Path | None:
    """The file a file: URL names, if it lies inside one of ``roots``; else None."""
    parsed = urlparse(url)
    if parsed.scheme != "file":
        return None
    path = Path(unquote(parsed.path)).resolve()
    return path if any(path.is_relative_to(root) for root in roots) and path.is_file() else None


def fonts_stamp(folder: Path) -> tuple:
    """Names, sizes and times of the files in a fonts folder: what loaded fonts came from."""
    if not folder.is_dir():
        return ()
    return tuple(sorted((f.name, s.st_size, s.st_mtime_ns) for f in folder.iterdir() for s in [f.stat()]))


class Engine:
    """Renders HTML strings to PDF bytes; use as a context manager."""

    def __init__(self, project: Project):
        self.project = project
        self.roots = allowed_roots(project)
        self._tmp = tempfile.mkdtemp(prefix="brochure-")
        self._saved_tempdir = tempfile.tempdir
        tempfile.tempdir = self._tmp   # WeasyPrint copies @font-face files with mkdtemp()
        use_prebuilt()                 # its C declarations, parsed ahead of time (brochure/render/cdefs.py)
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration
        self._weasyprint = weasyprint
        self.fonts = FontConfiguration()
        self.fonts_stamp = fonts_stamp(project.fonts)
        self._stylesheets: dict[Path, tuple[tuple[int, int], Any, bool]] = {}
        self._lean_html = lean_html_class()
        mend_html_parser_cache()

    def current(self) -> bool:
        """True while the fonts it loaded are the ones in fonts/ (else a new engine must load them)."""
        return fonts_stamp(self.project.fonts) == self.fonts_stamp

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        tempfile.tempdir = self._saved_tempdir
        shutil.rmtree(self._tmp, ignore_errors=True)

    def fetcher(self, refused: list[str]):
        from weasyprint.urls import URLFetcher, URLFetcherResponse
        roots = self.roots

        class ProjectFetcher(URLFetcher):
            """Serves project files and data: URLs; refuses everything else (no network)."""

            def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
                if url.startswith("data:"):
                    return super().fetch(url, headers)
                path = resolve_local(url, roots)
                if path is None:
                    refused.append(url)
                    raise ValueError(f"refused: {url} is outside layouts/, fonts/ and data/assets/")
                mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": mime})

        return ProjectFetcher()

    def stylesheet(self, path: Path, refused: list[str]) -> tuple[Any, bool]:
        """A layout stylesheet, parsed once per engine and again when the file changes (parsing and
        compiling selectors: ~10 % of a layout), and whether it uses footnotes or notes."""
        stat = path.stat()
        version = (stat.st_mtime_ns, stat.st_size)
        cached = self._stylesheets.get(path)
        if cached is None or cached[0] != version:
            css = self._weasyprint.CSS(filename=str(path), font_config=self.fonts,
                                       url_fetcher=self.fetcher(refused))
            notes = bool(MAY_USE_NOTES.search(path.read_text(encoding="utf-8", errors="replace")))
            cached = version, css, notes
            self._stylesheets[path] = cached
        return cached[1], cached[2]

    def layout(self, html: str, stylesheets: Sequence[Path] = ()) -> Rendered:
        """Lay the HTML out (WeasyPrint's costly step), once; its warnings are kept for preflight.

        ``stylesheets`` apply before the document's own styles (as the user origin: a rule in the
        HTML wins over them whatever its specificity)."""
        refused: list[str] = []
        with _weasyprint_step("render the PDF") as warnings:
            parsed = [self.stylesheet(path, refused) for path in stylesheets]
            sheets = [css for css, _ in parsed]
            notes = any(uses for _, uses in parsed) or MAY_USE_NOTES.search(html)
            lean = self._lean_html is not None and not notes
            document = (self._lean_html if lean else self._weasyprint.HTML)(
                string=html, base_url=str(self.project.root) + "/", url_fetcher=self.fetcher(refused)
            ).render(font_config=self.fonts, stylesheets=sheets)
        return Rendered(document, warnings, refused)

    def write(self, rendered: Rendered, pages: slice, finisher: Any = None, **options: Any) -> bytes:
        """PDF bytes of some of a laid-out document's pages (drawing, fonts subset, tags).

        Drawing finds which fonts are really used and warns of missing glyphs: both are
        added to ``rendered`` for preflight."""
        with _weasyprint_step("write the PDF") as warnings:
            subset = rendered.document.copy(rendered.document.pages[pages])
            pdf = subset.write_pdf(finisher=finisher, **options)
        rendered.warnings += [w for w in warnings if w not in rendered.warnings]
        rendered.fonts.update(subset.fonts)
        return pdf


@functools.lru_cache(maxsize=1)
def lean_html_class() -> Any:
    """WeasyPrint's HTML class with the UA stylesheet minus its footnote and note rules (parsed
    once per process); None if this WeasyPrint's UA stylesheet is not the one these rules were
    measured on."""
    import weasyprint
    from weasyprint.html import UA, UA_COUNTER_STYLE

    text, removed = NOTE_RULES.subn("", UA)
    if removed != NOTE_RULE_COUNT:
        return None
    lean = weasyprint.CSS(string=text, counter_style=UA_COUNTER_STYLE)

    class LeanHTML(weasyprint.HTML):
        def _ua_stylesheets(self, forms: bool = False) -> list:   # WeasyPrint 70's hook, pinned
            return [lean, *super()._ua_stylesheets(forms)[1:]]

    return LeanHTML


class _CharsUntilRegexes(dict):
    """tinyhtml5's cache of chars_until() patterns, filled on a miss.

    tinyhtml5 2.1.0 stores each pattern under the pattern itself instead of under the characters
    it was made for (``characters = cache[characters, opposite] = regex`` assigns left to right),
    so every call compiled its pattern again: ~2 % of a leaflet's layout.  With this cache the
    lookup never misses and the faulty store is never reached.  The patterns are the same."""

    def __missing__(self, key: tuple[str, bool]) -> re.Pattern:
        characters, opposite = key
        pattern = "".join(f"\\x{ord(character):02x}" for character in characters)
        regex = self[key] = re.compile(f"[{pattern if opposite else '^' + pattern}]+")
        return regex


def mend_html_parser_cache() -> None:
    from tinyhtml5 import inputstream

    if type(getattr(inputstream, "characters_until_regex", None)) is dict:   # 2.1.0 (pinned)
        inputstream.characters_until_regex = _CharsUntilRegexes()


WARM_UP_HTML = "<p>相談窓口 <b>相談窓口</b> TEL 083-984-3742</p>"


def warm_up(project: Project, engine: Engine) -> None:
    """Do now what the first brochure would wait for (a watcher right after its first build, a
    worker while the parent reads the data): import the data and layout modules, parse every
    layout's stylesheets and shape a line in each face."""
    from ..data.model import load_all  # noqa: F401  (pydantic, the schema, Jinja2's templates' helpers)
    from ..layout.compose import layout_chain, stylesheets

    for meta in sorted(project.layouts.glob("*/layout.yaml")):
        try:
            chain = layout_chain(project.layouts, meta.parent.name)
            sheets = [project.root / href for href in stylesheets(project.layouts, chain)]
            engine.layout(WARM_UP_HTML, sheets)
        except Exception:   # a broken layout is the build's to report, at the save that uses it
            continue


@contextmanager
def _weasyprint_step(what: str) -> Iterator[list[str]]:
    """WeasyPrint's warnings during the block, for preflight; any exception it raises becomes one RenderError."""
    capture = _Capture()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(capture)
    try:
        yield capture.records
    except Exception as error:  # WeasyPrint raises many kinds; the user needs one message
        raise RenderError(f"WeasyPrint could not {what}: {type(error).__name__}: {error}") from error
    finally:
        logger.removeHandler(capture)


def crop_to_trim(document: Any, pdf: Any) -> None:
    """Media box = trim on every page: the download shows the panel, not the bleed around it."""
    import pydyf

    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Page" and "TrimBox" in obj:
            obj["MediaBox"] = obj.pop("TrimBox")
            obj.pop("BleedBox", None)
