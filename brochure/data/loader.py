"""Read YAML safely and remember where every value came from.

PyYAML's safe loader is used for the values; the node tree it composes first
gives each key and list item its line, so that an error can say
``data/contacts.yaml:14: sasaete-network.tel: …``.  Duplicate keys, which
PyYAML silently resolves to the last one, are reported with both lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..errors import DataError, Problem
from ..i18n import N_, _, language
from .ime import Slip, certain_slips, scan

Path_ = tuple  # a key path: ('sasaete-network', 'tel') or ('panels', 2, 'blocks', 0)

MAX_BYTES = 32_000_000   # a national registry (1,741 municipalities, ~35,000 contacts) is ~8 MB
MAX_NODES = 200_000      # or one per character of text, if more: past that, aliases are blowing it up


@dataclass
class Located:
    """A loaded YAML document plus the line and column of every key path."""

    file: str
    data: Any
    marks: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    scalars: dict[Path_, str] = field(default_factory=dict)   # the text as written, e.g. 0120123456
    _by_key: dict[Any, list[Path_]] | None = field(default=None, repr=False, compare=False)

    def where(self, path: Path_) -> tuple[int | None, int | None]:
        """Line and column (1-based) of the nearest enclosing path that has one."""
        path = tuple(path)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (None, None))

    def subset(self, keys: Iterable[Any]) -> "Located":
        """The same document cut down to some top-level keys, their lines kept: what a worker
        rendering one brochure needs of a national registry (the index is made once)."""
        if self._by_key is None:   # every value's path has a mark, scalars included
            self._by_key = {}
            for path in self.marks:
                if path:
                    self._by_key.setdefault(path[0], []).append(path)
        wanted = [key for key in keys if key in self.data]
        paths = [path for key in wanted for path in self._by_key.get(key, ())]
        marks = {p: self.marks[p] for p in paths}
        if () in self.marks:
            marks[()] = self.marks[()]
        return Located(self.file, {key: self.data[key] for key in wanted}, marks,
                       {p: self.scalars[p] for p in paths if p in self.scalars})

    def problem(self, path: Path_, message: str, hint: str | None = None, severity: str = "error") -> Problem:
        line, column = self.where(path)
        return Problem(self.file, dotted(path), message, line, column, hint, severity)


def dotted(path: Path_) -> str:
    """('panels', 2, 'blocks', 0) → 'panels[2].blocks[0]'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def load_yaml(path: Path, shown_as: str) -> Located:
    """Load one YAML file; raise DataError naming the file and line on any fault."""
    raw = path.read_bytes()
    if len(raw) > MAX_BYTES:
        raise DataError([Problem(shown_as, "", _("file is larger than {size} kB").format(size=MAX_BYTES // 1000),
                                 hint=_("split it or remove unused text"))])
    try:
        text = raw.decode("utf-8-sig")   # a BOM (Notepad's "UTF-8 with BOM") is accepted, as is CRLF
    except UnicodeDecodeError as error:
        raise DataError([_not_utf8(raw, error, shown_as)]) from None
    return parse_yaml(text, shown_as)


# libyaml (C) composes the node tree 10x faster than pure Python; a batch of 1,741 municipalities
# reads ~35,000 contacts.  Faulty files are read again by the Python loader, whose messages the
# hints below are written for.
FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def load_values(path: Path, shown_as: str) -> Located | None:
    """The values of a well-formed file without the line of every key path, or None when the file
    needs a closer look (then ``load_yaml`` reads it and says what is wrong, where).  For a reader
    that keeps a national registry in memory: the marks are most of its size while it loads."""
    if FAST_LOADER is None:
        return None
    try:
        text = path.read_bytes().decode("utf-8-sig")
        if len(text) > MAX_BYTES or certain_slips(text) or yaml.reader.Reader.NON_PRINTABLE.search(text):
            return None
        return Located(shown_as, yaml.load(text, Loader=FAST_LOADER))
    except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError, TypeError, RecursionError):
        return None


def parse_yaml(text: str, shown_as: str) -> Located:
    slips = certain_slips(text)
    if slips:
        raise DataError([_slip_problem(shown_as, slip) for slip in slips])
    if FAST_LOADER is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        try:
            return _parse(text, shown_as, FAST_LOADER(text))
        except (DataError, yaml.YAMLError, ValueError, TypeError, IndexError, OverflowError, RecursionError):
            pass
    return _parse_python(text, shown_as)


def _parse_python(text: str, shown_as: str) -> Located:
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as error:   # a control character, e.g. pasted from a PDF
        line = text[:error.position].count("\n") + 1
        raise DataError([Problem(shown_as, "", _("contains the control character U+{code:04X}").format(
            code=error.character), line, hint=_("delete it: it is invisible in most editors"))]) from None
    try:
        return _parse(text, shown_as, loader)
    except yaml.MarkedYAMLError as error:
        raise DataError(_typed_causes(text, shown_as, error) or [_syntax_problem(shown_as, error)]) from None
    except yaml.YAMLError as error:
        raise DataError([Problem(shown_as, "", _("cannot read YAML: {error}").format(error=error))]) from None
    except (ValueError, TypeError, IndexError, OverflowError) as error:
        # PyYAML's constructors raise these for explicit tags with bad values (e.g. "!!int ::").
        raise DataError([Problem(shown_as, "", _("cannot read YAML: {error}").format(error=error),
                                 hint=_("remove YAML tags such as !!int or !!str and write the value plainly"))]) from None
    except RecursionError:
        raise DataError([Problem(shown_as, "", _("the document is nested too deeply"),
                                 hint=_("check the brackets [ ] and { } and the indentation"))]) from None


def _parse(text: str, shown_as: str, loader: Any) -> Located:
    """The document and the line of every key path; the loader is disposed of."""
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(shown_as, None)
        located = Located(shown_as, None)
        problems: list[Problem] = []
        # Without aliases every value takes at least one character of the text.
        _walk(node, (), located, problems, [0, max(MAX_NODES, len(text))])
        if problems:
            raise DataError(problems)
        located.data = loader.construct_document(node)
        return located
    finally:
        loader.dispose()


def _not_utf8(raw: bytes, error: UnicodeDecodeError, shown_as: str) -> Problem:
    """Name the line (not the byte) and, when it decodes as one, the encoding it was saved in."""
    line = raw[:error.start].count(b"\n") + 1
    column = len(raw[raw.rfind(b"\n", 0, error.start) + 1:error.start].decode("utf-8", "replace")) + 1
    # EUC-JP first: Shift_JIS kana and kanji use lead bytes 0x81–0x9F, which EUC-JP never has.
    for encoding, name in (("euc_jp", "EUC-JP"), ("cp932", "Shift_JIS"), ("utf-16", "UTF-16")):
        try:
            raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        message = _("the file is not saved in UTF-8 (it looks like {encoding})").format(encoding=name)
        break
    else:
        message = _("the file is not saved in UTF-8")
    return Problem(shown_as, "", message, line, column,
                   hint=_("save it again as UTF-8 (in Notepad: Save As, Encoding: UTF-8)"))


def _slip_problem(shown_as: str, slip: Slip) -> Problem:
    return Problem(shown_as, "", slip.message, slip.line, slip.column, slip.hint)


def _typed_causes(text: str, shown_as: str, error: yaml.MarkedYAMLError) -> list[Problem]:
    """What the user typed that made the parser fail: the slips at or before the line it gave up on."""
    mark = error.problem_mark or error.context_mark
    last = mark.line + 1 if mark else len(text)
    return [_slip_problem(shown_as, slip) for slip in scan(text) if slip.line <= last][:3]


# PyYAML's problems, by their text (it has no error codes), in words for the reader.
_YAML_PROBLEMS = {
    "mapping values are not allowed here": N_("a colon and a space (: ) where no field can start"),
    "could not find expected ':'": N_("a field name without its colon (:)"),
    "expected <block end>": N_("the indentation does not match the lines above"),
    "found unexpected end of stream": N_("the file ends inside a quotation"),
    "found character '\\t' that cannot start any token": N_("a tab character, which YAML does not allow here"),
    "found undefined alias": N_("an alias (*) that names no anchor (&)"),
    "expected ',' or ']'": N_("a list in brackets [ ] that is not closed"),
    "expected ',' or '}'": N_("a mapping in braces { } that is not closed"),
    "found unknown escape character": N_("a backslash (\\) in double quotes that is not an escape"),
    "expected a single document": N_("more than one document (a line with ---)"),
}


def _syntax_problem(shown_as: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    raw = " ".join(filter(None, [error.context, error.problem])) or "cannot read YAML"
    known = next((text for pattern, text in _YAML_PROBLEMS.items() if pattern in raw), None)
    if known:
        message = _(known)
    else:   # English stays available under other locales; a Japanese reader gets no raw English
        message = raw if language() != "ja" else _("cannot read YAML")
    hint = _("check the indentation and that text with a colon (:) is quoted")
    if "'\\t'" in raw or "\t" in raw or (error.problem and "tab" in error.problem):  # PyYAML shows '\t
        hint = _("YAML does not allow tab characters for indentation: use spaces")
    return Problem(shown_as, "", message, line, column, hint)


def _walk(node: yaml.Node, path: Path_, located: Located, problems: list[Problem], count: list[int]) -> None:
    count[0] += 1
    if count[0] > count[1]:
        raise DataError([Problem(located.file, dotted(path), _("document expands to too many values (aliases?)"),
                                 node.start_mark.line + 1, hint=_("do not use YAML anchors (&) and aliases (*)"))])
    located.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(Problem(located.file, dotted(path + (key,)),
                                        _("key appears twice (lines {first} and {second})").format(
                                            first=seen[key], second=line), line,
                                        hint=_("keep one of them: YAML would silently use the last one")))
            seen[key] = line
            located.marks[path + (key,)] = (line, key_node.start_mark.column + 1)
            _walk(value_node, path + (key,), located, problems, count)
    elif isinstance(node, yaml.ScalarNode):
        located.scalars[path] = node.value
        _check_timestamp(node, path, located, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, path + (index,), located, problems, count)


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def _check_timestamp(node: yaml.ScalarNode, path: Path_, located: Located, problems: list[Problem]) -> None:
    """A value that looks like a date but is none (2021-02-30) would crash PyYAML's constructor."""
    if node.tag != "tag:yaml.org,2002:timestamp":
        return
    try:
        _CONSTRUCTOR.construct_yaml_timestamp(node)
    except (ValueError, OverflowError) as error:
        problems.append(Problem(located.file, dotted(path),
                                _("{value} is not a real date ({reason})").format(value=node.value, reason=_date_reason(error)),
                                node.start_mark.line + 1, node.start_mark.column + 1,
                                hint=_("check the date, written as YYYY-MM-DD")))


# Python's reasons for an impossible date, in words for the reader (others stay as Python says them).
_DATE_REASONS = {
    "day is out of range for month": N_("that month has no such day"),
    "month must be in 1..12": N_("the month must be 1 to 12"),
    "year is out of range": N_("the year is out of range"),
}


def _date_reason(error: Exception) -> str:
    reason = str(error)
    return _(_DATE_REASONS[reason]) if reason in _DATE_REASONS else reason
