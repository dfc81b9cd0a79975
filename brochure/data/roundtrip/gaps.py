"""The text between items: comments and blank lines that ruamel keeps on the last value before them."""

from __future__ import annotations

from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.tokens import CommentToken

from .base import _Frame, _is_block_scalar, _keys, _lines, _model_key

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
