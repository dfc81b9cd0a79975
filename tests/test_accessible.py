"""The download PDF read back as a screen reader's software reads it: the structure tree (pikepdf),
checked against the Matterhorn Protocol 1.1 failure conditions the leaflets can meet.

Matterhorn numbers: 01-004 tagged content inside an artifact, 01-005 content neither tagged nor an
artifact, 06-00x XMP metadata and the PDF/UA identifier, 07-001 DisplayDocTitle, 11-001 /Lang,
13-004 a figure without alternative text, 14-002 the first heading not H1, 14-003 a heading level
skipped, 28-008/28-009 /Tabs /S on a page with annotations, 28-011 a link annotation not in a /Link
element, 28-012 a link annotation without /Contents; and PDF/UA-1 7.18.1 (every annotation in the
structure tree through an /OBJR, found again through the ParentTree)."""

from __future__ import annotations

import re

import pikepdf
import pytest
from conftest import output

NAMES = ["yamaguchi", "sapporo"]
PAINT = {"f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "Do", "Tj", "TJ", "'", '"', "BI", "INLINE IMAGE"}
QR_ALT = "札幌市ひきこもり地域支援センターのホームページ（www.kokoro-recovery.org）のQRコード"


class Tree:
    """A tagged PDF's structure tree, flattened: every element with its parent and page."""

    def __init__(self, path):
        self.pdf = pikepdf.open(path)
        self.pages = {page.objgen: i for i, page in enumerate(self.pdf.pages)}
        self.root = self.pdf.Root.StructTreeRoot
        self.elements: list[tuple[pikepdf.Dictionary, pikepdf.Dictionary]] = []   # (element, parent)
        self.objrs: list[tuple[pikepdf.Dictionary, pikepdf.Dictionary]] = []      # (OBJR, its element)
        self.mcids: dict[tuple[int, int], pikepdf.Dictionary] = {}                # (page, MCID) → element
        self._walk(self.root, None)
        nums = self.root.ParentTree.Nums
        self.parent_tree = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}

    def _walk(self, node, page):
        if "/Pg" in node:
            page = self.pages[node.Pg.objgen]
        kids = node.get("/K")
        kids = [] if kids is None else list(kids) if isinstance(kids, pikepdf.Array) else [kids]
        for kid in kids:
            if isinstance(kid, int):
                assert (page, kid) not in self.mcids, f"MCID {kid} of page {page + 1} is in the tree twice"
                self.mcids[page, kid] = node
            elif kid.get("/Type") == "/OBJR":
                self.objrs.append((kid, node))
            elif kid.get("/Type") == "/MCR":
                self.mcids[self.pages[kid.Pg.objgen] if "/Pg" in kid else page, int(kid.MCID)] = node
            else:
                self.elements.append((kid, node))
                self._walk(kid, page)

    def roles(self, role: str) -> list[pikepdf.Dictionary]:
        return [e for e, _ in self.elements if e.get("/S") == role]

    def headings(self) -> list[int]:
        return [int(str(e.S)[2:]) for e, _ in self.elements if re.fullmatch(r"/H[1-6]", str(e.get("/S")))]

    def link_annotations(self):
        for index, page in enumerate(self.pdf.pages):
            for annot in page.obj.get("/Annots", []):
                if annot.get("/Subtype") == "/Link":
                    yield index, page, annot


def marked_content(page):
    """(operator, the marked-content stack it sits in) for every painting operator of a page."""
    stack, found = [], []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BDC", "BMC"):
            mcid = int(operands[1].MCID) if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) \
                and "/MCID" in operands[1] else None
            stack.append((str(operands[0]), mcid))
        elif op == "EMC":
            stack.pop()
        elif op in PAINT:
            found.append((op, tuple(stack)))
    return found


@pytest.fixture(scope="module")
def trees(built):
    return {name: Tree(output(built, name, "download")) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_every_drawing_is_tagged_or_an_artifact(trees, name):   # 01-005, 01-004
    tree = trees[name]
    for index, page in enumerate(tree.pdf.pages):
        for op, stack in marked_content(page):
            assert stack, f"page {index + 1}: {op} outside any marked content (01-005)"
            mcids = [mcid for _, mcid in stack if mcid is not None]
            if any(tag == "/Artifact" for tag, _ in stack):
                assert not mcids, f"page {index + 1}: tagged content inside an artifact (01-004)"
            else:
                assert mcids, f"page {index + 1}: {op} in marked content that is neither tagged nor an artifact"
                assert (index, mcids[-1]) in tree.mcids, f"page {index + 1}: MCID {mcids[-1]} is in no element"


@pytest.mark.parametrize("name", NAMES)
def test_the_parent_tree_finds_every_tagged_content_and_annotation(trees, name):
    tree = trees[name]
    for (page, mcid), element in tree.mcids.items():
        entries = tree.parent_tree[int(tree.pdf.pages[page].obj.StructParents)]
        assert entries[mcid].objgen == element.objgen, f"page {page + 1}: MCID {mcid} found in the wrong element"
    for objr, element in tree.objrs:
        assert tree.parent_tree[int(objr.Obj.StructParent)].objgen == element.objgen


@pytest.mark.parametrize("name", NAMES)
def test_every_figure_has_alternative_text(trees, name):   # 13-004
    for figure in trees[name].roles("/Figure"):
        assert str(figure.get("/Alt", "")).strip() or str(figure.get("/ActualText", "")).strip()


def test_the_flowchart_arrows_are_artifacts_not_figures(trees):
    # Yamaguchi's only pictures are the flowchart's ▼ (5) and ▶ (1): decoration, marked as artifacts
    assert trees["yamaguchi"].roles("/Figure") == []


def test_the_qr_code_and_the_access_map_say_what_they_show(trees):
    alts = sorted(str(f.Alt) for f in trees["sapporo"].roles("/Figure"))
    assert len(alts) == 2
    qr, route = sorted(alts, key=lambda alt: "QRコード" not in alt)
    assert qr == QR_ALT
    # the map's labels are read as its description, the route in words, in its Figure
    assert route.startswith("札幌市ひきこもり地域支援センターへの案内図（略図）。")
    for said in ["札幌市白石区平和通17丁目北1番13号", "JR平和駅", "国道12号線"]:
        assert said in route


@pytest.mark.parametrize("name", NAMES)
def test_every_link_annotation_sits_in_a_link_element(trees, name):   # 28-011, PDF/UA-1 7.18.1
    tree = trees[name]
    parents = {objr.Obj.objgen: element for objr, element in tree.objrs}
    annotations = list(tree.link_annotations())
    assert annotations
    for index, page, annot in annotations:
        assert annot.objgen in parents, f"page {index + 1}: a link annotation without an /OBJR"
        role = parents[annot.objgen].S
        assert role == "/Link", f"page {index + 1}: a link annotation under {role}"
        assert page.obj.Tabs == "/S"                                                  # 28-008, 28-009


@pytest.mark.parametrize("name", NAMES)
def test_one_annotation_per_link(trees, name):
    """WeasyPrint gives each box inside an <a> an annotation of its own: a flowchart target in
    phrase spans was three overlapping annotations.  One is left (one per line a link takes)."""
    by_page: dict[int, list] = {}
    for index, _, annot in trees[name].link_annotations():
        target = str(annot.get("/Dest", "")) or str(annot.A.URI)
        x1, y1, x2, y2 = (float(v) for v in annot.Rect)
        by_page.setdefault(index, []).append((target, min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)))
    for index, links in by_page.items():
        for i, (target, *a) in enumerate(links):
            for other, *b in links[i + 1:]:
                overlap = min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])
                assert not (target == other and overlap[0] > 0.5 and overlap[1] > 0.5), \
                    f"page {index + 1}: two overlapping annotations for {target}"
    if name == "yamaguchi":   # 5 flowchart targets, 1 more below, and the cards' numbers
        assert sum(len(links) for links in by_page.values()) == 23


@pytest.mark.parametrize("name", NAMES)
def test_link_descriptions_are_words(trees, name):   # 28-012
    words = []
    for index, _, annot in trees[name].link_annotations():
        contents = str(annot.get("/Contents", "")).strip()
        assert contents, f"page {index + 1}: a link annotation without /Contents"
        assert not contents.startswith(("tel:", "sec-", "#")), contents
        assert int(annot.get("/F", 0)) & 4, "the Print flag: read and printed like the page"
        words.append(contents)
    if name == "yamaguchi":
        assert "山口健康福祉センターに電話する 083-934-2532" in words
        assert "本人・家族の相談の項へ移動" in words
    else:
        assert "札幌市ひきこもり地域支援センターに電話する 011-863-8733" in words
        assert QR_ALT in words


def test_a_link_with_only_a_picture_says_where_it_leads(trees):
    qr_links = [e for e in trees["sapporo"].roles("/Link") if str(e.get("/Alt", "")) == QR_ALT]
    assert len(qr_links) == 1


@pytest.mark.parametrize("name", NAMES)
def test_headings_start_at_h1_and_skip_no_level(trees, name):   # 14-002, 14-003
    levels = trees[name].headings()
    assert levels[0] == 1
    for before, after in zip(levels, levels[1:]):
        assert after <= before + 1, f"H{before} is followed by H{after}"
    for heading in (e for e, _ in trees[name].elements if re.fullmatch(r"/H[1-6]", str(e.get("/S")))):
        assert any(element is heading or _under(element, heading) for element in trees[name].mcids.values())


def _under(element, ancestor) -> bool:
    while element is not None and "/P" in element:
        element = element.P
        if element.objgen == ancestor.objgen:
            return True
    return False


@pytest.mark.parametrize("name", NAMES)
def test_document_says_it_is_pdf_ua_in_japanese_with_its_title(trees, name):   # 06, 07-001, 11-001
    pdf = trees[name].pdf
    assert str(pdf.Root.Lang) == "ja"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    assert pdf.Root.MarkInfo.Marked is True
    meta = pdf.open_metadata()
    assert meta.get("pdfuaid:part") == "1"
    assert meta.get("dc:title")
