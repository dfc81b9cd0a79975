"""Japanese text → safe HTML fragments.

Text from the data is escaped first, always; only the markup added here is
trusted.  What is added:

* ``**text**`` → ``<strong>``: the one inline emphasis the data may use;
* times, ranges and phone numbers are kept on one line (WeasyPrint may break
  13:00〜16:00 at the wave dash, and full-width digits anywhere);
* headings are split into phrases with BudouX, each phrase an inline-block
  so a line breaks only between phrases (WeasyPrint ignores
  ``word-break: keep-all``; see the WeasyPrint 70 notes §3.6).
"""

from __future__ import annotations

import functools
import re

import budoux
from markupsafe import Markup, escape

# A run of digits joined by : - 〜 ～ ~ . , and their full-width forms: times,
# time ranges, phone numbers, ages (15歳〜49歳 stays whole via the 歳 rule).
KEEP_TOGETHER = re.compile(
    r"(?:[0-9０-９]+(?:[:：.,\-－‐〜～~][0-9０-９]+)+"
    r"(?:[〜～~][0-9０-９]+(?:[:：][0-9０-９]+)?)?)"
    r"|(?:[0-9０-９]+歳[〜～~][0-9０-９]+歳)"
)
BOLD = re.compile(r"\*\*(.+?)\*\*")


@functools.lru_cache(maxsize=1)
def _parser():
    return budoux.load_default_japanese_parser()


def inline(text: str) -> Markup:
    """Body text: escaped, **bold** honoured, numbers kept whole."""
    html = str(escape(text))
    html = KEEP_TOGETHER.sub(lambda m: f'<span class="nobr">{m.group(0)}</span>', html)
    html = BOLD.sub(r"<strong>\1</strong>", html)
    return Markup(html)


def phrases(text: str) -> Markup:
    """Heading text: each BudouX phrase unbreakable, breaks only between them."""
    parts = _parser().parse(text) or [text]
    return Markup("").join(Markup('<span class="ph">{}</span>').format(p) for p in parts)


def plain(text: str) -> str:
    """Text without the inline markup, for PDF metadata and search."""
    return BOLD.sub(r"\1", text)
