"""The browser editor, called in-process: pages, saves, conflicts, undo, and the attacks it must refuse."""

from __future__ import annotations

import difflib
import re
import shutil
import time
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from brochure.app.editor.security import Accounts
from brochure.app.editor.web import Settings, create_app
from brochure.app.editor.workspace import RESTAT_SECONDS
from brochure.errors import BrochureError
from brochure.project import Project

HOST = "http://127.0.0.1:8000"
TEL_LINE = "  tel: 083-984-3742\n"


def client_for(root: Path, **settings) -> TestClient:
    app = create_app(Project(root), Settings(build=False, watch=False, **settings))
    return TestClient(app, base_url=HOST)


@pytest.fixture
def editor(project_dir):
    with client_for(project_dir) as client:
        yield client, project_dir


def token(client: TestClient, page: str = "/contacts") -> str:
    html = client.get(page).text
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)


def form_of(client: TestClient, cid: str) -> dict:
    """Every field of a contact's form as the browser would post it."""
    html = client.get(f"/contacts/{cid}").text
    form = html.split('class="record"', 1)[1].split("</form>", 1)[0]
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)" value="([^"]*)"', form):
        data[name] = _unescape(value)
    for name in re.findall(r'<input type="checkbox" id="[^"]+" name="([^"]+)" checked', form):
        data[name] = "on"
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>', form):
        data[name] = _unescape(body)
    for name, options in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, flags=re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', options)
        data[name] = _unescape(chosen.group(1)) if chosen else ""
    return data


def _unescape(text: str) -> str:
    import html
    return html.unescape(text)


def changed_lines(before: str, after: str) -> list[str]:
    """Removed and added lines ("-…", "+…"); autojunk off, so a line recurring in a long file is not junk."""
    a, b = before.splitlines(), after.splitlines()
    lines = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            lines += ["-" + line for line in a[i1:i2]] + ["+" + line for line in b[j1:j2]]
    return lines


# --------------------------------------------------------------------------- pages


def test_contact_list_search_and_form_are_in_japanese(editor):
    client, _ = editor
    page = client.get("/contacts")
    assert page.status_code == 200 and '<html lang="ja">' in page.text and "認定NPO法人支えてネットワーク" in page.text
    for query in ("支えて", "0839843742", "083-984-3742", "０８３９８４", "秋穂西"):
        rows = client.get("/contacts", params={"q": query}, headers={"HX-Request": "true"}).text
        assert "認定NPO法人支えてネットワーク" in rows, query
        assert "<html" not in rows            # htmx gets the rows only
    assert "支えて" not in client.get("/contacts", params={"q": "存在しない名前"}).text.split("<tbody>")[1]
    form = client.get("/contacts/sasaete-network").text
    assert '<label for="f-tel">電話番号</label>' in form and "半角数字とハイフン" in form
    assert "（必須）" in form and ">保存</button>" in form
    assert "山口市ひきこもり支援者ネットワーク" in form and "面" in form      # where it is printed, by name
    labels = set(re.findall(r'<label for="([^"]+)"', form))
    inputs = set(re.findall(r'<(?:input|select|textarea)[^>]* id="([^"]+)"', form))
    assert inputs <= labels, "every field has a <label>"


def test_english_when_the_browser_prefers_it(editor):
    client, _ = editor
    page = client.get("/contacts/sasaete-network", headers={"Accept-Language": "en-GB,en;q=0.9,ja;q=0.5"})
    assert '<html lang="en">' in page.text and ">Telephone" in page.text and ">保存</button>" in page.text


# --------------------------------------------------------------------------- saving


def test_saving_a_phone_number_changes_exactly_that_line_and_is_recorded(editor):
    client, root = editor
    contacts = root / "data" / "contacts.yaml"
    before = contacts.read_text(encoding="utf-8")
    form = form_of(client, "sasaete-network") | {"tel": "083-984-1111"}
    answer = client.post("/contacts/sasaete-network", data=form, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    after = contacts.read_text(encoding="utf-8")
    assert changed_lines(before, after) == ["-  tel: 083-984-3742", "+  tel: 083-984-1111"]
    saved = client.get(answer.headers["location"]).text
    assert "認定NPO法人支えてネットワーク 電話番号 083-984-3742 → 083-984-1111（yamaguchi 2021-03 4・5・6面）" in saved
    history = client.get("/history").text
    assert "電話番号 083-984-3742 → 083-984-1111" in history and "yamaguchi 2021-03" in history


def test_bad_input_is_shown_at_the_field_and_nothing_is_written(editor):
    client, root = editor
    contacts = root / "data" / "contacts.yaml"
    before = contacts.read_bytes()
    form = form_of(client, "sasaete-network") | {"tel": "083-98-3742", "postal_code": "7530001"}
    answer = client.post("/contacts/sasaete-network", data=form)
    assert answer.status_code == 422
    field = answer.text.split('id="f-tel-err"', 1)[1].split("</div>", 1)[0]
    assert "083-98-3742" in field or "電話" in field
    assert 'aria-invalid="true"' in answer.text
    assert contacts.read_bytes() == before
    assert not (root / ".brochure" / "history").exists()


def test_a_field_is_checked_as_it_is_typed_and_nothing_is_written(editor):
    client, root = editor
    before = (root / "data" / "contacts.yaml").read_bytes()
    form = form_of(client, "sasaete-network")
    assert 'hx-post="/contacts/sasaete-network/check"' in client.get("/contacts/sasaete-network").text
    headers = {"HX-Request": "true", "HX-Trigger-Name": "tel", "X-CSRF-Token": form["csrf"]}
    wrong = client.post("/contacts/sasaete-network/check", data=form | {"tel": "０８３－９８４－３７４２"},
                        headers=headers)
    assert wrong.status_code == 200 and "<html" not in wrong.text
    assert "半角" in wrong.text and 'name="_fix" value="tel"' in wrong.text
    right = client.post("/contacts/sasaete-network/check", data=form | {"tel": "083-984-3742"}, headers=headers)
    assert "正しく入力されています" in right.text
    new = client.post("/contacts/new/check", data={"name": "相談室", "tel": "1234"},
                      headers=headers | {"X-CSRF-Token": token(client)})
    assert new.status_code == 200 and "1234" in new.text and 'class="error"' in new.text
    assert (root / "data" / "contacts.yaml").read_bytes() == before


def test_full_width_digits_get_a_one_click_fix(editor):
    client, root = editor
    form = form_of(client, "sasaete-network") | {"tel": "０８３－９８４－３７４２"}
    shown = client.post("/contacts/sasaete-network", data=form)
    assert shown.status_code == 422 and 'name="_fix" value="tel"' in shown.text
    fixed = client.post("/contacts/sasaete-network", data=form | {"_fix": "tel"})
    assert 'value="083-984-3742"' in fixed.text
    assert (root / "data" / "contacts.yaml").read_text(encoding="utf-8").count(TEL_LINE) == 1


def test_two_people_editing_one_contact_get_a_conflict(editor):
    client, root = editor
    first = form_of(client, "sasaete-network")
    second = dict(first)
    assert client.post("/contacts/sasaete-network", data=first | {"tel": "083-984-1111"},
                       follow_redirects=False).status_code == 303
    saved = (root / "data" / "contacts.yaml").read_bytes()
    answer = client.post("/contacts/sasaete-network", data=second | {"tel": "083-984-2222"})
    assert answer.status_code == 409
    assert "083-984-1111" in answer.text and "083-984-2222" in answer.text      # both versions shown
    assert (root / "data" / "contacts.yaml").read_bytes() == saved


def test_undo_restores_the_bytes_and_is_recorded(editor):
    client, root = editor
    contacts = root / "data" / "contacts.yaml"
    before = contacts.read_bytes()
    client.post("/contacts/sasaete-network", data=form_of(client, "sasaete-network") | {"tel": "083-984-1111"})
    assert contacts.read_bytes() != before
    csrf = token(client)
    assert client.post("/history/1/undo", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert contacts.read_bytes() == before
    assert "取り消し（1）" in client.get("/history").text


def test_a_printed_contact_cannot_be_deleted_and_an_unprinted_one_can(editor):
    client, root = editor
    contacts = root / "data" / "contacts.yaml"
    before = contacts.read_bytes()
    refused = client.post("/contacts/sasaete-network/delete", data={"csrf": token(client)})
    assert refused.status_code == 409 and "削除できません" in refused.text and "面" in refused.text
    assert contacts.read_bytes() == before
    added = client.post("/contacts/new", data={"csrf": token(client), "name": "テスト相談室", "kind": "organisation",
                                                "tel": "083-984-1234", "verified": "2026-11-01",
                                                "channels.0.label": ""}, follow_redirects=False)
    assert added.status_code == 303, added.text
    new_id = added.headers["location"].split("/")[2].split("?")[0]
    assert new_id == "organisation-1" and "テスト相談室" in contacts.read_text(encoding="utf-8")
    deleted = client.post(f"/contacts/{new_id}/delete", data={"csrf": token(client)}, follow_redirects=False)
    assert deleted.status_code == 303 and contacts.read_bytes() == before


def test_a_broken_file_is_shown_with_its_line_and_never_overwritten(editor):
    client, root = editor
    contacts = root / "data" / "contacts.yaml"
    good = form_of(client, "sasaete-network")
    broken = contacts.read_text(encoding="utf-8").replace("  tel: 083-984-3742", '  tel: "083-984-3742', 1)
    contacts.write_text(broken, encoding="utf-8")
    time.sleep(RESTAT_SECONDS + 0.1)
    page = client.get("/contacts").text
    assert "data/contacts.yaml" in page and "行目" in page
    answer = client.post("/contacts/sasaete-network", data=good | {"tel": "083-984-1111"})
    assert answer.status_code == 409
    assert contacts.read_text(encoding="utf-8") == broken


# --------------------------------------------------------------------------- leaflets


def test_leaflet_structure_edits_change_only_their_lines(editor):
    client, root = editor
    path = root / "data" / "brochures" / "sapporo.yaml"
    before = path.read_text(encoding="utf-8")
    page = client.get("/leaflets/sapporo").text
    assert "文字を小さくして収める" in page
    csrf = token(client, "/leaflets/sapporo")
    answer = client.post("/leaflets/sapporo/edit", data={"csrf": csrf, "action": "fit", "panel": "4", "fit": "shrink"},
                         follow_redirects=False)     # inside-3: no fit: line yet
    assert answer.status_code == 303, answer.text
    lines = changed_lines(before, path.read_text(encoding="utf-8"))
    assert lines == ["+    fit: shrink"], lines
    assert client.post("/history/1/undo", data={"csrf": csrf}, follow_redirects=False).status_code == 303
    assert path.read_text(encoding="utf-8") == before


def test_a_new_leaflet_from_an_existing_one(editor):
    client, root = editor
    csrf = token(client, "/leaflets/sapporo")
    refused = client.post("/leaflets/sapporo/edit", data={"csrf": csrf, "action": "copy", "title": "", "issued": "26-4"})
    assert refused.status_code == 422 and "題名を入力してください" in refused.text
    made = client.post("/leaflets/sapporo/edit", data={"csrf": csrf, "action": "copy", "title": "旭川市の相談窓口",
                                                      "issued": "2026-04"}, follow_redirects=False)
    assert made.status_code == 303 and made.headers["location"].startswith("/leaflets/sapporo-2")
    text = (root / "data" / "brochures" / "sapporo-2.yaml").read_text(encoding="utf-8")
    assert "旭川市の相談窓口" in text and "2026-04" in text


# --------------------------------------------------------------------------- attacks


def test_a_post_without_the_csrf_token_is_refused_and_writes_nothing(editor):
    client, root = editor
    contacts = root / "data" / "contacts.yaml"
    before = contacts.read_bytes()
    form = form_of(client, "sasaete-network") | {"tel": "083-984-1111"}
    for data in ({k: v for k, v in form.items() if k != "csrf"}, form | {"csrf": "forged"}):
        assert client.post("/contacts/sasaete-network", data=data).status_code == 403
    other_origin = client.post("/contacts/sasaete-network", data=form, headers={"Origin": "http://evil.example"})
    assert other_origin.status_code == 403
    stranger = TestClient(client.app, base_url=HOST)      # another browser: a session without a token
    assert stranger.post("/contacts/sasaete-network", data=form).status_code == 403
    assert contacts.read_bytes() == before


def test_a_foreign_host_header_is_refused(editor):
    client, _ = editor
    assert client.get("/contacts", headers={"Host": "evil.example:8000"}).status_code == 400
    assert client.get("/contacts", headers={"Host": "localhost:8000"}).status_code == 200


def test_typed_text_is_escaped_and_never_a_path(editor):
    client, root = editor
    form = form_of(client, "sasaete-network") | {"description": "<script>alert(1)</script>"}
    assert client.post("/contacts/sasaete-network", data=form, follow_redirects=False).status_code == 303
    page = client.get("/contacts/sasaete-network").text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    for path in ("/files/../data/contacts.yaml", "/files/..%2Fdata%2Fcontacts.yaml", "/files/%2Fetc%2Fpasswd"):
        assert client.get(path).status_code == 404


def test_off_loopback_needs_accounts_then_logins(project_dir):
    with pytest.raises(BrochureError, match="brochure user add"):
        create_app(Project(project_dir), Settings(host="0.0.0.0", build=False, watch=False))
    Accounts(Project(project_dir)).add("sato", "correct horse battery")
    users = (project_dir / ".brochure" / "users.json").read_text()
    assert "correct horse" not in users and "$argon2" in users
    app = create_app(Project(project_dir), Settings(host="192.0.2.10", port=8000, build=False, watch=False))
    with TestClient(app, base_url="http://192.0.2.10:8000") as client:
        assert client.get("/contacts", follow_redirects=False).status_code == 303
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
        wrong = client.post("/login", data={"csrf": csrf, "name": "sato", "password": "wrong password"})
        assert wrong.status_code == 401
        right = client.post("/login", data={"csrf": csrf, "name": "sato", "password": "correct horse battery"},
                            follow_redirects=False)
        assert right.status_code == 303
        assert client.get("/contacts").status_code == 200
        assert client.get("/contacts", headers={"Host": "127.0.0.1:8000"}).status_code == 400


def test_serve_refuses_a_public_host_without_accounts(project_dir, capsys):
    from brochure.app.cli import main
    assert main(["--project", str(project_dir), "serve", "--host", "0.0.0.0", "--no-browser"]) == 1
    assert "brochure user add" in capsys.readouterr().err


def test_the_history_survives_a_kill_between_file_and_entry(editor, monkeypatch):
    """The data file is written before its history entry: a crash in between leaves the new file and no
    entry (never a half-written file or entry), and the editor goes on."""
    client, root = editor
    from brochure.app.editor import history

    def crash(*args, **kwargs):
        raise RuntimeError("killed")
    monkeypatch.setattr(history.History, "record", crash)
    with pytest.raises(RuntimeError, match="killed"):
        client.post("/contacts/sasaete-network", data=form_of(client, "sasaete-network") | {"tel": "083-984-1111"})
    monkeypatch.undo()
    text = (root / "data" / "contacts.yaml").read_text(encoding="utf-8")
    assert "083-984-1111" in text and text.count("sasaete-network:") == 1
    assert client.get("/history").status_code == 200
    shutil.rmtree(root / ".brochure", ignore_errors=True)


def test_start_a_new_edition_after_seeing_what_to_confirm_then_compare(editor):
    client, root = editor
    csrf = token(client, "/leaflets/yamaguchi")
    first = client.post("/leaflets/yamaguchi/edit", data={"csrf": csrf, "action": "edition", "issued": "2022-03"})
    assert first.status_code == 200 and "を始める前に" in first.text
    assert "今の版以降に確認済み" in first.text or "確認日を直してください" in first.text
    assert not (root / "data" / "editions").exists()                      # nothing frozen yet
    done = client.post("/leaflets/yamaguchi/edit", data={"csrf": csrf, "action": "edition", "issued": "2022-03",
                                                         "confirm": "1"}, follow_redirects=False)
    assert done.status_code == 303, done.text
    assert (root / "data" / "editions" / "yamaguchi" / "2021-03.yaml").is_file()
    brochure_text = (root / "data" / "brochures" / "yamaguchi.yaml").read_text(encoding="utf-8")
    assert re.search(r"issued: ['\"]?2022-03", brochure_text)
    client.post("/contacts/sasaete-network", data=form_of(client, "sasaete-network") | {"tel": "083-984-1111"})
    diff = client.get("/leaflets/yamaguchi/diff", params={"old": "2021-03"})
    assert diff.status_code == 200 and "2021-03 → 2022-03" in diff.text
    assert "083-984-3742" in diff.text and "083-984-1111" in diff.text and "電話番号" in diff.text


def test_an_edit_made_in_a_text_editor_is_picked_up(editor):
    client, root = editor
    contacts = root / "data" / "contacts.yaml"
    assert "083-984-3742" in client.get("/contacts/sasaete-network").text
    contacts.write_text(contacts.read_text(encoding="utf-8").replace("083-984-3742", "083-984-5555"),
                        encoding="utf-8")
    time.sleep(RESTAT_SECONDS + 0.1)                # files are looked at again at most this often
    assert "083-984-5555" in client.get("/contacts/sasaete-network").text


def test_in_a_git_repository_each_save_is_a_commit_by_the_user(editor):
    import subprocess
    client, root = editor
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run(git + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "data"], check=True)
    subprocess.run(git + ["commit", "-qm", "start"], check=True)
    client.post("/contacts/sasaete-network", data=form_of(client, "sasaete-network") | {"tel": "083-984-1111"})
    log = subprocess.run(git + ["log", "-1", "--format=%an|%s", "--name-only"], capture_output=True, text=True).stdout
    author, subject = log.splitlines()[0].split("|", 1)
    assert subject.startswith("認定NPO法人支えてネットワーク 電話番号 083-984-3742 → 083-984-1111")
    assert author and "data/contacts.yaml" in log


def _png(width: int, height: int) -> bytes:
    import io

    from PIL import Image
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()


def test_pictures_are_checked_named_here_and_stored_only_in_assets(editor):
    client, root = editor
    csrf = token(client, "/leaflets/sapporo")
    brochure = root / "data" / "brochures" / "sapporo.yaml"
    before = brochure.read_bytes()

    def upload(content: bytes, filename: str, alt: str = "地図"):
        return client.post("/leaflets/sapporo/picture", data={"csrf": csrf, "panel": "1", "alt": alt},
                           files={"file": (filename, content, "image/png")}, follow_redirects=False)

    small = upload(_png(300, 200), "map.png")
    assert small.status_code == 422 and "px 以上（300 dpi）" in small.text and "300 px" in small.text
    fake = upload(b"<svg onload=alert(1)>", "map.png")
    assert fake.status_code == 422 and "PNG か JPEG" in fake.text
    no_alt = upload(_png(1200, 800), "map.png", alt="")
    assert no_alt.status_code == 422 and "画像の説明" in no_alt.text
    assert brochure.read_bytes() == before
    good = upload(_png(1200, 800), "../../../etc/地図 Map.PNG")
    assert good.status_code == 303, good.text
    stored = sorted((root / "data" / "assets").glob("map-*.png"))
    assert len(stored) == 1 and re.fullmatch(r"map-[0-9a-f]{8}\.png", stored[0].name)
    assert not (root / "etc").exists()
    assert f"image: {stored[0].name}" in brochure.read_text(encoding="utf-8")


def test_serve_starts_on_loopback_and_stops_cleanly_on_sigterm(project_dir):
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, DISPLAY="")
    process = subprocess.Popen([sys.executable, "-m", "brochure", "--project", str(project_dir), "serve", "--port",
                                str(port), "--no-browser"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=120)
    finally:
        process.kill()
    assert process.returncode == 0, err.decode()
    text = out.decode()
    assert f"http://127.0.0.1:{port}/" in text and "終了しました" in text


def test_a_session_expires():
    import time
    from types import SimpleNamespace

    from brochure.app.editor.security import SESSION_SECONDS, signed_in_user
    fresh = SimpleNamespace(session={"user": "sato", "since": time.time() - 60})
    stale = SimpleNamespace(session={"user": "sato", "since": time.time() - SESSION_SECONDS - 1})
    assert signed_in_user(fresh, accounts_exist=True) == "sato"
    assert signed_in_user(stale, accounts_exist=True) is None
    assert signed_in_user(SimpleNamespace(session={}), accounts_exist=True) is None


def test_the_leaflet_page_offers_each_language_editions_pdfs(editor):
    """Downloads: the Japanese PDFs first, then each language built (やさしい日本語, English), named so."""
    client, root = editor
    folder = root / "build" / "yamaguchi" / "2021-03"
    folder.mkdir(parents=True)
    for name in ("yamaguchi-2021-03-print.pdf", "yamaguchi-2021-03-ja-easy-print.pdf",
                 "yamaguchi-2021-03-ja-easy-download.pdf"):
        (folder / name).write_bytes(b"%PDF-1.7\n")
    page = client.get("/leaflets/yamaguchi").text
    easy = page.index("yamaguchi-2021-03-ja-easy-print.pdf")
    assert page.index("yamaguchi-2021-03-print.pdf") < easy
    assert "印刷会社に入稿する PDF（やさしい日本語）" in page and "ホームページに載せる PDF（やさしい日本語）" in page
    assert "-en-" not in page


def test_the_english_name_is_a_field_of_the_form_and_saving_it_adds_one_line(editor):
    """name_en and address_en (printed in English editions) are typed in the form like any field;
    the Sapporo record's English name is shown, and a new one for a Yamaguchi contact is one added line."""
    client, root = editor
    page = client.get("/contacts/sapporo-hikikomori-centre").text
    assert "英語の名称" in page and "ローマ字の住所" in page and "Sapporo Hikikomori Regional Support Centre" in page
    contacts = root / "data" / "contacts.yaml"
    before = contacts.read_text(encoding="utf-8")
    form = form_of(client, "sasaete-network") | {"name_en": "Sasaete Network"}
    answer = client.post("/contacts/sasaete-network", data=form, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    assert changed_lines(before, contacts.read_text(encoding="utf-8")) == ["+  name_en: Sasaete Network"]
