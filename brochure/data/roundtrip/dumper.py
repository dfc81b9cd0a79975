"""ruamel.yaml set up as the file is written: its indentation, and located syntax errors."""

from __future__ import annotations

import re
from collections import Counter

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from ...errors import Problem

# --------------------------------------------------------------------------- ruamel setup


def _yaml(mapping: int, sequence: int, offset: int) -> YAML:
    loader = YAML()
    loader.preserve_quotes = True
    loader.width = 4096
    loader.indent(mapping=mapping, sequence=sequence, offset=offset)
    return loader


_OPENS_BLOCK = re.compile(r"[^\s#'\"\[{|>][^#]*:[ \t]*(#.*)?")


def _indentation(text: str) -> tuple[int, int, int]:
    """ruamel's (mapping, sequence, offset) for the file, from its lines ``key:`` and the one after.

    ruamel's own guess gives one number for both; the data files indent
    mappings by 2 and put the dash of a list 2 further than its key.
    """
    maps: Counter = Counter()
    dashes: Counter = Counter()
    rows = [row for row in text.splitlines() if row.strip() and not row.lstrip().startswith("#")]
    for row, following in zip(rows, rows[1:]):
        body = row.lstrip(" ")
        column = len(row) - len(body)
        while body.startswith("- "):    # "- key:": the key sits after the dash
            rest = body[1:].lstrip(" ")
            column += len(body) - len(rest)
            body = rest
        if not _OPENS_BLOCK.fullmatch(body):
            continue
        inner = following.lstrip(" ")
        step = len(following) - len(inner) - column
        dash = inner == "-" or inner.startswith("- ")
        if step > 0 or (dash and step == 0):
            (dashes if dash else maps)[step] += 1
    mapping = maps.most_common(1)[0][0] if maps else 2
    offset = dashes.most_common(1)[0][0] if dashes else 2
    return mapping, offset + 2, offset


def _problem(shown: str, error: YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if isinstance(error, MarkedYAMLError):
        message = " ".join(filter(None, [error.context, error.problem])) or "cannot read YAML"
    else:
        message = str(error)
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
    return Problem(shown, "", message, line, column, "check the indentation and that text with a colon (:) is quoted")
