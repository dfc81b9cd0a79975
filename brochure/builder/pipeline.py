"""The pipeline: load → compose → decide what is stale → render stale → preflight → write.

Everything is loaded, laid out and checked before the first byte is
written; a build that fails anywhere leaves every earlier output and the
manifest as they were.  Only outputs whose inputs changed are rendered
(brochure/builder/depends.py decides, brochure/builder/changes.py says why); when no input
file changed at all, the build ends before the data is even parsed.

The steps overlap in time, not in effect: worker processes start before the
data is read (brochure/builder/workers.py), and each brochure is rendered as soon as
it is loaded and composed, while the next one is read.
"""

from __future__ import annotations

import gc
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .. import __version__
from ..errors import BrochureError, DataError, PreflightError, Problem
from ..files import atomic_write, write_if_changed
from ..i18n import _
from ..project import Project
from ..render.variants import Variant, kind_of
from .changes import Change, Report, reasons
from .depends import (
    FileHashes,
    dump_file_hashes,
    fingerprint,
    made_from,
    output_intact,
    panels_using,
    project_lock,
    quick_fresh,
    stamp,
)
from .heal import healed, manifest_intact
from .outputs import Output, manifest_bytes, read_manifest_document
from .rendering import output_path, render_brochure
from .targets import targets

if TYPE_CHECKING:  # imported lazily: a no-op build must not pay for pydantic, Jinja2 or WeasyPrint
    from ..data.model import Registry
    from ..layout.compose import Composer, Composition
    from .workers import Renderer


@dataclass
class BuildResult:
    outputs: list[Output] = field(default_factory=list)       # rendered by this build
    warnings: list[Problem] = field(default_factory=list)
    report: Report = field(default_factory=Report)


@dataclass
class Job:
    """One output of one brochure: what it is made from now, and why it must be made again ([] = it need not)."""

    comp: "Composition"
    variant: Variant
    made: dict[str, Any]
    fingerprint: str
    reasons: list[str]
    output: Output | None = None
    task: str = ""       # the renderer's task: the brochure, and a website copy's edition (targets.py)
    before: dict[str, Any] | None = None   # what it was made from at the last build: an overflow's cause
    contacts: Any = None                   # the registry's Located: the lines of the records it prints

    def entry(self) -> dict:
        assert self.output is not None
        return {**self.output.entry(), "fingerprint": self.fingerprint}


def plan(project: Project, *args, **kwargs) -> tuple["Composer", list[Job], list[Problem]]:
    """_plan(); a contact deleted while still printed is reported as such (brochure/builder/deleted.py)."""
    from .deleted import explain_deleted
    try:
        return _plan(project, *args, **kwargs)
    except DataError as error:
        raise DataError(explain_deleted(project, error.problems)) from None


def _plan(project: Project, names: list[str] | None, manifest: dict, hashes: FileHashes,
          force: bool = False, edition: str | None = None, only: tuple[str, ...] | None = None,
          composed: Callable[["Registry", list[Job]], None] | None = None, allow_missing: bool = False,
          easy: int | None = None) -> tuple["Composer", list[Job], list[Problem]]:
    """Load and compose every brochure (cheap) and say which outputs are stale; plus the data warnings.

    With ``edition``, the one named brochure is built from that edition's frozen snapshot; with
    ``only``, just those variants are considered.  ``composed`` hears of each brochure's stale jobs
    as soon as it is composed, so that rendering can start while the rest are composed.  ``easy``: run
    the やさしい日本語 check (checks/easy.py) with that sentence length (``brochure check``)."""
    from ..data.editions import load_for_build
    from ..layout.compose import Composer

    registry, sources = load_for_build(project, names, edition)
    warnings = list(registry.warnings)
    composer = Composer(project, registry)
    previous = {(o["brochure"], o["edition"], o["variant"]): o for o in manifest.get("outputs", [])}
    made_before = manifest.get("made_from", {})
    jobs = []
    for source in sources:   # loaded one by one: each brochure renders while the next is loaded
        warnings += source.warnings
        if easy is not None:
            from ..checks.easy import easy_problems
            warnings += easy_problems(project.root, source, registry, easy)
        found, notes = targets(project, source, registry, frozen=edition is not None, allow_missing=allow_missing)
        warnings += notes
        for target in found:
            own = composer if target.registry is registry else Composer(project, target.registry)
            comp = own.compose(target.source, target.updated, language=target.language, readings=target.readings)
            comp.editions = target.editions
            made = made_from(project, comp, target.registry, hashes) | target.made   # every variant prints the same
            made_hash = fingerprint(made)
            batch = []
            for v in target.variants:
                if only is not None and kind_of(v.name) not in only:   # print-en is a print
                    continue
                old = previous.get((source.name, target.source.brochure.edition.key, v.name))
                old_made = made_before.get(old.get("fingerprint")) if old else None
                batch.append(Job(comp, v, made, made_hash, _why(project, old, old_made, made, made_hash, comp, hashes, force),
                                 task=target.task, before=old_made, contacts=target.registry.located))
            jobs += batch
            if composed is not None:
                composed(target.registry, [job for job in batch if job.reasons])
    return composer, jobs, warnings


def _why(project: Project, old: dict | None, old_made: dict | None, made: dict, made_hash: str,
         comp: "Composition", hashes: FileHashes, force: bool) -> list[str]:
    if old is not None and old.get("fingerprint") == made_hash:
        if not output_intact(project, old, hashes):
            return ["output file missing or changed since the last build"]
        return ["--force"] if force else []
    found = reasons(old_made, made, panels_using(comp), comp.source.located.file)
    return found or ["inputs changed"]


def plan_and_render(project: Project, names: list[str] | None, manifest: dict, hashes: FileHashes,
                    spool: Path, force: bool = False, edition: str | None = None,
                    only: tuple[str, ...] | None = None, strict: bool = False, workers: int | None = None,
                    progress=None, engine=None, allow_missing: bool = False, easy: int | None = None
                    ) -> tuple[list[Job], list[Problem], BuildResult, list[Problem]]:
    """Plan, then render and preflight the stale outputs (write nothing), overlapped: workers start
    before the data is read, and each brochure is rendered as soon as it is composed.  One task per
    brochure, over ``workers`` processes (default: one per core, brochure/builder/workers.py); ``progress`` (a
    progress.BuildProgress) hears of each finished brochure; each output's bytes wait in ``spool``.
    Returns every job, the data warnings, the result and the render errors (with ``strict``, every
    warning is an error)."""
    from .workers import Renderer

    considered = len(names) if names else len(project.brochure_names())
    with Renderer(project, considered, workers, engine) as renderer:
        with collector_paused():
            _composer, jobs, warnings = plan(project, names, manifest, hashes, force, edition, only,
                                     composed=lambda registry, batch: add_to(renderer, registry, batch, spool),
                                     allow_missing=allow_missing, easy=easy)
        result, errors = collect(renderer, jobs, strict, progress)
    return jobs, warnings, result, errors


@contextmanager
def collector_paused():
    """Planning makes the registry and every composition (~1.5 million objects for 1,741
    brochures), all kept until the build ends and none of them in a cycle: the cyclic garbage
    collector's passes over them freed nothing and took a quarter of planning (26.6 → 20.1 s of CPU
    at 1,741), while the workers waited for their first brochure.  Resumed after planning, so a
    cycle made meanwhile is still collected."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def add_to(renderer: "Renderer", registry: "Registry", batch: list[Job], spool: Path | None = None) -> None:
    """Hand one brochure's stale jobs to the renderer, with just the contacts it prints."""
    if batch:
        comp = batch[0].comp
        renderer.add(batch[0].task or comp.source.name, render_brochure, comp, registry.subset(comp.uses),
                     [job.variant.name for job in batch], spool)


def collect(renderer: "Renderer", jobs: list[Job], strict: bool,
            progress=None) -> tuple[BuildResult, list[Problem]]:
    """Wait for everything handed to the renderer; each job gets its output."""
    result, errors = BuildResult(), []
    stale = _by_task([job for job in jobs if job.reasons])
    if progress is not None:
        progress.start(len(renderer.names()))
    for name, rendered in zip(renderer.names(), renderer.results(progress)):
        for job, (output, problems) in zip(stale[name], rendered):
            problems = _explained(job, problems)
            errors += [p for p in problems if p.severity == "error"] + _escalate(problems, strict)
            result.warnings += [p for p in problems if p.severity != "error" and not (strict and p.severity == "warning")]
            job.output = output
            result.outputs.append(output)
    return result, errors


def _explained(job: Job, problems: list[Problem]) -> list[Problem]:
    """An overflow names the block or record on its panel that grew since the last build (checks/cause.py)."""
    from ..checks.cause import explain_overflows
    comp = job.comp
    return explain_overflows(problems, comp.source.located, job.contacts, {p.id: p.uses for p in comp.panels},
                             job.made, job.before)


def _by_task(jobs: list[Job]) -> dict[str, list[Job]]:
    groups: dict[str, list[Job]] = {}
    for job in jobs:
        groups.setdefault(job.task or job.comp.source.name, []).append(job)
    return groups


def _by_name(jobs: list[Job]) -> dict[str, list[Job]]:
    groups: dict[str, list[Job]] = {}
    for job in jobs:
        groups.setdefault(job.comp.source.name, []).append(job)
    return groups


def render_and_check(project: Project, names: list[str] | None = None, strict: bool = False,
                     edition: str | None = None, workers: int | None = None,
                     progress=None, keep_print: bool = False,
                     sentence_length: int | None = None) -> tuple[BuildResult, list[Problem]]:
    """Everything a build does but writing (``brochure check`` runs this): result and errors.
    ``keep_print``: the print outputs keep their bytes (``check --shop`` reads them); plus the
    やさしい日本語 check, with ``sentence_length`` (default checks/easy.py SENTENCE_LENGTH)."""
    from ..checks.easy import SENTENCE_LENGTH
    with spool_folder() as spool:
        # the last build's manifest: an overflow is compared with what its panel printed then
        manifest = read_manifest_document(project.build / "manifest.json")
        _jobs, warnings, result, errors = plan_and_render(project, names, manifest, FileHashes(project), spool,
                                                      force=True, edition=edition, strict=strict,
                                                      workers=workers, progress=progress,
                                                      easy=sentence_length or SENTENCE_LENGTH)
        for output in result.outputs if keep_print else []:
            if output.print_shop is not None and output.data is None and output.spool:
                output.data = Path(output.spool).read_bytes()
    data_errors = _escalate(warnings, strict)
    result.warnings = [w for w in warnings if not (strict and w.severity == "warning")] + result.warnings
    return result, data_errors + errors


def _escalate(problems: list[Problem], strict: bool) -> list[Problem]:
    """With --strict, warnings are errors (info lines stay info)."""
    from dataclasses import replace
    return [replace(p, severity="error") for p in problems if strict and p.severity == "warning"]


def render_all(project: Project, names: list[str] | None = None, strict: bool = False,
               edition: str | None = None, workers: int | None = None, progress=None) -> BuildResult:
    """Load, compose, render and check every brochure; write nothing; raise on any error."""
    result, errors = render_and_check(project, names, strict, edition, workers, progress)
    if errors:
        raise PreflightError(errors)
    return result


def build(project: Project, names: list[str] | None = None, force: bool = False,
          strict: bool = False, edition: str | None = None, jobs: int | None = None,
          progress=None, only: tuple[str, ...] | None = None, engine=None, allow_missing: bool = False) -> BuildResult:
    """Bring the named brochures' outputs up to date; write only what changed, then the manifest.

    ``only`` (variant names) builds just those outputs; the others are left as they are, and the
    next full build compares every output exactly instead of trusting the quick check.  ``engine``:
    a warm render.engine.Engine to render with (``brochure watch`` keeps one between saves)."""
    with project_lock(project):
        manifest_file = project.build / "manifest.json"
        manifest = read_manifest_document(manifest_file)
        hashes = FileHashes(project)
        # Hashed before the data is read: a file saved during the build makes the next build look again.
        stamps = {name: stamp(project, name, hashes) for name in names or project.brochure_names()}
        # A frozen edition is checked output by output: the quick check covers current editions only.
        fresh = None if (force or edition or only) else quick_fresh(project, stamps, manifest, hashes)
        if fresh is not None and not manifest_intact(project, manifest):
            fresh = None   # an output deleted by hand, or a brochure file removed: the full build heals it
        if fresh is not None:
            result = BuildResult(report=Report(up_to_date=[entry["path"] for entry in fresh]))
        else:
            with spool_folder(project.build) as spool:
                all_jobs, warnings, result, errors = plan_and_render(
                    project, names, manifest, hashes, spool, force=force, edition=edition, only=only,
                    strict=strict, workers=jobs, progress=progress, engine=engine, allow_missing=allow_missing)
                errors = _escalate(warnings, strict) + errors
                if errors:
                    raise PreflightError(errors)
                result.warnings = warnings + result.warnings
                try:
                    result.report = _write(project, all_jobs)
                    manifest, result.report.dropped = _healed(project, manifest, all_jobs, whole=edition is None)
                    atomic_write(manifest_file, _manifest(manifest, all_jobs, {} if edition else stamps, only is not None))
                except OSError as error:
                    raise BrochureError(_("could not write {file}: {reason}").format(
                        file=error.filename or "build/", reason=error.strerror or error) + f"\n  {_('hint:')} "
                        + _("files already replaced are complete; the next build finishes the rest"))
        write_if_changed(project.build / "report.json", result.report.json_bytes())
        dump_file_hashes(hashes)
        return result


@contextmanager
def spool_folder(inside: Path | None = None):
    """A temporary folder for rendered outputs waiting to be written; removed however the build ends.

    ``inside`` (the build folder) puts it on the outputs' file system, so that writing an output is
    a rename; a folder left there by a killed build is removed first (the build lock is held)."""
    if inside is not None:
        inside.mkdir(parents=True, exist_ok=True)
        for stale in inside.glob(".spool-*"):
            shutil.rmtree(stale, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=".spool-" if inside is not None else "brochure-spool-", dir=inside))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _write(project: Project, jobs: list[Job]) -> Report:
    """Write the rendered outputs (unchanged bytes are left alone) and say what happened."""
    report = Report()
    for job in jobs:
        if job.output is None:
            report.up_to_date.append(output_path(job.comp.source.name, job.comp.source.brochure.edition.key,
                                                 job.variant.name))
            continue
        written = job.output.write_to(project.root / job.output.path)
        o = job.output
        report.changes.append(Change(o.brochure, o.edition, o.variant, o.path, job.reasons, written))
    return report


def _healed(project: Project, manifest: dict, jobs: list[Job], whole: bool) -> tuple[dict, list[str]]:
    """The manifest without outputs deleted by hand or of editions the data no longer has; the lines
    that say so (brochure/builder/heal.py)."""
    kept, dropped = healed(project, manifest, jobs, whole)
    return kept, [d.line() for d in dropped]


def _manifest(manifest: dict, jobs: list[Job], stamps: dict, some_variants: bool = False) -> bytes:
    kept = {(o["brochure"], o["edition"], o["variant"]): o for o in manifest.get("outputs", [])}
    kept.update({(o.brochure, o.edition, o.variant): job.entry() for job in jobs if (o := job.output)})
    inputs = dict(manifest.get("inputs", {}))
    if some_variants:   # the outputs left alone may be older than these files: no quick check next time
        for name in {job.comp.source.name for job in jobs}:
            inputs.pop(name, None)
        stamps = {}
    for name, batch in _by_name(jobs).items():
        if name in stamps:   # none for a frozen edition's build
            keys = [[name, j.comp.source.brochure.edition.key, j.variant.name] for j in batch]
            inputs[name] = {"files": stamps[name], "outputs": keys}
    return manifest_bytes(list(kept.values()), __version__, {"inputs": dict(sorted(inputs.items())),
                                                              "made_from": _made_table(manifest, jobs, kept)})


def _made_table(manifest: dict, jobs: list[Job], entries: dict) -> dict:
    """Fingerprint → what the outputs with it were made from, each once (the variants of a brochure
    share one): what the next build's report compares against."""
    table = {**manifest.get("made_from", {}), **{job.fingerprint: job.made for job in jobs}}
    used = sorted({entry["fingerprint"] for entry in entries.values() if entry.get("fingerprint") in table})
    return {made_hash: table[made_hash] for made_hash in used}
