"""A brochure's language editions (``languages:``): what to build for each, or why not.

Each language is a target of its own (targets.py): the brochure with its sentences
translated from ``translations/<name>/<lang>.po`` (data/translations.py), composed
in that language and rendered as the download, print and proof PDFs.  A language
whose catalogue has untranslated or fuzzy sentences is not built: the build says
which, per language, as a warning (an error with --strict); ``--allow-missing``
builds it with those sentences in Japanese, and says so.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from typing import TYPE_CHECKING

from ..errors import Problem
from ..i18n import _
from ..project import Project
from ..render.variants import LANGUAGE_VARIANTS, VARIANTS

if TYPE_CHECKING:
    from ..data.model import BrochureSource


def language_targets(project: Project, source: "BrochureSource",
                     allow_missing: bool) -> tuple[list[dict], list[Problem]]:
    """Each language edition to build, as the fields of its targets.Target (which imports this
    module), and the lines that say which languages are incomplete."""
    from ..data.translations import JAPANESE, catalogue_path, coverage, read_catalogue
    found, notes = [], []
    for language in source.brochure.languages:
        if language == JAPANESE:
            continue
        path = catalogue_path(project.root, source.name, language)
        catalogue = read_catalogue(path, language)
        covered = coverage(catalogue, source.brochure, language)
        if not covered.complete:
            notes.append(_incomplete(project, source, path, covered, allow_missing))
            if not allow_missing:
                continue
        translated_source, readings = _translated(source, catalogue, language)
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        variants = [replace(VARIANTS[kind], name=f"{kind}-{language}") for kind in LANGUAGE_VARIANTS]
        found.append({"source": translated_source, "variants": variants, "language": language,
                      "readings": readings, "made": {"language": language, "translations": digest}})
    return found, notes


def _translated(source: "BrochureSource", catalogue, language: str) -> tuple["BrochureSource", dict[str, str]]:
    """The source with its sentences translated; for ja-easy, the {漢字|かんじ} readings taken out of
    the sentences (they win over the analyser's wherever the word stands)."""
    from ..data.translations import translated
    from ..layout.ruby import FURIGANA_LANGUAGES, MARKUP, hiragana, unmarked
    brochure = translated(source.brochure.printed_in(language), catalogue)
    readings: dict[str, str] = {}
    if language in FURIGANA_LANGUAGES:
        for message in catalogue:
            for base, reading in MARKUP.findall(message.string or "") if message.id else []:
                readings[base] = hiragana(reading)
    from ..data.translations import _mapped
    plain = type(brochure).model_validate(_mapped(brochure.model_dump(mode="python", exclude_unset=True), unmarked))
    return replace(source, brochure=plain), readings


def _incomplete(project: Project, source: "BrochureSource", path, covered, allow_missing: bool) -> Problem:
    counts = _("{language}: {missing} untranslated, {fuzzy} fuzzy").format(
        language=covered.language, missing=len(covered.missing), fuzzy=len(covered.fuzzy))
    first = (covered.missing + covered.fuzzy)[0]
    if allow_missing:
        text = _("{counts}; built with those sentences in Japanese (--allow-missing)").format(counts=counts)
    else:
        text = _("{counts}; this language is not built").format(counts=counts)
    return Problem(project.relative(path), covered.language, text + f" ({_('first')}: {first[:40]})",
                   hint=_("translate them (brochure translations update {name}, then edit the .po file), or build "
                          "with --allow-missing").format(name=source.name), severity="warning")
