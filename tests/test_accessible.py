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


# ---------------------------------------------------------------- furigana: /Ruby, /RB, /RT

EASY_LEAFLET = """\
title: 家族の相談
edition:
  issued: "2021-03"
  publisher: yamaguchi-network
languages: [ja, ja-easy]
panels:
  - id: cover
    role: cover
    blocks:
      - lines: [家族の相談]
        style: cover-title
      - paragraph: 家族と本人を支えます。
  - id: flap
    role: flap
    blocks:
      - figure: flowchart
        data:
          questions:
            - ask: 家族の接し方を学びたい
              target: soudan
          otherwise:
            text: 迷ったときは
            target: soudan
  - id: inside-1
    blocks:
      - heading: 相談の窓口
        anchor: soudan
      - paragraph: 電話で相談できます。
  - id: inside-2
    blocks:
      - paragraph: 一人で悩まないでください。
  - id: inside-3
    blocks:
      - paragraph: 秘密は守ります。
  - id: back
    role: back
    blocks:
      - paragraph: 山口市
"""
EASY = {   # the Japanese sentence → its やさしい日本語, in the order they print
    "家族の相談": "家族の相談", "家族と本人を支えます。": "家族と本人を助けます。",
    "家族の接し方を学びたい": "家族と話す方法を知りたい", "迷ったときは": "わからないときは",
    "相談の窓口": "相談する場所", "電話で相談できます。": "電話で相談できます。",
    "一人で悩まないでください。": "一人で困らないでください。", "秘密は守ります。": "秘密は守ります。",
    "山口市": "{山口市|やまぐちし}"}


@pytest.fixture(scope="module")
def easy(tmp_path_factory):
    """A small leaflet with its やさしい日本語 edition, download PDFs only: (Japanese, ja-easy) paths."""
    from conftest import copy_project

    from brochure.app.cli import main
    root = copy_project(tmp_path_factory.mktemp("easy") / "project")
    (root / "data" / "brochures" / "easy.yaml").write_text(EASY_LEAFLET, encoding="utf-8")
    (root / "translations" / "easy").mkdir()
    po = "".join(f'\nmsgid "{ja}"\nmsgstr "{easy}"\n' for ja, easy in EASY.items())
    (root / "translations" / "easy" / "ja-easy.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n' + po, encoding="utf-8")
    assert main(["--project", str(root), "build", "--quiet", "easy", "--only", "download"]) == 0
    return output(root, "easy", "download"), output(root, "easy", "download-ja-easy")


def _drawn_by_mcid(path) -> dict[tuple[int, int], str]:
    """(page, MCID) → the text its marked content draws, read by PDFium (not the code under test)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    found: dict[tuple[int, int], str] = {}
    document = pdfium.PdfDocument(path)
    for index in range(len(document)):
        page = document[index]
        text_page = page.get_textpage()
        for obj in page.get_objects(max_depth=8):
            if obj.type != raw.FPDF_PAGEOBJ_TEXT:
                continue
            size = raw.FPDFTextObj_GetText(obj.raw, text_page.raw, None, 0)
            buffer = (ctypes.c_ushort * size)()
            raw.FPDFTextObj_GetText(obj.raw, text_page.raw, buffer, size)
            key = (index, raw.FPDFPageObj_GetMarkedContentID(obj.raw))
            found[key] = found.get(key, "") + bytes(buffer).decode("utf-16-le").rstrip("\x00").strip()
    return found


def test_each_furigana_pair_is_ruby_with_its_base_and_reading(easy):
    """ISO 32000-1 14.8.4.3.4: /Ruby holds /RB (the base) and /RT (the reading), in that order; every
    pair of the edition, in reading order, each element marking the text it stands for."""
    from brochure.layout.ruby import pairs
    _, path = easy
    tree, drawn = Tree(path), _drawn_by_mcid(path)
    found = []
    for ruby in tree.roles("/Ruby"):
        base, reading = ruby.K
        assert (base.S, reading.S) == ("/RB", "/RT")
        assert base.P.objgen == reading.P.objgen == ruby.objgen
        page = tree.pages[ruby.Pg.objgen]
        found.append(tuple("".join(drawn[page, int(m)] for m in part.K) for part in (base, reading)))
    printed = [*list(EASY.values())[:3], "相談する場所", "わからないときは", "相談する場所",   # the flowchart names
               *list(EASY.values())[4:]]                                                # its target's heading
    assert found == [(b, r) for sentence in printed for b, r in pairs(sentence) if r]
    assert ("山口市", "やまぐちし") in found and ("家族", "かぞく") in found
    assert not tree.roles("/RP")


def test_the_ruby_tree_stays_whole_and_the_text_reads_as_before(easy):
    from pdfread import normalise, text_of
    japanese, path = easy
    tree = Tree(path)
    trees = {"easy": tree}
    for check in (test_every_drawing_is_tagged_or_an_artifact, test_the_parent_tree_finds_every_tagged_content_and_annotation,
                  test_every_link_annotation_sits_in_a_link_element, test_one_annotation_per_link,
                  test_headings_start_at_h1_and_skip_no_level):
        check(trees, "easy")
    for link in tree.roles("/Link"):   # the flowchart's links hold their pairs' text (a reading's box's annotation too)
        assert any(_under(element, link) or element is link for element in tree.mcids.values())
    text = normalise(text_of(path))
    assert "家族と本人を助けます。" in text and "電話で相談できます。" in text   # the base text in order, found by search
    assert not Tree(japanese).roles("/Ruby")


def test_a_link_in_furigana_keeps_its_annotations_in_its_link_element(tmp_path):
    """A pair inside an <a>: WeasyPrint gives the base's and the reading's boxes link annotations of
    their own.  The reading's sits above the line, outside the link's own box, so it stays: it goes
    into the <a>'s /Link (no /Link of its own that holds no text, outloud's LNK-003)."""
    import weasyprint
    from markupsafe import escape

    from brochure.layout.ruby import ruby_html
    from brochure.render.accessible import facts_of, make_accessible
    from conftest import ROOT
    css = (ROOT / "layouts" / "base" / "base.css").read_text(encoding="utf-8")
    font = (ROOT / "fonts" / "BIZUDPGothic-Regular.ttf").as_uri()
    html = (f'<html lang="ja"><title>t</title><style>@font-face {{ font-family: BrochureGothic; src: url({font}) }} '
            f"{css} @page {{ size: 60mm 80mm; margin: 5mm }} p {{ line-height: 1.2 }}</style>"
            f'<body class="furigana"><h1 id="to">{ruby_html(escape("相談の窓口"))}</h1>'
            f'<p><a href="#to">{ruby_html(escape("家族の相談へ"))}</a></p></body></html>')
    document = weasyprint.HTML(string=html).render()
    path = tmp_path / "link.pdf"
    path.write_bytes(make_accessible(document.write_pdf(pdf_variant="pdf/ua-1"), facts_of(document.pages)))
    tree = Tree(path)
    assert len(tree.roles("/Ruby")) == 4
    assert len(list(tree.link_annotations())) > 1            # the readings' annotations are kept
    test_every_link_annotation_sits_in_a_link_element({"t": tree}, "t")
    test_the_parent_tree_finds_every_tagged_content_and_annotation({"t": tree}, "t")
    [link], [paragraph] = tree.roles("/Link"), tree.roles("/P")
    in_paragraph = [e for e in tree.mcids.values() if _under(e, paragraph)]
    assert in_paragraph and all(e.objgen == link.objgen or _under(e, link) for e in in_paragraph)
    assert len(list(_kids_of(link, "/OBJR"))) == len(list(tree.link_annotations()))


def _kids_of(element, kind):
    kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
    return (k for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == kind)
