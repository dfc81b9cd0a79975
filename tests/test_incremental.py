"""Edit a contact once: exactly the outputs that print it change; nothing else moves."""

from __future__ import annotations

from conftest import variants_of

from brochure.render.variants import VARIANTS

YAMAGUCHI = variants_of("yamaguchi")   # the Japanese four (print, download, html, proof), and ja-easy's
SAPPORO = variants_of("sapporo")       # the Japanese four, and the English edition's
assert YAMAGUCHI[:len(VARIANTS)] == list(VARIANTS) and len(YAMAGUCHI) > len(VARIANTS) < len(SAPPORO)
N = len(YAMAGUCHI)   # a contact only Yamaguchi prints rebuilds every edition of it
TOTAL = N + len(SAPPORO)

import io
import json
import shutil
from pathlib import Path

import pytest
from conftest import copy_project, output
from pdfread import text_of

from brochure.app.cli import main

OLD, NEW = "083-984-3742", "083-984-1111"
OUTPUTS = [("yamaguchi", variant) for variant in YAMAGUCHI] + [("sapporo", variant) for variant in SAPPORO]


def copy_built(built: Path, target: Path) -> Path:
    """A copy of the built project, build/ included (copy2 keeps mtimes, so the copy starts up to date)."""
    root = copy_project(target)
    shutil.copytree(built / "build", root / "build")
    return root


def state(root: Path) -> dict:
    return {(n, v): (output(root, n, v).read_bytes(), output(root, n, v).stat().st_mtime_ns) for n, v in OUTPUTS}


def run_build(root: Path, *extra: str) -> str:
    out = io.StringIO()
    assert main(["--project", str(root), "build", *extra], out=out) == 0
    return out.getvalue()


def set_tel(root: Path, old: str, new: str) -> None:
    contacts = root / "data" / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    assert text.count(old) == 1
    contacts.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def changed(built, tmp_path_factory):
    """A copy of the built project; the tel changed and built, then changed back and built again."""
    root = copy_built(built, tmp_path_factory.mktemp("incremental") / "project")
    before = state(root)
    set_tel(root, OLD, NEW)
    first = run_build(root)
    after = state(root)
    set_tel(root, NEW, OLD)
    second = run_build(root)
    return {"before": before, "after": after, "back": state(root), "first": first, "second": second, "root": root}


def test_exactly_the_outputs_that_print_it_change(changed):
    for name, variant in OUTPUTS:
        moved = changed["after"][name, variant] != changed["before"][name, variant]
        assert moved == (name == "yamaguchi"), (name, variant)


def test_the_other_brochure_is_untouched_bytes_and_mtime(changed):
    for variant in ("print", "download", "print-en", "download-en"):
        assert changed["after"]["sapporo", variant] == changed["before"]["sapporo", variant]
        assert changed["back"]["sapporo", variant] == changed["before"]["sapporo", variant]


@pytest.mark.parametrize("variant", ["print", "download"])
def test_old_number_gone_new_one_as_often(changed, tmp_path, variant):
    before = tmp_path / "before.pdf"
    before.write_bytes(changed["before"]["yamaguchi", variant][0])
    after = tmp_path / "after.pdf"
    after.write_bytes(changed["after"]["yamaguchi", variant][0])
    old_text, new_text = text_of(before), text_of(after)
    assert old_text.count(OLD) >= 1
    assert OLD not in new_text
    assert new_text.count(NEW) == old_text.count(OLD)


def test_changing_it_back_gives_the_original_bytes(changed):
    for key in OUTPUTS:
        assert changed["back"][key][0] == changed["before"][key][0]


def test_report_names_field_old_and_new_value_and_panels(changed):
    lines = changed["first"].splitlines()
    line = next(line for line in lines if line.startswith("yamaguchi 2021-03 print:"))
    assert f"sasaete-network.tel {OLD} → {NEW} (panels " in line
    assert f"{N} rebuilt, {TOTAL - N} up to date" in lines
    assert not any(line.startswith("sapporo") for line in lines)
    report = json.loads((changed["root"] / "build" / "report.json").read_text(encoding="utf-8"))
    assert {(c["brochure"], c["variant"]) for c in report["rebuilt"]} == {("yamaguchi", v) for v in YAMAGUCHI}
    assert any(f"{NEW} → {OLD}" in r for c in report["rebuilt"] for r in c["reasons"])


def test_report_panels_are_the_panels_that_print_the_contact(changed):
    from brochure.builder.depends import FileHashes, panels_using
    from brochure.builder.pipeline import plan
    from brochure.project import Project

    root = changed["root"]
    _, jobs, _ = plan(Project(root), ["yamaguchi"], {}, FileHashes(Project(root)))
    positions = panels_using(jobs[0].comp)["sasaete-network"]
    expected = "(panels " + ", ".join(str(p) for p in sorted(positions)) + ")"
    assert expected in changed["first"]


def test_manifest_keeps_the_printed_records(changed):
    """Each output's fingerprint names what it was made from; the variants of a brochure share one record."""
    manifest = json.loads((changed["root"] / "build" / "manifest.json").read_text(encoding="utf-8"))

    def made(brochure: str, variant: str) -> dict:
        entry = next(o for o in manifest["outputs"] if (o["brochure"], o["variant"]) == (brochure, variant))
        return manifest["made_from"][entry["fingerprint"]]

    assert made("yamaguchi", "print")["contacts"]["sasaete-network"]["tel"] == OLD
    assert made("yamaguchi", "download") == made("yamaguchi", "print")
    assert "sasaete-network" not in made("sapporo", "print")["contacts"]
    assert "sasaete-network" not in made("sapporo", "print-en")["contacts"]
    assert made("sapporo", "download-en") == made("sapporo", "print-en") != made("sapporo", "print")
    assert made("sapporo", "print-en")["language"] == "en"
    fingerprints = {o["fingerprint"] for o in manifest["outputs"]}
    assert set(manifest["made_from"]) == fingerprints and len(fingerprints) == 4   # two brochures, each in two languages


def test_noop_build_rewrites_nothing(built, tmp_path):
    root = copy_built(built, tmp_path / "project")
    manifest = root / "build" / "manifest.json"
    before, manifest_before = state(root), (manifest.read_bytes(), manifest.stat().st_mtime_ns)
    printed = run_build(root)
    assert f"0 rebuilt, {TOTAL} up to date" in printed
    assert state(root) == before
    assert (manifest.read_bytes(), manifest.stat().st_mtime_ns) == manifest_before


def test_noop_build_does_not_parse_or_render(built, tmp_path, monkeypatch):
    import brochure.builder.pipeline
    root = copy_built(built, tmp_path / "project")

    def refuse(*args, **kwargs):
        raise AssertionError("a no-op build planned or rendered")

    monkeypatch.setattr(brochure.builder.pipeline, "plan", refuse)
    run_build(root)


def test_unprinted_edit_renders_nothing(built, tmp_path, monkeypatch):
    """A comment and a notes: line change the file but no PDF: nothing is rendered, the stamps move on."""
    import brochure.builder.pipeline
    root = copy_built(built, tmp_path / "project")
    contacts = root / "data" / "contacts.yaml"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace(
        "  tel: 083-984-3742\n", "  tel: 083-984-3742\n  notes: [checked by phone]\n") + "# a comment\n",
        encoding="utf-8")
    before = state(root)
    rendered = []
    monkeypatch.setattr(brochure.builder.pipeline, "add_to", lambda renderer, registry, jobs, *rest: rendered.extend(jobs))
    assert f"0 rebuilt, {TOTAL} up to date" in run_build(root)
    assert rendered == []
    assert state(root) == before


def test_deleted_output_is_rebuilt_with_a_reason(built, tmp_path, monkeypatch):
    import brochure.builder.pipeline
    root = copy_built(built, tmp_path / "project")
    output(root, "sapporo", "download").unlink()
    seen = []
    monkeypatch.setattr(brochure.builder.pipeline, "add_to", lambda renderer, registry, jobs, *rest: seen.extend(jobs))
    run_build(root)
    assert [(j.comp.source.name, j.variant.name, j.reasons) for j in seen] == [
        ("sapporo", "download", ["output file missing or changed since the last build"])]


def test_force_rebuilds_everything(built, tmp_path, monkeypatch):
    import brochure.builder.pipeline
    root = copy_built(built, tmp_path / "project")
    seen = []
    monkeypatch.setattr(brochure.builder.pipeline, "add_to", lambda renderer, registry, jobs, *rest: seen.extend(jobs))
    run_build(root, "--force")
    assert sorted((j.comp.source.name, j.variant.name) for j in seen) == sorted(OUTPUTS)
    assert all(j.reasons == ["--force"] for j in seen)


def test_noop_build_imports_neither_weasyprint_nor_pydantic(built, tmp_path):
    import subprocess
    import sys

    from conftest import ROOT
    root = copy_built(built, tmp_path / "project")
    script = ("import sys; from brochure.app.cli import main; code = main(['--project', sys.argv[1], 'build', '-q']);"
              "print(code, sorted(m for m in ('weasyprint', 'pydantic', 'jinja2') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True,
                          env={"PYTHONPATH": str(ROOT)}, check=True)
    assert done.stdout.split() == ["0", "[]"]


def test_only_some_variants_then_the_rest(built, tmp_path):
    """--only print,download changes those outputs and no other; the next full build finishes the proofs,
    even when the data went back to what the old proofs show (the quick check must not trust them)."""
    root = copy_built(built, tmp_path / "project")
    before = state(root)
    set_tel(root, OLD, NEW)
    run_build(root, "--only", "print,download", "--quiet")
    middle = state(root)
    yamaguchi_changed = {(n, v) for n, v in OUTPUTS if middle[n, v][0] != before[n, v][0]}
    assert yamaguchi_changed == {("yamaguchi", v) for v in YAMAGUCHI if v.split("-")[0] in ("print", "download")}
    assert ("yamaguchi", "print-ja-easy") in yamaguchi_changed       # the kinds named, in every language
    assert middle["yamaguchi", "proof"] == before["yamaguchi", "proof"]
    assert NEW in text_of(output(root, "yamaguchi", "download"))

    set_tel(root, NEW, OLD)          # the proof on disk shows OLD again: a quick check would call it fresh
    report = run_build(root)
    after = state(root)
    assert after["yamaguchi", "proof"][0] == before["yamaguchi", "proof"][0]
    assert after["yamaguchi", "print"][0] == before["yamaguchi", "print"][0]   # back to the old number
    assert "yamaguchi-2021-03-print.pdf" in report
    assert run_build(root, "--quiet") == ""   # and now everything is up to date


def test_only_names_an_unknown_variant(built, tmp_path, capsys):
    root = copy_built(built, tmp_path / "project")
    assert main(["--project", str(root), "build", "--only", "print,poster"], out=io.StringIO()) == 2
    assert "expected some of print, download, html, proof" in capsys.readouterr().err
