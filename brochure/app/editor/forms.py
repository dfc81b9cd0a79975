"""The contact form: its fields come from the schema, its labels and help in Japanese.

A field's English help is the schema's own description (the data reference
prints the same text); the Japanese label and help are here, one line each, so
staff never see a key name.  Reading a posted form gives the record as plain
data, with the build's own checks run on it: problems come back keyed by the
form field they concern.
"""

from __future__ import annotations

import copy
import datetime
from dataclasses import dataclass, field
from typing import Any

from ...data.loader import Located
from ...data.model import check_record
from ...data.schema import Channel, Contact
from ...data.values import FIELD_CHECKS, check_value, half_width, has_wide_digits
from ...errors import Problem

KIND_LABELS = {"organisation": ("団体", "Organisation"), "programme": ("事業・集まり", "Programme"),
               "venue": ("会場", "Venue"), "network": ("ネットワーク", "Network")}
LINKS = ("organisation", "venue", "located_in", "office")

# name → (Japanese label, Japanese help, English label)
LABELS: dict[str, tuple[str, str, str]] = {
    "name": ("名称", "リーフレットに印刷される名前。例：認定NPO法人支えてネットワーク", "Name"),
    "name_kana": ("名称（カナ）", "名称の読みを全角カタカナで。印刷されません（検索・並べ替えとオープンデータ用）。"
                  "例：ササエテネットワーク", "Name (katakana reading)"),
    "name_en": ("英語の名称", "英語版のリーフレットで日本語の名称の下に印刷します。団体の公式の英語名があればそれを。"
                "例：Sapporo Hikikomori Regional Support Centre", "Name in English"),
    "kind": ("種別", "団体・事業（集まり）・会場・ネットワークのどれか", "Kind"),
    "host_name": ("主催者名", "「〜主催」の行で名称と違う書き方をするときだけ", "Host name"),
    "organisation": ("運営する団体", "事業（集まり）を運営する団体。電話番号がないときはその団体の番号を印刷します", "Run by"),
    "venue": ("会場", "事業（集まり）が開かれる場所", "Venue"),
    "located_in": ("所在する建物・施設", "この連絡先が入っている建物。住所はその建物のものを使います", "Located in"),
    "located_in_note": ("「〇〇内」と印刷する", "住所の後に建物名＋「内」を印刷します", "Print 'inside …'"),
    "office": ("事務局", "ネットワークの事務局を務める団体", "Office"),
    "postal_code": ("郵便番号", "半角で 753-0001 のように書きます（〒は自動で付きます）", "Postal code"),
    "address": ("住所", "印刷するとおりの住所", "Address"),
    "address_en": ("ローマ字の住所", "英語版で日本語の住所の下に印刷します。小さい単位から、郵便番号を最後に。"
                   "例：Kita 1-jo Nishi 2-chome, Chuo-ku, Sapporo 060-8611", "Address in English (romanised)"),
    "tel": ("電話番号", "半角数字とハイフンで 083-984-3742 のように書きます", "Telephone"),
    "tel_label": ("電話番号の見出し", "TEL の代わりに印刷する言葉。例：相談専用電話", "Telephone label"),
    "tel_note": ("電話番号の補足", "番号の後ろに（ ）で印刷します。例：担当者名", "Telephone note"),
    "url": ("ホームページ", "https:// から始まるアドレス", "Web address"),
    "email": ("メールアドレス", "例：info@example.jp", "E-mail"),
    "description": ("内容", "何をしているか、何を提供しているかを一行で", "Description"),
    "schedule": ("開催日・開所日", "例：毎月第3日曜日 13:00〜16:00", "Schedule"),
    "schedule_label": ("開催日の見出し", "開催日 または 開所日", "Schedule label"),
    "frequency": ("開催頻度", "名称の後ろに（ ）で印刷します。例：年6回程度開催", "Frequency"),
    "notes": ("内部メモ", "印刷されません。1行に1つ", "Notes"),
    "corrections": ("元の原稿からの修正", "印刷されません。記録用。1行に1つ", "Corrections"),
    "verified": ("確認日", "団体に最後に確認した日", "Verified"),
    "channels": ("相談の方法", "電話相談・来所相談など", "Ways to consult"),
}
CHANNEL_LABELS = {
    "label": ("方法の名前", "例：電話相談", "Name"),
    "hours": ("受付時間", "例：月～金 9時～17時 予約制", "Hours"),
    "show_tel": ("電話番号を印刷する", "", "Print the telephone number"),
    "show_url": ("ホームページを印刷する", "", "Print the web address"),
    "notes": ("補足", "1行に1つ", "Notes"),
    "notes_en": ("英語の補足", "英語版で補足の代わりに印刷します。1行に1つ", "Notes in English"),
}
ORDER = ("name", "name_kana", "name_en", "kind", "organisation", "venue", "located_in", "located_in_note", "office",
         "postal_code", "address", "address_en", "tel", "tel_label", "tel_note", "url", "email", "description", "schedule", "schedule_label",
         "frequency", "channels", "notes", "corrections", "verified")


@dataclass
class FormField:
    name: str            # the form field's name: tel, channels.0.hours
    label: str
    help: str
    kind: str            # text, select, link, check, date, lines
    value: Any
    required: bool = False
    choices: list[tuple[str, str]] = field(default_factory=list)   # (value, label)
    errors: list[Problem] = field(default_factory=list)
    fixable: bool = False   # full-width digits: one click makes them half-width


def _label(name: str, lang: str, table: dict = LABELS) -> tuple[str, str]:
    ja, help_ja, en = table.get(name, (name, "", name))
    if lang == "ja":
        return ja, help_ja
    description = (Contact.model_fields.get(name) or Channel.model_fields.get(name))
    return en, (description.description if description else "") or ""


def contact_fields(record: dict, lang: str, names: dict[str, tuple[str, str]]) -> list[FormField]:
    """The form's fields for a record (plain data); ``names`` maps the contacts a link may name to
    (name, kind): each link field lists, by name, those of the kinds it expects and its current value."""
    fields = []
    for name in ORDER:
        if name == "channels":
            continue   # drawn as groups below the fields
        info = Contact.model_fields[name]
        label, help_text = _label(name, lang)
        value = record.get(name, "" if info.is_required() else info.get_default(call_default_factory=True))
        kind, choices = _kind_of(name, lang, _suitable(name, names, record.get(name)))
        fields.append(FormField(name, label, help_text, kind, _shown(value, kind), info.is_required(), choices))
    return fields


LINK_KINDS = {"organisation": ("organisation", "network"), "venue": ("venue", "organisation"),
              "office": ("organisation",), "located_in": ("venue", "organisation")}


def _suitable(field: str, names: dict[str, tuple[str, str]], current: Any) -> dict[str, str]:
    kinds = LINK_KINDS.get(field)
    if kinds is None:
        return {}
    return {cid: name for cid, (name, kind) in names.items() if kind in kinds or cid == current}


def channel_fields(record: dict, lang: str) -> list[list[FormField]]:
    """One group of fields per channel, and an empty group to add one."""
    groups = []
    for i, channel in enumerate(list(record.get("channels") or []) + [{}]):
        group = []
        for name, info in Channel.model_fields.items():
            if name not in CHANNEL_LABELS:
                continue    # recurrence: structure, not a text box; kept from the record as it is
            label, help_text = _label(name, lang, CHANNEL_LABELS)
            kind = "check" if name.startswith("show_") else "lines" if name.startswith("notes") else "text"
            value = channel.get(name, "" if info.is_required() else info.get_default(call_default_factory=True))
            group.append(FormField(f"channels.{i}.{name}", label, help_text, kind, _shown(value, kind),
                                   name == "label" and bool(channel)))
        groups.append(group)
    return groups


def _kind_of(name: str, lang: str, names: dict[str, str]) -> tuple[str, list[tuple[str, str]]]:
    if name == "kind":
        return "select", [(k, v[0] if lang == "ja" else v[1]) for k, v in KIND_LABELS.items()]
    if name == "schedule_label":
        return "select", [("開催日", "開催日"), ("開所日", "開所日")]
    if name in LINKS:
        empty = "（なし）" if lang == "ja" else "(none)"
        return "link", [("", empty)] + sorted(((cid, n) for cid, n in names.items()), key=lambda item: item[1])
    if name == "located_in_note":
        return "check", []
    if name == "verified":
        return "date", []
    if name in ("notes", "corrections"):
        return "lines", []
    return "text", []


def _shown(value: Any, kind: str) -> Any:
    if kind == "lines":
        return "\n".join(value or [])
    if kind == "check":
        return bool(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return "" if value is None else value


# --------------------------------------------------------------------------- reading a posted form


def record_from_form(original: dict, form: dict[str, str], fix: str | None = None) -> dict:
    """The record as the form says, built on the original so keys the form does not show stay;
    an emptied optional field is removed.  ``fix`` names a field whose full-width digits are made
    half-width (the one-click fix)."""
    record = copy.deepcopy(original)
    for name in ORDER:
        if name == "channels":
            continue
        kind, _ = _kind_of(name, "ja", {})
        _apply(record, name, _value_of(form, name, kind, fix), Contact.model_fields[name])
    if "channels.0.label" in form:
        _apply(record, "channels", _channels_from_form(original.get("channels") or [], form, fix),
               Contact.model_fields["channels"])
    return record


def _value_of(form: dict, name: str, kind: str, fix: str | None) -> Any:
    if kind == "check":
        return form.get(name) == "on"
    text = str(form.get(name, "")).replace("\r\n", "\n")
    if fix == name:
        text = half_width(text)
    if kind == "lines":
        return [line.strip() for line in text.split("\n") if line.strip()]
    text = text.strip()
    if kind == "date" and text:
        try:
            return datetime.date.fromisoformat(half_width(text))
        except ValueError:
            return text     # the schema check says what is wrong, at the field
    return text


def _apply(record: dict, name: str, value: Any, info) -> None:
    """Set a changed value; an emptied optional field is removed (kept when written as that empty value);
    a field left out of the file stays out while the form shows its default (kind: organisation)."""
    if name not in record and not info.is_required() and value == info.get_default(call_default_factory=True):
        return
    empty = value in ("", None, []) or value is False
    if empty and not info.is_required():
        if name in record and record[name] == value:
            return
        record.pop(name, None)
    elif record.get(name) != value:
        record[name] = value


def _channels_from_form(original: list, form: dict, fix: str | None) -> list:
    """Channels in form order; one whose name is emptied is removed, the empty last group adds one."""
    channels, i = [], 0
    while f"channels.{i}.label" in form:
        channel = copy.deepcopy(original[i]) if i < len(original) else {}
        for name, info in Channel.model_fields.items():
            if name not in CHANNEL_LABELS:
                continue
            kind = "check" if name.startswith("show_") else "lines" if name.startswith("notes") else "text"
            _apply(channel, name, _value_of(form, f"channels.{i}.{name}", kind, fix), info)
        if channel.get("label"):
            channels.append(channel)
        i += 1
    return channels


def check(contact_id: str, record: dict, known_ids: list[str], shown: str) -> dict[str, list[Problem]]:
    """The build's checks of one record, by form field ('' for the record as a whole)."""
    located = Located(shown, {contact_id: record})
    by_field: dict[str, list[Problem]] = {}
    for problem in check_record(located, contact_id, known_ids):
        key = problem.key.removeprefix(contact_id).lstrip(".")
        key = key.replace("[", ".").replace("]", "")
        by_field.setdefault(key, []).append(problem)
    # A record the schema refuses (a required field still empty) gets no value checks from the build;
    # the form checks each typed value anyway, so a wrong number shows before the rest is filled in.
    for name in FIELD_CHECKS:
        if name not in by_field and isinstance(record.get(name), str):
            by_field[name] = [located.problem((contact_id, name), f.message, f.hint, f.severity)
                              for f in check_value(name, record[name])] or []
            if not by_field[name]:
                del by_field[name]
    return by_field


def attach(fields: list[FormField], problems: dict[str, list[Problem]]) -> list[Problem]:
    """Put each problem on its field; returns those that belong to no field shown."""
    left = {k: list(v) for k, v in problems.items()}
    for f in fields:
        f.errors = left.pop(f.name, [])
        f.fixable = isinstance(f.value, str) and has_wide_digits(f.value) and f.name in ("tel", "postal_code")
    return [p for ps in left.values() for p in ps]


def changes(old: dict, new: dict) -> list[tuple[str, Any, Any]]:
    """(field, old, new) for every top-level field that differs."""
    keys = list(dict.fromkeys([*old, *new]))
    return [(k, old.get(k), new.get(k)) for k in keys if old.get(k) != new.get(k)]
