"""Japanese era dates (和暦) for edition lines, from japanera's era table; and the same dates in English
for an English edition."""

from __future__ import annotations

import datetime

from japanera import EraDate


def month_of(issued: str) -> datetime.date:
    """'2021-03' → the first day of that month."""
    year, month = issued.split("-")
    return datetime.date(int(year), int(month), 1)


def wareki_month(issued: str) -> str:
    """'2021-03' → 令和3年3月; the first year of an era is 元年 (令和元年5月)."""
    day = month_of(issued)
    era = EraDate.from_date(day).era
    year = era.absolute_year_to_relative_year(day.year)
    return f"{era.kanji}{'元' if year == 1 else year}年{day.month}月"


def wareki_date(day: datetime.date) -> str:
    """2022-06-15 → 令和4年6月15日 (最終更新日 on the website copy)."""
    era = EraDate.from_date(day).era
    year = era.absolute_year_to_relative_year(day.year)
    return f"{era.kanji}{'元' if year == 1 else year}年{day.month}月{day.day}日"


def western_month(issued: str) -> str:
    """'2021-03' → 2021年3月."""
    day = month_of(issued)
    return f"{day.year}年{day.month}月"


MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")


def english_month(issued: str) -> str:
    """'2021-03' → March 2021 (an English edition's edition line and page)."""
    day = month_of(issued)
    return f"{MONTHS_EN[day.month - 1]} {day.year}"


def english_date(day: datetime.date) -> str:
    """2022-06-15 → 15 June 2022."""
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
