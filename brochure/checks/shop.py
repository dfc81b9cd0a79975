"""The print shop's 入稿チェックリスト for a print PDF (``brochure check --shop``).

Japanese print shops ask the same questions before they accept a file: finished size and fold,
bleed, colour mode, whether text is in K alone, the maximum total ink, whether fonts are
embedded, the images and their effective resolution, transparency, and the PDF/X version.  Every
answer here is read back from the print PDF itself (with pikepdf), except the fold, which the PDF
cannot tell, and the total ink, which is measured on the separations Ghostscript renders
(``gs -sDEVICE=tiffsep``) when it is installed; without it the answer says it was not measured.
"""

from __future__ import annotations

import io
import math
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

from ..i18n import _

MAX_TOTAL_INK = 300          # % — the limit Japanese shops publish for coated paper (and the FOGRA39 profile's)
INK_DPI = 150                # separations are rendered at this resolution (a sheet side: ~1,800 × 1,300 px)
MIN_DPI = 300                # raster images at their printed size (preflight's rule)
BLEED_MM = 3.0
PT_PER_MM = 72 / 25.4
TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}


@dataclass(frozen=True)
class Answer:
    """One line of the checklist: the question, the answer, and whether a shop would ask about it."""

    question: str
    answer: str
    ok: bool


def checklist(pdf: bytes, summary: dict, gs: str | None = None) -> list[Answer]:
    """The checklist of one print PDF; ``summary`` is its print-shop summary (render/printinfo.py)."""
    import pikepdf

    from ..render.printinfo import embedded_fonts, pdfx_standard
    from ..render.transparency import transparency

    with pikepdf.open(io.BytesIO(pdf)) as document:
        bleeds = [_bleed_mm(page) for page in document.pages]
        colours = _text_colours(document)
        rgb = _rgb_uses(document)
        images = list(_images(document))
        fonts, missing = embedded_fonts(document), _unembedded_fonts(document)
        found = transparency(document)
        standard = pdfx_standard(document)
    w, h = summary["finished_size_mm"]
    answers = [
        Answer(_("finished size and fold"), _("{w:g} × {h:g} mm, {label} ({fold}); sheet {sw:g} × {sh:g} mm, "
                                               "{pages} PDF pages").format(
            w=w, h=h, label=summary["fold_label"], fold=summary["fold"], sw=summary["sheet_mm"][0],
            sh=summary["sheet_mm"][1], pages=summary["pages"]), True),
        Answer(_("bleed"), _("{mm:g} mm on every side (BleedBox − TrimBox)").format(mm=round(min(bleeds), 1))
               if all(abs(b - BLEED_MM) < 0.05 for b in bleeds)
               else _("{found} mm, not {mm:g} mm").format(found=", ".join(f"{b:.1f}" for b in bleeds), mm=BLEED_MM),
               all(abs(b - BLEED_MM) < 0.05 for b in bleeds)),
        Answer(_("colour mode"), _("CMYK (process inks; marks in registration)") if not rgb
               else _("RGB: {what}").format(what=", ".join(rgb[:3])), not rgb),
        _k_only(colours),
        _total_ink(pdf, gs),
        Answer(_("fonts embedded"), (_("all: {fonts}").format(fonts=", ".join(fonts)) if not missing
                                     else _("not embedded: {fonts}").format(fonts=", ".join(missing))), not missing),
        _image_answer(images),
        Answer(_("transparency"), _("none") if not found
               else _("{count} places, first on page {page}").format(count=len(found), page=found[0].page), not found),
        Answer(_("PDF/X"), standard or _("none (a plain PDF: pdfx: false)"), standard is not None),
    ]
    return answers


def checklist_text(title: str, path: str, answers: list[Answer]) -> str:
    """The checklist as printed and as written beside the print PDF for the order form."""
    width = max(_width(a.question) for a in answers)
    lines = [_("Print-shop checklist (入稿チェックリスト): {title}").format(title=title), path, ""]
    for a in answers:
        mark = "OK" if a.ok else _("check")
        lines.append(f"[{mark}] {a.question}{' ' * (width - _width(a.question))}  {a.answer}")
    asked = [a.question for a in answers if not a.ok]
    lines += ["", _("nothing for the shop to ask about") if not asked
              else _("for the shop to ask about: {items}").format(items=", ".join(asked))]
    return "\n".join(lines) + "\n"


def ghostscript() -> str | None:
    """The Ghostscript command, when installed."""
    return shutil.which("gs")


# --------------------------------------------------------------------------- the answers


def _k_only(colours: dict[tuple, int]) -> Answer:
    """Black and grey text must be K alone (four-colour black misregisters on small type); text set
    in a palette colour prints in that colour's inks by design and is listed, not asked about."""
    question = _("K-only text")
    if not colours:
        return Answer(question, _("no text"), True)
    rich = {c: n for c, n in colours.items() if not _is_k_only(c) and _is_neutral(c)}
    if rich:
        return Answer(question, _("no: {count} runs of black or grey text in more than K ({first})").format(
            count=sum(rich.values()), first=", ".join(_colour_name(c) for c in list(rich)[:3])), False)
    black = sum(n for c, n in colours.items() if _is_k_only(c))
    answer = _("yes: black and grey text in K alone ({count} runs)").format(count=black)
    coloured = {c: n for c, n in colours.items() if not _is_k_only(c)}
    if coloured:
        answer += _("; {count} runs in a palette colour ({first})").format(
            count=sum(coloured.values()), first=", ".join(_colour_name(c) for c in list(coloured)[:3]))
    return Answer(question, answer, True)


def _is_neutral(colour: tuple) -> bool:
    """A colour meant as black or grey: RGB or CMY components about equal, or K with CMY under it."""
    space, values = colour
    if space == "/DeviceCMYK" and len(values) == 4:
        c, m, y, k = values
        return (k > 0.5 and max(c, m, y) > 0) or (min(c, m, y) > 0.2 and max(c, m, y) - min(c, m, y) < 0.15)
    if space == "/DeviceRGB" and len(values) == 3:
        return max(values) - min(values) < 0.05
    return False


def _is_k_only(colour: tuple) -> bool:
    space, values = colour
    if space == "/DeviceCMYK":
        return len(values) == 4 and all(abs(v) < 1e-6 for v in values[:3])
    if space == "/DeviceGray":
        return True                       # grey is K alone
    return space.startswith("/Separation") and space != "/Separation /All"   # a spot ink, not registration


def _colour_name(colour: tuple) -> str:
    space, values = colour
    return f"{space.lstrip('/')} " + " ".join(f"{v:g}" for v in values)


def _total_ink(pdf: bytes, gs: str | None) -> Answer:
    question = _("maximum total ink")
    if gs is None:
        return Answer(question, _("not measured: Ghostscript (gs) is not installed; the colours are process "
                                  "inks with text in K alone"), False)
    ink = total_ink(pdf, gs)
    if ink is None:
        return Answer(question, _("not measured: Ghostscript could not render the separations"), False)
    return Answer(question, _("{ink:.0f} % (limit {limit} %; measured on the separations at {dpi} dpi)").format(
        ink=ink, limit=MAX_TOTAL_INK, dpi=INK_DPI), ink <= MAX_TOTAL_INK + 0.5)


def total_ink(pdf: bytes, gs: str, dpi: int = INK_DPI) -> float | None:
    """The largest sum of the C, M, Y and K plates (%) anywhere inside the bleed box of any page:
    Ghostscript renders each page's separations (tiffsep, 8 bits per plate, 255 = no ink)."""
    from PIL import Image, ImageMath

    with tempfile.TemporaryDirectory(prefix="brochure-ink-") as folder:
        source = Path(folder) / "print.pdf"
        source.write_bytes(pdf)
        command = [gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=tiffsep", f"-r{dpi}", "-dUseBleedBox",
                   f"-sOutputFile={folder}/p%d.tif", str(source)]
        if subprocess.run(command, capture_output=True, timeout=300).returncode != 0:
            return None
        highest, page = 0, 1
        while (Path(folder) / f"p{page}.tif").exists():
            plates = [Image.open(Path(folder) / f"p{page}({name}).tif").convert("L")
                      for name in ("Cyan", "Magenta", "Yellow", "Black")]
            total = ImageMath.lambda_eval(lambda x: 1020 - x["a"] - x["b"] - x["c"] - x["d"],
                                          a=plates[0], b=plates[1], c=plates[2], d=plates[3])
            highest = max(highest, total.getextrema()[1])
            page += 1
        return highest / 255 * 100 if page > 1 else None


def _image_answer(images: list[tuple[str, int, int, float]]) -> Answer:
    question = _("images and their effective resolution")
    if not images:
        return Answer(question, _("no raster images (all drawings are vector, text is text)"), True)
    low = [i for i in images if i[3] < MIN_DPI - 0.5]
    listed = "; ".join(_("{name} {w}×{h} px at {dpi:.0f} dpi").format(name=n, w=w, h=h, dpi=d)
                       for n, w, h, d in images[:5])
    return Answer(question, listed, not low)


# --------------------------------------------------------------------------- reading the PDF


def _bleed_mm(page: Any) -> float:
    trim, bleed = page.obj.get("/TrimBox"), page.obj.get("/BleedBox")
    if trim is None or bleed is None:
        return 0.0
    t, b = [float(v) for v in trim], [float(v) for v in bleed]
    return min(t[0] - b[0], t[1] - b[1], b[2] - t[2], b[3] - t[3]) / PT_PER_MM


def _walk(document: Any) -> Iterator[tuple[Any, list, str, dict]]:
    """(resources, operands, operator, graphics state) for every operator of every page and the
    forms it draws (nested), with the fill colour and the CTM followed through q/Q, cm and Do."""
    import pikepdf

    def run(holder: Any, resources: Any, state: dict, seen: tuple) -> Iterator:
        stack = []
        for operands, operator in pikepdf.parse_content_stream(holder):
            op = str(operator)
            if op == "q":
                stack.append(dict(state))
            elif op == "Q" and stack:
                state = stack.pop()
            elif op == "cm":
                state = dict(state, ctm=_multiply([float(v) for v in operands], state["ctm"]))
            elif op in ("k", "g"):
                state = dict(state, fill=("/DeviceCMYK" if op == "k" else "/DeviceGray",
                                          tuple(float(v) for v in operands)))
            elif op == "rg":
                state = dict(state, fill=("/DeviceRGB", tuple(float(v) for v in operands)))
            elif op == "cs":
                state = dict(state, space=_space_name(resources, operands[0]))
            elif op in ("sc", "scn"):
                values = tuple(float(v) for v in operands if not isinstance(v, pikepdf.Name))
                state = dict(state, fill=(state.get("space", "/DeviceGray"), values))
            yield resources, operands, op, state
            if op == "Do" and resources is not None:
                xobject = (resources.get("/XObject") or {}).get(operands[0])
                if xobject is not None and xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                    inner = dict(state)
                    if "/Matrix" in xobject:
                        inner["ctm"] = _multiply([float(v) for v in xobject.Matrix], state["ctm"])
                    yield from run(xobject, xobject.get("/Resources"), inner, seen + (xobject.objgen,))

    for page in document.pages:
        start = {"ctm": [1.0, 0.0, 0.0, 1.0, 0.0, 0.0], "fill": ("/DeviceGray", (0.0,))}
        yield from run(page, page.obj.get("/Resources"), start, ())


def _space_name(resources: Any, name: Any) -> str:
    import pikepdf
    if str(name) in ("/DeviceCMYK", "/DeviceRGB", "/DeviceGray", "/Pattern"):
        return str(name)
    space = ((resources or {}).get("/ColorSpace") or {}).get(name)
    if isinstance(space, pikepdf.Array):
        return str(space[0]) + (f" {space[1]}" if str(space[0]) == "/Separation" else "")
    return str(space) if space is not None else str(name)


def _multiply(m: list[float], n: list[float]) -> list[float]:
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return [a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F]


def _text_colours(document: Any) -> dict[tuple, int]:
    """Fill colour → number of text-showing operators drawn in it."""
    found: dict[tuple, int] = {}
    for _resources, _operands, op, state in _walk(document):
        if op in TEXT_OPERATORS:
            found[state["fill"]] = found.get(state["fill"], 0) + 1
    return found


def _rgb_uses(document: Any) -> list[str]:
    """Where RGB would reach the press: rg/RG operators, RGB or ICC RGB colour spaces drawn, RGB images."""
    found = []
    for _resources, _operands, op, state in _walk(document):
        if op in ("rg", "RG"):
            found.append(op)
        elif op in ("sc", "scn") and state.get("space") in ("/DeviceRGB", "/CalRGB"):
            found.append(f"{op} {state.get('space')}")
    import pikepdf
    for obj in document.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
            space = obj.get("/ColorSpace")
            name = str(space[0] if isinstance(space, pikepdf.Array) and len(space) else space)
            if name == "/DeviceRGB" or (name == "/ICCBased" and int(space[1].get("/N", 0)) == 3):
                found.append(_("an RGB image"))
    return sorted(set(found))


def _images(document: Any) -> Iterator[tuple[str, int, int, float]]:
    """(name, pixel width, pixel height, effective dpi) of every raster image drawn, at its printed size."""
    for resources, operands, op, state in _walk(document):
        if op != "Do":
            continue
        image = ((resources or {}).get("/XObject") or {}).get(operands[0])
        if image is None or image.get("/Subtype") != "/Image":
            continue
        a, b, c, d = state["ctm"][:4]
        width_in, height_in = math.hypot(a, b) / 72, math.hypot(c, d) / 72
        if width_in <= 0 or height_in <= 0:
            continue
        pixels_w, pixels_h = int(image.Width), int(image.Height)
        yield str(operands[0]), pixels_w, pixels_h, min(pixels_w / width_in, pixels_h / height_in)


def _unembedded_fonts(document: Any) -> list[str]:
    """Fonts used without a font program in the file (Type 3 fonts carry their glyphs: they count as embedded)."""
    import pikepdf
    missing = set()
    for obj in document.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
            continue
        if obj.get("/Subtype") in ("/Type3", "/Type0"):
            continue                      # Type0: its descendant is checked
        descriptor = obj.get("/FontDescriptor")
        if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            missing.add(str(obj.get("/BaseFont", "?")).lstrip("/"))
    return sorted(missing)


def _width(text: str) -> int:
    """Columns on a terminal: full-width characters take two."""
    import unicodedata
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
