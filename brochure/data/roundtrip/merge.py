"""Carrying the edited lines over into a file ruamel does not reproduce byte for byte."""

from __future__ import annotations

import difflib
from collections import Counter
from typing import Any

from .base import _lines

# --------------------------------------------------------------------------- merging into the original


def _joined(original: str, added: str, newline: str) -> str:
    if original and not original.endswith("\n"):
        original += newline
    return original + added


def _merge(original: str, before: str, after: str) -> str:
    """Carry the changes from ``before`` to ``after`` (two dumps) over into ``original``.

    Lines of ``before`` that are unchanged in ``after`` and found in
    ``original`` (compared without their indentation) anchor the three texts
    to each other; between two anchors, the original's lines stay unless the
    edit changed something there, and then the new lines replace them,
    indented as the original indents.
    """
    if before == after:
        return original
    if before == original:
        return after
    a, o, c = _lines(before), _lines(original), _lines(after)
    to_original = dict(_paired(a, o, _matching(a, o, str.strip)))
    to_after = dict(_matching(a, c, None))
    anchors = [i for i in range(len(a)) if i in to_original and i in to_after]
    indent = _indent_table([(a[i], o[to_original[i]]) for i in anchors])
    out: list[str] = []
    last = (-1, -1, -1)
    for i, j, k in [(i, to_original[i], to_after[i]) for i in anchors] + [(len(a), len(o), len(c))]:
        old, kept, new = a[last[0] + 1:i], o[last[1] + 1:j], c[last[2] + 1:k]
        out += kept if old == new else [_reindent(line, indent) for line in new]
        if i < len(a):
            out.append(o[j])
        last = (i, j, k)
    return "".join(out)


def _matching(a: list[str], b: list[str], key: Any) -> list[tuple[int, int]]:
    """Pairs (i, j) of equal lines, in order.  The common start and end are paired first: a
    SequenceMatcher over a national registry (every record ends ``verified: …``) would be slow."""
    ka = [key(x) for x in a] if key else a
    kb = [key(x) for x in b] if key else b
    start = 0
    while start < min(len(a), len(b)) and ka[start] == kb[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and ka[len(a) - 1 - end] == kb[len(b) - 1 - end]:
        end += 1
    pairs = [(i, i) for i in range(start)]
    matcher = difflib.SequenceMatcher(None, ka[start:len(a) - end], kb[start:len(b) - end], autojunk=False)
    for block in matcher.get_matching_blocks():
        pairs += [(start + block.a + n, start + block.b + n) for n in range(block.size)]
    pairs += [(len(a) - end + n, len(b) - end + n) for n in range(end)]
    return pairs


def _paired(a: list[str], b: list[str], pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Equal lines, and between two of them as many lines on each side: the same lines written
    differently (``name:    x`` in the file, ``name: x`` in ruamel's dump)."""
    out: list[tuple[int, int]] = []
    last = (-1, -1)
    for i, j in pairs + [(len(a), len(b))]:
        if i - last[0] == j - last[1]:
            out += [(last[0] + n, last[1] + n) for n in range(1, i - last[0])]
        if i < len(a):
            out.append((i, j))
        last = (i, j)
    return out


def _indent_table(pairs: list[tuple[str, str]]) -> dict[int, int]:
    """ruamel's indentation → the original's, as the anchor lines show it."""
    seen: dict[int, Counter] = {}
    for dumped, original in pairs:
        if dumped.strip():
            seen.setdefault(_width(dumped), Counter())[_width(original)] += 1
    return {width: counts.most_common(1)[0][0] for width, counts in seen.items()}


def _reindent(line: str, table: dict[int, int]) -> str:
    if not line.strip():
        return line
    width = _width(line)
    known = [w for w in table if w <= width]
    if not known:
        return line
    base = max(known)
    return " " * (table[base] + width - base) + line[width:]


def _width(line: str) -> int:
    return len(line) - len(line.lstrip(" "))
