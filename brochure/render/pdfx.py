"""PDF/X-4 for the print shop: the print PDF with an output intent, its CMYK profile and PDF/X metadata.

WeasyPrint's own pdf/x-4 variant has no output intent without a CMYK profile and writes a random
DocumentID and the clock's time (research notes §2.3, §2.6), so the print PDF is finished here with
pypdf, bytes in, bytes out (ISO 15930-7, the parts a WeasyPrint PDF touches):

* an OutputIntent (/S /GTS_PDFX) whose DestOutputProfile is the bundled CMYK profile (ISO Coated v2
  300 %, basICColor, FOGRA39 characterisation; see brochure/render/profiles/README.md);
* RGB made device-independent: every resource dictionary gets /DefaultRGB = ICCBased sRGB, and every
  /DeviceRGB name (transparency groups, images, shadings) becomes that ICCBased space; a page's own
  transparency group blends in DeviceCMYK, the output intent's space;
* Info and XMP that agree: title, dates from the edition, /Trapped /False, GTS_PDFXVersion
  "PDF/X-4", xmpMM DocumentID / InstanceID / VersionID / RenditionClass;
* link annotations removed (they would sit inside the bleed box); a trailer /ID and PDF 1.6 header.

Everything is derived from the input and the edition date: the same input gives the same bytes.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import io
import re
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator
from xml.sax.saxutils import escape

from ..errors import ProfileError
from ..i18n import _

PROFILES = Path(__file__).resolve().parent / "profiles"
CMYK_PROFILE = PROFILES / "ISOcoated_v2_300_bas.icc"
SRGB_PROFILE = PROFILES / "sRGB.icc"
VERSION = "PDF/X-4"
PDF_HEADER = b"%PDF-1.6"                 # PDF/X-4 is based on PDF 1.6
VERSION_X1A = "PDF/X-1a:2003"            # ISO 15930-4: CMYK and spot only, no transparency
PDF_HEADER_X1A = b"%PDF-1.4"             # PDF/X-1a:2003 is based on PDF 1.4
ICC_SIGNATURE = b"acsp"
# a fixed namespace: document and instance ids are name-based UUIDs of the content, never random
ID_NAMESPACE = uuid.UUID("6f1b6f0e-3c43-5a55-9d7a-62726f636875")


@dataclass(frozen=True)
class OutputCondition:
    """What the print shop is told the CMYK values are meant for."""

    identifier: str = "FOGRA39"          # ICC registry name of the characterisation data
    condition: str = "ISO Coated v2 300% (basICColor): offset, coated paper, ISO 12647-2:2004 (FOGRA39)"
    registry: str = "http://www.color.org"


FOGRA39 = OutputCondition()


def icc_profile(path: Path, colour_space: bytes) -> bytes:
    """An ICC profile's bytes, after checking its header: signature 'acsp' and the colour space asked for."""
    data = path.read_bytes()
    if len(data) < 128 or data[36:40] != ICC_SIGNATURE or data[16:20] != colour_space:
        raise ProfileError(_("{path} is not an ICC profile for {space} colour").format(
            path=path, space=colour_space.decode().strip()))
    return data


def to_pdfx4(pdf: bytes, profile: Path = CMYK_PROFILE, *, title: str, created: datetime.datetime,
             rgb_profile: Path = SRGB_PROFILE, condition: OutputCondition = FOGRA39) -> bytes:
    """``pdf`` as PDF/X-4 with ``profile`` (CMYK) as its output intent; dates are ``created``."""
    from pypdf import PdfReader, PdfWriter

    cmyk, rgb = icc_profile(profile, b"CMYK"), icc_profile(rgb_profile, b"RGB ")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.pdf_header = PDF_HEADER
    _add_output_intent(writer, cmyk, condition)
    _protect_rgb(writer, rgb)
    return _finish(writer, VERSION, title, created, _ids(pdf, cmyk, rgb))


def to_pdfx1a(pdf: bytes, *, title: str, created: datetime.datetime,
              condition: OutputCondition = FOGRA39) -> bytes:
    """``pdf`` as PDF/X-1a:2003, nothing rasterised: the file must already be CMYK (and spot) only,
    without transparency and with PDF 1.4 objects (print_finish makes it so with ``colour: cmyk``);
    anything else is a ProfileError naming it.  The output intent names FOGRA39, a characterisation
    in the ICC registry, so ISO 15930-4 lets the profile stay out: the file stays ~100 KB."""
    from pypdf import PdfReader, PdfWriter

    pdf = _drop_unused_colour_spaces(pdf)
    blockers = x1a_blockers(pdf)
    if blockers:
        raise ProfileError(_("the print PDF cannot be PDF/X-1a: {what}").format(what="; ".join(blockers[:5])))
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.pdf_header = PDF_HEADER_X1A
    _add_output_intent(writer, None, condition)
    return _finish(writer, VERSION_X1A, title, created, _ids(pdf, VERSION_X1A))


def _drop_unused_colour_spaces(pdf: bytes) -> bytes:
    """WeasyPrint puts /lab-d50 and /lab-d65 (Lab) in every resource dictionary whether drawn or not:
    the entries no content stream names are removed (PDF/X-1a allows no Lab space at all)."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for holder in _content_streams(page):
                obj = getattr(holder, "obj", holder)
                spaces = (obj.get("/Resources") or {}).get("/ColorSpace")
                if not spaces:
                    continue
                content = b"".join(s.read_bytes() for s in _streams_of(obj))
                for name in list(spaces.keys()):
                    used = re.search(re.escape(name.encode()) + rb"(?![^\s/\[\]<>()])", content)
                    if not used and str(spaces[name][0]) == "/Lab":
                        del spaces[name]
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
        return out.getvalue()


def _streams_of(obj: Any) -> list[Any]:
    """The content stream(s) of a page or form XObject."""
    import pikepdf
    if isinstance(obj, pikepdf.Stream):
        return [obj]
    contents = obj.get("/Contents")
    if contents is None:
        return []
    return list(contents) if isinstance(contents, pikepdf.Array) else [contents]


def _finish(writer: Any, version: str, title: str, created: datetime.datetime, instance_id: uuid.UUID) -> bytes:
    """Links dropped, Info and XMP for ``version``, the trailer /ID; the bytes."""
    _drop_links(writer)
    document_id = _ids(title, created)
    info = _set_info(writer, title, created, version)
    writer.xmp_metadata = xmp_packet(info, document_id, instance_id, version)
    _label_metadata(writer)
    # The trailer /ID (required by PDF/X); pypdf only makes random ones, so it is set here.
    from pypdf.generic import ArrayObject, ByteStringObject
    writer._ID = ArrayObject([ByteStringObject(document_id.bytes), ByteStringObject(instance_id.bytes)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _ids(*parts: Any) -> uuid.UUID:
    """A UUID that depends only on ``parts`` (strings, dates or bytes)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
        digest.update(b"\0")
    return uuid.uuid5(ID_NAMESPACE, digest.hexdigest())


@functools.lru_cache(maxsize=4)
def _deflated(data: bytes) -> bytes:
    """A profile compressed once per process: level 9 on the 1 MB CMYK profile takes 0.3 s."""
    return zlib.compress(data, 9)


def _icc_stream(writer: Any, data: bytes, components: int) -> Any:
    from pypdf.generic import NameObject, NumberObject, StreamObject

    stream = StreamObject()
    stream.set_data(_deflated(data))          # written as is, under /Filter /FlateDecode
    stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    stream[NameObject("/N")] = NumberObject(components)
    return writer._add_object(stream)


def _add_output_intent(writer: Any, cmyk: bytes | None, condition: OutputCondition) -> None:
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        NameObject,
        TextStringObject,
    )

    intent = DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"),
        NameObject("/S"): NameObject("/GTS_PDFX"),
        NameObject("/OutputConditionIdentifier"): TextStringObject(condition.identifier),
        NameObject("/OutputCondition"): TextStringObject(condition.condition),
        NameObject("/RegistryName"): TextStringObject(condition.registry),
        NameObject("/Info"): TextStringObject(condition.condition),
    })
    if cmyk is not None:      # None: a registered characterisation named only (PDF/X-1a)
        intent[NameObject("/DestOutputProfile")] = _icc_stream(writer, cmyk, 4)
    writer.root_object[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(intent)])


def _protect_rgb(writer: Any, rgb: bytes) -> None:
    """Every use of DeviceRGB becomes ICCBased sRGB: by /DefaultRGB in each resource dictionary
    (covers rg/RG in content streams) and by replacing /DeviceRGB names."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject

    srgb = writer._add_object(ArrayObject([NameObject("/ICCBased"), _icc_stream(writer, rgb, 3)]))
    for holder in list(_dictionaries(writer.root_object)):
        for key, value in list(holder.items()):
            if _is_device_rgb(value):
                holder[key] = srgb
        if "/Resources" in holder:
            resources = holder["/Resources"].get_object()
            spaces = resources.setdefault(NameObject("/ColorSpace"), DictionaryObject()).get_object()
            spaces[NameObject("/DefaultRGB")] = srgb
        if holder.get("/Type") == "/Page" and "/Group" in holder:
            holder["/Group"].get_object()[NameObject("/CS")] = NameObject("/DeviceCMYK")
    for array in list(_arrays(writer.root_object)):
        for index, value in enumerate(array):
            if _is_device_rgb(value):
                array[index] = srgb


def _is_device_rgb(value: Any) -> bool:
    from pypdf.generic import NameObject
    return isinstance(value, NameObject) and value == "/DeviceRGB"


def _drop_links(writer: Any) -> None:
    """Link annotations (tel:, web, cross-references) go: paper has no links, and PDF/X keeps
    annotations out of the bleed box."""
    from pypdf.generic import ArrayObject, NameObject

    for page in writer.pages:
        kept = [a for a in page.get("/Annots", []) if a.get_object().get("/Subtype") != "/Link"]
        if kept:
            page[NameObject("/Annots")] = ArrayObject(kept)
        elif "/Annots" in page:
            del page["/Annots"]


def _reachable(root: Any) -> Iterator[Any]:
    """Every dictionary and array reachable from ``root``, each once (streams count as dictionaries)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen, todo = set(), [root]
    while todo:
        item = todo.pop()
        if isinstance(item, IndirectObject):
            item = item.get_object()
        if not isinstance(item, (DictionaryObject, ArrayObject)) or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        todo.extend(item.values() if isinstance(item, DictionaryObject) else item)


def _dictionaries(root: Any) -> Iterator[Any]:
    from pypdf.generic import DictionaryObject
    return (item for item in _reachable(root) if isinstance(item, DictionaryObject))


def _arrays(root: Any) -> Iterator[Any]:
    from pypdf.generic import ArrayObject
    return (item for item in _reachable(root) if isinstance(item, ArrayObject))


def _label_metadata(writer: Any) -> None:
    """/Type /Metadata /Subtype /XML on the XMP stream (pypdf's setter writes the bytes only); left unfiltered."""
    from pypdf.generic import NameObject

    stream = writer.root_object["/Metadata"].get_object()
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")


def pdf_date(moment: datetime.datetime) -> str:
    """D:20210301000000+09'00' (ISO 32000 7.9.4)."""
    offset = moment.strftime("%z") or "+0000"
    return f"D:{moment:%Y%m%d%H%M%S}{offset[:3]}'{offset[3:]}'"


def _set_info(writer: Any, title: str, created: datetime.datetime, version: str = VERSION) -> dict[str, str]:
    """The document information dictionary PDF/X asks for; returns its text entries for the XMP."""
    from pypdf.generic import NameObject

    when = pdf_date(created)
    writer.add_metadata({"/Title": title, "/CreationDate": when, "/ModDate": when, "/GTS_PDFXVersion": version})
    writer._info[NameObject("/Trapped")] = NameObject("/False")   # a name, which add_metadata cannot write
    info = {str(k): str(v) for k, v in writer._info.items() if k != "/Trapped"}
    return {**info, "created": created.isoformat()}


def xmp_packet(info: dict[str, str], document_id: uuid.UUID, instance_id: uuid.UUID,
               version: str = VERSION) -> bytes:
    """XMP that repeats the Info entries (PDF/X-4 wants the two to agree) plus the PDF/X ids."""
    def alt(tag: str, text: str) -> str:
        return f"<{tag}><rdf:Alt><rdf:li xml:lang=\"x-default\">{escape(text)}</rdf:li></rdf:Alt></{tag}>"

    fields = [alt("dc:title", info["/Title"])]
    if "/Author" in info:
        fields.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(info['/Author'])}</rdf:li></rdf:Seq></dc:creator>")
    if "/Subject" in info:
        fields.append(alt("dc:description", info["/Subject"]))
    simple = {"xmp:CreateDate": info["created"], "xmp:ModifyDate": info["created"],
              "xmp:MetadataDate": info["created"], "xmp:CreatorTool": info.get("/Creator"),
              "pdf:Producer": info.get("/Producer"), "pdf:Keywords": info.get("/Keywords"),
              "pdf:Trapped": "False", "pdfxid:GTS_PDFXVersion": version,
              "xmpMM:DocumentID": f"uuid:{document_id}", "xmpMM:InstanceID": f"uuid:{instance_id}",
              "xmpMM:VersionID": "1", "xmpMM:RenditionClass": "proof:pdf"}
    fields += [f"<{tag}>{escape(value)}</{tag}>" for tag, value in simple.items() if value is not None]
    return (XMP_HEAD + "\n".join(fields) + XMP_TAIL).encode("utf-8")


XMP_HEAD = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
 xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
"""
XMP_TAIL = """
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""


def x1a_blockers(pdf: bytes) -> list[str]:
    """What keeps ``pdf`` from being PDF/X-1a (read back with pikepdf): RGB or calibrated colour spaces,
    RGB colour operators, transparency, fonts or filters newer than PDF 1.4.  Empty when it can be."""
    import pikepdf

    from .transparency import transparency
    found: list[str] = []
    with pikepdf.open(io.BytesIO(pdf)) as document:
        found += [f"page {t.page}: {t.what.format(**t.values)}" for t in transparency(document)]
        for obj in _pikepdf_objects(document):
            for key, value in obj.items():
                if isinstance(value, pikepdf.Name) and str(value) in X1A_FORBIDDEN_NAMES:
                    found.append(f"{key} {value}")
                elif isinstance(value, pikepdf.Array) and len(value) and str(value[0]) in X1A_FORBIDDEN_NAMES:
                    found.append(f"{key} [{value[0]} …]")
            if "/FontFile3" in obj:
                found.append("/FontFile3 (a CFF or OpenType font program)")
        for number, page in enumerate(document.pages, 1):
            for stream in _content_streams(page):
                operators = {str(op) for _, op in pikepdf.parse_content_stream(stream)}
                found += [f"page {number}: {op} (an RGB colour)" for op in sorted(operators & {"rg", "RG"})]
    return sorted(set(found), key=found.index)


X1A_FORBIDDEN_NAMES = {"/DeviceRGB", "/ICCBased", "/CalRGB", "/CalGray", "/Lab", "/JPXDecode"}


def _pikepdf_objects(document: Any) -> Iterator[Any]:
    """Every dictionary in the file (indirect objects and the dictionaries and arrays inside them)."""
    import pikepdf

    todo = [o for o in document.objects if isinstance(o, (pikepdf.Dictionary, pikepdf.Stream, pikepdf.Array))]
    while todo:               # direct objects form trees: nothing is met twice
        item = todo.pop()
        if isinstance(item, pikepdf.Array):
            todo += [v for v in item if isinstance(v, (pikepdf.Dictionary, pikepdf.Array)) and not v.is_indirect]
            continue
        yield item
        todo += [v for v in item.values() if isinstance(v, (pikepdf.Dictionary, pikepdf.Array)) and not v.is_indirect]


def _content_streams(page: Any) -> Iterator[Any]:
    """The page and every form XObject it draws (nested), once each."""
    from .transparency import _forms
    yield page
    for _names, form in _forms(page.obj.get("/Resources"), ()):
        yield form


def pdfx_setting(value: bool | str) -> str | None:
    """``print: pdfx`` as the standard made: "x4" (true, the default), "x1a", or None (false)."""
    if value is True:
        return "x4"
    return value or None


def for_print_shop(comp: Any, pdf: bytes) -> bytes:
    """The print PDF as the brochure's print profile asks: PDF/X-4 by default, PDF/X-1a with
    ``print: {pdfx: x1a}``, as is with ``pdfx: false``."""
    standard = pdfx_setting(comp.source.brochure.print.pdfx)
    if standard is None:
        return pdf
    created = datetime.datetime.fromisoformat(comp.meta["created"])
    if standard == "x1a":
        return to_pdfx1a(pdf, title=comp.meta["title"], created=created)
    return to_pdfx4(pdf, CMYK_PROFILE, title=comp.meta["title"], created=created)
