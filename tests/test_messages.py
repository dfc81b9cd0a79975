"""Messages: Japanese under a Japanese locale, English otherwise; the catalogue is complete and compiled;
no traceback unless --debug; warnings do not stop a build."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from brochure import i18n
from brochure.app.cli import main
from brochure.data.model import load_all
from brochure.project import Project

PO = i18n.LOCALE_DIR / "ja" / "LC_MESSAGES" / "brochure.po"
MO = PO.with_suffix(".mo")


def bad_phone(root: Path) -> None:
    path = root / "data" / "contacts.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("tel: 083-984-3742", "tel: 083-98-3742"), encoding="utf-8")


def run(root: Path, *args: str) -> tuple[int, str]:
    err = io.StringIO()
    return main(["--project", str(root), *args], out=io.StringIO(), err=err), err.getvalue()


@pytest.fixture
def locale(monkeypatch: pytest.MonkeyPatch):
    def set_lang(value: str) -> None:
        for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
            monkeypatch.delenv(variable, raising=False)
        monkeypatch.setenv("LANG", value)
    return set_lang


def test_japanese_locale_gives_japanese_messages(project_dir: Path, locale):
    locale("ja_JP.UTF-8")
    bad_phone(project_dir)
    code, err = run(project_dir, "build")
    assert code == 1
    assert "data/contacts.yaml:25:3: sasaete-network.tel: 「083-98-3742」は日本の電話番号として正しくありません" in err
    assert "  対処: 市外局番から、ハイフン付きで書いてください（例: 083-984-3742）" in err
    assert err.splitlines()[-1] == "1 件のエラー。何も書き込んでいません。"


@pytest.mark.parametrize("lang", ["C.UTF-8", "en_GB.UTF-8", "de_DE.UTF-8"])
def test_other_locales_give_english(project_dir: Path, locale, lang: str):
    locale(lang)
    bad_phone(project_dir)
    code, err = run(project_dir, "build")
    assert code == 1
    assert '"083-98-3742" is not a valid Japanese phone number' in err
    assert err.splitlines()[-1] == "1 error; nothing was written."


def test_every_message_in_the_code_has_a_japanese_translation():
    package = Path(i18n.__file__).parent
    ids = {m[2] if isinstance(m[2], str) else m[2][0] for m in extract_from_dir(str(package))}
    catalogue = {m.id if isinstance(m.id, str) else m.id[0]: m for m in read_po(PO.open("rb"))}
    missing = sorted(i for i in ids if i not in catalogue or not catalogue[i].string)
    assert not missing, missing


def test_compiled_catalogue_matches_the_po_file():
    def entries(catalogue):
        plain = lambda v: v if isinstance(v, str) else tuple(v)   # plural forms come as tuples or lists
        return {plain(m.id): plain(m.string) for m in catalogue if m.id}
    po, mo = entries(read_po(PO.open("rb"))), entries(read_mo(MO.open("rb")))
    assert po == mo, "run: pybabel compile -d brochure/locale -D brochure"


def test_shipped_data_has_no_errors_and_no_warnings(project_dir: Path):
    registry, sources = load_all(Project(project_dir))
    assert registry.warnings == [] and all(source.warnings == [] for source in sources)


def test_unusual_hyphenation_is_a_warning_not_an_error(project_dir: Path, locale):
    locale("C.UTF-8")
    path = project_dir / "data" / "contacts.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("tel: 0837-22-5495", "tel: 08372-2-5495"), encoding="utf-8")
    registry, _ = load_all(Project(project_dir))
    assert [str(w) for w in registry.warnings] == [
        'data/contacts.yaml:127:3: khj-kirara-kai.tel: "08372-2-5495" is usually written 0837-22-5495 [warning]\n'
        "  hint: write it as 0837-22-5495, the hyphenation of its area code"]


def test_internal_error_has_no_traceback_unless_debug(project_dir: Path, locale, monkeypatch: pytest.MonkeyPatch):
    locale("C.UTF-8")

    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")
    monkeypatch.setattr("brochure.builder.pipeline.build", broken)
    code, err = run(project_dir, "build")
    assert code == 3
    assert "internal error: ZeroDivisionError: boom; nothing was written." in err and "Traceback" not in err
    code, err = run(project_dir, "--debug", "build")
    assert code == 3 and "Traceback (most recent call last)" in err


def test_data_errors_show_a_traceback_only_with_debug(project_dir: Path, locale):
    locale("C.UTF-8")
    bad_phone(project_dir)
    assert "Traceback" not in run(project_dir, "build")[1]
    code, err = run(project_dir, "--debug", "build")
    assert code == 1 and "Traceback (most recent call last)" in err
