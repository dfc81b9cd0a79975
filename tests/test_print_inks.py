"""Print PDFs a Japanese shop accepts without a phone call (issue 22), read back from the built PDFs:
text in K alone, process inks only, no transparency, shapes at the trim running into the bleed,
one subset tag per font program."""

from __future__ import annotations

import pikepdf
import pypdfium2 as pdfium
import pytest
from conftest import output

from brochure.data.schema import Palette
from brochure.render.fonttags import tag_of
from brochure.render.inks import Inks, converted
from brochure.render.transparency import transparency

NAMES = ["yamaguchi", "sapporo"]
SHOWS_TEXT = {"Tj", "TJ", "'", '"'}


def text_colours(path) -> list[tuple[str, tuple]]:
    """The fill colour (operator, operands) in force at every text-showing operator of every page,
    following the graphics state through q/Q and into form XObjects."""
    found: list[tuple[str, tuple]] = []

    def run(stream, resources, colour):
        stack = []
        for operands, operator in pikepdf.parse_content_stream(stream):
            op = str(operator)
            if op == "q":
                stack.append(colour)
            elif op == "Q":
                colour = stack.pop()
            elif op in ("rg", "k", "g", "sc", "scn"):
                colour = (op, tuple(round(float(v), 3) for v in operands if not isinstance(v, pikepdf.Name)))
            elif op in SHOWS_TEXT:
                found.append(colour)
            elif op == "Do":
                xobject = resources.XObject[operands[0]]
                if xobject.get("/Subtype") == "/Form":
                    run(xobject, xobject.get("/Resources", resources), colour)
        return colour

    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            run(page.obj, page.obj.Resources, ("g", (0.0,)))
    return found


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("variant", ["print", "proof"])
def test_text_is_in_process_inks_and_body_text_in_k_alone(built, name, variant):
    colours = text_colours(output(built, name, variant))
    assert colours and all(op == "k" for op, _ in colours), {c for c in colours if c[0] != "k"}
    black = [c for c in colours if c == ("k", (0.0, 0.0, 0.0, 1.0))]
    assert len(black) > len(colours) / 2          # body text: 0 0 0 100, never four-colour black
    with pikepdf.open(output(built, name, variant)) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form":
                assert not [i for i in pikepdf.parse_content_stream(obj, "rg RG")], "RGB left in the print PDF"


def test_download_stays_rgb(built):
    colours = text_colours(output(built, "yamaguchi", "download"))
    assert ("rg", (0.102, 0.102, 0.102)) in colours and not any(op == "k" for op, _ in colours)


def test_palette_colours_print_as_their_cmyk_values():
    inks = Inks(Palette(accent="#0041ff", tint="#dff3fb", tint_cmyk=(12, 0, 2, 0)))
    assert inks.cmyk((0, 65 / 255, 1)) == (1.0, 0.7, 0.0, 0.0)                  # CUD 青, the set's value
    assert inks.cmyk((0xdf / 255, 0xf3 / 255, 0xfb / 255)) == (0.12, 0.0, 0.02, 0.0)   # given in the data
    assert inks.cmyk((0x1a / 255,) * 3) == (0, 0, 0, 1.0)                      # the ink: K 100
    wash = Palette().wash(0.16)
    assert Inks(Palette()).cmyk(tuple(int(wash[i:i + 2], 16) / 255 for i in (1, 3, 5))) == pytest.approx(
        (0.25 + 0.16 * 0.55, 0, 0.7, 0), abs=0.001)                            # the same mix of CMYK values
    assert converted((0.5, 0.5, 0.5)) == (0, 0, 0, 0.5)                        # greys: K alone


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("variant", ["print", "proof"])
def test_no_transparency_in_print(built, name, variant):
    with pikepdf.open(output(built, name, variant)) as pdf:
        assert transparency(pdf) == []
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                assert "/SMask" not in obj or obj.SMask == pikepdf.Name.None_
                assert float(obj.get("/ca", 1)) == 1 and float(obj.get("/CA", 1)) == 1
                assert "/Group" not in obj


@pytest.mark.parametrize("name", NAMES)
def test_whatever_touches_the_trim_runs_into_the_bleed(built, name):
    """Across every outer trim edge, the colour just inside the cut is the colour just outside it."""
    dpi, mm = 150, 150 / 25.4
    pdf = pdfium.PdfDocument(output(built, name, "print"))
    for index in range(len(pdf)):
        image = pdf[index].render(scale=dpi / 72).to_pil().convert("RGB")
        with pikepdf.open(output(built, name, "print")) as reader:
            media_top = float(reader.pages[index].MediaBox[3])
            left, bottom, right, top = (float(v) for v in reader.pages[index].TrimBox)
        # trim box in pixels (PDF y runs up)
        x0, x1 = left / 72 * dpi, right / 72 * dpi
        y0, y1 = (media_top - top) / 72 * dpi, (media_top - bottom) / 72 * dpi
        d = 0.3 * mm
        mismatches = {}
        for edge, points in {
            "left": [((x0 + d, y), (x0 - d, y)) for y in range(int(y0 + mm), int(y1 - mm), 3)],
            "right": [((x1 - d, y), (x1 + d, y)) for y in range(int(y0 + mm), int(y1 - mm), 3)],
            "top": [((x, y0 + d), (x, y0 - d)) for x in range(int(x0 + mm), int(x1 - mm), 3)],
            "bottom": [((x, y1 - d), (x, y1 + d)) for x in range(int(x0 + mm), int(x1 - mm), 3)],
        }.items():
            differ = [a for a, b in points if _far(image.getpixel(_px(a)), image.getpixel(_px(b)))]
            mismatches[edge] = len(differ)
        # a curved edge crossing the cut may differ at a sample or two; a shape stopping at the trim differs along it
        assert all(n <= 3 for n in mismatches.values()), (index, mismatches)


def _px(point):
    return int(round(point[0])), int(round(point[1]))


def _far(a, b) -> bool:
    return max(abs(p - q) for p, q in zip(a, b)) > 24


def font_programs(path) -> dict[str, set[bytes]]:
    """Subset font name → the font programs embedded under it."""
    found: dict[str, set[bytes]] = {}
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                program = obj.get("/FontFile2") or obj.get("/FontFile3") or obj.get("/FontFile")
                found.setdefault(str(obj.FontName), set()).add(program.read_bytes())
    return found


def test_one_subset_tag_per_font_program(built):
    seen: dict[str, bytes] = {}
    for name in NAMES:
        for variant in ("print", "proof", "download"):
            for font, programs in font_programs(output(built, name, variant)).items():
                assert len(programs) == 1, f"{name} {variant}: {font} names {len(programs)} programs"
                program = next(iter(programs))
                if variant == "download":
                    continue   # written by WeasyPrint alone: one subset per face, its own tag
                assert font[1:7] == tag_of(program), font            # the tag comes from the program's bytes
                assert seen.setdefault(font, program) == program     # across leaflets too: one tag, one program
    # the proof joins two WeasyPrint PDFs: two subsets of each face under four different tags
    proof = font_programs(output(built, "sapporo", "proof"))
    assert len(proof) == 4 and len({font[1:7] for font in proof}) == 4


def test_summary_says_cmyk_by_default(built):
    import json
    manifest = json.loads((built / "build" / "manifest.json").read_text(encoding="utf-8"))
    shop = {o["brochure"]: o["print_shop"] for o in manifest["outputs"] if o["variant"] == "print"}
    assert shop["yamaguchi"]["colour"] == "cmyk" and shop["sapporo"]["colour"] == "cmyk"
