"""Printed schedules read as structure: days, the nth weekday of the month, times, closures.

The data keeps a schedule as the text printed on the leaflet (毎月第3日曜日
13:00〜16:00, 月・木・土曜 9:30〜16:00, 月～金 9時30分～12時、13時～16時).
Open-data exports need it as structure (HSDS: freq, byday, opens_at,
closes_at; 公共施設一覧: 利用可能曜日, 開始時間, 終了時間), so ``parse`` reads the
text into ``Slot``s.  What a recurrence cannot say (祝日 and 年末年始 closures,
「いずれか」, 予約制) is kept as ``note`` so that an export puts it in a
description, never drops it.  Text it cannot read gives no slot: the
export then carries the text alone.

A record may also give its schedule as structure (``recurrence:``, schema.py);
``reading`` then takes the slots from it and parses nothing: a person stated
them.  ``disagrees`` tells when the printed text was edited and the structure
was not (only where the text can be read at all).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from .schema import Recurrence, Times

DAYS = {"月": "MO", "火": "TU", "水": "WE", "木": "TH", "金": "FR", "土": "SA", "日": "SU"}
ORDER = list(DAYS)
TIME = r"(\d{1,2})(?::(\d{2})|時(?:(\d{1,2})分)?)"
RANGE = re.compile(TIME + r"\s*[~〜～\-－]\s*" + TIME)
NTH = re.compile(r"第([1-5１-５])([月火水木金土日])曜")
DAY_RANGE = re.compile(r"([月火水木金土日])曜?\s*[~〜～\-－]\s*([月火水木金土日])曜?")
DAY_LIST = re.compile(r"([月火水木金土日](?:曜日?)?(?:\s*[・、,]\s*[月火水木金土日](?:曜日?)?)*)(?:曜日?)?")
CLOSURES = ("祝日", "祝", "年末年始", "予約制", "いずれか", "除く")


@dataclass(frozen=True)
class Slot:
    """One recurrence: WEEKLY on ``days`` (MO, TH …) or MONTHLY on ``days`` with the week (3SU)."""

    freq: str
    days: tuple[str, ...]
    opens: str | None
    closes: str | None


@dataclass
class Reading:
    text: str
    slots: list[Slot] = field(default_factory=list)

    @property
    def note(self) -> str:
        """What the slots do not say: the whole text when something is left over, else ''."""
        return self.text if any(word in self.text for word in CLOSURES) or not self.slots else ""

    def weekdays(self) -> list[str]:
        """Japanese day names in week order, for 公共施設一覧's 利用可能曜日."""
        codes = {d[-2:] for slot in self.slots for d in slot.days}
        return [day for day in ORDER if DAYS[day] in codes]


def parse(text: str | None, notes: list[str] | tuple = ()) -> Reading:
    """Slots of a schedule text; ``notes`` (a channel's 「(土、日、祝日及び年末年始を除く)」) join the note."""
    full = " ".join([text or "", *notes]).strip()
    reading = Reading(full)
    if not text:
        return reading
    plain = unicodedata.normalize("NFKC", text).replace("~", "〜")
    times = [(_hm(m.group(1), m.group(2) or m.group(3)), _hm(m.group(4), m.group(5) or m.group(6)))
             for m in RANGE.finditer(plain)] or [(None, None)]
    freq, days = _days(plain)
    if not days:
        return reading
    reading.slots = [Slot(freq, days, opens, closes) for opens, closes in times]
    return reading


def reading(text: str | None, recurrence: Any = None, notes: list[str] | tuple = ()) -> Reading:
    """The slots of a schedule: from its ``recurrence`` (a model or as YAML reads it) when it has one,
    else parsed from the printed text.  A structure the schema refuses is left to the build to report
    (the exports read the registry unvalidated); the text is read instead."""
    if not recurrence:
        return parse(text, notes)
    try:
        rule = recurrence if isinstance(recurrence, Recurrence) else Recurrence.model_validate(recurrence)
    except ValidationError:
        return parse(text, notes)
    return Reading(" ".join([text or "", *notes]).strip(), [_slot(times) for times in rule.times])


def disagrees(text: str | None, recurrence: Recurrence | None) -> bool:
    """The text reads as other days or times than the structure says: one of them was edited alone."""
    if not text or recurrence is None:
        return False
    parsed = parse(text).slots
    return bool(parsed) and parsed != reading(text, recurrence).slots


def _slot(times: Times) -> Slot:
    if times.weeks:
        return Slot("MONTHLY", tuple(f"{week}{DAYS[day]}" for week in times.weeks for day in times.days),
                    times.opens, times.closes)
    return Slot("WEEKLY", tuple(DAYS[day] for day in times.days), times.opens, times.closes)


def _days(text: str) -> tuple[str, tuple[str, ...]]:
    nth = NTH.findall(text)
    if nth and "毎月" in text:
        return "MONTHLY", tuple(f"{unicodedata.normalize('NFKC', n)}{DAYS[d]}" for n, d in nth)
    head = RANGE.split(text)[0] if RANGE.search(text) else text
    span = DAY_RANGE.search(head)
    if span:
        first, last = ORDER.index(span.group(1)), ORDER.index(span.group(2))
        return "WEEKLY", tuple(DAYS[d] for d in ORDER[first:last + 1])
    listed = DAY_LIST.search(head)
    if listed and "曜" in head:
        return "WEEKLY", tuple(DAYS[d] for d in re.findall(r"[月火水木金土日]", listed.group(1)))
    return "WEEKLY", ()


def _hm(hour: str, minute: str | None) -> str:
    return f"{int(hour):02d}:{int(minute or 0):02d}"


# --------------------------------------------------------------------------- in English

EN_DAYS = {"月": "Mon", "火": "Tue", "水": "Wed", "木": "Thu", "金": "Fri", "土": "Sat", "日": "Sun"}
EN_DAY_NAMES = {"月": "Monday", "火": "Tuesday", "水": "Wednesday", "木": "Thursday", "金": "Friday",
                "土": "Saturday", "日": "Sunday"}
EN_CLOSED = {"祝日": "holidays", "年末年始": "29 Dec–3 Jan"}   # 年末年始: the public offices' 12/29–1/3
EN_NOTES = {"予約制": "by appointment", "要予約": "by appointment", "いずれか": "on one of these days"}
# A note that only says when it is closed: （土、日、祝日及び年末年始を除く）, 土日祝休み.
CLOSURE_NOTE = re.compile(r"[（(]?(?:[月火水木金土日]曜?日?|祝日?|休日|年末年始|[・、,及びと\s])+"
                          r"(?:を除く|は?休み?|は?休館|は?休業)[）)。]?")


@dataclass(frozen=True)
class Hours:
    """A recurrence in English: the times (Mon–Fri 9:30–12:00, 13:00–16:00) and the closures
    ((closed on weekends, holidays and 29 Dec–3 Jan)), printed on a line each or as one."""

    times: str
    closed: str | None = None

    def __str__(self) -> str:
        return f"{self.times} {self.closed}" if self.closed else self.times


def english(recurrence: Recurrence | None) -> Hours | None:
    """The hours of a ``recurrence`` in English, or None when there is none or its note says what
    no English rule here knows (the Japanese text is printed then)."""
    if recurrence is None or (recurrence.note and recurrence.note not in EN_NOTES):
        return None
    groups: dict[str, list[str]] = {}
    for times in recurrence.times:
        groups.setdefault(_en_days(times), []).append(_en_time(times.opens, times.closes))
    parts = [" ".join(filter(None, (days, ", ".join(t for t in spans if t)))) for days, spans in groups.items()]
    text = "; ".join(parts) + (f", {EN_NOTES[recurrence.note]}" if recurrence.note else "")
    return Hours(text, _en_closed(recurrence))


def is_closure_note(note: str) -> bool:
    """Whether a printed note only says on which days it is closed (an English edition prints the
    closures from the recurrence instead)."""
    return bool(CLOSURE_NOTE.fullmatch(unicodedata.normalize("NFKC", note).strip()))


def _en_days(times: Times) -> str:
    days = sorted(set(times.days), key=ORDER.index)
    if times.weeks:
        nth = _and([_ordinal(week) for week in sorted(set(times.weeks))])
        names = EN_DAY_NAMES[days[0]] if len(days) == 1 else ", ".join(EN_DAYS[d] for d in days)
        return f"{nth} {names} of the month"
    runs: list[list[str]] = []
    for day in days:
        if runs and ORDER.index(day) == ORDER.index(runs[-1][-1]) + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return ", ".join(f"{EN_DAYS[r[0]]}–{EN_DAYS[r[-1]]}" if len(r) > 2 else ", ".join(EN_DAYS[d] for d in r)
                     for r in runs)


def _en_time(opens: str | None, closes: str | None) -> str:
    def clock(value: str) -> str:
        return value[1:] if value.startswith("0") else value
    if opens and closes:
        return f"{clock(opens)}–{clock(closes)}"
    return f"from {clock(opens)}" if opens else f"until {clock(closes)}" if closes else ""


def _en_closed(recurrence: Recurrence) -> str | None:
    if not recurrence.closed:
        return None
    weekly = {d for t in recurrence.times if not t.weeks for d in t.days}
    open_on = [d for d in ORDER if d in weekly]
    rest = [] if len(open_on) < 5 or any(t.weeks for t in recurrence.times) else [d for d in ORDER if d not in weekly]
    days = ["weekends"] if rest == ["土", "日"] else [EN_DAY_NAMES[d] + "s" for d in rest]
    return f"(closed on {_and(days + [EN_CLOSED[c] for c in recurrence.closed])})"


def _ordinal(n: int) -> str:
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n, 'th') }"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
