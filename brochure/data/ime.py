"""YAML mistakes a Japanese input method makes, found in the text as typed.

PyYAML reports where it gave up, often lines after the mistake (an unclosed quote on
line 21 is "expected <block end>" on line 56), in its own English, and some mistakes
it does not see at all: a record indented with a full-width space parses, as a key
named '\u3000tel'.  So the raw text is read line by line here, and each slip is named
as typed, at the line typed, with the fixed line as the hint.

A slip is *certain* when the text can never mean what it looks like (a full-width
space before a key, ``tel：``, ``tel:083``): it is an error even when the YAML parses.
The others (a colon and space inside a value, full-width quotes, an unclosed quote)
can be intended text, so they are named only when the parser fails, as its cause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..i18n import _

FULL_SPACE = "\u3000"
FULL_DASHES = "－ー‐―−ｰ"
FULL_QUOTES = {"“": "”", "‘": "’", "＂": "＂", "＇": "＇", "″": "″"}
KEY = re.compile(r"(?P<key>[A-Za-z][A-Za-z0-9_-]*)(?P<colon>[:：])(?P<after>.*)$")
BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*\s*(#.*)?$")
# A quick look at the whole text (C speed) before any line is read in Python: a national
# registry is 300,000 lines, and these are the only marks a certain slip can leave (one
# alternation of them all is ten times slower than the three searches).
SUSPECT = (re.compile("[\t\u3000＂＇：]"), re.compile(r"^[ \t]*[－ー‐―−ｰ][ \t\u3000]", re.MULTILINE),
           re.compile(r"^[ \t]*(?:-[ \t]+)*[A-Za-z][\w-]*:[^ \t\r\n/]", re.MULTILINE))


@dataclass(frozen=True)
class Slip:
    line: int
    column: int
    message: str
    hint: str
    certain: bool = True


def certain_slips(text: str) -> list[Slip]:
    """The slips that are mistakes whatever the parser makes of them."""
    if not any(pattern.search(text) for pattern in SUSPECT):
        return []
    return [slip for slip in scan(text) if slip.certain]


def scan(text: str) -> list[Slip]:
    return list(_Scanner(text).slips())


class _Scanner:
    """One pass over the lines, skipping block scalars (|, >) and following open quotes."""

    def __init__(self, text: str):
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.block_indent: int | None = None      # inside a block scalar: the indent of its key line
        self.quote: tuple[str, int, int, str] | None = None   # an open quote: char, line, column, key line

    def slips(self) -> Iterator[Slip]:
        for number, line in enumerate(self.lines, 1):
            if self.quote:
                yield from self._in_quote(number, line)
                continue
            if self.block_indent is not None:
                if not line.strip(" \t\u3000") or _indent(line) > self.block_indent:
                    continue
                self.block_indent = None
            yield from self._line(number, line)
        if self.quote:
            yield self._unclosed()

    def _in_quote(self, number: int, line: str) -> Iterator[Slip]:
        if _closing(line, self.quote[0]) >= 0:
            self.quote = None
        elif _is_key_line(line):
            yield self._unclosed()      # the quoted text swallowed a line with a key: it was never closed
            self.quote = None

    def _unclosed(self) -> Slip:
        char, number, column, line = self.quote
        fixed = line.rstrip() + char
        return Slip(number, column, _("the quotation mark {quote} is not closed on this line").format(quote=char),
                    _("add the closing {quote} at the end of the value: {fixed}").format(quote=char, fixed=fixed.strip()),
                    certain=False)

    def _line(self, number: int, line: str) -> Iterator[Slip]:
        stripped = line.lstrip(" \t\u3000")
        if not stripped or stripped.startswith("#"):
            return
        leading = line[:len(line) - len(stripped)]
        body, offset = stripped, len(leading)
        slips: list[Slip] = []
        body, offset = self._markers(number, line, leading, body, offset, slips)
        if "\t" in leading:
            slips.append(Slip(number, leading.index("\t") + 1, _("a tab is used for indentation"),
                              _("YAML does not allow tab characters for indentation: use spaces")))
        elif FULL_SPACE in leading and (KEY.match(body) or stripped[:1] in "-" + FULL_DASHES):
            slips.append(Slip(number, leading.index(FULL_SPACE) + 1,
                              _("the line is indented with a full-width space (　)"),
                              _("indent with half-width spaces only (a full-width space is as wide as two): "
                                "{fixed}").format(fixed=_fixed_indent(line).strip())))
        yield from slips
        yield from self._key_value(number, line, body, offset)

    def _markers(self, number, line, leading, body, offset, slips):
        """List markers: '- ', and the full-width ones an IME gives ('ー ', '－ ', '-　')."""
        while body[:1] in ("-",) + tuple(FULL_DASHES) and body[1:2] in (" ", "\t", FULL_SPACE):
            if body[0] != "-":
                slips.append(Slip(number, offset + 1, _("the list item starts with a full-width dash ({dash})").format(
                    dash=body[0]), _("start it with a half-width hyphen and a space: {fixed}").format(
                    fixed=(leading + "- " + body[2:].lstrip(" \u3000")).strip())))
            elif body[1] == FULL_SPACE:
                slips.append(Slip(number, offset + 2, _("a full-width space (　) follows the list hyphen"),
                                  _("use a half-width space: {fixed}").format(fixed="- " + body[2:].lstrip(" \u3000"))))
            rest = body[2:].lstrip(" \t\u3000")
            offset += len(body) - len(rest)
            body = rest
        return body, offset

    def _key_value(self, number: int, line: str, body: str, offset: int) -> Iterator[Slip]:
        match = KEY.match(body)
        if not match:
            yield from self._value(number, line, "", body, offset)
            return
        key, colon, after = match["key"], match["colon"], match["after"]
        value = after.lstrip(" \t\u3000")
        fixed = f"{key}: {value}".rstrip()
        column = offset + len(key) + 1
        if colon == "：":
            yield Slip(number, column, _("a full-width colon (：) follows {key}").format(key=key),
                       _("write a half-width colon and a space: {fixed}").format(fixed=fixed))
        elif after[:1] == FULL_SPACE:
            yield Slip(number, column + 1, _("a full-width space (　) follows the colon after {key}").format(key=key),
                       _("use a half-width space: {fixed}").format(fixed=fixed))
        elif after[:1] == "\t":
            yield Slip(number, column + 1, _("a tab follows the colon after {key}").format(key=key),
                       _("use a half-width space: {fixed}").format(fixed=fixed), certain=False)   # libyaml reads it
        elif after and after[0] not in " /":
            yield Slip(number, column, _("no space after the colon of {key}").format(key=key),
                       _("put a half-width space after the colon: {fixed}").format(fixed=fixed))
        yield from self._value(number, line, key, value, offset + len(body) - len(value))

    def _value(self, number: int, line: str, key: str, value: str, offset: int) -> Iterator[Slip]:
        """The value's first character decides: a quote, a full-width quote, a block scalar, plain text."""
        label = f"{key}: " if key else "- " if line.lstrip(" \u3000").startswith("-") else ""
        if value[:1] in ('"', "'"):
            if _closing(value[1:], value[0]) < 0:
                self.quote = (value[0], number, offset + 1, line)
        elif value[:1] in FULL_QUOTES:
            inner = value[1:].removesuffix(FULL_QUOTES[value[0]]).replace('"', '\\"')
            wrapped = value.endswith(FULL_QUOTES[value[0]]) and len(value) > 1
            yield Slip(number, offset + 1, _("the full-width quotation mark {quote} does not quote in YAML").format(
                quote=value[0]), _("use half-width quotation marks: {fixed}").format(fixed=f'{label}"{inner}"'),
                certain=wrapped and value[0] in "＂＇")
        elif key and BLOCK_SCALAR.match(value):
            self.block_indent = _indent(line)
        elif key and (": " in _uncommented(value) or _uncommented(value).endswith(":")):
            quoted = value.replace('"', '\\"')
            yield Slip(number, offset + _uncommented(value).find(":") + 1,
                       _("a colon followed by a space inside the value of {key}").format(key=key),
                       _("put the value in quotation marks: {fixed}").format(fixed=f'{key}: "{quoted}"'), certain=False)


def _is_key_line(line: str) -> bool:
    match = KEY.match(line.lstrip(" \t\u3000-"))
    return bool(match) and match["colon"] == ":" and match["after"][:1] in ("", " ")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t\u3000"))


def _fixed_indent(line: str) -> str:
    """The line with each full-width space of its indentation as two half-width ones (the width it shows)."""
    stripped = line.lstrip(" \t\u3000")
    leading = line[:len(line) - len(stripped)]
    return (leading.replace(FULL_SPACE, "  ").replace("\t", "  ") + stripped).rstrip()


def _closing(text: str, quote: str) -> int:
    """Index of the quote that closes a quoted scalar in ``text``, or -1 (\\" and '' are escapes)."""
    i = 0
    while i < len(text):
        char = text[i]
        if quote == '"' and char == "\\":
            i += 2
            continue
        if char == quote:
            if quote == "'" and text[i + 1:i + 2] == "'":
                i += 2
                continue
            return i
        i += 1
    return -1


def _uncommented(value: str) -> str:
    return value.split(" #", 1)[0].rstrip()


__all__ = ["Slip", "certain_slips", "scan"]
