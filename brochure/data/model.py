"""Validated data: the contact registry and the brochures, each with its source.

Every problem in every file is collected first and raised once as a
DataError, so a user fixes a whole batch of mistakes per run.
"""

from __future__ import annotations

import datetime
import difflib
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Iterator

from pydantic import BaseModel, ValidationError

from ..errors import DataError, Problem, UsageError
from ..i18n import N_, _, language
from ..project import Project
from . import values as checks_data
from .folds import check_fold, fold_plan, load_catalogue
from .loader import Located, load_values, load_yaml
from .schedules import disagrees
from .schema import (
    BLOCK_TYPES,
    Brochure,
    Channels,
    Colophon,
    Contact,
    ContactCard,
    ContactEntry,
    ContactList,
    Figure,
    Image,
)


@dataclass(frozen=True)
class BrochureSource:
    name: str
    brochure: Brochure
    located: Located
    warnings: list[Problem] = field(default_factory=list)


@dataclass(frozen=True)
class Registry:
    contacts: dict[str, Contact]
    located: Located
    warnings: list[Problem] = field(default_factory=list)

    def __getitem__(self, contact_id: str) -> Contact:
        return self.contacts[contact_id]

    def subset(self, contact_ids: Iterable[str]) -> "Registry":
        """Just these contacts, with their lines (the warnings stay here): sent to a worker."""
        ids = sorted(set(contact_ids) & self.contacts.keys())
        return Registry({i: self.contacts[i] for i in ids}, self.located.subset(ids))


def load_registry_values(project: Project) -> Registry:
    """The registry for a reader that needs its values, not their lines (the editor's pages): read
    without line marks when the file is well formed, else as ``load_registry`` reads it, so any
    problem is still reported at its line.  A duplicate key is found only by ``load_registry``."""
    shown = project.relative(project.contacts_file)
    located = load_values(project.contacts_file, shown)
    if located is not None:
        try:
            return registry_from(located)
        except DataError:
            pass
    return load_registry(project)


def load_registry(project: Project) -> Registry:
    return registry_from(load_yaml(project.contacts_file, project.relative(project.contacts_file)))


def registry_from(located: Located) -> Registry:
    """The validated registry of a loaded contacts file; DataError lists every error (and the warnings)."""
    problems: list[Problem] = []
    if not isinstance(located.data, dict):
        raise DataError([located.problem((), _("must be a mapping from contact id to its record"),
                                         hint=_("start each record with its id, e.g. sasaete-network:"))])
    contacts: dict[str, Contact] = {}
    for contact_id, record in located.data.items():
        if not isinstance(contact_id, str) or not _is_id(contact_id):
            problems.append(located.problem((contact_id,), _("{id!r} is not a usable id").format(id=contact_id),
                                            hint=_("use lower-case letters, digits and hyphens, e.g. sasaete-network")))
            continue
        contact = _validate(Contact, record, located, (contact_id,), problems)
        if contact is not None:
            contacts[contact_id] = contact
            problems += _check_contact_values(contact_id, contact, located)
    problems += _check_contact_links(contacts, located, set(located.data))
    return Registry(contacts, located, _raise_errors(problems))


def check_record(located: Located, contact_id: str, known_ids: Iterable[str]) -> list[Problem]:
    """Every problem of one contact record, as the build would report it (the schema, the value
    checks, links to ids that exist): what the editor shows at the fields before it saves."""
    problems: list[Problem] = []
    contact = _validate(Contact, located.data[contact_id], located, (contact_id,), problems)
    if contact is not None:
        problems += _check_contact_values(contact_id, contact, located)
        problems += _check_contact_links({contact_id: contact}, located, set(known_ids) | {contact_id})
    return problems


def load_brochure(project: Project, name: str, registry: Registry) -> BrochureSource:
    path = project.brochure_file(name)
    if not path.is_file():
        raise UsageError(_("no brochure named {name!r}: {path} does not exist").format(
            name=name, path=project.relative(path)) + _did_you_mean(name, project.brochure_names()))
    return brochure_from(name, load_yaml(path, project.relative(path)), registry, project.assets)


def brochure_from(name: str, located: Located, registry: Registry, assets=None) -> BrochureSource:
    """The validated brochure of a loaded file; DataError lists every error (and the warnings)."""
    problems: list[Problem] = []
    brochure = _validate(Brochure, located.data, located, (), problems)
    if brochure is not None:
        problems += list(_check_brochure_links(brochure, located, registry))
        fold_problems = check_fold(brochure.fold, len(brochure.panels), located, brochure.print.fold_allowance)
        problems += fold_problems or _check_paper(brochure, located)
        problems += _check_language_editions(brochure, located)
        if assets is not None:   # None: a snapshot read back only to compare it with the data it froze
            problems += list(_check_brochure_values(brochure, located, assets))
    return BrochureSource(name, brochure, located, _raise_errors(problems))


def _raise_errors(problems: list[Problem]) -> list[Problem]:
    """Raise when any problem is an error (warnings ride along); else return the warnings."""
    if any(p.severity == "error" for p in problems):
        raise DataError(problems)
    return problems


def load_all(project: Project, names: list[str] | None = None) -> tuple[Registry, list[BrochureSource]]:
    """Registry and brochures; every problem of every file in one DataError."""
    registry = load_checked_registry(project)
    return registry, list(each_brochure(project, names, registry))


def load_checked_registry(project: Project) -> Registry:
    try:
        return load_registry(project)
    except DataError as error:
        raise DataError(error.problems) from None


def each_brochure(project: Project, names: list[str] | None, registry: Registry) -> Iterator[BrochureSource]:
    """Each brochure as soon as it is loaded (a batch renders the first while the rest load); after
    the last, one DataError with every problem of every file, if there is one."""
    problems: list[Problem] = list(registry.warnings)
    for name in names or project.brochure_names():
        try:
            source = load_brochure(project, name, registry)
        except DataError as error:
            problems += error.problems
            continue
        problems += source.warnings
        yield source
    _raise_errors(problems)


# --------------------------------------------------------------------------- helpers


def _is_id(text: str) -> bool:
    return text.replace("-", "").isalnum() and text.isascii() and text == text.lower() and text[0].isalnum()


def _validate(model: type[BaseModel], data: Any, located: Located, base: tuple, problems: list[Problem]):
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            problems.append(_pydantic_problem(item, located, base, model))
        return None


def _pydantic_problem(item: dict, located: Located, base: tuple, model: type[BaseModel]) -> Problem:
    loc = _without_union_tags(tuple(item["loc"]))
    path = base + loc
    kind, got = item["type"], item.get("input")
    if kind == "extra_forbidden":
        valid = sorted(_fields_at(model, loc[:-1]))
        return located.problem(path, _("unknown field {name!r}").format(name=loc[-1]) + _did_you_mean(str(loc[-1]), valid),
                               hint=_("valid fields here: {fields}").format(fields=", ".join(valid)))
    if kind == "missing":
        return located.problem(path, _("is required but missing"), hint=_("add {name}: …").format(name=loc[-1]))
    if kind == "union_tag_invalid" or kind == "union_tag_not_found":
        return located.problem(path, _("a block needs exactly one of: {kinds}").format(kinds=", ".join(_BLOCK_TAGS)),
                               hint=_("e.g. - paragraph: 本文…"))
    expected = _EXPECTED.get(kind)
    if expected is not None and got is not None and not isinstance(got, (dict, list)):
        field_name = next((p for p in reversed(path) if isinstance(p, str)), "")
        return _type_problem(located, path, _(_FIELD_EXPECTED.get(field_name, expected)), got)
    if kind == "literal_error":
        choices = _literal_choices(item)
        message = _("must be one of {choices}").format(choices=", ".join(repr(c) for c in choices))
        return located.problem(path, message + (_did_you_mean(str(got), choices) if isinstance(got, str) else ""),
                               hint=_("write one of them exactly, in half-width lower case"))
    return located.problem(path, _pydantic_message(item, got))


def _pydantic_message(item: dict, got: Any) -> str:
    """pydantic's own text only in English; a Japanese reader gets its error type in words."""
    error = item.get("ctx", {}).get("error")
    if item["type"] == "value_error" and isinstance(error, ValueError) and error.args and hasattr(error, "msgid"):
        return _(error.msgid).format(**error.values)
    message = item["msg"].removeprefix("Value error, ")
    if language() == "ja":
        message = _("this value cannot be used here ({kind})").format(kind=item["type"])
    if got is not None and not isinstance(got, (dict, list)):
        message += _(" (got {kind} {value!r})").format(kind=type(got).__name__, value=got)
    return message


# What a field expects, by pydantic's error type (msgids, translated when used).
_DATE = N_("a date written as YYYY-MM-DD")
_EXPECTED = {
    "string_type": N_("text"),
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": N_("a date written as YYYY-MM-DD, without a time"),
    "bool_type": N_("true or false"),
    "bool_parsing": N_("true or false"),
    "list_type": N_("a list (lines starting with - )"),
}


def _type_problem(located: Located, path: tuple, expected: str, got: Any) -> Problem:
    """Say what the schema expects and what YAML made of the text (no → false, 2021-03-01 → a date)."""
    written = located.scalars.get(path, str(got))
    if isinstance(got, bool):
        made = _("a yes/no value ({value})").format(value=str(got).lower())
    elif isinstance(got, (int, float)):
        made = _("a number ({value})").format(value=got)
    elif isinstance(got, datetime.datetime):
        made = _("a date and time ({value})").format(value=got.isoformat(sep=" "))
    elif isinstance(got, datetime.date):
        made = _("a date ({value})").format(value=got.isoformat())
    else:
        made = _("text")
    message = _("expected {expected}, but YAML read {written} as {made}").format(
        expected=expected, written=written, made=made)
    name = next((p for p in reversed(path) if isinstance(p, str)), "")
    hint = _(_FIELD_HINTS[name]) if name in _FIELD_HINTS else None
    if hint is None and not isinstance(got, str):
        hint = _("put the value in quotes so that YAML keeps it as written: {name}: '{written}'").format(
            name=name, written=written)
    return located.problem(path, message, hint=hint)


_FIELD_HINTS = {
    "issued": N_("write the issue month in quotes: issued: '2021-03'"),
    "verified": N_("write the date as YYYY-MM-DD without quotes, e.g. verified: 2021-03-01"),
}
_FIELD_EXPECTED = {
    "issued": N_("a month written as YYYY-MM"),
    "tel": N_("a phone number written as text, e.g. 083-984-3742"),
    "postal_code": N_("a postal code written as NNN-NNNN"),
}


def _literal_choices(item: dict) -> list[str]:
    expected = str(item.get("ctx", {}).get("expected", ""))
    return [part.strip().strip("'") for part in expected.replace(" or ", ",").split(",") if part.strip()]


_BLOCK_TAGS = tuple(BLOCK_TYPES)


def _without_union_tags(loc: tuple) -> tuple:
    """Drop the block tag pydantic puts after blocks[i] (a field such as channels: stays)."""
    return tuple(part for i, part in enumerate(loc)
                 if not (part in _BLOCK_TAGS and i >= 2 and loc[i - 2] == "blocks" and isinstance(loc[i - 1], int)))


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the model found at ``loc`` inside ``model`` (best effort)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = getattr(current, "model_fields", {}).get(part)
        current = _inner_model(info.annotation) if info else None
    return list(getattr(current, "model_fields", {}) or model.model_fields)


def _inner_model(annotation: Any) -> Any:
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found:
            return found
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=3, cutoff=0.6)
    return _(" (did you mean {choices}?)").format(choices=_(" or ").join(repr(c) for c in close)) if close else ""


UNKNOWN_ID = "unknown-id"   # the build tells a deleted contact from a typo (brochure/builder/deleted.py)


def unknown_id(located: Located, path: tuple, contact_id: str, ids: list[str]) -> Problem:
    problem = located.problem(path, _("unknown contact id {id!r}").format(id=contact_id) + _did_you_mean(contact_id, ids),
                              hint=_("contact ids are the top-level keys of data/contacts.yaml"))
    return replace(problem, code=UNKNOWN_ID, subject=contact_id)


PAPER_SIZES = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}


def _check_paper(brochure: Brochure, located: Located) -> list[Problem]:
    """``paper:`` names the sheet the fold is printed on; a mismatch is a data error, not a guess."""
    if "paper" not in (located.data or {}):
        return []
    return _paper_problems(brochure.fold, brochure.paper, located, ("paper",))


def _paper_problems(fold: str, paper: str, located: Located, path: tuple) -> list[Problem]:
    if fold_plan(fold).sheet == PAPER_SIZES[paper]:
        return []
    return [located.problem(path, _("fold {fold} is printed on a different sheet than {paper}").format(
        fold=fold, paper=paper), hint=_("remove paper: (the fold sets the sheet) or choose a fold for this paper"))]


def _check_language_editions(brochure: Brochure, located: Located) -> list[Problem]:
    """Each ``language_editions:`` entry names a language the leaflet is built in, a known fold with
    as many panels as the leaflet, and a paper that fold is printed on."""
    return [problem for code, options in brochure.language_editions.items()
            for problem in _language_edition_problems(brochure, code, options, located)]


def _language_edition_problems(brochure: Brochure, code: str, options: Any, located: Located) -> list[Problem]:
    path = ("language_editions", code)
    if code not in brochure.languages or code == "ja":
        return [located.problem(path, _("{language!r} is not one of the leaflet's other languages ({languages})").format(
            language=code, languages=", ".join(brochure.languages)), hint=_("add it to languages:, or remove this entry"))]
    fold = options.fold or brochure.fold
    if fold not in load_catalogue():
        return [located.problem(path + ("fold",), _("unknown fold {name!r}").format(name=fold),
                                hint=_("known folds: {folds}").format(folds=", ".join(sorted(load_catalogue()))))]
    plan = fold_plan(fold)
    if plan.panel_count != len(brochure.panels):
        return [located.problem(path + ("fold",), _("{label} ({name}) has {count} panels, the data has {found}").format(
            label=plan.label, name=fold, count=plan.panel_count, found=len(brochure.panels)),
            hint=_("choose a fold with as many panels as the leaflet (the same fold on another paper)"))]
    return _paper_problems(fold, options.paper, located, path + ("paper",)) if options.paper else []


def _findings(located: Located, path: tuple, findings: list) -> list[Problem]:
    return [located.problem(path, f.message, f.hint, f.severity) for f in findings]


def _check_contact_values(contact_id: str, contact: Contact, located: Located) -> list[Problem]:
    """Phone numbers, postal codes, addresses and times (brochure/data/values.py)."""
    problems = []
    for name in checks_data.FIELD_CHECKS:
        problems += _findings(located, (contact_id, name), checks_data.check_value(name, getattr(contact, name, None)))
    for i, channel in enumerate(contact.channels):
        problems += _findings(located, (contact_id, "channels", i, "hours"),
                              checks_data.check_value("hours", channel.hours))
        problems += _recurrence_agrees(located, (contact_id, "channels", i), channel.hours, channel.recurrence)
    return problems + _recurrence_agrees(located, (contact_id,), contact.schedule, contact.recurrence)


def _recurrence_agrees(located: Located, path: tuple, text: str | None, recurrence: Any) -> list[Problem]:
    """The leaflet prints the text and the open data says the structure: edited alone, they part."""
    if not disagrees(text, recurrence):
        return []
    return [located.problem(path + ("recurrence",), _('recurrence says other days or times than "{text}"').format(
        text=text), _("change recurrence: to say what the printed text says (the open-data exports use it)"),
        "warning")]


def _check_brochure_values(brochure: Brochure, located: Located, assets) -> Iterator[Problem]:
    yield from _findings(located, ("edition", "issued"), list(checks_data.issue_month(brochure.edition.issued)))
    for p, panel in enumerate(brochure.panels):
        for b, block in enumerate(panel.blocks):
            if isinstance(block, Image):
                path = ("panels", p, "blocks", b, "image")
                yield from _findings(located, path, list(checks_data.asset_path(block.image, assets)))


def _check_contact_links(contacts: dict[str, Contact], located: Located, written: set) -> list[Problem]:
    """Links to ids that exist; a record that failed validation is already reported, not unknown."""
    problems = []
    for contact_id, contact in contacts.items():
        for link in ("organisation", "venue", "located_in", "office"):
            target = getattr(contact, link)
            if target is not None and target not in written:
                problems.append(unknown_id(located, (contact_id, link), target, list(contacts)))
    return problems


def _check_brochure_links(brochure: Brochure, located: Located, registry: Registry) -> Iterator[Problem]:
    for path, contact_id in _contact_refs(brochure):
        if contact_id not in registry.contacts:
            yield unknown_id(located, path, contact_id, list(registry.contacts))


def _contact_refs(brochure: Brochure) -> Iterator[tuple[tuple, str]]:
    yield ("edition", "publisher"), brochure.edition.publisher
    if brochure.edition.office:
        yield ("edition", "office"), brochure.edition.office
    for p, panel in enumerate(brochure.panels):
        for b, block in enumerate(panel.blocks):
            base = ("panels", p, "blocks", b)
            yield from _block_refs(block, base)


def _block_refs(block: Any, base: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(block, ContactList):
        for i, entry in enumerate(block.contacts):
            yield base + ("contacts", i), entry.id
            for j, programme in enumerate(entry.programmes):
                yield base + ("contacts", i, "programmes", j), programme
    elif isinstance(block, ContactCard):
        yield base + ("card",), block.card
    elif isinstance(block, Channels):
        yield base + ("channels",), block.channels
    elif isinstance(block, Figure) and isinstance(block.data.get("contact"), str):
        yield base + ("data", "contact"), block.data["contact"]


__all__ = ["BrochureSource", "Registry", "each_brochure", "load_all", "load_checked_registry", "load_brochure",
           "load_registry", "brochure_from", "registry_from", "ContactEntry", "Colophon"]

