"""Publishing a printing (``brochure publish``): freeze it exactly as the last build printed it.

The snapshot is rendered in memory and its print PDF compared byte for byte
with the one in build/ before anything is written: what goes to the print shop
is what can be rebuilt, forever.  Then the printing is recorded as published
(data/published.py).  A corrected reprint (``--reprint YYYY-MM``) first writes
``edition.revised`` into the brochure file and builds it, so its colophon says
令和3年3月発行（令和4年6月一部修正）, then is published in turn.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from ..data.editions import check_month, check_reads_back, set_revised, snapshot_from, snapshot_path, snapshot_text
from ..data.loader import parse_yaml
from ..data.model import load_brochure, load_registry
from ..data.published import Printing, published_keys, record
from ..errors import PublishError, UsageError
from ..files import atomic_write
from ..i18n import _
from ..layout.compose import Composer
from ..project import Project
from .freeze import printed_contacts
from .rendering import output_path
from .targets import next_steps


@dataclass
class Published:
    name: str
    edition: str
    snapshot: str          # paths relative to the project
    record: str
    print_pdf: str
    contacts: int


def publish(project: Project, name: str, reprint: str | None = None,
            today: datetime.date | None = None) -> Published:
    """Freeze and record the brochure's current printing; with ``reprint``, make it a corrected reprint first."""
    if reprint is not None:
        _start_reprint(project, name, check_month(reprint, "--reprint"))
    registry = load_registry(project)
    source = load_brochure(project, name, registry)
    key = source.brochure.edition.key
    if key in published_keys(project, name):
        raise PublishError(_("{name} {key} is published already; nothing was written.").format(name=name, key=key)
                           + _hint(next_steps(name)))
    printed = project.root / output_path(name, key, "print")
    if not printed.is_file():
        raise UsageError(_("{path} does not exist").format(path=project.relative(printed)) + _hint(
            _("run `brochure build {name}`, check the PDFs, then publish").format(name=name)))
    ids = printed_contacts(project, registry, source)
    text = snapshot_text(registry, source, ids)
    path = snapshot_path(project, name, key)
    check_reads_back(text, project.relative(path), registry, source, ids)
    if path.is_file() and path.read_text(encoding="utf-8") != text:
        raise PublishError(_("{path} already exists and differs from the current data").format(
            path=project.relative(path)) + _hint(next_steps(name)))
    pdf = rebuilt_print(project, name, key, text)
    if pdf != printed.read_bytes():
        raise PublishError(_("{path} is not what the data prints now: it changed since the last build; nothing was "
                             "written.").format(path=project.relative(printed)) + _hint(
            _("run `brochure build {name}`, check the PDFs, then publish").format(name=name)))
    atomic_write(path, text.encode("utf-8"))
    written = record(project, name, Printing(key, today or datetime.date.today(), hashlib.sha256(pdf).hexdigest()))
    return Published(name, key, project.relative(path), project.relative(written), project.relative(printed),
                     len(ids))


def rebuilt_print(project: Project, name: str, key: str, text: str) -> bytes:
    """The print PDF a snapshot's text makes, rendered here, written nowhere."""
    from ..render.engine import Engine
    from ..render.variants import VARIANTS
    from .rendering import render_outputs
    shown = project.relative(snapshot_path(project, name, key))
    registry, source = snapshot_from(project, name, key, parse_yaml(text, shown))
    composer = Composer(project, registry)
    with Engine(project) as engine:
        [(output, _problems)] = render_outputs(project, engine, composer, composer.compose(source), [VARIANTS["print"]])
    return output.read()


def _hint(text: str) -> str:
    return f"\n  {_('hint:')} {text}"


def _start_reprint(project: Project, name: str, month: str) -> None:
    """Mark the published edition as corrected in ``month`` and build it: the printing to publish."""
    from .pipeline import build
    registry = load_registry(project)
    source = load_brochure(project, name, registry)
    edition = source.brochure.edition
    if edition.issued not in {key.split("r")[0] for key in published_keys(project, name)}:
        raise UsageError(_("{name} {issued} was never published: there is nothing to reprint").format(
            name=name, issued=edition.issued) + _hint(_("publish it first (brochure publish {name})").format(name=name)))
    if month <= (edition.revised or edition.issued):
        raise UsageError(_("--reprint {month} must come after {last}, the month of the printing it corrects").format(
            month=month, last=edition.revised or edition.issued))
    set_revised(project.brochure_file(name), source.located, month)
    build(project, [name])
