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

if TYPE_CHECKING:
    from ..data.model import Registry
    from ..layout.compose import Composer, Composition

ORGANISATIONS = ("organisation", "network")    # listed as schema.org organisations; programmes and venues are not
_LABELLED_SVG = re.compile(r'(<svg\b[^>]*\baria-label="([^"]*)"[^>]*>)(?!<title>)')
_ASSET = re.compile(r'src="data/assets/([^"]+)"')
_QR = re.compile(r'(<a class="qr-link" href="(?:https?://)?([^"/]+)[^"]*"[^>]*>)<svg ((?:(?!aria-label)[^>])*)class="qr" role="img"')


def web_page(composer: "Composer", comp: "Composition") -> bytes:
    """The page's bytes (UTF-8): deterministic, like every output."""
    panels = [Markup(with_svg_titles(inline_assets(str(panel.html), composer.project.assets)))
              for panel in comp.panels]
    css = (composer.project.layouts / "base" / "web.css").read_text(encoding="utf-8")
    html = composer.web_html(comp, panels, Markup(_script_safe(json_ld(comp, composer.registry))), Markup(css))
    return html.encode("utf-8")


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
