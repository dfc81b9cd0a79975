"""The site: build/index.html, sitemap.xml and the HTML leaflets: content, escaping, a real browser, axe-core."""

from __future__ import annotations

import functools
import http.server
import re
import threading
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from conftest import variants_of

from brochure.app.preview import Edition
from brochure.app.site import human_size, page_html
from brochure.project import Project

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def test_page_lists_every_edition_with_size_date_and_links(published):
    html = (published / "build" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="ja">' in html
    for name in ("sapporo", "yamaguchi"):
        assert f'href="{name}/2021-03/{name}-2021-03-download.pdf"' in html
        assert f'href="{name}/2021-03/index.html"' in html
        assert f'src="{name}/2021-03/preview/{name}-2021-03-download-p1.png"' in html
    assert "-print.pdf" not in html and "-proof.pdf" not in html, "the print shop's files are not for citizens"
    assert html.count("最新版</span>令和3年3月発行") == 2 and "KB）" in html
    # Sapporo's English edition: its page and download PDF under the leaflet, after the Japanese files, in English
    english = re.search(r'<a href="sapporo/2021-03/sapporo-2021-03-en-download.pdf" type="application/pdf" '
                        r'hreflang="en">Download the PDF \(6 pages, [\d.]+ [KM]B\)</a>', html)
    assert english and html.index('href="sapporo/2021-03/sapporo-2021-03-download.pdf"') < english.start()
    assert '<a href="sapporo/2021-03/en/index.html" hreflang="en">Read on the web</a>' in html
    assert "yamaguchi-2021-03-en-" not in html
    assert html.count('hreflang="') == len([v for name in LEAFLETS for v in variants_of(name)
                                            if "-" in v and v.partition("-")[0] in ("html", "download")])
    assert not re.search(r'(src|href)="(https?:)?//', html), "no external resources"
    assert all(alt.strip() for alt in re.findall(r'alt="([^"]*)"', html))
    assert len(re.findall(r"<img ", html)) == len(re.findall(r'alt="', html)) == 2


def test_titles_are_escaped(project_dir):
    data = project_dir / "data/brochures/sapporo.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(re.sub(r"^title: .*$", 'title: "<script>alert(1)</script> & 札幌"', text, flags=re.M),
                    encoding="utf-8")
    entry = {"path": "build/sapporo/2021-03/sapporo-2021-03-download.pdf", "pages": 6, "bytes": 2048}
    html = page_html(Project(project_dir), [Edition("sapporo", "2021-03", {"download": entry})])
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; 札幌" in html


def test_site_without_a_build_asks_for_one(project_dir):
    import io

    from brochure.app.cli import main
    err = io.StringIO()
    assert main(["--project", str(project_dir), "site"], err=err) == 2
    assert "run `brochure build` first" in err.getvalue()


def test_human_size():
    assert [human_size(n) for n in (10, 96477, 3 * 1024 * 1024)] == ["1 KB", "94 KB", "3.0 MB"]


# --------------------------------------------------------------------------- in a browser


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: the download page cannot be tested in a browser.\n"
                    "  hint: apt-get install -y chromium (./setup.sh does it when run as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed; hint: .venv/bin/pip install -e '.[test]'")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def server(published):
    """build/ served over HTTP on 127.0.0.1 (a free port)."""
    handler = functools.partial(QuietHandler, directory=str(published / "build"))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest's output clean
        pass


def visit(browser, url: str, width: int = 1280):
    """Open ``url``; return the page and every console error, page error and failed request."""
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems = []
    page.on("console", lambda msg: problems.append(f"console: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.goto(url, wait_until="load")
    return page, problems


def images_loaded(page) -> list[tuple[str, bool]]:
    return page.eval_on_selector_all("img", "els => els.map(i => [i.src, i.complete && i.naturalWidth > 0])")


def test_page_over_http_links_resolve_images_load(browser, server):
    page, problems = visit(browser, server + "index.html")
    links = page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)")
    # per leaflet and language its page and PDF: Sapporo's English ones too
    assert len(links) == len([v for name in LEAFLETS for v in variants_of(name) if v.partition("-")[0] in ("html", "download")])
    assert server + "sapporo/2021-03/sapporo-2021-03-en-download.pdf" in links
    for link in links:
        response = page.request.get(link)
        assert response.status == 200 and int(response.headers["content-length"]) > 1000, link
    images = images_loaded(page)
    assert len(images) == 2 and all(ok for _, ok in images), images
    assert page.evaluate("document.documentElement.lang") == "ja"
    page.close()
    assert problems == []


def test_page_from_the_file_system(browser, published):
    page, problems = visit(browser, (published / "build" / "index.html").as_uri())
    for link in page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)"):
        assert link.startswith("file://") and Path(unquote(urlparse(link).path)).is_file(), link
    images = images_loaded(page)
    assert images and all(ok for _, ok in images), images
    page.close()
    assert problems == []


def test_page_fits_a_phone_screen(browser, server):
    page, problems = visit(browser, server + "index.html", width=360)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.close()
    assert problems == []


# --------------------------------------------------------------------------- published editions, the archive


def test_latest_published_first_older_in_the_archive_only_editions_in_the_data(project_dir):
    import datetime

    from brochure.data.published import Printing, record
    project = Project(project_dir)
    for key in ("2020-03", "2021-03"):
        record(project, "yamaguchi", Printing(key, datetime.date(2021, 3, 20), "0" * 64))

    def entries(key):
        return {v: {"path": f"build/yamaguchi/{key}/" + ("index.html" if v == "html" else f"yamaguchi-{key}-{v}.pdf"),
                    "pages": 6, "bytes": 4096} for v in ("print", "download", "html", "proof")}
    found = [Edition("yamaguchi", key, entries(key)) for key in ("2020-03", "2021-03", "2027-03")]
    html = page_html(project, found)
    latest, archive = html.split("過去の版", 1)
    assert "最新版</span>令和3年3月発行" in latest and "令和2年3月" not in latest
    assert 'href="yamaguchi/2020-03/yamaguchi-2020-03-download.pdf"' in archive
    assert "2027-03" not in html, "an edition the data does not have (typed by mistake, reverted) is not listed"
    assert "-print.pdf" not in html and "-proof.pdf" not in html


def test_sitemap_lists_the_pages(published):
    from brochure.app.preview import editions
    from brochure.app.site import sitemap
    text = (published / "build" / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>index.html</loc>" in text and "<loc>yamaguchi/2021-03/index.html</loc>" in text
    absolute = sitemap(Project(published), editions(Project(published)), "https://example.jp/leaflets").decode()
    assert "<loc>https://example.jp/leaflets/sapporo/2021-03/index.html</loc>" in absolute


# --------------------------------------------------------------------------- the HTML leaflets


LEAFLETS = ["sapporo", "yamaguchi"]
PAGES = [f"{name}/2021-03/index.html" for name in LEAFLETS] + ["sapporo/2021-03/en/index.html",
                                                             "yamaguchi/2021-03/ja-easy/index.html"]


def leaflet(root: Path, name: str) -> str:
    return (root / "build" / name / "2021-03" / "index.html").read_text(encoding="utf-8")


def test_html_leaflet_has_the_panels_in_order_with_real_headings(published):
    html = leaflet(published, "yamaguchi")
    assert '<html lang="ja">' in html and html.count("<h1") == 1 and "<h2" in html and "<h3" in html
    sections = re.findall(r'<section class="panel role-[a-z-]+" aria-label="(\d)面">', html)
    assert sections == ["1", "2", "3", "4", "5", "6"]
    assert "@font-face" not in html and "fonts/" not in html, "system fonts: nothing to download"


def test_tel_links_say_what_they_do(published):
    html = leaflet(published, "yamaguchi")
    link = re.search(r'<a class="tel-number nobr" href="tel:\+81839342532">(.*?)</a>', html).group(1)
    assert re.sub(r"<[^>]+>", "", link) == "山口健康福祉センターに電話する 083-934-2532"


def test_json_ld_names_each_organisation(published):
    import json
    html = leaflet(published, "sapporo")
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    names = {item["name"]: item for item in data["@graph"]}
    centre = next(item for name, item in names.items() if "ひきこもり地域支援センター" in name)
    assert centre["@type"] == "Organization" and centre["telephone"].startswith("+81")
    assert centre["address"]["addressCountry"] == "JP"


def test_access_map_has_a_title_and_the_route_in_words(published):
    html = leaflet(published, "sapporo")
    assert re.search(r'<svg [^>]*role="img"[^>]*><title>[^<]+案内図', html)
    route = re.search(r'<p class="map-route web-only" id="([^"]+)">(.*?)</p>', html)
    assert "最寄り駅はJR平和駅です。" in route.group(2)
    assert f'aria-describedby="{route.group(1)}"' in html   # the map is described by the route


@pytest.mark.parametrize("path", PAGES)
def test_html_leaflet_fits_a_phone_and_loads_nothing_else(browser, server, path):
    page, problems = visit(browser, server + path, width=360)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    pdf = page.eval_on_selector("footer a[type='application/pdf']", "a => a.href")
    assert page.request.get(pdf).status == 200
    page.close()
    assert problems == []


@pytest.mark.parametrize("path", ["index.html"] + PAGES)
def test_axe_finds_no_wcag_aa_violation(browser, server, path):
    from test_editor_browser import axe_violations   # imported here: that module imports this one
    page, _ = visit(browser, server + path, width=360)
    assert axe_violations(page) == []
    page.close()
