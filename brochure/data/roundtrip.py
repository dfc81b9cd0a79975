"""Saving edits to a YAML data file so that only the lines of the changed values change.

The editor saves a form by changing a few values in a file a person also edits
by hand.  A plain ``yaml.dump`` would rewrite the whole file: comments gone,
quotes changed, keys sorted.  Here the file is loaded with ruamel.yaml, which
keeps comments, key order and quoting, the edit is made on that tree, and the
tree is dumped again.

ruamel does not reproduce every hand-written file byte for byte (another
indentation, extra spaces after a colon or inside [ ]).  So the
dump of the unedited tree (D0) is compared with the file (O): when they are
equal the new dump (D1) is the result; when not, only the lines that differ
between D0 and D1 are carried over into O, every other line of O is kept as
it was.

Whatever comes out is read back with PyYAML, as the build reads it, and must
give exactly the data the edit meant; if not, nothing is written.

ruamel keeps a comment, and the blank lines, that follow a value in the tree
node of the deepest last value before them (a banner such as
``# ---- Sapporo`` belongs, for ruamel, to the ``verified:`` of the record
above it).  Adding, deleting and moving items therefore moves that trailing
text so that it stays where it was in the file: see "the text between
items" below.
"""

from __future__ import annotations

import copy
import datetime
import difflib
import io
import re
import types
import typing
from collections import Counter
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import (DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString,
                                      PlainScalarString, ScalarString, SingleQuotedScalarString)
from ruamel.yaml.tokens import CommentToken

from ..errors import BrochureError, DataError, Problem
from ..files import atomic_write
from .loader import parse_yaml
from .schema import Brochure, Contact

Path_ = tuple   # a key path: ('sasaete-network', 'tel') or ('panels', 2, 'blocks', 0)
SCALARS = (str, bool, int, float, datetime.date, type(None))
KEPT_STYLES = (DoubleQuotedScalarString, SingleQuotedScalarString, LiteralScalarString, FoldedScalarString)


class Conflict(BrochureError):
    """The file changed on disk after it was read: saving would overwrite someone else's edit."""

    def __init__(self, shown: str, current: str):
        self.shown = shown
        self.current = current    # the file's text now, for the editor to show or merge
        super().__init__(f"{shown} was changed by someone else after it was opened; "
                         "nothing was saved: reload it and make the change again")


class RoundTripError(BrochureError):
    """The new text would not read back as the edited data: it is never written."""


class Document:
    """One YAML data file opened for editing.

    ``get`` answers from the data as PyYAML reads it (what the build sees); the
    edits change both that data and ruamel's tree, and ``render`` checks the
    one against the other.
    """

    def __init__(self, text: str, shown: str, model: Any, data: Any):
        self.text = text          # the text it was read from (after save: the text saved)
        self.shown = shown
        self._empty = model is None   # ruamel loads no tree, and no comments, from an empty file
        self._model = CommentedMap() if model is None else model
        self._data = {} if data is None else data
        self._newline = "\r\n" if "\r\n" in text else "\n"
        self._yaml = _yaml(*_indentation(text))
        # the schema says which keys are optional (an empty value then removes the key)
        self._root = (Brochure if _is_brochure(self._data) else dict[str, Contact]) \
            if isinstance(self._data, dict) else None
        self._before = self._dump()   # D0: what ruamel makes of the file before any edit
        self._after = self._before    # D1 of the last render

    # ------------------------------------------------------------------ opening

    @classmethod
    def parse(cls, text: str, shown: str) -> "Document":
        """``shown`` is the path shown in messages, e.g. data/contacts.yaml."""
        data = parse_yaml(text, shown).data   # the build's own reading: its DataError names the line
        try:
            model = _yaml(2, 4, 2).load(text)
        except YAMLError as error:            # a file PyYAML reads but ruamel does not
            raise DataError([_problem(shown, error)]) from None
        except (ValueError, TypeError, RecursionError) as error:
            raise DataError([Problem(shown, "", f"cannot read YAML: {error}")]) from None
        if not isinstance(model, (CommentedMap, CommentedSeq, type(None))):
            raise DataError([Problem(shown, "", "the file holds a single value, not a mapping or a list")])
        return cls(text, shown, model, data)

    @classmethod
    def read(cls, path: Path, shown: str) -> "Document":
        raw = path.read_bytes()               # bytes: read_text would turn CRLF into LF
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise DataError([Problem(shown, "", f"not UTF-8 text ({error.reason} at byte {error.start})",
                                     hint="save the file as UTF-8")]) from None
        return cls.parse(text, shown)

    # ------------------------------------------------------------------ reading

    def get(self, path: Path_) -> Any:
        """The value at a key path as plain Python (a copy: changing it changes nothing)."""
        return copy.deepcopy(self._walk(path)[-1].data)

    # ------------------------------------------------------------------ editing

    def set(self, path: Path_, value: Any) -> None:
        """Replace a value, or add the key at the end of its mapping when missing.

        None or "" on a key the schema marks optional deletes the key: the data
        files leave an empty optional field out.  A dict or list replacing a
        dict or list is merged item by item, so a whole record saved from a form
        changes only the lines of the fields that changed.
        """
        frames = self._walk(path[:-1])
        parent, key = frames[-1], path[-1]
        if isinstance(parent.data, dict) and _removes(parent.schema, key, value, parent.data):
            if key in parent.data:
                self._take(frames, key)
        elif isinstance(parent.data, dict) and key not in parent.data:
            self._add(parent, len(parent.data), key, value)
        else:
            self._update(frames, key, value)

    def delete(self, path: Path_) -> None:
        """Remove a mapping key or a list item, with the lines it took."""
        frames = self._walk(path[:-1])
        _check_key(frames[-1].data, path[-1], path)
        self._take(frames, path[-1])

    def insert(self, path: Path_, index: Any, value: Any, after: Any = None) -> None:
        """Into the list at ``path`` at ``index``; or, for a mapping, add key ``index``
        after key ``after`` (at the end when not given)."""
        frame = self._walk(path)[-1]
        if isinstance(frame.data, list):
            if not isinstance(index, int) or not 0 <= index <= len(frame.data):
                raise IndexError(f"{_dotted(path)}: no position {index!r} in a list of {len(frame.data)}")
            self._add(frame, index, None, value)
            return
        if not isinstance(frame.data, dict):
            raise TypeError(f"{_dotted(path)} is neither a mapping nor a list")
        if index in frame.data:
            raise KeyError(f"{_dotted(path + (index,))} already exists")
        position = len(frame.data) if after is None else _position(frame.data, after) + 1
        self._add(frame, position, index, value)

    def move(self, path: Path_, old: int, new: int) -> None:
        """Move a list item from position ``old`` to ``new`` (its place in the new order)."""
        frames = self._walk(path)
        items = frames[-1].data
        if not isinstance(items, list):
            raise TypeError(f"{_dotted(path)} is not a list")
        for index in (old, new):
            if not isinstance(index, int) or not 0 <= index < len(items):
                raise IndexError(f"{_dotted(path)}: no position {index!r} in a list of {len(items)}")
        if old != new:   # the blank line taken out with the item is put back where it goes
            separator = _separator(frames[-1].model) if _is_block(frames[-1].model) else ""
            model, data, own = self._take(frames, old, separator)
            self._place(frames[-1], new, None, None, model, data, own, separator)

    # ------------------------------------------------------------------ writing

    def render(self) -> str:
        """The new text, checked: it reads back, with PyYAML, as exactly the edited data."""
        after = self._dump()
        if self._empty:    # ruamel dropped the file's comments with the empty document: append
            text = self.text if not self._model else _joined(self.text, after, self._newline)
        else:
            text = _merge(self.text, self._before, after)
        self._check(text)
        self._after = after
        return text

    def save(self, path: Path, expected: str | None = None) -> str:
        """Write the new text atomically and return it.

        ``expected`` is the text the edit was made against (default: the text
        this document was read from).  If the file now holds anything else,
        someone changed it meanwhile: Conflict, carrying the file's current
        text, and nothing is written.  The file must also still hold the text
        this document was read from, which the new text is made from: writing
        it over other text would undo that text's changes.  A save that
        changes nothing leaves the file (and its modification time, which
        watchers react to) alone.
        """
        text = self.render()
        expected = self.text if expected is None else expected
        try:
            current = path.read_bytes()
        except FileNotFoundError:
            current = b""   # a new file: saved when it was opened empty
        if current != expected.encode("utf-8") or current != self.text.encode("utf-8"):
            raise Conflict(self.shown, current.decode("utf-8", errors="replace"))
        if current != text.encode("utf-8"):
            atomic_write(path, text.encode("utf-8"))
        self.text, self._before, self._empty = text, self._after, self._empty and not self._model
        return text

    # ------------------------------------------------------------------ inside

    def _walk(self, path: Path_) -> list["_Frame"]:
        """The frame of every prefix of ``path``: the root first."""
        frames = [_Frame(self._model, self._data, self._root, None)]
        for part in path:
            _check_key(frames[-1].data, part, path)
            frames.append(_child(frames[-1], part))
        return frames

    def _update(self, frames: list["_Frame"], key: Any, value: Any) -> None:
        """Give an existing key or list item a new value, changing as little of the tree as possible."""
        parent = frames[-1]
        _check_key(parent.data, key)
        if _same(parent.data[key], value):
            return
        frame = _child(parent, key)
        if isinstance(frame.data, dict) and isinstance(value, dict) and isinstance(frame.model, CommentedMap):
            self._update_mapping(frames + [frame], value)
        elif isinstance(frame.data, list) and isinstance(value, list) and isinstance(frame.model, CommentedSeq):
            self._update_list(frames + [frame], value)
        else:
            self._replace(parent, frame, value)

    def _update_mapping(self, frames: list["_Frame"], value: dict) -> None:
        frame = frames[-1]
        for key in [k for k in frame.data if k not in value or _removes(frame.schema, k, value[k], value)]:
            self._take(frames, key)
        previous = None
        for key, item in value.items():
            if _removes(frame.schema, key, item, value):
                continue
            if key in frame.data:
                self._update(frames, key, item)
            else:   # a new key goes after the one before it in the new order
                self._add(frame, 0 if previous is None else _position(frame.data, previous) + 1, key, item)
            previous = key

    def _update_list(self, frames: list["_Frame"], value: list) -> None:
        """Items matched by content: removing one item removes its lines, not rewrites the rest."""
        frame = frames[-1]
        matcher = difflib.SequenceMatcher(None, [repr(x) for x in frame.data], [repr(x) for x in value],
                                          autojunk=False)
        for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):   # from the end: indices stay valid
            if tag == "equal":
                continue
            common = min(i2 - i1, j2 - j1)
            for k in range(common):
                self._update(frames, i1 + k, value[j1 + k])
            for k in reversed(range(i1 + common, i2)):
                self._take(frames, k)
            for k in range(j1 + common, j2):
                self._add(frame, i1 + (k - j1), None, value[k])

    def _replace(self, parent: "_Frame", frame: "_Frame", value: Any) -> None:
        """A new value in place of the old; a scalar keeps the old one's quoting and comments."""
        mkey = _model_key(parent, frame.key)
        model = _build(value, frame.model, frame.schema)
        # the text after the old value must follow the new one, wherever its last line now ends
        moves = _is_block(frame.model) or _is_block(model) or _is_block_scalar(frame.model) != _is_block_scalar(model)
        text = _tail_text(parent.model, mkey)
        if moves:
            _set_tail(parent.model, mkey, "")
        parent.model[mkey] = model
        parent.data[frame.key] = _plain(value, frame.schema)
        if moves:
            _set_tail(parent.model, mkey, text)

    def _add(self, frame: "_Frame", position: int, key: Any, value: Any) -> None:
        schema = _child_schema(frame.schema, position if key is None else key, frame.data)
        mkey = None if key is None else _styled_key(key)
        self._place(frame, position, key, mkey, _build(value, None, schema), _plain(value, schema))

    def _place(self, frame: "_Frame", position: int, key: Any, mkey: Any, model: Any, data: Any,
               own: CommentToken | None = None, separator: str | None = None) -> None:
        """Put an item into a collection.  What followed the item before it (blank lines, the next
        item's comments) now follows the new item, and items stay set apart as the others are."""
        container = frame.model
        block = _is_block(container)
        if block:
            separator = _separator(container) if separator is None else separator
            before = _keys(container)[position - 1] if position > 0 else None
            head, rest = _split(_tail_text(container, before)) if before is not None else ("", separator)
        if isinstance(container, CommentedSeq):
            container.insert(position, model)
            frame.data.insert(position, data)
            mkey = position
        else:
            container.insert(position, mkey, model)
            _insert_at(frame.data, position, key, data)
        if not block:
            return
        if before is not None:
            _set_tail(container, before, (head or "\n") + separator)
        _set_tail(container, mkey, ((own.value if own is not None else "") or "\n") + rest, reuse=own)

    def _take(self, frames: list["_Frame"], key: Any,
              separator: str | None = None) -> tuple[Any, Any, CommentToken | None]:
        """Take an item out of its collection, keeping the text around it.

        The item's end-of-line comment goes with it; the comment lines after it
        belong to what follows and stay in the file; where blank lines set the
        items apart, one goes with it.  Returns the item (ruamel's, PyYAML's)
        and its end-of-line comment.
        """
        frame = frames[-1]
        container, mkey = frame.model, _model_key(frame, key)
        block = _is_block(container)
        keys = _keys(container)
        index, token, rest = keys.index(mkey), None, ""
        if block:
            separator = _separator(container) if separator is None else separator
            own, rest = _split(_tail_text(container, mkey))
            _set_tail(container, mkey, own)     # the item leaves with its own comment only
            token = _tail_token(container, mkey)
        model, data = container[mkey], frame.data[key]
        del container[mkey]
        del frame.data[key]
        if isinstance(container, CommentedMap):
            container.ca.items.pop(mkey, None)   # ruamel keeps a deleted key's comments: they would come back
        if not block:
            return model, data, None
        if index > 0:
            before = keys[index - 1]
            head, gap = _split(_tail_text(container, before))
            _set_tail(container, before, (head or "\n") + _close_gap(gap, rest, index == len(keys) - 1, separator))
        elif len(container) == 0:
            _become_empty(frames, rest)
        else:
            lines = _lines(rest)
            if separator and lines and not lines[0].strip():
                lines = lines[1:]
            if "".join(lines).strip():
                _put_before_first(frames, "".join(lines))
        return model, data, token

    def _dump(self) -> str:
        out = io.StringIO()
        self._yaml.dump(self._model, out)
        text = out.getvalue()
        if self._empty and not self._model:
            text = ""
        text = text.replace("\r\n", "\n")   # ruamel keeps the \r of a CRLF file in comments
        return text.replace("\n", self._newline) if self._newline != "\n" else text

    def _check(self, text: str) -> None:
        try:
            data = parse_yaml(text, self.shown).data
        except DataError as error:
            raise RoundTripError(f"{self.shown}: the change would make the file unreadable ({error}); "
                                 "nothing was written") from None
        if not _same({} if data is None else data, self._data):
            raise RoundTripError(f"{self.shown}: the change could not be written without changing other "
                                 "values; nothing was written")


class _Frame(typing.NamedTuple):
    """One node on a key path: ruamel's tree, PyYAML's data and the schema type, side by side."""

    model: Any
    data: Any
    schema: Any
    key: Any     # its key or index in the parent; None for the root


def _child(parent: _Frame, key: Any) -> _Frame:
    return _Frame(parent.model[_model_key(parent, key)], parent.data[key],
                  _child_schema(parent.schema, key, parent.data), key)


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


# --------------------------------------------------------------------------- keys and positions


def _check_key(data: Any, key: Any, path: Path_ = ()) -> None:
    if isinstance(data, dict):
        if key not in data:
            raise KeyError(f"{_dotted(path) or key}: no such key {key!r}")
    elif isinstance(data, list):
        if not isinstance(key, int) or not 0 <= key < len(data):
            raise IndexError(f"{_dotted(path) or key}: no item {key!r} in a list of {len(data)}")
    else:
        raise TypeError(f"{_dotted(path) or key}: a {type(data).__name__} has no items")


def _model_key(frame: _Frame, key: Any) -> Any:
    """ruamel's key for PyYAML's: the same but where YAML 1.1 and 1.2 differ (yes, on), where the
    position in the mapping tells."""
    if isinstance(frame.data, list) or key in frame.model:
        return key
    return _keys(frame.model)[_position(frame.data, key)]


def _position(data: dict, key: Any) -> int:
    try:
        return list(data).index(key)
    except ValueError:
        raise KeyError(f"no such key {key!r}") from None


def _insert_at(data: dict, position: int, key: Any, value: Any) -> None:
    items = list(data.items())
    items.insert(position, (key, value))
    data.clear()
    data.update(items)


def _keys(container: Any) -> list:
    return list(range(len(container))) if isinstance(container, list) else list(container)


def _dotted(path: Path_) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# --------------------------------------------------------------------------- the text between items
#
# A "tail" is the text ruamel writes after an item's last value: the end of
# that line (with any comment on it), then the blank and comment lines up to
# the next item.  ruamel keeps it in the comment slot of the deepest last
# scalar (or flow collection) of the item.


def _is_block(value: Any) -> bool:
    return isinstance(value, (CommentedMap, CommentedSeq)) and len(value) > 0 and not value.fa.flow_style()


def _slot(container: Any, key: Any) -> tuple[Any, Any, int]:
    """Where the tail of ``container[key]`` lives: (collection, key, index into its comment entry)."""
    value = container[key]
    while _is_block(value):
        container, key = value, _keys(value)[-1]
        value = container[key]
    return container, key, 2 if isinstance(container, CommentedMap) else 0


def _tail_token(container: Any, key: Any) -> CommentToken | None:
    holder, slot_key, index = _slot(container, key)
    entry = holder.ca.items.get(slot_key)
    return entry[index] if entry else None


def _tail_text(container: Any, key: Any) -> str:
    holder, slot_key, _ = _slot(container, key)
    token = _tail_token(container, key)
    text = token.value if token is not None else ""
    # a | or > block ends with its own line break: ruamel's text after it starts on the next line
    return "\n" + text if _is_block_scalar(holder[slot_key]) else text


def _set_tail(container: Any, key: Any, text: str, reuse: CommentToken | None = None) -> None:
    """Give ``container[key]`` a tail; an existing comment token is kept, for its column."""
    holder, slot_key, index = _slot(container, key)
    block_scalar = _is_block_scalar(holder[slot_key])
    if block_scalar and text.startswith("\n"):
        text = text[1:]
    entry = holder.ca.items.get(slot_key)
    token = (entry[index] if entry else None) or reuse
    if not text or (text == "\n" and not block_scalar):
        token = None            # just the end of the line: no comment needed
    elif token is None:
        token = CommentToken(text, CommentMark(0))
    else:
        token.value = text
    if entry is None:
        if token is None:
            return
        entry = holder.ca.items[slot_key] = [None, None, None, None]
    entry[index] = token
    value = holder[slot_key]
    if isinstance(value, (CommentedMap, CommentedSeq)):   # a flow one: ruamel writes its own copy
        if value.ca.comment is None:
            value.ca.comment = [None, None]
        value.ca.comment[0] = token


def _is_block_scalar(value: Any) -> bool:
    return isinstance(value, (LiteralScalarString, FoldedScalarString))


def _split(text: str) -> tuple[str, str]:
    """(the end of the item's last line, with its comment; the lines after it)."""
    cut = text.find("\n") + 1 or len(text)
    return text[:cut], text[cut:]


def _separator(container: Any) -> str:
    """"\\n" when the collection's items are set apart by a blank line (the records of
    contacts.yaml, a brochure's panels), else ""."""
    keys = _keys(container)[:-1]
    if not keys:
        return ""
    blank = sum(_split(_tail_text(container, key))[1].startswith("\n") for key in keys)
    return "\n" if 2 * blank > len(keys) else ""


def _close_gap(before: str, after: str, last: bool, separator: str) -> str:
    """The text left between the neighbours of a removed item: all comments, one blank line less."""
    head, tail = _lines(before), _lines(after)
    if separator:
        if not last and tail and not tail[0].strip():
            tail = tail[1:]
        elif head and not head[-1].strip():
            head = head[:-1]
    return "".join(head + tail)


def _become_empty(frames: list[_Frame], rest: str) -> None:
    """The collection lost its last item and is written {} or []: the comments that stood before
    its first item, and what followed its last, now follow that on the parent's line (ruamel
    would write comments between the key and the [], which does not read back)."""
    if len(frames) < 2:
        return
    parent, container = frames[-2], frames[-1].model
    mkey = _model_key(parent, frames[-1].key)
    entry = parent.model.ca.items.get(mkey) if isinstance(parent.model, CommentedMap) else None
    heads = list(entry[3] or []) if entry else []
    if container.ca.comment:
        heads += [token for token in container.ca.comment[1] or [] if token not in heads]
        container.ca.comment[1] = None
    if entry:
        entry[3] = None
    container.fa.set_flow_style()   # written as a block, ruamel would put the comments before the []
    own, before = _split(_tail_text(parent.model, mkey))
    _set_tail(parent.model, mkey, (own or "\n") + before + "".join(t.value for t in heads) + rest)


def _put_before_first(frames: list[_Frame], text: str) -> None:
    """Comment lines that stood between the first item and the second, now before the new first."""
    if len(frames) < 2:   # the document: with the comments at its top
        root = frames[-1].model
        if root.ca.comment is None:
            root.ca.comment = [None, []]
        elif root.ca.comment[1] is None:
            root.ca.comment[1] = []
        root.ca.comment[1].append(CommentToken(text, CommentMark(0)))
        return
    parent, key = frames[-2], frames[-1].key
    mkey = _model_key(parent, key)
    if isinstance(parent.model, CommentedMap) and isinstance(frames[-1].model, CommentedMap):
        entry = parent.model.ca.items.setdefault(mkey, [None, None, None, None])
        head, before = _split(entry[2].value if entry[2] is not None else "")
        _set_tail_token(entry, 2, (head or "\n") + before + text)
    elif isinstance(parent.model, CommentedMap):
        entry = parent.model.ca.items.setdefault(mkey, [None, None, None, None])
        entry[3] = (entry[3] or []) + [CommentToken(text, CommentMark(0))]
    elif isinstance(key, int) and key > 0:   # "- key:" has no line before its first key: before the dash
        _set_tail(parent.model, key - 1, (_tail_text(parent.model, key - 1) or "\n") + text)
    else:
        _put_before_first(frames[:-1], text)


def _set_tail_token(entry: list, index: int, text: str) -> None:
    if entry[index] is None:
        entry[index] = CommentToken(text, CommentMark(0))
    else:
        entry[index].value = text


# --------------------------------------------------------------------------- merging into the original


def _lines(text: str) -> list[str]:
    """Lines with their ends; only \\n ends a line (str.splitlines also splits at U+2028 and others)."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


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
