"""PDF/X print PDFs: PDF/X-4 by default (print: {pdfx: true}), PDF/X-1a with pdfx: x1a, plain with pdfx: false:
output intent, profile, metadata, RGB tagging, no transparency and no RGB in X-1a, reproducibility.

No PDF/X validator is available here (docs/print-production.md); these tests check the
structure ISO 15930-7 asks for, read back from the built PDF with pypdf.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import copy_project, japanese_only, output
from pdfread import box_mm
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject
from test_folds import PDFX_PROFILE, folds_built  # noqa: F401  (the session fixture)

from brochure.errors import ProfileError
from brochure.render.pdfx import CMYK_PROFILE, PROFILES, SRGB_PROFILE, to_pdfx4, x1a_blockers

NS = {"rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "dc": "http://purl.org/dc/elements/1.1/",
      "xmp": "http://ns.adobe.com/xap/1.0/", "pdf": "http://ns.adobe.com/pdf/1.3/",
      "xmpMM": "http://ns.adobe.com/xap/1.0/mm/", "pdfxid": "http://www.npes.org/pdfx/ns/id/"}
JST = datetime.timezone(datetime.timedelta(hours=9))


@pytest.fixture(scope="module")
def pdfx(folds_built) -> Path:
    return output(folds_built, "yamaguchi-pdfx", "print")


@pytest.fixture(scope="module")
def variants(tmp_path_factory) -> Path:
    """The Yamaguchi leaflet built as a plain PDF (pdfx: false) and as PDF/X-1a (pdfx: x1a)."""
    from brochure.app.cli import main
    root = copy_project(tmp_path_factory.mktemp("pdfx") / "project")
    text = japanese_only((root / "data/brochures/yamaguchi.yaml").read_text(encoding="utf-8"))
    for name, setting in (("yamaguchi-plain", "false"), ("yamaguchi-x1a", "x1a")):
        (root / f"data/brochures/{name}.yaml").write_text(
            text.replace("fold: maki3", f"fold: maki3\nprint:\n  pdfx: {setting}"), encoding="utf-8")
    assert main(["--project", str(root), "build", "--quiet", "--only", "print", "yamaguchi-plain",
                 "yamaguchi-x1a"]) == 0
    return root


def xmp(reader: PdfReader) -> ET.Element:
    return ET.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())


def unprotected_rgb(path: Path) -> list[str]:
    """Where DeviceRGB could still reach the press: a /DeviceRGB name, a resource dictionary without
    /DefaultRGB = ICCBased RGB, a page group that does not blend in DeviceCMYK."""
    reader, found, seen = PdfReader(path), [], set()
    todo = [reader.trailer["/Root"]]
    while todo:
        item = todo.pop()
        if isinstance(item, IndirectObject):
            if item.idnum in seen:
                continue
            seen.add(item.idnum)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            found += _dictionary_problems(item)
            todo += list(item.values())
        elif isinstance(item, ArrayObject):
            found += ["/DeviceRGB in an array" for v in item if isinstance(v, NameObject) and v == "/DeviceRGB"]
            todo += list(item)
    return found


def _dictionary_problems(item: DictionaryObject) -> list[str]:
    found = [f"{key} /DeviceRGB" for key, v in item.items() if isinstance(v, NameObject) and v == "/DeviceRGB"]
    if "/Resources" in item:
        spaces = item["/Resources"].get_object().get("/ColorSpace", {})
        default = spaces.get_object().get("/DefaultRGB") if spaces else None
        default = default.get_object() if default is not None else None
        if not (default and default[0] == "/ICCBased" and default[1].get_object().get_data()[16:20] == b"RGB "):
            found.append("resources without /DefaultRGB ICCBased RGB")
    if item.get("/Type") == "/Page" and "/Group" in item and item["/Group"].get("/CS") != "/DeviceCMYK":
        found.append("page group not blending in DeviceCMYK")
    return found


# ---------------------------------------------------------------- read back from the built PDF


def test_output_intent_embeds_the_bundled_cmyk_profile(pdfx):
    reader = PdfReader(pdfx)
    intents = [i.get_object() for i in reader.trailer["/Root"]["/OutputIntents"]]
    assert len(intents) == 1
    intent = intents[0]
    assert intent["/Type"] == "/OutputIntent" and intent["/S"] == "/GTS_PDFX"
    assert intent["/OutputConditionIdentifier"] == "FOGRA39" and intent["/RegistryName"] == "http://www.color.org"
    profile = intent["/DestOutputProfile"].get_object()
    data = profile.get_data()
    assert profile["/N"] == 4
    assert data[36:40] == b"acsp" and data[16:20] == b"CMYK" and data[12:16] == b"prtr"   # ICC header
    assert int.from_bytes(data[:4], "big") == len(data)                                   # its declared size
    assert data == CMYK_PROFILE.read_bytes()


def test_info_and_xmp_declare_pdfx4_and_agree(pdfx):
    reader = PdfReader(pdfx)
    info = reader.trailer["/Info"].get_object()
    assert reader.pdf_header == "%PDF-1.6"
    assert info["/GTS_PDFXVersion"] == "PDF/X-4" and info["/Trapped"] == "/False"
    assert isinstance(info["/Trapped"], NameObject)
    assert info["/CreationDate"] == info["/ModDate"] == "D:20210301000000+09'00'"     # from the edition
    stream = reader.trailer["/Root"]["/Metadata"].get_object()
    assert (stream["/Type"], stream["/Subtype"], stream.get("/Filter")) == ("/Metadata", "/XML", None)
    meta = xmp(reader)
    text = lambda path: meta.find(f".//{path}", NS).text                  # noqa: E731
    assert text("pdfxid:GTS_PDFXVersion") == "PDF/X-4" and text("pdf:Trapped") == "False"
    assert text("dc:title/rdf:Alt/rdf:li") == info["/Title"]
    assert text("xmp:CreateDate") == text("xmp:ModifyDate") == "2021-03-01T00:00:00+09:00"
    assert text("pdf:Producer") == info["/Producer"]
    for key in ("xmpMM:DocumentID", "xmpMM:InstanceID"):
        assert re.fullmatch(r"uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", text(key))
    assert text("xmpMM:DocumentID") != text("xmpMM:InstanceID")
    ids = reader.trailer["/ID"]
    assert len(ids) == 2 and all(len(bytes(i.original_bytes)) == 16 for i in ids)


def test_page_boxes_stay_those_of_the_plain_print_pdf(pdfx, variants):
    plain = PdfReader(output(variants, "yamaguchi-plain", "print")).pages
    for page, before in zip(PdfReader(pdfx).pages, plain, strict=True):
        for box in ("TrimBox", "BleedBox", "MediaBox"):
            assert box_mm(page, box) == box_mm(before, box)
        assert "/Annots" not in page          # PDF/X: no annotations inside the bleed


def test_no_device_rgb_is_left_unprotected(pdfx, built, variants):
    assert unprotected_rgb(pdfx) == []
    assert unprotected_rgb(output(built, "yamaguchi", "print")) == []          # the default
    # the check can fail: the plain print PDF uses DeviceRGB (WeasyPrint's Lab and RGB resources)
    assert unprotected_rgb(output(variants, "yamaguchi-plain", "print"))


def test_summary_reads_the_standard_back_and_pdfx4_is_the_default(folds_built, built, variants):
    def summaries(root):
        manifest = json.loads((root / "build" / "manifest.json").read_text(encoding="utf-8"))
        return {o["brochure"]: o["print_shop"] for o in manifest["outputs"] if o["variant"] == "print"}
    assert summaries(folds_built)["yamaguchi-pdfx"]["pdfx"] == "PDF/X-4 (FOGRA39)"
    for name in ("yamaguchi", "sapporo"):                                      # no print: profile in the data
        assert summaries(built)[name]["pdfx"] == "PDF/X-4 (FOGRA39)"
        intents = PdfReader(output(built, name, "print")).trailer["/Root"]["/OutputIntents"]
        assert intents[0].get_object()["/DestOutputProfile"].get_object().get_data() == CMYK_PROFILE.read_bytes()
    assert summaries(variants)["yamaguchi-plain"]["pdfx"] is None                # pdfx: false turns it off
    assert PdfReader(output(variants, "yamaguchi-plain", "print")).trailer["/Root"].get("/OutputIntents") is None
    assert summaries(variants)["yamaguchi-x1a"]["pdfx"] == "PDF/X-1a:2003 (FOGRA39)"
    log = (folds_built / "build.log").read_text(encoding="utf-8")
    assert "colour CMYK; PDF/X-4 (FOGRA39)" in log


def test_two_builds_give_the_same_bytes(pdfx, tmp_path):
    from brochure.app.cli import main
    root = copy_project(tmp_path / "again")
    text = japanese_only((root / "data/brochures/yamaguchi.yaml").read_text(encoding="utf-8"))
    (root / "data/brochures/yamaguchi-pdfx.yaml").write_text(text.replace("fold: maki3", PDFX_PROFILE),
                                                              encoding="utf-8")
    assert main(["--project", str(root), "build", "--quiet", "yamaguchi-pdfx"]) == 0
    again = output(root, "yamaguchi-pdfx", "print").read_bytes()
    assert hashlib.sha256(again).hexdigest() == hashlib.sha256(pdfx.read_bytes()).hexdigest()


# ---------------------------------------------------------------- the function itself


@pytest.fixture(scope="module")
def plain_pdf(variants) -> bytes:
    return output(variants, "yamaguchi-plain", "print").read_bytes()


def test_ids_follow_the_content_and_the_edition_never_the_clock(plain_pdf):
    def ids(pdf: bytes, created: datetime.datetime) -> tuple[str, str]:
        meta = xmp(PdfReader(io.BytesIO(to_pdfx4(pdf, title="t", created=created))))
        return tuple(meta.find(f".//xmpMM:{k}", NS).text for k in ("DocumentID", "InstanceID"))
    march = datetime.datetime(2021, 3, 1, tzinfo=JST)
    first = ids(plain_pdf, march)
    assert ids(plain_pdf, march) == first
    assert ids(plain_pdf, datetime.datetime(2022, 3, 1, tzinfo=JST))[0] != first[0]   # another edition
    assert ids(plain_pdf + b"\n", march)[1] != first[1]                                # other content


def test_a_profile_of_the_wrong_kind_is_refused(plain_pdf, tmp_path):
    march = datetime.datetime(2021, 3, 1, tzinfo=JST)
    with pytest.raises(ProfileError, match="is not an ICC profile for CMYK colour"):
        to_pdfx4(plain_pdf, SRGB_PROFILE, title="t", created=march)
    junk = tmp_path / "junk.icc"
    junk.write_bytes(b"not a profile")
    with pytest.raises(ProfileError):
        to_pdfx4(plain_pdf, CMYK_PROFILE, title="t", created=march, rgb_profile=junk)


def test_bundled_profiles_come_with_their_licence_and_checksum():
    readme = (PROFILES / "README.md").read_text(encoding="utf-8")
    for profile in sorted(PROFILES.glob("*.icc")):
        assert f"`{profile.name}`" in readme
        assert hashlib.sha256(profile.read_bytes()).hexdigest() in readme
        assert (PROFILES / f"{profile.stem}.LICENSE.txt").is_file()
        assert "zlib" in (PROFILES / f"{profile.stem}.LICENSE.txt").read_text(encoding="utf-8").lower()


# ---------------------------------------------------------------- PDF/X-1a (pdfx: x1a)


def content_operators(pdf) -> set[str]:
    """Every operator of every page and form XObject (nested) of an open pikepdf PDF."""
    from brochure.render.pdfx import _content_streams
    import pikepdf
    found = set()
    for page in pdf.pages:
        for stream in _content_streams(page):
            found |= {str(op) for _, op in pikepdf.parse_content_stream(stream)}
    return found


def test_x1a_has_no_transparency_no_rgb_and_pdf14_objects(variants):
    import pikepdf
    path = output(variants, "yamaguchi-x1a", "print")
    data = path.read_bytes()
    assert data.startswith(b"%PDF-1.4\n")
    assert b"/ObjStm" not in data and b"/XRef" not in data                 # PDF 1.5 object and xref streams
    with pikepdf.open(path) as pdf:
        assert pdf.docinfo["/GTS_PDFXVersion"] == "PDF/X-1a:2003" and pdf.docinfo["/Trapped"] == "/False"
        intent = pdf.Root.OutputIntents[0]
        assert intent.S == "/GTS_PDFX" and intent.OutputConditionIdentifier == "FOGRA39"
        assert intent.RegistryName == "http://www.color.org"   # registered: the profile may stay out
        names, groups, soft, alpha, images, fonts = set(), 0, 0, [], 0, set()
        for obj in pdf.objects:
            if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
                continue
            todo = [obj]
            while todo:
                item = todo.pop()
                if isinstance(item, pikepdf.Array):
                    names |= {str(v) for v in item if isinstance(v, pikepdf.Name)}
                    todo += [v for v in item if isinstance(v, (pikepdf.Dictionary, pikepdf.Array))
                             and not v.is_indirect]
                    continue
                groups += "/Group" in item
                soft += "/SMask" in item and item.SMask != "/None"
                alpha += [float(item[k]) for k in ("/ca", "/CA") if k in item]
                images += item.get("/Subtype") == "/Image"
                fonts |= {k for k in ("/FontFile", "/FontFile2", "/FontFile3") if k in item}
                names |= {str(v) for v in item.values() if isinstance(v, pikepdf.Name)}
                todo += [v for v in item.values() if isinstance(v, (pikepdf.Dictionary, pikepdf.Array))
                         and not v.is_indirect]
        assert groups == 0 and soft == 0 and all(a == 1 for a in alpha)          # no transparency
        assert not names & {"/DeviceRGB", "/ICCBased", "/CalRGB", "/Lab"}        # no RGB or calibrated colour
        assert not content_operators(pdf) & {"rg", "RG"}
        assert images == 0 and fonts == {"/FontFile2"}                         # text stays text: nothing rasterised
        assert "Tj" in content_operators(pdf) or "TJ" in content_operators(pdf)
    assert x1a_blockers(data) == []
    assert len(data) < 250_000                                                 # no profile embedded


def test_x1a_refuses_what_it_cannot_hold(plain_pdf):
    from brochure.render.pdfx import to_pdfx1a
    x4 = to_pdfx4(plain_pdf, title="t", created=datetime.datetime(2021, 3, 1, tzinfo=JST))
    assert any("ICCBased" in b for b in x1a_blockers(x4))       # X-4 tags RGB as sRGB: X-1a allows none
    with pytest.raises(ProfileError, match="cannot be PDF/X-1a"):
        to_pdfx1a(x4, title="t", created=datetime.datetime(2021, 3, 1, tzinfo=JST))
    import pydantic

    from brochure.data.schema import PrintProfile
    with pytest.raises(pydantic.ValidationError, match="x1a needs colour: cmyk"):
        PrintProfile(colour="rgb", pdfx="x1a")
    assert PrintProfile().pdfx is True and PrintProfile(pdfx=False).pdfx is False
