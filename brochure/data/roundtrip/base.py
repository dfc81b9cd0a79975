"""What the round-trip modules share: key paths, the frame of a value being edited, positions of keys."""

from __future__ import annotations

import datetime
import types
import typing
from typing import Any

from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

Path_ = tuple   # a key path: ('sasaete-network', 'tel') or ('panels', 2, 'blocks', 0)

def _child(parent: _Frame, key: Any) -> _Frame:
    return _Frame(parent.model[_model_key(parent, key)], parent.data[key],
                  _child_schema(parent.schema, key, parent.data), key)


class _Frame(typing.NamedTuple):
    """One node on a key path: ruamel's tree, PyYAML's data and the schema type, side by side."""

    model: Any
    data: Any
    schema: Any
    key: Any     # its key or index in the parent; None for the root


KEPT_STYLES = (DoubleQuotedScalarString, SingleQuotedScalarString, LiteralScalarString, FoldedScalarString)


SCALARS = (str, bool, int, float, datetime.date, type(None))


def _is_block_scalar(value: Any) -> bool:
    return isinstance(value, (LiteralScalarString, FoldedScalarString))


def _lines(text: str) -> list[str]:
    """Lines with their ends; only \\n ends a line (str.splitlines also splits at U+2028 and others)."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _dotted(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _keys(container: Any) -> list:
    return list(range(len(container))) if isinstance(container, list) else list(container)


def _insert_at(data: dict, position: int, key: Any, value: Any) -> None:
    items = list(data.items())
    items.insert(position, (key, value))
    data.clear()
    data.update(items)


def _position(data: dict, key: Any) -> int:
    try:
        return list(data).index(key)
    except ValueError:
        raise KeyError(f"no such key {key!r}") from None


def _model_key(frame: _Frame, key: Any) -> Any:
    """ruamel's key for PyYAML's: the same but where YAML 1.1 and 1.2 differ (yes, on), where the
    position in the mapping tells."""
    if isinstance(frame.data, list) or key in frame.model:
        return key
    return _keys(frame.model)[_position(frame.data, key)]


def _check_key(data: Any, key: Any, path: Path_ = ()) -> None:
    if isinstance(data, dict):
        if key not in data:
            raise KeyError(f"{_dotted(path) or key}: no such key {key!r}")
    elif isinstance(data, list):
        if not isinstance(key, int) or not 0 <= key < len(data):
            raise IndexError(f"{_dotted(path) or key}: no item {key!r} in a list of {len(data)}")
    else:
        raise TypeError(f"{_dotted(path) or key}: a {type(data).__name__} has no items")


def _is_brochure(data: Any) -> bool:
    return isinstance(data, dict) and (isinstance(data.get("panels"), list) or isinstance(data.get("title"), str))


def _removes(schema: Any, key: Any, value: Any, data: Any) -> bool:
    """None or "" on a key the schema gives a default: the key is left out of the file."""
    if value is not None and not (isinstance(value, str) and value == ""):
        return False
    model = _resolve(schema, data)
    info = getattr(model, "model_fields", {}).get(key) if isinstance(key, str) else None
    return info is not None and not info.is_required()


def _child_schema(schema: Any, key: Any, data: Any) -> Any:
    """The schema type of the value at ``key`` in ``data`` (None where the schema does not say:
    a figure's free-form data)."""
    model = _resolve(schema, data)
    fields = getattr(model, "model_fields", None)
    if fields is not None:
        info = fields.get(key)
        return info.annotation if info is not None else None
    origin, args = typing.get_origin(model), typing.get_args(model)
    if origin is list and isinstance(key, int) and args:
        return args[0]
    if origin is dict and len(args) == 2:
        return args[1]
    return None


def _resolve(schema: Any, data: Any) -> Any:
    """A plain type from Annotated[…] and unions; a union of blocks by the keys the data has."""
    while schema is not None:
        origin = typing.get_origin(schema)
        if origin is typing.Annotated:
            schema = typing.get_args(schema)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [_resolve(m, None) for m in typing.get_args(schema) if m is not type(None)]
            if len(members) == 1:
                schema = members[0]
                continue
            keys = set(data) if isinstance(data, dict) else None
            fits = [m for m in members if keys is not None and keys <= set(getattr(m, "model_fields", ()))]
            return fits[0] if fits else None
        else:
            return schema
    return None
