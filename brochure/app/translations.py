"""``brochure translations update NAME``: the translators' catalogues brought up to the leaflet.

For every language of the brochure but Japanese, ``translations/<name>/<lang>.po``
gets the new sentences (empty), the changed ones marked fuzzy with the old
translation kept, and the dropped ones as obsolete; then one line per language says
what is left to translate (docs/translations.md).
"""

from __future__ import annotations

from typing import TextIO

from ..data.model import load_brochure, load_registry
from ..data.translations import JAPANESE, update
from ..errors import UsageError
from ..i18n import _
from ..project import Project


def update_catalogues(project: Project, name: str, out: TextIO) -> int:
    if not project.brochure_file(name).is_file():
        raise UsageError(_("no brochure named {name!r}: {path} does not exist").format(
            name=name, path=project.relative(project.brochure_file(name))))
    source = load_brochure(project, name, load_registry(project))
    languages = [lang for lang in source.brochure.languages if lang != JAPANESE]
    if not languages:
        raise UsageError(_("{name} has no languages to translate into").format(name=name) + "\n  " + _("hint:")
                         + " " + _("add e.g. languages: [ja, ja-easy, en] to data/brochures/{name}.yaml").format(name=name))
    for language in languages:
        path, covered = update(project.root, name, source.brochure, language)
        print(_("{file}: {missing} untranslated, {fuzzy} fuzzy").format(
            file=project.relative(path), missing=len(covered.missing), fuzzy=len(covered.fuzzy)), file=out)
    return 0
