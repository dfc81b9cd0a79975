"""Validated data: the contact registry and the brochures, each with its source.

Every problem in every file is collected first and raised once as a
DataError, so a user fixes a whole batch of mistakes per run.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Iterator

from pydantic import BaseModel, ValidationError

from .errors import DataError, Problem, UsageError
from .loader import Located, load_yaml
from .project import Project
from .schema import Brochure, Contact, ContactEntry, ContactList, ContactCard, Channels, Colophon, Figure


@dataclass(frozen=True)
class BrochureSource:
    name: str
    brochure: Brochure
    located: Located


@dataclass(frozen=True)
class Registry:
    contacts: dict[str, Contact]
    located: Located

    def __getitem__(self, contact_id: str) -> Contact:
        return self.contacts[contact_id]


def load_registry(project: Project) -> Registry:
    return validate_registry(load_yaml(project.contacts_file, project.relative(project.contacts_file)))


def validate_registry(located: Located) -> Registry:
    """Contact records from a loaded document (contacts.yaml or an edition snapshot)."""
    problems: list[Problem] = []
    if not isinstance(located.data, dict):
        raise DataError([located.problem((), "must be a mapping from contact id to its record",
                                         hint="start each record with its id, e.g. sasaete-network:")])
    contacts: dict[str, Contact] = {}
    for contact_id, record in located.data.items():
        if not isinstance(contact_id, str) or not _is_id(contact_id):
            problems.append(located.problem((contact_id,), f"{contact_id!r} is not a usable id",
                                            hint="use lower-case letters, digits and hyphens, e.g. sasaete-network"))
            continue
        contact = _validate(Contact, record, located, (contact_id,), problems)
        if contact is not None:
            contacts[contact_id] = contact
    problems += _check_contact_links(contacts, located)
    if problems:
        raise DataError(problems)
    return Registry(contacts, located)


def load_brochure(project: Project, name: str, registry: Registry) -> BrochureSource:
    path = project.brochure_file(name)
    if not path.is_file():
        raise UsageError(f"no brochure named {name!r}: {project.relative(path)} does not exist"
                         + _did_you_mean(name, project.brochure_names()))
    return validate_brochure(name, load_yaml(path, project.relative(path)), registry)


def validate_brochure(name: str, located: Located, registry: Registry) -> BrochureSource:
    """A brochure from a loaded document (its data file or an edition snapshot)."""
    problems: list[Problem] = []
    brochure = _validate(Brochure, located.data, located, (), problems)
    if brochure is not None:
        problems += list(_check_brochure_links(brochure, located, registry))
    if problems:
        raise DataError(problems)
    return BrochureSource(name, brochure, located)


def load_all(project: Project, names: list[str] | None = None) -> tuple[Registry, list[BrochureSource]]:
    """Registry and brochures; every problem of every file in one DataError."""
    problems: list[Problem] = []
    try:
        registry = load_registry(project)
    except DataError as error:
        raise DataError(error.problems) from None
    sources = []
    for name in names or project.brochure_names():
        try:
            sources.append(load_brochure(project, name, registry))
        except DataError as error:
            problems += error.problems
    if problems:
        raise DataError(problems)
    return registry, sources


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
    loc = tuple(part for part in item["loc"] if not (isinstance(part, str) and part in _BLOCK_TAGS))
    path = base + loc
    kind, got = item["type"], item.get("input")
    if kind == "extra_forbidden":
        valid = sorted(_fields_at(model, loc[:-1]))
        return located.problem(path, f"unknown field {loc[-1]!r}" + _did_you_mean(str(loc[-1]), valid),
                               hint="valid fields here: " + ", ".join(valid))
    if kind == "missing":
        return located.problem(path, "is required but missing", hint=f"add {loc[-1]}: …")
    if kind == "union_tag_invalid" or kind == "union_tag_not_found":
        return located.problem(path, "a block needs exactly one of: " + ", ".join(_BLOCK_TAGS),
                               hint="e.g. - paragraph: 本文…")
    message = item["msg"].removeprefix("Value error, ")
    if got is not None and not isinstance(got, (dict, list)):
        message += f" (got {type(got).__name__} {got!r})"
    hint = "quote the value in the YAML file: '…'" if kind in ("string_type", "date_type") else None
    return located.problem(path, message, hint=hint)


_BLOCK_TAGS = ("heading", "subheading", "paragraph", "lines", "bullets", "contacts", "card", "channels", "figure", "colophon")


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
    return f" (did you mean {' or '.join(repr(c) for c in close)}?)" if close else ""


def unknown_id(located: Located, path: tuple, contact_id: str, ids: list[str]) -> Problem:
    return located.problem(path, f"unknown contact id {contact_id!r}" + _did_you_mean(contact_id, ids),
                           hint="contact ids are the top-level keys of data/contacts.yaml")


def _check_contact_links(contacts: dict[str, Contact], located: Located) -> list[Problem]:
    problems = []
    for contact_id, contact in contacts.items():
        for field in ("organisation", "venue", "located_in", "office"):
            target = getattr(contact, field)
            if target is not None and target not in contacts:
                problems.append(unknown_id(located, (contact_id, field), target, list(contacts)))
    return problems


def _check_brochure_links(brochure: Brochure, located: Located, registry: Registry) -> Iterator[Problem]:
    ids = list(registry.contacts)
    for path, contact_id in _contact_refs(brochure):
        if contact_id not in registry.contacts:
            yield unknown_id(located, path, contact_id, ids)


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


__all__ = ["BrochureSource", "Registry", "load_all", "load_brochure", "load_registry", "validate_brochure",
           "validate_registry", "ContactEntry", "Colophon"]
