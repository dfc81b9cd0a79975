"""Checks of Japanese contact data that a schema type cannot express.

Each check is a small function registered for one or more fields with
``@field_check``; it gets the value as validated and yields Findings.
Libraries do the real work: ``phonenumbers`` knows every Japanese area code
and how its numbers are hyphenated, ``email-validator`` the address syntax
(no network: deliverability is off), pydantic the URL syntax.

Digits: number fields (tel, postal_code, issue month) must be written with
half-width digits, and a full-width digit there is an error whose hint shows
the half-width spelling; free text (schedules, hours) may use either width,
but one field mixing both is a warning.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable, Iterator

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import HttpUrl, TypeAdapter, ValidationError

from ..i18n import _, language


@dataclass(frozen=True)
class Finding:
    message: str
    hint: str | None = None
    severity: str = "error"


Check = Callable[[str], Iterator[Finding]]
FIELD_CHECKS: dict[str, list[Check]] = {}

DASHES = "ー－‐‑‒–—―−ｰ"
POSTAL_CODE = re.compile(r"^\d{3}-\d{4}$", re.ASCII)
TIME = re.compile(r"(\d{1,2})[:：](\d{2})")
KATAKANA = re.compile(r"^[\u30a1-\u30fa\u30fc\u30fb\u30fd\u30fe\u3000 ]+$")   # ァ–ヺ, ー, ・, ヽヾ, spaces
HIRAGANA_TO_KATAKANA = {code: code + 0x60 for code in range(0x3041, 0x3097)}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")
_URL = TypeAdapter(HttpUrl)


def field_check(*fields: str):
    """Register a check for contact fields (and for the same names in channels)."""
    def decorate(function: Check) -> Check:
        for name in fields:
            FIELD_CHECKS.setdefault(name, []).append(function)
        return function
    return decorate


def check_value(field: str, value: object) -> list[Finding]:
    if not isinstance(value, str) or not value:
        return []
    return [finding for check in FIELD_CHECKS.get(field, []) for finding in check(value)]


def half_width(text: str) -> str:
    """NFKC (０８３ → 083) and every dash-like character as a hyphen-minus."""
    text = unicodedata.normalize("NFKC", text)
    return "".join("-" if ch in DASHES else ch for ch in text)


def has_wide_digits(text: str) -> bool:
    return any(ch.isdigit() and not ch.isascii() for ch in text)


def _full_width(value: str) -> Iterator[Finding]:
    if half_width(value) == value:
        return
    hint = _("write it with half-width digits and hyphens: {fixed}").format(fixed=half_width(value))
    dashes = "".join(dict.fromkeys(ch for ch in value if ch in DASHES))
    if dashes and not has_wide_digits(value):   # an IME's 長音 or full-width hyphen between half-width digits
        yield Finding(_('"{value}" has {dashes} where a half-width hyphen (-) belongs').format(
            value=value, dashes="・".join(dashes)), hint)
    else:
        yield Finding(_('"{value}" contains full-width characters').format(value=value), hint)


# --------------------------------------------------------------------------- checks


@functools.lru_cache(maxsize=None)
def parse_jp(number: str) -> "phonenumbers.PhoneNumber | None":
    """A number parsed as dialled in Japan, or None; parsed once per build (checks and tel: links)."""
    try:
        return phonenumbers.parse(number, "JP")
    except phonenumbers.NumberParseException:
        return None


@field_check("tel")
def phone_number(value: str) -> Iterator[Finding]:
    wide = list(_full_width(value))
    if wide:
        yield from wide
        return
    number = parse_jp(value)
    if number is None or not phonenumbers.is_valid_number_for_region(number, "JP"):
        yield Finding(_('"{value}" is not a valid Japanese phone number').format(value=value),
                      _("write the whole number with its area code and hyphens, e.g. 083-984-3742"))
        return
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    if national != value:
        yield Finding(_('"{value}" is usually written {national}').format(value=value, national=national),
                      _("write it as {national}, the hyphenation of its area code").format(national=national),
                      "warning")


@field_check("postal_code")
def postal_code(value: str) -> Iterator[Finding]:
    wide = list(_full_width(value))
    if wide:
        yield from wide
    elif value.startswith("〒"):
        yield Finding(_('"{value}": write the postal code without 〒').format(value=value),
                      _("〒 is printed automatically: {fixed}").format(fixed=value.lstrip("〒 ")))
    elif not POSTAL_CODE.match(value):
        yield Finding(_('"{value}" is not a postal code written as NNN-NNNN').format(value=value),
                      _("seven digits with a hyphen after the third, e.g. 003-0029"))


@field_check("url")
def web_address(value: str) -> Iterator[Finding]:
    problem = not value.lower().startswith(("http://", "https://")) or any(ch.isspace() for ch in value)
    if not problem:
        try:
            problem = not _URL.validate_python(value).host
        except ValidationError:
            problem = True
    if problem:
        yield Finding(_('"{value}" is not a web address').format(value=value),
                      _("write it in full, starting with https:// or http://, e.g. https://www.city.yamaguchi.lg.jp/"))


@field_check("email")
def email_address(value: str) -> Iterator[Finding]:
    try:
        validate_email(value, check_deliverability=False)   # no network during a build
    except EmailNotValidError as error:
        message = _('"{value}" is not an e-mail address').format(value=value)
        if language() != "ja":   # the validator's reason is English only: a Japanese reader gets the hint
            message += f" ({error})"
        yield Finding(message,
                      _("write it as name@example.jp, half-width, without spaces"))


@field_check("name_kana")
def katakana(value: str) -> Iterator[Finding]:
    """Open-data sets write readings in full-width katakana; hiragana or half-width kana would sort apart."""
    if not KATAKANA.match(value):
        fixed = unicodedata.normalize("NFKC", value).translate(HIRAGANA_TO_KATAKANA)
        yield Finding(_('"{value}" is not written in full-width katakana').format(value=value),
                      _("write the reading in full-width katakana, e.g. {fixed}").format(
                          fixed=fixed if KATAKANA.match(fixed) else "ササエテネットワーク"))


@field_check("schedule", "hours")
def times_of_day(value: str) -> Iterator[Finding]:
    for hour, minute in TIME.findall(half_width(value)):
        if int(hour) > 24 or int(minute) > 59:
            yield Finding(_('"{time}" is not a time of day').format(time=f"{hour}:{minute}"),
                          _("write times as H:MM from 0:00 to 24:00, e.g. 13:30"))
    digits = [ch for ch in value if ch.isdigit()]
    if any(ch.isascii() for ch in digits) and any(not ch.isascii() for ch in digits):
        yield Finding(_('"{value}" mixes full-width and half-width digits').format(value=value),
                      _("use one kind of digit: {fixed}").format(fixed=half_width(value)), "warning")


def issue_month(value: str) -> Iterator[Finding]:
    """The edition's month names the output folder: half-width digits only."""
    if has_wide_digits(value) or not value.isascii():
        yield from _full_width(value)


def asset_path(value: str, assets: Path) -> Iterator[Finding]:
    """A file the brochure asks to print: only a relative path inside data/assets/."""
    hint = _("put the file in data/assets/ and write its name relative to that folder, e.g. map.png")
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", value) or value.startswith("//"):
        yield Finding(_('refused: "{value}" is a URL; only files under data/assets/ may be used').format(value=value), hint)
        return
    posix = PurePosixPath(value.replace("\\", "/"))
    if posix.is_absolute():
        yield Finding(_('refused: "{value}" is an absolute path; only files under data/assets/ may be used').format(
            value=value), hint)
        return
    target = (assets / posix).resolve()
    if ".." in posix.parts or not target.is_relative_to(assets.resolve()):
        yield Finding(_('refused: "{value}" points outside data/assets/').format(value=value), hint)
    elif posix.suffix.lower() not in IMAGE_SUFFIXES:
        yield Finding(_('"{value}" is not a picture file ({suffixes})').format(
            value=value, suffixes=", ".join(IMAGE_SUFFIXES)), hint)
    elif not target.is_file():
        yield Finding(_("no such file: data/assets/{value}").format(value=posix.as_posix()), hint)
