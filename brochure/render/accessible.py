"""The download PDF made to pass PDF/UA-1 where WeasyPrint 70's tags fall short.

WeasyPrint writes the structure tree from the boxes, and knows only ``alt`` on
``<img>`` and ``<title>`` in an SVG (which it would draw as ``q Q``, changing
the print PDF's bytes, made from the same pages).  What the templates say in
ARIA attributes is carried into the download PDF here, from the same layout,
with pikepdf, after WeasyPrint has written it:

* an ``aria-hidden="true"`` (or ``role="presentation"``) picture, e.g. the
  flowchart's ▼ ▶, becomes an artifact: out of the structure tree, its marked
  content ``/Artifact``;
* a picture's ``aria-label`` (``alt`` for ``<img>``), followed by the text of
  the elements its ``aria-describedby`` names, becomes its Figure's ``/Alt``
  (the access map: its title and the route in words, for its labels);
* a drawing outside any marked content (a background circle with opacity,
  drawn as a transparency group) is marked as an artifact;
* each link is one annotation per line it takes: WeasyPrint gives every box
  inside an ``<a>`` an annotation of its own (three, overlapping, for a
  flowchart target in phrase spans); the inner ones go, and the ones left sit
  in ``/Link`` elements through an ``/OBJR``;
* each link annotation's ``/Contents`` says in words what the link does: the
  ``<a>``'s ``aria-label``, else all its text, words hidden in print
  (``.web-only``) included (「山口健康福祉センターに電話する 083-934-2532」), else the
  alternative text of its picture; not the ``tel:`` URI or the anchor's name.
  It gets the Print flag too.
* each furigana pair of the やさしい日本語 edition (layout/ruby.py: ``span.rb``
  holding the base and ``span.rt`` the reading; WeasyPrint 70 has no ruby) is a
  ``/Ruby`` element holding an ``/RB`` (the base's marked content) and an ``/RT``
  (the reading's), in that order (ISO 32000-1 14.8.4.3.4), instead of nested
  ``/Span`` elements.  A pair is recognised by its shape in the tree and by the
  text its marked content draws, read through the fonts' ``/ToUnicode`` maps,
  against the pairs of the laid-out page (render/structtree.py).

The look does not change: only marked-content operators are added or renamed.
The result is deterministic (pikepdf's content-hashed ``/ID``).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any, Iterator, Sequence

from ..errors import RenderError
from .structtree import kids as _kids, mcid as _mcid, same as _same, tag_ruby

SCALE = 0.75                    # CSS px → PDF pt, as WeasyPrint writes
SVG = "{http://www.w3.org/2000/svg}svg"
PRINT_FLAG = 4                  # annotation flag bit 3: printed (and read) like the page
_PAINT = {"f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "Do"}


@dataclass(frozen=True)
class Picture:
    """A replaced box WeasyPrint tags /Figure: where it is and what it means."""

    bbox: tuple[float, float, float, float]      # CSS px on its page, as WeasyPrint writes the Figure's /A /BBox
    alt: str | None
    decorative: bool


@dataclass(frozen=True)
class LinkBox:
    """One box WeasyPrint gave a link annotation."""

    rect: tuple[float, float, float, float]      # PDF pt, as the annotation's /Rect
    target: str                                  # anchor name or URI, as the annotation's /Dest or /URI
    link: int                                    # which <a> on the page
    own: bool                                    # the <a>'s own box (False: a box inside it)
    words: str


@dataclass
class PageFacts:
    height: float                                # CSS px, without bleed
    pictures: list[Picture] = field(default_factory=list)
    links: list[LinkBox] = field(default_factory=list)
    ruby: list[tuple[str, str]] = field(default_factory=list)   # furigana pairs (base, reading)


def facts_of(pages: Sequence[Any]) -> list[PageFacts]:
    """What the templates say about each laid-out page's pictures and links (WeasyPrint pages)."""
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout.absolute import AbsolutePlaceholder

    def walk(box: Any) -> Iterator[Any]:
        if isinstance(box, AbsolutePlaceholder):
            box = box._box
        yield box
        for child in getattr(box, "children", ()):
            yield from walk(child)

    facts: list[PageFacts] = []
    trees: dict[int, tuple[dict, dict]] = {}    # the document's HTML tree (one for every page): parents, ids
    for page in pages:
        # the page box has no element; its first box that has one is the <html> root's
        root = next((box.element for box in walk(page._page_box) if box.element is not None), None)
        if id(root) not in trees:
            trees[id(root)] = ({child: parent for parent in root.iter() for child in parent},
                               {e.get("id"): e for e in root.iter() if e.get("id")}) if root is not None else ({}, {})
        parents, ids = trees[id(root)]
        found = PageFacts(page.height)
        for box in walk(page._page_box):
            if isinstance(box, boxes.ReplacedBox) and box.element is not None and box.element_tag in ("img", SVG):
                x, y = box.content_box_x(), box.content_box_y()
                found.pictures.append(Picture(_round((x, y, x + box.width, y + box.height)),
                                              _alt(box.element, ids), _decorative(box.element)))
            elif isinstance(box, boxes.InlineBox) and _has_class(box.element, "rb"):
                children = [c._box if isinstance(c, AbsolutePlaceholder) else c for c in box.children]
                reading = next((c for c in children if _has_class(c.element, "rt")), None)
                if reading is not None:
                    found.ruby.append(("".join(c.text for c in box.children if isinstance(c, boxes.TextBox)),
                                       "".join(b.text for b in walk(reading) if isinstance(b, boxes.TextBox))))
        anchors: dict[Any, int] = {}
        for link_type, target, rect, box in page.links:
            if link_type not in ("internal", "external"):
                continue
            anchor = _link_element(box.element, parents)
            number = anchors.setdefault(anchor, len(anchors))
            x1, y1, x2, y2 = rect
            pdf_rect = (x1 * SCALE, (page.height - y1) * SCALE, x2 * SCALE, (page.height - y2) * SCALE)
            found.links.append(LinkBox(_round(pdf_rect), target, number, box.element is anchor,
                                       _words(anchor, ids) if anchor is not None else target))
        facts.append(found)
    return facts


def make_accessible(pdf_bytes: bytes, facts: Sequence[PageFacts]) -> bytes:
    """The tagged PDF with what ``facts`` say carried into its structure tree, content and annotations."""
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(pdf_bytes))
        if len(pdf.pages) != len(facts):
            raise RenderError(f"accessible PDF: {len(pdf.pages)} pages, but facts for {len(facts)}")
        _Fixer(pdf, facts).run()
        buffer = io.BytesIO()
        pdf.save(buffer, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return buffer.getvalue()
    except pikepdf.PdfError as error:
        raise RenderError(f"could not make the download PDF accessible: {error}") from error


class _Fixer:
    def __init__(self, pdf: Any, facts: Sequence[PageFacts]):
        import pikepdf
        self.pikepdf = pikepdf
        self.pdf, self.facts = pdf, facts
        self.pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
        self.root = pdf.Root.StructTreeRoot
        nums = self.root.ParentTree.Nums
        self.parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        self.artifacts: dict[int, set[int]] = {}    # page → MCIDs to mark as artifacts

    def run(self) -> None:
        tag_ruby(self)
        self.figures()
        self.links()
        for index, page in enumerate(self.pdf.pages):
            self.mark_content(index, page)
        self.write_parent_tree()

    # -- figures ---------------------------------------------------------------------------------

    def figures(self) -> None:
        for element, parent in list(self.elements(self.root, None)):
            if element.get("/S") != "/Figure" or "/Pg" not in element or "/A" not in element:
                continue
            page = self.pages[element.Pg.objgen]
            facts = self.facts[page]
            bbox = _round(tuple(float(v) for v in element.A.BBox))
            picture = next((p for p in facts.pictures if _close(p.bbox, bbox)), None)
            if picture is None:
                continue
            if picture.decorative:
                mcids = [int(k) for k in _kids(element) if isinstance(k, int)]
                self.artifacts.setdefault(page, set()).update(mcids)
                entries = self.parent_tree[int(self.pdf.pages[page].obj.StructParents)]
                for mcid in mcids:
                    entries[mcid] = None
                self.remove(parent, element)
                continue
            if picture.alt:
                element.Alt = self.pikepdf.String(picture.alt)
            x1, y1, x2, y2 = picture.bbox           # CSS px, y down → the page's user space, y up
            h = facts.height
            element.A.BBox = self.pikepdf.Array([round(v, 3) for v in
                                                 (x1 * SCALE, (h - y2) * SCALE, x2 * SCALE, (h - y1) * SCALE)])

    # -- links -----------------------------------------------------------------------------------

    def links(self) -> None:
        objrs = {}                                 # annotation objgen → (OBJR, its struct parent)
        for element, _ in self.elements(self.root, None):
            for kid in _kids(element):
                if isinstance(kid, self.pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                    objrs[kid.Obj.objgen] = (kid, element)
        for index, page in enumerate(self.pdf.pages):
            annots = page.obj.get("/Annots")
            if not annots:
                continue
            available = list(self.facts[index].links)
            matched = []
            for annot in annots:
                if annot.get("/Subtype") != "/Link":
                    matched.append((annot, None))
                    continue
                target = str(annot.Dest) if "/Dest" in annot else str(annot.A.URI) if "/A" in annot else ""
                rect = _round(tuple(float(v) for v in annot.Rect))
                fact = next((f for f in available if f.target == target and _close(f.rect, rect)), None)
                if fact is not None:
                    available.remove(fact)
                matched.append((annot, fact))
            own = {}
            for annot, fact in matched:
                if fact is not None and fact.own:
                    own.setdefault(fact.link, []).append(fact.rect)
            keep = []
            for annot, fact in matched:
                if fact is not None and not fact.own and any(_inside(fact.rect, r) for r in own.get(fact.link, ())):
                    self.drop_annotation(annot, objrs)
                    continue
                keep.append(annot)
                if fact is not None:
                    annot.Contents = self.pikepdf.String(fact.words)
                annot.F = PRINT_FLAG
                if annot.objgen in objrs:
                    self.in_link_element(annot, *objrs[annot.objgen])
            page.obj.Annots = self.pikepdf.Array(keep)

    def drop_annotation(self, annot: Any, objrs: dict) -> None:
        key = int(annot.get("/StructParent", -1))
        self.parent_tree.pop(key, None)
        if annot.objgen in objrs:
            objr, parent = objrs.pop(annot.objgen)
            self.remove_kid(parent, objr)

    def in_link_element(self, annot: Any, objr: Any, parent: Any) -> None:
        """An annotation's OBJR directly under a /Link element (a new one around it where it is not)."""
        if parent.get("/S") == "/Link":
            if "/Contents" in annot and not _has_text(parent):   # a picture alone (the QR code): said in words
                parent.Alt = annot.Contents
            return
        link = self.pdf.make_indirect(self.pikepdf.Dictionary(
            Type=self.pikepdf.Name.StructElem, S=self.pikepdf.Name.Link, P=parent, K=self.pikepdf.Array([objr])))
        if "/Pg" in parent:
            link.Pg = parent.Pg
        kids = _kids(parent)
        parent.K = self.pikepdf.Array([link if _same(k, objr) else k for k in kids])
        if "/StructParent" in annot:
            self.parent_tree[int(annot.StructParent)] = link

    # -- content ---------------------------------------------------------------------------------

    def mark_content(self, index: int, page: Any) -> None:
        """Decorative figures' marked content renamed /Artifact; drawings outside any marked content
        (that tag nothing themselves) wrapped in /Artifact."""
        pikepdf = self.pikepdf
        artifacts = self.artifacts.get(index, set())
        instructions = pikepdf.parse_content_stream(page)
        out, depth, changed, in_text = [], 0, False, False
        for instruction in instructions:
            operands, operator = instruction.operands, str(instruction.operator)
            if operator in ("BDC", "BMC"):
                depth += 1
                mcid = _mcid(operands)
                if operator == "BDC" and mcid in artifacts:
                    out.append(pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC")))
                    changed = True
                    continue
            elif operator == "EMC":
                depth -= 1
            elif operator == "BT":
                in_text = True
            elif operator == "ET":
                in_text = False
            elif operator in _PAINT and depth == 0 and not in_text and self.untagged(page, operator, operands):
                out += [pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact], pikepdf.Operator("BMC")),
                        instruction,
                        pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC"))]
                changed = True
                continue
            out.append(instruction)
        if changed:
            page.obj.Contents = self.pdf.make_stream(pikepdf.unparse_content_stream(out))

    def untagged(self, page: Any, operator: str, operands: Any) -> bool:
        """A drawing that tags nothing: a path, or a Form XObject with no marked content of its own."""
        if operator != "Do":
            return True
        xobject = page.obj.Resources.XObject.get(operands[0])
        return xobject is not None and xobject.get("/Subtype") == "/Form" and b"/MCID" not in xobject.read_bytes()

    # -- the structure tree ----------------------------------------------------------------------

    def elements(self, node: Any, parent: Any) -> Iterator[tuple[Any, Any]]:
        for kid in _kids(node):
            if isinstance(kid, self.pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
                yield kid, node
                yield from self.elements(kid, kid)

    def remove(self, parent: Any, element: Any) -> None:
        """Take an element out of the tree, and its parent too when nothing is left in it."""
        self.remove_kid(parent, element)
        grandparent = parent.get("/P")
        if not _kids(parent) and parent.get("/S") is not None and grandparent is not None:
            self.remove(grandparent, parent)

    def remove_kid(self, parent: Any, kid: Any) -> None:
        parent.K = self.pikepdf.Array([k for k in _kids(parent) if not _same(k, kid)])

    def write_parent_tree(self) -> None:
        nums = []
        for key in sorted(self.parent_tree):
            value = self.parent_tree[key]
            if isinstance(value, self.pikepdf.Array):
                entries = list(value)
                while entries and entries[-1] is None:
                    entries.pop()
                value = self.pikepdf.Array(entries)
            nums += [key, value]
        self.root.ParentTree.Nums = self.pikepdf.Array(nums)


def _has_class(element: Any, name: str) -> bool:
    return element is not None and name in (element.get("class") or "").split()


def _has_text(element: Any) -> bool:
    """Whether an element marks content of its own outside pictures (/Figure speaks through its /Alt)."""
    import pikepdf
    for kid in _kids(element):
        if isinstance(kid, int):
            return True
        if (isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/OBJR",)
                and kid.get("/S") != "/Figure" and (kid.get("/Type") == "/MCR" or _has_text(kid))):
            return True
    return False


def _round(values: tuple[float, ...]) -> tuple[float, float, float, float]:
    return tuple(round(v, 2) for v in values)  # type: ignore[return-value]


def _close(a: tuple[float, ...], b: tuple[float, ...], tolerance: float = 0.05) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


def _inside(inner: tuple[float, ...], outer: tuple[float, ...], tolerance: float = 1.0) -> bool:
    """Whether one annotation rectangle lies within another (corners in any order)."""
    ix1, ix2 = sorted((inner[0], inner[2]))
    iy1, iy2 = sorted((inner[1], inner[3]))
    ox1, ox2 = sorted((outer[0], outer[2]))
    oy1, oy2 = sorted((outer[1], outer[3]))
    return ix1 >= ox1 - tolerance and iy1 >= oy1 - tolerance and ix2 <= ox2 + tolerance and iy2 <= oy2 + tolerance


def _text(element: Any) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip()


def _decorative(element: Any) -> bool:
    return (element.get("aria-hidden") == "true" or element.get("role") in ("presentation", "none")
            or (element.get("alt") == "" and element.get("aria-label") is None))


def _alt(element: Any, ids: dict) -> str | None:
    """A picture's alternative text: its label (or alt), then what its aria-describedby names."""
    label = element.get("aria-label") or element.get("alt")
    if label is None and element.tag == SVG:
        title = element.find("{http://www.w3.org/2000/svg}title")
        label = title.text if title is not None else None
    described = [_text(ids[i]) for i in (element.get("aria-describedby") or "").split() if i in ids]
    parts = [p.strip() for p in [label or "", *described] if p and p.strip()]
    if not parts:
        return None
    return "".join(p if i == len(parts) - 1 or p.endswith(("。", ".")) else p + "。" for i, p in enumerate(parts))


def _link_element(element: Any, parents: dict) -> Any:
    """The <a> a link box belongs to: the box's element or its nearest ancestor with an href."""
    node = element
    while node is not None:
        if node.get("href") is not None:
            return node
        node = parents.get(node)
    return element


def _words(anchor: Any, ids: dict) -> str:
    """What a link does, in words: its aria-label, its text, or its picture's alternative text."""
    label = (anchor.get("aria-label") or "").strip()
    if label:
        return label
    text = _text(anchor)
    if text:
        return text
    for node in anchor.iter():
        if node is not anchor and node.tag in ("img", SVG):
            alt = _alt(node, ids)
            if alt:
                return alt
    return anchor.get("href", "")
