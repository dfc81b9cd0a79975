"""The HTML edition of a brochure: one accessible page, phone-sized screens first.

Made from the same composition as the PDFs (each panel's HTML as the Composer
rendered it), never written a second time: the page shows the panels in
reading order and shows what the leaflet leaves to position (``.web-only``:
the words of a tel: link, the access map's route).  Three things are added
here, from the data: a ``<title>`` in each figure's SVG (kept out of the
PDF, whose bytes it would change), pictures from data/assets/ inlined (the
page is copied to a web server without data/), and schema.org JSON-LD for
each organisation the leaflet lists.
"""

from __future__ import annotations

import base64
import json
import mimetypes
import re
from pathlib import Path
from typing import TYPE_CHECKING

from markupsafe import Markup

from ..data.wareki import english_month

if TYPE_CHECKING:
    from ..data.model import Registry
    from ..layout.compose import Composer, Composition

ORGANISATIONS = ("organisation", "network")    # listed as schema.org organisations; programmes and venues are not
_LABELLED_SVG = re.compile(r'(<svg\b[^>]*\baria-label="([^"]*)"[^>]*>)(?!<title>)')
_RUBY_SPANS = re.compile(r'<span class="rb"[^>]*>([^<]*)<span class="rt"[^>]*>([^<]*)</span></span>')
_LINK = re.compile(r'<a\b([^>]*?)( aria-label="[^"]*")([^>]*>.*?</a>)', re.S)
_ASSET = re.compile(r'src="data/assets/([^"]+)"')
_QR = re.compile(r'(<a class="qr-link" href="(?:https?://)?([^"/]+)[^"]*"[^>]*>)<svg ((?:(?!aria-label)[^>])*)class="qr" role="img"')


# The page's own words, per language (the leaflet's come translated in the composition).
PAGE_WORDS = {
    "ja": {"skip": "本文へ移動", "back": "リーフレットの一覧", "panel": "{n}面", "title": "{title}（{issued}発行）",
           "issued": "{issued}発行", "updated": "　最終更新日 ", "pdf": "印刷して読む方は PDF 版をどうぞ（{title}、PDF）"},
    "en": {"skip": "Skip to the leaflet", "back": "All leaflets", "panel": "Panel {n}", "title": "{title} ({issued})",
           "issued": "Issued {issued}", "updated": " · Last updated ", "pdf": "To print it, download the PDF ({title}, PDF)"},
}
LANGUAGE_NAMES = {"ja": "日本語", "ja-easy": "やさしい日本語", "en": "English", "vi": "Tiếng Việt"}   # each in its own language
HREFLANG = {"ja-easy": "ja"}   # plain Japanese is Japanese to a browser


def web_page(composer: "Composer", comp: "Composition") -> bytes:
    """The page's bytes (UTF-8): deterministic, like every output."""
    panels = [Markup(with_html_ruby(with_svg_titles(inline_assets(str(panel.html), composer.project.assets))))
              for panel in comp.panels]
    css = (composer.project.layouts / "base" / "web.css").read_text(encoding="utf-8")
    html = composer.web_html(comp, panels, Markup(_script_safe(json_ld(comp, composer.registry))), Markup(css),
                             page_words(comp))
    return html.encode("utf-8")


def page_words(comp: "Composition") -> dict:
    """What web.html prints around the panels, in the page's language, and the links to the same
    edition's pages in the other languages built (a language's page is <edition>/<lang>/index.html)."""
    language = comp.language
    words = PAGE_WORDS["en" if language == "en" else "ja"]
    meta, key = comp.meta, comp.source.brochure.edition.key
    issued = english_month(meta["issued"]) if language == "en" else meta["issued_wareki"]
    own = language != "ja"

    def href(other: str) -> str:   # from this page to the page in ``other``
        if other == language:
            return "index.html"
        return ("../" if own else "") + ("" if other == "ja" else f"{other}/") + "index.html"
    others = [{"name": LANGUAGE_NAMES.get(other, other), "hreflang": HREFLANG.get(other, other), "href": href(other)}
              for other in comp.editions if other != language]
    pdf = f"{meta['name']}-{key}-{language + '-' if own else ''}download.pdf"
    alternates = [{"hreflang": code, "href": href(code)} for code in comp.editions if code not in HREFLANG]
    return {
        "lang": HREFLANG.get(language, language), "up": "../../../" if own else "../../",
        "skip": words["skip"], "back": words["back"], "updated": words["updated"],
        "title": words["title"].format(title=meta["title"], issued=issued),
        "description": words["title"].format(title=meta["title"], issued=issued) if language == "en"
        else meta["description"],
        "issued": words["issued"].format(issued=issued),
        "panels": {panel.position: words["panel"].format(n=panel.position) for panel in comp.panels},
        "pdf": ("../" if own else "") + pdf, "pdf_text": words["pdf"].format(title=meta["title"]),
        "others": others,
        # <link rel="alternate" hreflang>, this page's own too; one page per code (やさしい日本語 is ja to a
        # browser, and the Japanese page has that)
        "alternates": alternates if len(alternates) > 1 else [],
    }


def with_html_ruby(html: str) -> str:
    """Furigana as HTML ruby: the PDF's spans (layout/ruby.py, for WeasyPrint, which has no ruby) become
    ``<ruby>家族<rp>(</rp><rt>かぞく</rt><rp>)</rp></ruby>``, which browsers lay out and screen readers
    and translation tools understand; <rp> shows the reading in brackets where ruby is not shown."""
    html = _RUBY_SPANS.sub(r"<ruby>\1<rp>(</rp><rt>\2</rt><rp>)</rp></ruby>", html)
    # A link whose words carry ruby is named by them: an aria-label of the base text alone would no
    # longer match what is shown (WCAG 2.5.3, label in name).
    return _LINK.sub(lambda m: m[0].replace(m[2], "") if "<ruby>" in m[3] else m[0], html)


def with_svg_titles(html: str) -> str:
    """Give every labelled SVG a <title> too: screen readers and browsers' tooltips read it; a QR
    code says where it leads (the PDF's link has the address beside it)."""
    html = _QR.sub(lambda m: f'{m[1]}<svg {m[3]}class="qr" role="img" aria-label="ホームページ（{m[2]}）のQRコード"',
                   html)
    return _LABELLED_SVG.sub(lambda m: f"{m[1]}<title>{m[2]}</title>", html)


def inline_assets(html: str, assets: Path) -> str:
    """Pictures as data: URIs, so the page stands alone on any server and from the file system."""
    def inline(match: re.Match) -> str:
        from urllib.parse import unquote
        path = assets / unquote(match[1])
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return f'src="data:{kind};base64,{base64.b64encode(path.read_bytes()).decode("ascii")}"'
    return _ASSET.sub(inline, html)


def json_ld(comp: "Composition", registry: "Registry") -> str:
    """schema.org data for each organisation the leaflet prints: name, address, telephone, hours."""
    items = [_organisation(registry[cid]) for cid in sorted(comp.uses)
             if cid in registry.contacts and registry[cid].kind in ORGANISATIONS]
    graph = {"@context": "https://schema.org", "@graph": items}
    return json.dumps(graph, ensure_ascii=False, sort_keys=True, indent=1)


def _organisation(contact) -> dict:
    from ..data.contacts import Phone
    item: dict = {"@type": "Organization", "name": contact.name}
    if contact.name_en:
        item["alternateName"] = contact.name_en
    if contact.address:
        item["address"] = {"@type": "PostalAddress", "addressCountry": "JP", "streetAddress": contact.address,
                           **({"postalCode": contact.postal_code} if contact.postal_code else {})}
    if contact.tel:
        item["telephone"] = Phone(contact.tel).uri.removeprefix("tel:")
    if contact.url:
        item["url"] = contact.url
    hours = [h for h in [contact.schedule] + [ch.hours for ch in contact.channels] if h]
    if hours:   # written in Japanese in the data, not as schema.org's Mo-Fr 09:00-17:00: given as text
        item["openingHours"] = hours
    return item


def _script_safe(text: str) -> str:
    """JSON inside <script>: no </script> or <!-- from the data can end it early."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
