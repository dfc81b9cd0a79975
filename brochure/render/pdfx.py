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
    _drop_links(writer)
    document_id, instance_id = _ids(title, created), _ids(pdf, cmyk, rgb)
    info = _set_info(writer, title, created)
    writer.xmp_metadata = xmp_packet(info, document_id, instance_id)
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


def _add_output_intent(writer: Any, cmyk: bytes, condition: OutputCondition) -> None:
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
        NameObject("/DestOutputProfile"): _icc_stream(writer, cmyk, 4),
    })
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


def _set_info(writer: Any, title: str, created: datetime.datetime) -> dict[str, str]:
    """The document information dictionary PDF/X asks for; returns its text entries for the XMP."""
    from pypdf.generic import NameObject

    when = pdf_date(created)
    writer.add_metadata({"/Title": title, "/CreationDate": when, "/ModDate": when, "/GTS_PDFXVersion": VERSION})
    writer._info[NameObject("/Trapped")] = NameObject("/False")   # a name, which add_metadata cannot write
    info = {str(k): str(v) for k, v in writer._info.items() if k != "/Trapped"}
    return {**info, "created": created.isoformat()}


def xmp_packet(info: dict[str, str], document_id: uuid.UUID, instance_id: uuid.UUID) -> bytes:
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
              "pdf:Trapped": "False", "pdfxid:GTS_PDFXVersion": VERSION,
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


def for_print_shop(comp: Any, pdf: bytes) -> bytes:
    """The print PDF as the brochure's print profile asks: PDF/X-4 with ``print: {pdfx: true}``, else as is."""
    if not comp.source.brochure.print.pdfx:
        return pdf
    created = datetime.datetime.fromisoformat(comp.meta["created"])
    return to_pdfx4(pdf, CMYK_PROFILE, title=comp.meta["title"], created=created)
