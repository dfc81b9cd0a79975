"""WeasyPrint's structure tree, read and rewritten for the tagged download PDF (render/accessible.py).

The small readers every step needs (an element's kids, the same object, a marked-content id), the
text each MCID draws (through the fonts' ``/ToUnicode`` maps), and the furigana step: each pair of
the やさしい日本語 edition (layout/ruby.py: ``span.rb`` holding the base and ``span.rt`` the
reading; WeasyPrint 70 has no ruby), which WeasyPrint tags as ``/Span [/Span (base) /Span [/Span
(reading)]]``, becomes ``/Ruby [/RB (base) /RT (reading)]`` (ISO 32000-1 14.8.4.3.4).  A pair is
recognised by its shape in the tree and by the text its marked content draws, against the pairs of
the laid-out page; only the tree changes, never the content, so text search and copy stay as they were.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

TEXT_OPERATORS = "BDC BMC EMC Tf Tj TJ ' \" Do"   # what reading the text of each MCID needs


def kids(node: Any) -> list:
    import pikepdf
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def same(a: Any, b: Any) -> bool:
    import pikepdf
    if isinstance(a, pikepdf.Object) and isinstance(b, pikepdf.Object) and a.is_indirect and b.is_indirect:
        return a.objgen == b.objgen
    return a is b or (not isinstance(a, pikepdf.Object) and a == b)


def mcid(operands: Any) -> int | None:
    import pikepdf
    if len(operands) == 2 and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
        return int(operands[1].MCID)
    return None


def mcid_texts(page: Any) -> dict[int, str]:
    """The text each MCID of a page draws, read through its fonts' ``/ToUnicode`` maps (WeasyPrint's:
    one ``bfchar`` per glyph), in the page's content and the Form XObjects it draws."""
    texts: dict[int, str] = {}
    _read_texts(page.obj, page, texts, [], set())
    return texts


def _read_texts(holder: Any, content: Any, texts: dict[int, str], stack: list, seen: set) -> None:
    import pikepdf
    resources = holder.get("/Resources") or pikepdf.Dictionary()
    fonts, xobjects = resources.get("/Font") or {}, resources.get("/XObject") or {}
    maps: dict[str, dict[int, str]] = {}
    font: dict[int, str] = {}
    for operands, operator in pikepdf.parse_content_stream(content, TEXT_OPERATORS):
        op = str(operator)
        if op in ("BDC", "BMC"):
            stack.append(mcid(operands) if op == "BDC" else None)
        elif op == "EMC" and stack:
            stack.pop()
        elif op == "Tf":
            name = str(operands[0])
            if name not in maps:
                maps[name] = _to_unicode(fonts.get(name))
            font = maps[name]
        elif op in ("Tj", "TJ", "'", '"'):
            marked = next((m for m in reversed(stack) if m is not None), None)
            if marked is None:
                continue
            strings = operands[-1] if op == "TJ" else [operands[-1]]
            for string in strings:
                if isinstance(string, pikepdf.String):
                    raw = bytes(string)
                    texts[marked] = texts.get(marked, "") + "".join(
                        font.get(int.from_bytes(raw[i:i + 2], "big"), "") for i in range(0, len(raw) - 1, 2))
        elif op == "Do":
            xobject = xobjects.get(operands[0])
            if xobject is not None and xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                _read_texts(xobject, xobject, texts, stack, seen | {xobject.objgen})


def _to_unicode(font: Any) -> dict[int, str]:
    if font is None or "/ToUnicode" not in font:
        return {}
    found = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", font.ToUnicode.read_bytes(), re.S):
        for code, text in re.findall(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            found[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
    return found


# --------------------------------------------------------------------------- furigana

def tag_ruby(fixer: Any) -> None:
    """Each furigana pair WeasyPrint tagged as ``/Span [/Span (base) /Span [/Span (reading)]]`` made
    ``/Ruby [/RB (base) /RT (reading)]``.  ``fixer``: accessible._Fixer (the PDF, its pages, the
    parent tree and the facts of each laid-out page, whose ``ruby`` lists the pairs it prints)."""
    wanted = {index: Counter(facts.ruby) for index, facts in enumerate(fixer.facts) if facts.ruby}
    if not wanted:
        return
    texts: dict[int, dict[int, str]] = {}
    for element, _ in list(fixer.elements(fixer.root, None)):
        if element.get("/S") != "/Span" or "/Pg" not in element:
            continue
        page = fixer.pages[element.Pg.objgen]
        if not wanted.get(page):
            continue
        shape = _pair_shape(element)
        if shape is None:
            continue
        bases, reading, objrs = shape
        if page not in texts:
            texts[page] = mcid_texts(fixer.pdf.pages[page])
        drawn = texts[page]
        pair = ("".join(drawn.get(m, "") for leaf in bases for m in kids(leaf)),
                "".join(drawn.get(m, "") for m in kids(reading)))
        if wanted[page][pair] <= 0:
            continue
        wanted[page][pair] -= 1
        _make_ruby(fixer, page, element, bases, reading, objrs)


def _pair_shape(element: Any) -> tuple[list, Any, list] | None:
    """(base leaves, reading leaf, link annotations) when an element has the shape WeasyPrint gives
    a ``span.rb``: leaves of marked content (the base), then a ``/Span`` holding one leaf (the
    ``span.rt``); each may hold an ``/OBJR`` too, inside a link."""
    import pikepdf
    children, objrs = split_objrs(kids(element))
    if len(children) < 2 or not all(isinstance(k, pikepdf.Dictionary) and k.get("/S") == "/Span"
                                    for k in children):
        return None
    *bases, wrapper = children
    inner, more = split_objrs(kids(wrapper))
    if len(inner) != 1 or not isinstance(inner[0], pikepdf.Dictionary) or inner[0].get("/S") != "/Span":
        return None
    leaves = [*bases, inner[0]]
    if not all(kids(leaf) and all(isinstance(k, int) for k in kids(leaf)) for leaf in leaves):
        return None
    return bases, inner[0], objrs + more


def split_objrs(children: list) -> tuple[list, list]:
    """The kids that are not link annotations' ``/OBJR``, and those that are."""
    import pikepdf
    objr = [k for k in children if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]
    return [k for k in children if not any(same(k, o) for o in objr)], objr


def _make_ruby(fixer: Any, page: int, element: Any, bases: list, reading: Any, objrs: list) -> None:
    """``/Ruby [/RB /RT]``.  A link annotation WeasyPrint gave the base's or the reading's box (the
    pair is inside an ``<a>``) goes to the ``/Link`` element of that ``<a>``, before the pair: the
    reading's box, above the line, keeps one, and a ``/Link`` of its own would hold no text."""
    import pikepdf
    base = bases[0]
    mcids = [m for leaf in bases for m in kids(leaf)]
    base.S, base.K = pikepdf.Name.RB, pikepdf.Array(mcids)
    reading.S, reading.P = pikepdf.Name.RT, element
    element.S, element.K = pikepdf.Name.Ruby, pikepdf.Array([base, reading])
    entries = fixer.parent_tree[int(fixer.pdf.pages[page].obj.StructParents)]
    for marked in mcids:
        entries[marked] = base
    if not objrs:
        return
    node, parent = element, element.P
    while parent.get("/S") not in ("/Link", None) and "/P" in parent:
        node, parent = parent, parent.P
    if parent.get("/S") != "/Link":
        node, parent = element, element.P
    children = []
    for kid in kids(parent):
        children += [*objrs, kid] if same(kid, node) else [kid]
    parent.K = pikepdf.Array(children)
    for objr in objrs:
        if "/StructParent" in objr.Obj:
            fixer.parent_tree[int(objr.Obj.StructParent)] = parent
