"""Transparency in a print PDF: finding it, and dropping the groups that hold none.

Shops that take only PDF/X-1a flatten transparency, and Ghostscript's PDF/X-3 export turned every
page of a leaflet with it into one image.  The layouts draw nothing transparent (opaque washes, a
highlight without a soft mask), but WeasyPrint 70 still wraps some drawings (SVG text, gradients,
the page itself) in transparency groups at full opacity.  Such a group composites exactly as its
content drawn directly, so ``drop_opaque_groups`` removes them when the file has no transparency
at all; ``transparency`` lists what is left, for preflight.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from ..i18n import N_

GROUP = N_("a transparency group")


@dataclass(frozen=True)
class Transparent:
    """One thing in a PDF that needs transparency: where (page, panel slot, nested forms) and what."""

    page: int                                   # 1-based
    slot: int | None                            # imposition's panel slot on the page (1-based), if inside one
    forms: str                                  # the nested form XObjects' names, e.g. "/x0 /x3"
    what: str                                   # a msgid (N_), formatted with ``values``
    values: dict = field(default_factory=dict)


def transparency(pdf: Any) -> list[Transparent]:
    """What in ``pdf`` (pikepdf) needs transparency, in page order."""
    found: list[Transparent] = []
    for number, page in enumerate(pdf.pages, 1):
        if "/Group" in page.obj:
            found.append(Transparent(number, None, "", GROUP))
        places = [((), page.obj.get("/Resources"))]
        for names, form in _forms(page.obj.get("/Resources"), ()):
            if "/Group" in form:
                found.append(_at(number, names, GROUP))
            places.append((names, form.get("/Resources")))
        for names, resources in places:
            if resources is None:
                continue
            for name, state in (resources.get("/ExtGState") or {}).items():
                smask = state.get("/SMask")
                if smask is not None and smask != "/None":
                    found.append(_at(number, names, N_("a soft mask (graphics state {name})"), name=str(name)))
                for key in ("/ca", "/CA"):
                    if key in state and float(state[key]) < 1:
                        found.append(_at(number, names, N_("{key} {value:g} (graphics state {name})"),
                                         key=key, value=float(state[key]), name=str(name)))
            for name, image in (resources.get("/XObject") or {}).items():
                if image.get("/Subtype") == "/Image" and ("/SMask" in image or "/SMaskInData" in image):
                    found.append(_at(number, names, N_("image {name} with a soft mask"), name=str(name)))
    return found


def _at(page: int, names: tuple[str, ...], what: str, **values: Any) -> Transparent:
    """Imposition names each panel page /P<n> (impose.py): that is the panel slot; the rest are forms."""
    slot = None
    if names and names[0].startswith("/P") and names[0][2:].isdigit():
        slot, names = int(names[0][2:]) + 1, names[1:]
    return Transparent(page, slot, " ".join(names), what, values)


def drop_opaque_groups(pdf: Any) -> int:
    """Remove every transparency group when nothing in ``pdf`` is transparent; the number removed."""
    if any(item.what != GROUP for item in transparency(pdf)):
        return 0
    dropped = 0
    for page in pdf.pages:
        if "/Group" in page.obj:
            del page.obj["/Group"]
            dropped += 1
        for _, form in _forms(page.obj.get("/Resources"), ()):
            if "/Group" in form:
                del form["/Group"]
                dropped += 1
    return dropped


def _forms(resources: Any, names: tuple[str, ...], seen: set | None = None) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(names, form) for every form XObject drawn from ``resources``, nested ones too, once each."""
    seen = set() if seen is None else seen
    if resources is None:
        return
    for name, xobject in (resources.get("/XObject") or {}).items():
        if xobject.get("/Subtype") != "/Form" or xobject.objgen in seen:
            continue
        seen.add(xobject.objgen)
        inner = names + (str(name),)
        yield inner, xobject
        yield from _forms(xobject.get("/Resources"), inner, seen)
    for name, pattern in (resources.get("/Pattern") or {}).items():   # tiling patterns draw forms too
        if pattern.get("/PatternType") != 1 or pattern.objgen in seen:
            continue
        seen.add(pattern.objgen)
        inner = names + (str(name),)
        yield inner, pattern
        yield from _forms(pattern.get("/Resources"), inner, seen)
