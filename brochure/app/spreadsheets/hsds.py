"""``brochure contacts export --format hsds DIR``: the registry as Open Referral HSDS 3.0.

One JSON file per table (organizations, services, locations, addresses,
phones, schedules, service_at_locations), each an array of flat records that
refer to each other by id, as HSDS's tabular form does.  The mapping:

* an organisation or network → an organization; its address → a location of it;
* a programme → a service of its organisation, at its venue (service_at_location);
  an organisation that meets itself (a schedule or a venue, e.g. a family group)
  also gets a service of its own name;
* a consultation channel (電話相談 …) → a service of its contact, with the channel's hours;
* a venue, or a building a contact sits in → a location;
* a schedule (its ``recurrence``, else its text read) → schedule records (毎月第3日曜日 → MONTHLY 3SU), the text kept in
  ``description``, with what HSDS cannot model (祝日, 年末年始: its issue #440).

Ids are UUIDs derived from the contact ids (uuid5), so they are the same in every export.
"""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path
from typing import Any

from ...data.schedules import reading as schedule_of
from ...files import atomic_write
from ...project import Project
from .export import read_contacts

NAMESPACE = uuid.UUID("6f1c2a8e-3b7d-5e0f-9a41-2c8d7e6b5a30")   # fixed: ids stable across exports
TABLES = ("organizations", "services", "locations", "addresses", "phones", "schedules", "service_at_locations")
PREFECTURE = re.compile(r"^(東京都|北海道|(?:京都|大阪)府|.{2,3}県)")
CITY = re.compile(r"^(.+?[市区町村])")


def hsds_id(kind: str, *parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join((kind, *parts))))


def export_hsds(project: Project, folder: Path) -> dict[str, int]:
    """Write the tables into ``folder``; the number of records of each."""
    _text, records = read_contacts(project)
    tables = build(records)
    for name in TABLES:
        data = json.dumps(tables[name], ensure_ascii=False, indent=1) + "\n"
        atomic_write(folder / f"{name}.json", data.encode("utf-8"))
    return {name: len(tables[name]) for name in TABLES}


def build(records: dict[str, dict]) -> dict[str, list[dict]]:
    tables: dict[str, list[dict]] = {name: [] for name in TABLES}
    for cid, record in records.items():
        kind = record.get("kind", "organisation")
        if kind in ("organisation", "network"):
            _organization(tables, cid, record, records)
        elif kind == "programme":
            _service(tables, cid, record, records, record.get("organisation"))
        if kind == "venue" or (record.get("address") and kind != "programme"):
            _location(tables, cid, record, records)
    return tables


def _organization(tables, cid: str, record: dict, records: dict) -> None:
    org = {"id": hsds_id("organization", cid), "name": record["name"],
           "description": record.get("description") or ""}
    _optional(org, website=record.get("url"), email=record.get("email"))
    tables["organizations"].append(org)
    _phone(tables, record.get("tel"), record.get("tel_note"), organization_id=org["id"])
    if record.get("schedule") or record.get("venue"):
        _service(tables, cid, record, records, cid)
    for index, channel in enumerate(record.get("channels") or []):
        _channel(tables, cid, record, index, channel)


def _service(tables, cid: str, record: dict, records: dict, organisation: str | None) -> None:
    service = {"id": hsds_id("service", cid), "name": record["name"], "status": "active"}
    if organisation in records:
        service["organization_id"] = hsds_id("organization", organisation)
    _optional(service, description=record.get("description"), url=record.get("url"), email=record.get("email"))
    tables["services"].append(service)
    if record.get("kind") == "programme":
        _phone(tables, record.get("tel"), record.get("tel_note"), service_id=service["id"])
    _schedules(tables, service["id"], record.get("schedule"), record.get("recurrence"),
               (record.get("frequency") or "",))
    place = record.get("venue") or record.get("located_in")
    if place in records:
        tables["service_at_locations"].append({"id": hsds_id("service_at_location", cid, place),
                                               "service_id": service["id"],
                                               "location_id": hsds_id("location", place)})


def _channel(tables, cid: str, record: dict, index: int, channel: dict) -> None:
    service = {"id": hsds_id("service", cid, "channel", str(index)), "name": f"{record['name']} {channel['label']}",
               "status": "active", "organization_id": hsds_id("organization", cid)}
    if channel.get("show_url") and record.get("url"):
        service["url"] = record["url"]
    tables["services"].append(service)
    if channel.get("show_tel"):
        _phone(tables, record.get("tel"), channel["label"], service_id=service["id"])
    _schedules(tables, service["id"], channel.get("hours"), channel.get("recurrence"),
               tuple(channel.get("notes") or ()))


def _location(tables, cid: str, record: dict, records: dict) -> None:
    location = {"id": hsds_id("location", cid), "location_type": "physical", "name": record["name"]}
    owner = cid if record.get("kind", "organisation") in ("organisation", "network") else None
    if owner:
        location["organization_id"] = hsds_id("organization", owner)
    _optional(location, description=record.get("description"))
    tables["locations"].append(location)
    if record.get("address"):
        tables["addresses"].append(_address(cid, location["id"], record))


def _address(cid: str, location_id: str, record: dict) -> dict:
    text = str(record["address"])
    prefecture = PREFECTURE.match(text)
    rest = text[prefecture.end():] if prefecture else text
    city = CITY.match(rest)
    return {"id": hsds_id("address", cid), "location_id": location_id, "address_1": text,
            "city": city.group(1) if city else "", "state_province": prefecture.group(1) if prefecture else "",
            "postal_code": record.get("postal_code") or "", "country": "JP", "address_type": "physical"}


def _phone(tables, number: str | None, note: str | None, **owner: str) -> None:
    if not number:
        return
    key = next(iter(owner.values()))
    phone = {"id": hsds_id("phone", key, number), "number": number, **owner}
    _optional(phone, description=note)
    tables["phones"].append(phone)


def _schedules(tables, service_id: str, text: str | None, recurrence: Any, notes: tuple) -> None:
    """One record per time range (from the record's ``recurrence`` where it has one, else read from the
    text); the printed text, and what a recurrence cannot say, in description."""
    if not text:
        return
    reading = schedule_of(text, recurrence, [n for n in notes if n])
    for index, slot in enumerate(reading.slots or [None]):
        schedule: dict[str, Any] = {"id": hsds_id("schedule", service_id, str(index)), "service_id": service_id,
                                    "description": reading.text}
        if slot is not None:
            schedule.update(freq=slot.freq, byday=",".join(slot.days), timezone=9)
            _optional(schedule, opens_at=slot.opens, closes_at=slot.closes)
        tables["schedules"].append(schedule)


def _optional(target: dict, **values: Any) -> None:
    target.update({k: v for k, v in values.items() if v not in (None, "")})
