"""Messages in the reader's language: a standard gettext catalogue.

The catalogue is ``brochure/locale/<lang>/LC_MESSAGES/brochure.po``, compiled
with Babel (``pybabel compile -d brochure/locale -D brochure``) into the
committed ``.mo`` beside it; a test checks the two agree.  The language is
read from the environment at each call, as gettext does: ``LANGUAGE``,
``LC_ALL``, ``LC_MESSAGES``, ``LANG``; ``ja…`` gives Japanese, anything else
English (the msgids themselves).  A web request sets its reader's language
for the code it runs with ``speaking(lang)``, which wins over the environment.
"""

from __future__ import annotations

import functools
import gettext
import contextlib
import contextvars
import os
from pathlib import Path

DOMAIN = "brochure"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("ja",)
_REQUESTED: contextvars.ContextVar[str | None] = contextvars.ContextVar("brochure_language", default=None)


@contextlib.contextmanager
def speaking(lang: str):
    """Messages made inside the block are in ``lang`` ('ja' or 'en'), whatever the environment says."""
    token = _REQUESTED.set(lang if lang in LANGUAGES else "en")
    try:
        yield
    finally:
        _REQUESTED.reset(token)


def language() -> str:
    """'ja' when the locale asks for Japanese, else 'en' (the untranslated msgids)."""
    requested = _REQUESTED.get()
    if requested is not None:
        return requested
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            code = value.split(":")[0].split("_")[0].split(".")[0].lower()
            return code if code in LANGUAGES else "en"
    return "en"


@functools.lru_cache(maxsize=None)
def translations(lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """The message in the current language (gettext's usual name, so Babel extracts it)."""
    return translations(language()).gettext(message)


def N_(message: str) -> str:
    """Mark a msgid for extraction where it is defined; ``_()`` translates it where it is used."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    return translations(language()).ngettext(singular, plural, count)
