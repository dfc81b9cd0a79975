"""The editor in Chromium, end to end: a real server, a real build, the forms as staff use them."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from test_site import CHROMIUM, browser  # noqa: F401  (the module's browser fixture)

from brochure.app.editor.web import Settings, create_app
from brochure.project import Project

AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
OLD, NEW = "083-984-3742", "083-984-1111"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served(built, tmp_path_factory):
    """The editor on a copy of the built project, with its builder (no file watching: saves rebuild)."""
    import uvicorn

    root = tmp_path_factory.mktemp("editor") / "project"
    shutil.copytree(built, root)
    port = free_port()
    app = create_app(Project(root), Settings(port=port, watch=False))
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 60
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    rebuilder = app.state.rebuilder
    rebuilder.wait_for(0, timeout=120)          # the first build and its preview images
    yield f"http://127.0.0.1:{port}", root, rebuilder
    server.should_exit = True
    thread.join(timeout=60)


def pdf_text(path: Path) -> str:
    pdf = pdfium.PdfDocument(path)
    try:
        return "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def axe_violations(page) -> list:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate("""async () => (await axe.run(document,
        {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})).violations
        .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))""")
    return result


def test_change_a_phone_number_in_the_form_and_find_it_in_the_pdf(browser, served):  # noqa: F811
    url, root, rebuilder = served
    pdf = root / "build" / "yamaguchi" / "2021-03" / "yamaguchi-2021-03-download.pdf"
    assert OLD in pdf_text(pdf).replace(" ", "")
    before = (root / "data" / "contacts.yaml").read_text(encoding="utf-8")
    page = browser.new_page(locale="ja-JP")
    page.goto(url + "/contacts")
    page.fill("#q", "支えて")
    page.wait_for_selector("text=認定NPO法人支えてネットワーク")
    page.click("text=認定NPO法人支えてネットワーク")
    page.fill("#f-tel", NEW)
    version = rebuilder.status.version
    page.click("button:has-text('保存')")
    page.wait_for_selector("text=保存しました")
    rebuilder.wait_for(version, timeout=60)
    after = (root / "data" / "contacts.yaml").read_text(encoding="utf-8")
    assert [l for l in after.splitlines() if l not in before.splitlines()] == [f"  tel: {NEW}"]
    assert NEW in pdf_text(pdf).replace(" ", "")
    page.goto(url + "/leaflets/yamaguchi")
    page.evaluate("document.querySelectorAll('img[data-live]').forEach(i => { i.loading = 'eager'; })")
    page.wait_for_function("Array.from(document.querySelectorAll('img[data-live]'))"
                           ".every(i => i.complete && i.naturalWidth > 0)", timeout=30000)
    assert page.locator("img[data-live]").count() == 8        # 2 print sides, 6 download pages
    page.close()


def test_bad_input_shows_the_message_and_writes_nothing(browser, served):  # noqa: F811
    url, root, _ = served
    before = (root / "data" / "contacts.yaml").read_bytes()
    page = browser.new_page(locale="ja-JP")
    page.goto(url + "/contacts/sasaete-network")
    page.fill("#f-tel", "083-98-3742")
    page.click("button:has-text('保存')")
    assert page.locator("#f-tel-err").is_visible()
    assert page.get_attribute("#f-tel", "aria-invalid") == "true"
    assert (root / "data" / "contacts.yaml").read_bytes() == before
    page.close()


def test_two_browsers_editing_one_contact_produce_a_conflict(browser, served):  # noqa: F811
    url, root, _ = served
    first, second = browser.new_context(locale="ja-JP").new_page(), browser.new_context(locale="ja-JP").new_page()
    for page in (first, second):
        page.goto(url + "/contacts/yamaguchi-health-centre")
    first.fill("#f-address", "山口市吉敷下東3丁目1-1 1階")
    first.click("button:has-text('保存')")
    first.wait_for_selector("text=保存しました")
    saved = (root / "data" / "contacts.yaml").read_bytes()
    second.fill("#f-address", "山口市吉敷下東3丁目1-1 2階")
    second.click("button:has-text('保存')")
    assert second.locator("text=ほかの人が変更しました").is_visible()
    assert (root / "data" / "contacts.yaml").read_bytes() == saved
    first.context.close()
    second.context.close()


@pytest.mark.parametrize("path", ["/contacts", "/contacts/sasaete-network", "/contacts/new", "/leaflets",
                                  "/leaflets/yamaguchi", "/history"])
def test_no_wcag_aa_violation(browser, served, path):  # noqa: F811
    url, _, _ = served
    page = browser.new_page(locale="ja-JP")
    page.goto(url + path)
    violations = axe_violations(page)
    page.close()
    assert violations == []


def test_the_accessibility_check_can_fail(browser):  # noqa: F811
    page = browser.new_page()
    page.set_content('<html><body><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input id="x"></body></html>')
    violations = axe_violations(page)
    page.close()
    assert any(v.startswith("image-alt") for v in violations) and any(v.startswith("label") for v in violations)


def test_a_wrong_number_is_shown_at_the_field_before_saving(browser, served):  # noqa: F811
    url, root, _ = served
    before = (root / "data" / "contacts.yaml").read_bytes()
    page = browser.new_page(locale="ja-JP")
    page.goto(url + "/contacts/sasaete-network")
    page.fill("#f-tel", "083-98-3742")
    page.press("#f-tel", "Tab")                       # leaving the field checks it
    page.wait_for_selector("#f-tel-live .error")
    assert "083-98-3742" in page.inner_text("#f-tel-live")
    assert (root / "data" / "contacts.yaml").read_bytes() == before
    page.close()
