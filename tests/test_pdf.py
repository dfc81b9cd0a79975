"""The rendering engine: WeasyPrint's UA stylesheet without its footnote and note rules where no
layout uses them, and with them where one does."""

from __future__ import annotations

from pathlib import Path

from brochure.project import Project
from brochure.render.engine import Engine, lean_html_class

FOOTNOTE_HTML = '<p>相談は無料です<span class="fn">秘密は守られます。</span></p>'


def footnote_calls(rendered) -> list[str]:
    """The text of every footnote call WeasyPrint drew (empty without the UA's ::footnote-call rule)."""
    found = []

    def walk(box):
        if (box.element_tag or "").endswith("::footnote-call"):
            found.append("".join(child.text for child in box.descendants() if hasattr(child, "text")))
        for child in getattr(box, "children", ()):
            walk(child)

    for page in rendered.document.pages:
        walk(page._page_box)
    return found


def counting_lean(engine: Engine) -> list[int]:
    """Count the documents laid out with the lean UA stylesheet."""
    made = []

    class Counting(engine._lean_html):
        def __init__(self, *args, **kwargs):
            made.append(1)
            super().__init__(*args, **kwargs)

    engine._lean_html = Counting
    return made


def test_the_pinned_weasyprint_has_the_rules_the_lean_stylesheet_leaves_out():
    assert lean_html_class() is not None   # None: WeasyPrint's UA sheet changed, re-measure


def test_a_layout_with_footnotes_keeps_the_footnote_rules(project_dir: Path):
    sheet = project_dir / "layouts" / "footnotes.css"
    sheet.write_text(".fn { float: footnote }\n", encoding="utf-8")
    with Engine(Project(project_dir)) as engine:
        lean = counting_lean(engine)
        assert set(footnote_calls(engine.layout(FOOTNOTE_HTML, [sheet]))) == {"1"}
    assert lean == []


def test_a_footnote_in_the_document_itself_keeps_the_footnote_rules(project_dir: Path):
    with Engine(Project(project_dir)) as engine:
        lean = counting_lean(engine)
        html = "<style>.fn { float: footnote }</style>" + FOOTNOTE_HTML
        assert set(footnote_calls(engine.layout(html))) == {"1"}
    assert lean == []


def test_the_lean_stylesheet_gives_a_reference_leaflet_the_same_bytes(project_dir: Path):
    from brochure.data.model import load_all
    from brochure.layout.compose import Composer
    from brochure.render.engine import crop_to_trim
    from brochure.render.variants import pages_html

    project = Project(project_dir)
    registry, sources = load_all(project, ["sapporo"])
    composer = Composer(project, registry)
    comp = composer.compose(sources[0])
    html, sheets = pages_html(composer, comp, proof=False, linked=False), composer.stylesheet_files(comp)
    with Engine(project) as engine:
        lean = counting_lean(engine)
        pages = slice(0, len(comp.panels))
        fast = engine.write(engine.layout(html, sheets), pages, crop_to_trim, pdf_variant="pdf/ua-1")
        assert lean == [1]
        # The word "footnote" anywhere in the document makes the engine keep WeasyPrint's whole UA sheet.
        whole = engine.write(engine.layout(html + "<!-- footnote -->", sheets), pages, crop_to_trim,
                             pdf_variant="pdf/ua-1")
        assert lean == [1]
    assert fast == whole


def test_the_html_parser_finds_its_patterns_in_its_cache(project_dir: Path):
    import re

    from tinyhtml5 import inputstream

    with Engine(Project(project_dir)) as engine:
        engine.layout('<p class="a">相談<b>窓口</b> &amp; TEL</p>')
        cache = dict(inputstream.characters_until_regex)
        engine.layout('<p class="b">別の<i>文書</i> &lt; です</p>')
    assert cache, "the parser used no cached pattern"
    # Keyed by the characters each pattern stops at (tinyhtml5 2.1.0 alone keys them by the pattern
    # itself, so no lookup ever hits): a second document adds no pattern.
    assert not any(isinstance(characters, re.Pattern) for characters, _ in cache)
    assert dict(inputstream.characters_until_regex).keys() == cache.keys()
