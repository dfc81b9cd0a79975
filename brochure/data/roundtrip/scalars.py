"""Values as ruamel should write them: quoting kept or added only where YAML needs it; which optional
keys an empty value removes (from the schema)."""

from __future__ import annotations

from typing import Any

import yaml
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    PlainScalarString,
    ScalarString,
)

from .base import KEPT_STYLES, SCALARS, _child_schema, _is_block_scalar, _removes

# --------------------------------------------------------------------------- values


def _build(value: Any, old: Any, schema: Any) -> Any:
    """ruamel's form of a new value: a scalar in the style of the one it replaces, where it can."""
    if isinstance(value, dict):
        model = CommentedMap()
        for key, item in value.items():
            if not _removes(schema, key, item, value):
                model[_styled_key(key)] = _build(item, None, _child_schema(schema, key, value))
        return _flow_like(model, old)
    if isinstance(value, (list, tuple)):
        return _flow_like(CommentedSeq(_build(item, None, _child_schema(schema, i, value))
                                       for i, item in enumerate(value)), old)
    if isinstance(value, str):
        return _styled(value, old)
    if isinstance(value, SCALARS):
        return value
    raise TypeError(f"cannot write a {type(value).__name__} to a data file")


def _flow_like(model: Any, old: Any) -> Any:
    """A list written [a, b] in the file stays so when replaced."""
    if isinstance(old, (CommentedMap, CommentedSeq)) and old.fa.flow_style():
        model.fa.set_flow_style()
    return model


def _styled(value: str, old: Any) -> str:
    """Quoted where YAML needs it ("…", as the data files quote), else as the old value was."""
    value = str(value)
    lines = value.split("\n")
    if isinstance(old, KEPT_STYLES) and (len(lines) > 1 or not _is_block_scalar(old)):
        return type(old)(value)   # "…", '…', | or > as the author wrote it; one line needs no | block
    if len(lines) > 1:
        if value[0] not in " \n" and "\t" not in value and all(line == line.rstrip() for line in lines):
            return LiteralScalarString(value)   # lines under one another, as a person writes them
        return DoubleQuotedScalarString(value)
    if _needs_quotes(value):
        return DoubleQuotedScalarString(value)
    # assigned a plain str, ruamel would give it the replaced value's style (here a | block)
    return PlainScalarString(value) if isinstance(old, ScalarString) else value


def _styled_key(key: Any) -> Any:
    return DoubleQuotedScalarString(key) if isinstance(key, str) and _needs_quotes(key) else key


def _needs_quotes(text: str) -> bool:
    """PyYAML would read the text unquoted as something else (083 as a number, yes as true, 9:30
    as 570) or not at all (#0041ff): the build reads YAML 1.1, ruamel writes 1.2."""
    dumped = yaml.safe_dump(text, allow_unicode=True, width=1 << 30)
    return dumped.startswith(("'", '"'))


def _plain(value: Any, schema: Any) -> Any:
    """The value as PyYAML will read it back; empty optional keys left out, as written."""
    if isinstance(value, dict):
        return {k: _plain(v, _child_schema(schema, k, value)) for k, v in value.items()
                if not _removes(schema, k, v, value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v, _child_schema(schema, i, None)) for i, v in enumerate(value)]
    return str(value) if isinstance(value, str) else value


def _same(a: Any, b: Any) -> bool:
    """Equal, and of the same types: True is not 1, and "1" is not 1."""
    if isinstance(a, dict) and isinstance(b, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return type(a) is type(b) and a == b


# --------------------------------------------------------------------------- schema


# --------------------------------------------------------------------------- keys and positions


