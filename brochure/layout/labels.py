"""What a contact card prints around the data, in the edition's language.

The Japanese edition prints its labels as it always has (住所, 会場, ホームページ,
【相談専用】).  An English edition prints them in English, and the card's facts
as a reader abroad in Japan needs them: the Japanese name and address always
(shown at a counter or to a taxi driver), the record's ``name_en`` and
``address_en`` under them, the hours in English from the structured
``recurrence`` where the record has one (else the Japanese text as written),
and the labels the data writes (電話相談, 相談専用電話, 開催日) in English where
``TERMS`` knows them; a label it does not know prints as written.  Phone
numbers keep their domestic form (011-863-8733): a reader in Japan dials it,
and the link dials the E.164 form from anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup, escape

from ..data.contacts import Card
from ..data.schedules import english, is_closure_note

# Labels the data writes (a channel's name, tel_label, tel_note, schedule_label), in English.
TERMS = {
    "TEL": "Tel", "FAX": "Fax", "電話": "Tel", "相談専用電話": "Helpline", "相談専用": "helpline",
    "電話相談": "By phone", "来所相談": "In person", "面接相談": "In person", "メール相談": "By e-mail",
    "訪問相談": "Home visits", "オンライン相談": "Online", "開催日": "Dates", "開所日": "Open",
}


@dataclass(frozen=True)
class Labels:
    """The words a card's template prints around the data, and the lang attributes of text in another
    language than the edition's (none in the Japanese edition, whose bytes stay as they were)."""

    english: bool = False
    address: str = "住所"
    venue: str = "会場"
    website: str = "ホームページ"
    call_before: str = ""            # the words of a tel: link on the HTML page: 〈name〉に電話する
    call_after: str = "に電話する "
    note_open: str = "（"             # after a number: （上田）
    note_close: str = "）"
    mark_open: str = "【"             # after a channel's number: 【相談専用】
    mark_close: str = "】"
    ja: Markup = Markup("")         # on Japanese text in an English edition: lang="ja"
    en: Markup = Markup("")

    def term(self, text: str | None) -> str | None:
        return TERMS.get(text, text) if self.english and text else text


# Ranges an English line must not break inside (UAX #14 breaks after –): Mon–Fri, 29 Dec–3 Jan.  The
# times (9:30–12:00) are kept whole by typeset.inline, which the templates apply to hours.
RANGE = re.compile(r"\d{1,2} [A-Z][a-z]{2}–\d{1,2} [A-Z][a-z]{2}|[A-Za-z]+–[A-Za-z]+")


def unbroken_ranges(text: str) -> Markup:
    """English hours as HTML: escaped, each range of days or dates kept on one line."""
    return Markup(RANGE.sub(lambda m: f'<span class="nobr">{m.group(0)}</span>', str(escape(text))))


JAPANESE = Labels()
ENGLISH = Labels(True, "Address", "Venue", "Website", "Call ", " ", " (", ")", " (", ")",
                 Markup(' lang="ja"'), Markup(' lang="en"'))


def labels_for(language: str) -> Labels:
    """English for en; the Japanese labels for ja and やさしい日本語."""
    return ENGLISH if language == "en" else JAPANESE


def localised(card: Card, labels: Labels) -> Card:
    """The card with its labels and hours in the edition's language (the Japanese card as it is)."""
    if not labels.english:
        return card
    hours = english(card.recurrence)
    host = card.host_line.removesuffix("主催") if card.host_line else None
    return replace(
        card,
        schedule_label=labels.term(card.schedule_label),
        schedule=unbroken_ranges(str(hours)) if hours else card.schedule,
        host_line=f"Hosted by {card.host_en or host}" if host else None,
        phone=replace(card.phone, label=labels.term(card.phone.label), note=labels.term(card.phone.note))
        if card.phone else None,
        programmes=[localised(p, labels) for p in card.programmes],
    )


def channel_views(channels: list[Any], labels: Labels) -> list[dict]:
    """A contact's channels as the template prints them.  In English: the name in English, the hours
    from the recurrence (its closures on a line of their own, in place of the Japanese note that says
    them), ``notes_en`` for the notes; what has no English prints as written, marked lang="ja"."""
    views = []
    for ch in channels:
        view = {"label": ch.label, "show_tel": ch.show_tel, "show_url": ch.show_url, "hours": ch.hours,
                "notes": list(ch.notes), "closed": None, "label_lang": Markup(""), "hours_lang": Markup(""),
                "notes_lang": Markup("")}
        if labels.english:
            hours = english(ch.recurrence)
            label = labels.term(ch.label)
            notes = list(ch.notes_en) or [n for n in ch.notes if not (hours and hours.closed and is_closure_note(n))]
            view.update(label=label, label_lang=labels.ja if label == ch.label else Markup(""),
                        hours=unbroken_ranges(hours.times) if hours else ch.hours,
                        hours_lang=Markup("") if hours else labels.ja,
                        closed=unbroken_ranges(hours.closed) if hours and hours.closed else None, notes=notes,
                        notes_lang=Markup("") if ch.notes_en else labels.ja)
        views.append(view)
    return views
