"""Which printings of a brochure went to the print shop: ``data/editions/<name>/published.yaml``.

``brochure publish`` appends one entry per printing (an edition, or a corrected
reprint of it) after it has frozen the printing's snapshot beside this file.
The record is data, committed with the rest: the site lists the published
editions from it, and the build keeps the print PDF of a published printing
to its snapshot. The date is the day it was published (the one date here
taken from the clock, once, and kept).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import DataError
from ..files import atomic_write
from ..project import Project
from .loader import load_yaml

RECORD = "published.yaml"
HEADER = """\
# The printings of {name} sent to the print shop, oldest first, written by `brochure publish`.
# Each one's snapshot is data/editions/{name}/<edition>.yaml; print_sha256 is the print PDF it rebuilds.
# Do not edit: a published printing is never changed; start the next edition or publish a reprint.
"""


@dataclass(frozen=True)
class Printing:
    edition: str                  # the edition's key: 2021-03, or a reprint's 2021-03r2022-06
    published: datetime.date
    print_sha256: str


def record_path(project: Project, name: str) -> Path:
    return project.data / "editions" / name / RECORD


def printings(project: Project, name: str) -> list[Printing]:
    """Every published printing of ``name``, oldest first; [] when none was published."""
    path = record_path(project, name)
    if not path.is_file():
        return []
    located = load_yaml(path, project.relative(path))
    found = []
    for index, item in enumerate(located.data or []):
        try:
            found.append(Printing(str(item["edition"]), item["published"], str(item["print_sha256"])))
        except (KeyError, TypeError):
            raise DataError([located.problem((index,), "a printing holds edition, published and print_sha256",
                                             hint="restore the file from git; `brochure publish` writes it")]) from None
        if not isinstance(found[-1].published, datetime.date):
            raise DataError([located.problem((index, "published"), "is not a date written as YYYY-MM-DD",
                                             hint="restore the file from git")])
    return found


def published_keys(project: Project, name: str) -> list[str]:
    return [p.edition for p in printings(project, name)]


def latest(project: Project, name: str) -> Printing | None:
    """The printing citizens should see: the last one published."""
    found = printings(project, name)
    return found[-1] if found else None


def record(project: Project, name: str, printing: Printing) -> Path:
    """Append ``printing`` to the record (written whole, atomically)."""
    items = [{"edition": p.edition, "published": p.published, "print_sha256": p.print_sha256}
             for p in printings(project, name) + [printing]]
    body = yaml.safe_dump(items, allow_unicode=True, sort_keys=False)
    path = record_path(project, name)
    atomic_write(path, (HEADER.format(name=name) + body).encode("utf-8"))
    return path
