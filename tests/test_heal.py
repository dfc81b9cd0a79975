"""build/ heals itself: outputs deleted by hand, editions the data no longer has and removed brochures
never make ``preview`` or ``site`` fail; the build drops them from the manifest and says so."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from test_incremental import copy_built

from brochure.app.cli import main


def run(root: Path, *args: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--project", str(root), *args], out=out, err=err)
    return code, out.getvalue() + err.getvalue()


def listed(root: Path) -> set[tuple[str, str]]:
    manifest = json.loads((root / "build" / "manifest.json").read_text(encoding="utf-8"))
    return {(o["brochure"], o["edition"]) for o in manifest["outputs"]}


def test_a_frozen_editions_folder_deleted_by_hand(built, tmp_path):
    """The issue's case: an older edition's folder deleted from build/ made every `preview` fail."""
    root = copy_built(built, tmp_path / "project")
    assert run(root, "edition", "new", "yamaguchi", "--issued", "2022-03")[0] == 0
    assert run(root, "build", "yamaguchi", "--quiet")[0] == 0
    assert ("yamaguchi", "2021-03") in listed(root)          # frozen: still an edition of the data
    shutil.rmtree(root / "build" / "yamaguchi" / "2021-03")
    code, out = run(root, "site")
    assert code == 0, out
    code, out = run(root, "preview", "yamaguchi", "--dpi", "10")
    assert code == 0, out
    assert "build/yamaguchi/2021-03/yamaguchi-2021-03-print.pdf: no longer in build/, dropped from " \
           "build/manifest.json (it is made again by `brochure build yamaguchi --edition 2021-03`)" in out
    assert ("yamaguchi", "2021-03") not in listed(root) and ("yamaguchi", "2022-03") in listed(root)
    assert run(root, "build", "yamaguchi", "--edition", "2021-03", "--quiet")[0] == 0   # made again on request
    assert ("yamaguchi", "2021-03") in listed(root)


def test_an_edition_no_longer_in_the_data_is_dropped_from_manifest_and_site(built, tmp_path):
    """edition.issued changed by hand, without freezing: the old outputs are no edition of the data."""
    root = copy_built(built, tmp_path / "project")
    brochure = root / "data" / "brochures" / "sapporo.yaml"
    text = brochure.read_text(encoding="utf-8")
    assert "2021-03" in text
    brochure.write_text(text.replace("2021-03", "2022-03", 1), encoding="utf-8")
    code, out = run(root, "build", "sapporo")
    assert code == 0, out
    assert ("sapporo 2021-03: no longer an edition in the data (neither current nor frozen); its outputs are "
            "dropped from build/manifest.json and the download page") in out
    assert ("sapporo", "2021-03") not in listed(root) and ("sapporo", "2022-03") in listed(root)
    assert ("yamaguchi", "2021-03") in listed(root)         # another brochure's outputs are not touched
    assert run(root, "site")[0] == 0
    page = (root / "build" / "index.html").read_text(encoding="utf-8")
    assert "sapporo/2022-03/" in page and "sapporo/2021-03/" not in page
    assert "dropped" in json.loads((root / "build" / "report.json").read_text(encoding="utf-8"))


def test_a_removed_brochure_and_a_deleted_current_output(built, tmp_path):
    root = copy_built(built, tmp_path / "project")
    (root / "data" / "brochures" / "sapporo.yaml").unlink()
    (root / "build" / "yamaguchi" / "2021-03" / "yamaguchi-2021-03-download.pdf").unlink()
    code, out = run(root, "site")   # before any build: what is missing is passed over
    assert code == 0, out
    code, out = run(root, "build")
    assert code == 0, out
    assert "sapporo 2021-03: data/brochures/sapporo.yaml no longer exists" in out
    assert "output file missing" in out                      # the current edition is made again
    assert listed(root) == {("yamaguchi", "2021-03")}
    code, out = run(root, "build")
    assert code == 0 and "no longer" not in out, out         # healed: nothing more to say
    assert run(root, "preview", "--dpi", "10")[0] == 0


def test_a_language_no_longer_built_is_dropped_from_manifest_and_site(built, tmp_path):
    """English taken out of languages:, or a sentence of the leaflet changed and not yet translated:
    the English PDFs and page are no longer made, so the download page must stop offering them (the
    old PDF would keep a phone number the data has since changed)."""
    root = copy_built(built, tmp_path / "project")
    brochure = root / "data" / "brochures" / "sapporo.yaml"
    text = brochure.read_text(encoding="utf-8")

    def english_listed() -> set[str]:
        manifest = json.loads((root / "build" / "manifest.json").read_text(encoding="utf-8"))
        return {o["variant"] for o in manifest["outputs"] if o["brochure"] == "sapporo" and o["variant"].endswith("-en")}
    assert english_listed()
    brochure.write_text(text.replace("title: ", "title: 新版　", 1), encoding="utf-8")   # the title, untranslated
    code, out = run(root, "build", "sapporo")
    assert code == 0, out
    assert "build/sapporo/2021-03/sapporo-2021-03-en-download.pdf: its language is no longer built" in out
    assert not english_listed()
    assert ("yamaguchi", "2021-03") in listed(root)
    assert run(root, "site")[0] == 0
    assert "sapporo-2021-03-en-download.pdf" not in (root / "build" / "index.html").read_text(encoding="utf-8")
    brochure.write_text(text, encoding="utf-8")        # back as it was: English is made and listed again
    assert run(root, "build", "sapporo")[0] == 0 and english_listed()
