"""The Document: one YAML data file opened for editing (see the package's docstring)."""

from __future__ import annotations

import copy
import difflib
import io
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.tokens import CommentToken

from ...errors import BrochureError, DataError, Problem
from ...files import atomic_write
from ..loader import parse_yaml
from ..schema import Brochure, Contact
from .base import (
    Path_,
    _check_key,
    _child,
    _child_schema,
    _dotted,
    _Frame,
    _insert_at,
    _is_block_scalar,
    _is_brochure,
    _keys,
    _lines,
    _model_key,
    _position,
    _removes,
)
from .gaps import (
    _become_empty,
    _close_gap,
    _is_block,
    _put_before_first,
    _separator,
    _set_tail,
    _split,
    _tail_text,
    _tail_token,
)
from .merge import _joined, _merge
from .scalars import _build, _plain, _same, _styled_key
from .dumper import _indentation, _problem, _yaml


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


