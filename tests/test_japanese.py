"""Under a Japanese locale no message has an English sentence: every command's output and --help, the
change report, every preflight failure and every bad input of the table.

"An English sentence" is three or more ASCII words in a row once what is not prose is taken out: paths,
ids, field paths (panels[4].blocks[1]), quoted values, options, `commands` and usage lines.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
from pathlib import Path

import pytest
from conftest import copy_project

from brochure.app.cli import _parser, main

NOT_PROSE = [
    re.compile(r"\b[a-z][a-z_-]*(?:, [a-z][a-z_-]*){2,}"),                # field names: address, channels, …
    re.compile(r"`[^`]*`|'[^']*'|\"[^\"]*\"|「[^」]*」"),                   # commands and quoted values
    re.compile(r"\S*[/\\.\[\]@_=<>]\S*"),                                # paths, field paths, files, URLs
    re.compile(r"\[[^\]]*\]|\{[^}]*\}"),                                 # usage: [--jobs N] {a,b}
    re.compile(r"(?<!\S)-{1,2}[\w-]+"),                                  # options
    re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b"),                          # ids: sasaete-network, inside-2
    re.compile(r"\S+,\S+"),                                              # lists: print,download,proof
    re.compile(r"\bbrochure(?: [a-z-]+)+"),                              # brochure check …: a command
    re.compile(r"Open Referral HSDS|BIZ UDP?Gothic|PDF/X-\d|\bCtrl-C\b"),  # names
]
SENTENCE = re.compile(r"[A-Za-z]+(?:[ ,;]+[A-Za-z]+){2,}")


def english(text: str) -> list[str]:
    """The English sentences left in ``text``."""
    found = []
    for line in text.splitlines():
        if line.startswith("usage:") or line.startswith("使い方:"):
            continue
        for pattern in NOT_PROSE:
            line = pattern.sub(" ", line)
        found += SENTENCE.findall(line)
    return found


def test_the_detector_sees_english_and_passes_japanese():
    assert english("data/contacts.yaml:23:3: sasaete-network.tel: is not a valid number")
    assert not english("data/contacts.yaml:23:3: sasaete-network.tel: 「083」は正しくありません\n"
                       "  対処: brochure check --stale で一覧にできます: name: 'no' [-h] [--jobs N]")


@pytest.fixture
def ja(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages in Japanese.  LANGUAGE, which gettext reads first, and not LANG: changed inside a process
    that has already rendered, LANG makes Pango pick fonts for another language (the proof's labels then
    come out in a system font); a user sets LANG before the process starts, which is not the same."""
    for variable in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANGUAGE", "ja")


def run(root: Path | None, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main((["--project", str(root)] if root else []) + list(args), out=out, err=err)
    return code, out.getvalue() + err.getvalue()


def commands(parser: argparse.ArgumentParser, prefix: tuple = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += commands(sub, prefix + (name,))
    return found


@pytest.mark.parametrize("command", commands(_parser()), ids=lambda c: " ".join(c) or "brochure")
def test_help_is_japanese(command: tuple, ja, capsys):
    code, _ = run(None, *command, "--help")
    printed = capsys.readouterr().out
    assert code == 0 and "使い方:" in printed
    help_text = " ".join(printed.split("\n\n", 1)[1].split())    # after the usage; wrapped lines joined
    assert not english(help_text), english(help_text)


def test_every_command_speaks_japanese(built: Path, tmp_path: Path, ja):
    root = copy_project(tmp_path / "project")
    shutil.copytree(built / "build", root / "build")
    contacts = root / "data" / "contacts.yaml"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace("tel: 083-984-3742", "tel: 083-984-1111"),
                        encoding="utf-8")
    outputs = []
    for args in (["build"], ["build"], ["check"], ["check", "--stale"], ["list"], ["site"],
                 ["where-used", "sasaete-network"], ["where-used", "支えて"], ["where-used", "083-984-1111"],
                 ["where-used", "どこにもない"], ["edition", "list", "yamaguchi"], ["diff", "yamaguchi"],
                 ["edition", "new", "yamaguchi", "--issued", "2022-03"], ["diff", "yamaguchi"],
                 ["build", "nothing-here"], ["preview", "--dpi", "5"]):
        code, text = run(root, *args)
        outputs.append(text)
        assert text.strip(), args
        assert not english(text), (args, english(text), text)
    assert "sasaete-network.tel 083-984-3742 → 083-984-1111（4、5、6面）" in outputs[0]
    assert "作り直し 0 件" in outputs[1] and "確定しました" in outputs[12]


def test_the_change_report_is_in_japanese_words(built: Path, tmp_path: Path, ja):
    root = copy_project(tmp_path / "project")
    shutil.copytree(built / "build", root / "build")
    brochure = root / "data" / "brochures" / "yamaguchi.yaml"
    text = brochure.read_text(encoding="utf-8")
    brochure.write_text(text.replace("          - sasaete-network\n      - heading: 家族支援",
                                     "      - heading: 家族支援", 1), encoding="utf-8")
    code, out = run(root, "build", "yamaguchi")
    assert code == 0, out
    assert "panels[3].blocks[1].contacts: 認定NPO法人支えてネットワーク を削除" in out
    assert "[{" not in out and not english(out), english(out)


def test_preflight_failures_are_japanese(tmp_path: Path, ja):
    """The preflight table's bad brochure, checked under ja: overflow, glyphs, type size, trim, fold,
    bleed, image resolution and a stale contact."""
    import test_preflight
    from brochure.builder.pipeline import render_and_check
    from brochure.i18n import speaking
    from brochure.project import open_project

    root = copy_project(tmp_path / "project")
    (root / "data" / "brochures" / "bad.yaml").write_text(test_preflight.BAD, encoding="utf-8")
    with (root / "layouts" / "maki3" / "maki3.css").open("a", encoding="utf-8") as css:
        css.write(test_preflight.BAD_CSS)
    with speaking("ja"):
        result, errors = render_and_check(open_project(root), ["bad"])
        text = "\n".join(str(p) for p in errors + result.warnings)
    assert "はみ出しています" in text and "対処:" in text
    assert not english(text), english(text)


def test_editions_publishing_and_folds_refuse_in_japanese(built: Path, tmp_path: Path, ja):
    """Every refusal of editions, publishing, snapshots and the fold catalogue, under ja."""
    root = copy_project(tmp_path / "project")
    shutil.copytree(built / "build", root / "build")
    snapshots = root / "data" / "editions" / "yamaguchi"
    snapshots.mkdir(parents=True, exist_ok=True)
    (snapshots / "2020-03.yaml").write_text("name: yamaguchi\nissued: '2020-03'\n", encoding="utf-8")
    (snapshots / "2019-03.yaml").write_text("name: sapporo\nissued: '2019-03'\nbrochure: {}\ncontacts: {}\n",
                                            encoding="utf-8")
    refusals = [("build", "yamaguchi", "--edition", "2021-3"), ("build", "--edition", "2021-03"),
                ("build", "yamaguchi", "--edition", "2018-03"), ("build", "yamaguchi", "--edition", "2020-03"),
                ("build", "yamaguchi", "--edition", "2019-03"),
                ("edition", "new", "yamaguchi", "--issued", "2020-01"),
                ("edition", "new", "yamaguchi", "--issued", "2022-13"),
                ("publish", "sapporo", "--reprint", "2022-06")]
    for args in refusals:
        code, text = run(root, *args)
        assert code != 0 and text.strip(), (args, text)
        assert not english(text), (args, english(text), text)
    (root / "build" / "sapporo").rename(tmp_path / "sapporo-build")
    code, text = run(root, "publish", "sapporo")
    assert code != 0 and "がありません" in text and not english(text), text
    said = []
    for args in (("publish", "yamaguchi"), ("publish", "yamaguchi"), ("publish", "yamaguchi", "--reprint", "2021-01")):
        code, text = run(root, *args)
        said.append(text)
        assert text.strip() and not english(text), (args, english(text), text)
    assert "発行済みにしました" in said[0] and "すでに発行済み" in said[1], said
    contacts = root / "data" / "contacts.yaml"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace("tel: 083-984-3742", "tel: 083-984-1111"),
                        encoding="utf-8")
    code, text = run(root, "build", "yamaguchi")   # a published printing is not rebuilt: a warning says so
    assert code == 0 and "発行済みです" in text and not english(text), english(text)


@pytest.mark.parametrize("change", [("fold: maki3", "fold: origami", "という折りはありません"),
                                    ("fold: maki3", "fold: nioriA4", "読む順に"),
                                    ("fold: maki3", "fold: z3\nprint:\n  fold_allowance: 2", "折り込み面がありません")])
def test_fold_problems_are_japanese(tmp_path: Path, ja, change):
    root = copy_project(tmp_path / "project")
    brochure = root / "data" / "brochures" / "sapporo.yaml"
    text = brochure.read_text(encoding="utf-8")
    assert change[0] in text
    brochure.write_text(text.replace(change[0], change[1], 1), encoding="utf-8")
    code, out = run(root, "check", "sapporo")
    assert code == 1 and change[2] in out and not english(out), (english(out), out)


def test_accounts_and_the_editor_refuse_in_japanese(tmp_path: Path, ja):
    from brochure.app.editor import security
    from brochure.app.editor.web import Settings, create_app
    from brochure.errors import BrochureError
    from brochure.project import Project

    root = copy_project(tmp_path / "project")
    accounts = security.Accounts(Project(root))
    for name, password in (("Bad Name", "long enough"), ("staff", "short")):
        with pytest.raises(BrochureError) as refused:
            accounts.add(name, password)
        assert not english(str(refused.value)), str(refused.value)
    with pytest.raises(BrochureError) as refused:
        create_app(Project(root), Settings(host="0.0.0.0", watch=False, build=False))
    assert "アカウント" in str(refused.value) and not english(str(refused.value)), str(refused.value)


def test_an_overflow_and_its_cause_are_japanese(built: Path, tmp_path: Path, ja):
    root = copy_project(tmp_path / "project")
    shutil.copytree(built / "build", root / "build")
    contacts = root / "data" / "contacts.yaml"
    name = "認定NPO法人支えてネットワーク"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace(f"name: {name}\n", f"name: {name}{'相談窓口' * 25}\n"),
                        encoding="utf-8")
    code, out = run(root, "build", "yamaguchi")
    assert code == 1 and "文字長くなりました" in out and "fit: shrink" in out
    assert not english(out), (english(out), out)
