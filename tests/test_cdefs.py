"""WeasyPrint's C declarations, parsed ahead of time: current, used, and the same bytes.

WeasyPrint is imported once per process, so whether the prebuilt declarations
are used is tested in fresh processes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, copy_project, output

from brochure.render import cdefs

BUILD_AND_REPORT = """
import json, sys
import brochure.render.engine
if sys.argv[2] == "parse":                     # WeasyPrint parses its declarations itself
    brochure.render.engine.use_prebuilt = lambda: False
from brochure.app.cli import main
code = main(["--project", sys.argv[1], "build", "--quiet", "--jobs", "1", "--only", "download", "yamaguchi"])
import cffi, weasyprint.text.ffi as wffi
print(json.dumps({"code": code, "prebuilt": type(wffi.ffi).__module__ == "brochure.render._weasyprint_cdefs",
                  "cffi_restored": isinstance(cffi.FFI, type)}))
"""


def build_in_fresh_process(project: Path, mode: str) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", BUILD_AND_REPORT, str(project), mode], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_prebuilt_module_is_current():
    """Fails after a WeasyPrint or cffi upgrade until `python -m brochure.render.cdefs` is run again."""
    assert cdefs.GENERATED.read_text(encoding="utf-8") == cdefs.generate(), "run: python -m brochure.render.cdefs"


def test_prebuilt_module_names_the_installed_ffi_source():
    from brochure.render import _weasyprint_cdefs

    source = cdefs.weasyprint_ffi_source()
    assert source is not None
    assert hashlib.sha256(source.read_bytes()).hexdigest() == _weasyprint_cdefs.SOURCE_SHA256


def test_cdef_source_is_the_one_literal():
    ffi_py = "import cffi\nffi = cffi.FFI()\nffi.cdef('''\n    int f(int);\n''')\nlib = ffi.dlopen('c')\n"
    assert cdefs.cdef_source(ffi_py) == "\n    int f(int);\n"


def test_cdef_source_refuses_another_shape():
    try:
        cdefs.cdef_source("ffi.cdef(A)\nffi.cdef(B)\n")
    except ValueError as error:
        assert "exactly one ffi.cdef()" in str(error)
    else:
        raise AssertionError("two cdef calls were accepted")


def test_handing_out_gives_the_prebuilt_ffi_to_weasyprint_only(monkeypatch):
    import cffi

    real = cffi.FFI
    prebuilt = object()
    make = cdefs._handing_out(real, prebuilt)
    monkeypatch.setattr(cffi, "FFI", make)
    assert isinstance(make(), real)                       # called from this module: a real FFI
    assert cffi.FFI is make
    exec("made = FFI()", scope := {"__name__": cdefs.WEASYPRINT_FFI, "FFI": make})
    assert scope["made"] is prebuilt
    assert cffi.FFI is real                                 # the class is back after WeasyPrint's call


def test_build_uses_prebuilt_declarations_and_writes_the_same_bytes(project_dir, tmp_path):
    parsed = copy_project(tmp_path / "parsed")
    with_prebuilt = build_in_fresh_process(project_dir, "prebuilt")
    without = build_in_fresh_process(parsed, "parse")
    assert with_prebuilt == {"code": 0, "prebuilt": True, "cffi_restored": True}
    assert without == {"code": 0, "prebuilt": False, "cffi_restored": True}
    assert output(project_dir, "yamaguchi", "download").read_bytes() == \
        output(parsed, "yamaguchi", "download").read_bytes()
