"""Interrupted writes leave the previous file; two builds in one project take turns."""

from __future__ import annotations

from conftest import variants_of

from brochure.render.variants import VARIANTS

TOTAL = len(variants_of("sapporo")) + len(variants_of("yamaguchi"))   # Sapporo's English edition included

import io
import os
import threading
import time

import pytest
from test_incremental import copy_built

from brochure.app.cli import main
from brochure.builder.depends import project_lock
from brochure.files import atomic_write
from brochure import files as output_module
from brochure.project import Project


def test_interrupted_write_leaves_previous_file_intact(tmp_path, monkeypatch):
    target = tmp_path / "out.pdf"
    target.write_bytes(b"%PDF-previous")

    def crash(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(output_module.os, "replace", crash)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, b"%PDF-new" * 1000)
    assert target.read_bytes() == b"%PDF-previous"
    assert os.listdir(tmp_path) == ["out.pdf"]   # no temporary file left behind


def test_interrupted_build_keeps_outputs_and_manifest(built, tmp_path, monkeypatch):
    """A build that dies while writing the manifest leaves the old one; the next build repairs the state."""
    root = copy_built(built, tmp_path / "project")
    manifest = root / "build" / "manifest.json"
    old = manifest.read_bytes()
    (root / "data" / "contacts.yaml").write_text(
        (root / "data" / "contacts.yaml").read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    real_replace = os.replace
    monkeypatch.setattr(output_module.os, "replace",
                        lambda src, dst: (_ for _ in ()).throw(OSError(28, "No space left on device", str(dst))) if str(dst).endswith("manifest.json")
                        else real_replace(src, dst))
    err = io.StringIO()
    assert main(["--project", str(root), "build"], out=io.StringIO(), err=err) == 1
    assert "could not write" in err.getvalue() and "No space left on device" in err.getvalue()
    assert "Traceback" not in err.getvalue()
    assert manifest.read_bytes() == old
    monkeypatch.setattr(output_module.os, "replace", real_replace)
    out = io.StringIO()
    assert main(["--project", str(root), "build"], out=out) == 0
    assert f"0 rebuilt, {TOTAL} up to date" in out.getvalue()


def test_two_builds_are_serialised(built, tmp_path):
    root = copy_built(built, tmp_path / "project")
    done = threading.Event()

    def second_build():
        main(["--project", str(root), "build", "--quiet"], out=io.StringIO())
        done.set()

    with project_lock(Project(root)):
        worker = threading.Thread(target=second_build, daemon=True)
        worker.start()
        time.sleep(0.5)
        assert not done.is_set(), "a build ran while another held the lock"
    worker.join(30)
    assert done.is_set()


def test_outputs_are_renamed_into_place_from_a_spool_in_build(built, tmp_path, monkeypatch):
    """Rendered PDFs wait, complete and synced, in build/.spool-*; writing one is a rename (no copy), and
    the spool is gone after the build.  A spool left behind by a killed build is removed by the next."""
    root = copy_built(built, tmp_path / "project")
    stale = root / "build" / ".spool-killed"
    stale.mkdir()
    (stale / "yamaguchi-print-x.pdf").write_bytes(b"%PDF-half")
    renamed = []
    real_replace = os.replace

    def replace(src, dst):
        renamed.append((os.path.basename(os.path.dirname(src)), os.path.basename(dst)))
        return real_replace(src, dst)

    monkeypatch.setattr(output_module.os, "replace", replace)
    assert main(["--project", str(root), "build", "--force", "--quiet"], out=io.StringIO()) == 0
    pdfs = [(folder, name) for folder, name in renamed if name.endswith(".pdf")]
    # --force renders every output again: identical bytes are left alone, so nothing needs renaming here;
    # a changed output must be renamed out of the spool.
    assert pdfs == []
    contacts = root / "data" / "contacts.yaml"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace("083-984-3742", "083-984-1111"),
                        encoding="utf-8")
    assert main(["--project", str(root), "build", "--quiet"], out=io.StringIO()) == 0
    pdfs = [(folder, name) for folder, name in renamed if name.endswith(".pdf")]
    assert pdfs and all(folder.startswith(".spool-") for folder, _ in pdfs)
    japanese = {f"yamaguchi-2021-03-{v.name}.pdf" for v in VARIANTS.values() if v.suffix == ".pdf"}
    easy = {f"yamaguchi-2021-03-ja-easy-{v.name}.pdf" for v in VARIANTS.values() if v.suffix == ".pdf"}
    assert {name for _, name in pdfs} == japanese | easy        # the やさしい日本語 edition prints it too
    assert not list((root / "build").glob(".spool-*"))
    assert (root / "build" / "yamaguchi" / "2021-03" / "yamaguchi-2021-03-print.pdf").stat().st_mode & 0o777 == 0o644
