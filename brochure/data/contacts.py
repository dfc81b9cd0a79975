"""Resolve contact ids into the cards a layout prints.

A card gathers what one entry shows — heading, address, tel, schedule, venue —
following the registry's links (a programme's organisation, a venue, the
building an office sits in), and records every contact id it read, so a
build knows exactly which records each panel depends on.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import phonenumbers

from .model import Registry
from .schema import Contact, ContactEntry, Recurrence
from .values import parse_jp


@dataclass(frozen=True)
class Phone:
    number: str  # as written in the data, e.g. 083-984-3742
    label: str = "TEL"
    note: str | None = None

    @property
    def uri(self) -> str:
        """tel: URI in E.164 (tel:+81839843742), what phones dial from a PDF link."""
        parsed = parse_jp(self.number)
        if parsed is None:   # validation refuses such a number before any card is made
            raise ValueError(f"not a phone number: {self.number!r}")
        return "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@dataclass
class Card:
    heading: str
    frequency: str | None = None
    host_line: str | None = None
    about: str | None = None
    schedule_label: str | None = None
    schedule: str | None = None
    venue_name: str | None = None
    venue_address: str | None = None
    postal_code: str | None = None
    address: str | None = None
    address_note: str | None = None
    phone: Phone | None = None
    url: str | None = None
    email: str | None = None
    programmes: list["Card"] = field(default_factory=list)
    uses: set[str] = field(default_factory=set)
    # An English edition's (Resolver.card(…, english=True)); None in the others, which print none of them.
    name_en: str | None = None
    address_en: str | None = None
    venue_name_en: str | None = None
    venue_address_en: str | None = None
    host_en: str | None = None             # the 〜主催 line's organisation, in English
    recurrence: Recurrence | None = None   # the schedule's, for its English hours


class Resolver:
    """Turns ids into cards against one registry, remembering what it read."""

    def __init__(self, registry: Registry):
        self.registry = registry

    def card(self, entry: ContactEntry, english: bool = False) -> Card:
        """The card of one entry; ``english``: with the English name and address where the records
        have them, and the structured schedule (an English edition prints its hours from it)."""
        contact = self.registry[entry.id]
        uses = {entry.id}
        org = self._linked(contact.organisation, uses)
        heading = org.name if (entry.heading == "organisation" and org) else contact.name
        card = Card(
            heading=heading,
            frequency=contact.frequency,
            host_line=f"{org.host_name or org.name}主催" if (entry.host and org) else None,
            about=entry.about or contact.description,
            schedule_label=contact.schedule_label if contact.schedule else None,
            schedule=contact.schedule,
            url=contact.url,
            email=contact.email,
            uses=uses,
        )
        self._place(card, contact, org, uses)
        card.phone = self.phone(entry.id, uses)
        card.programmes = [self._programme(pid, uses, english) for pid in entry.programmes]
        if english:
            self._english(card, contact, (org if entry.heading == "organisation" and org else contact),
                          org if entry.host else None)
        return card

    def _programme(self, programme_id: str, uses: set[str], english: bool = False) -> Card:
        programme = self.registry[programme_id]
        uses.add(programme_id)
        card = Card(heading=programme.name, frequency=programme.frequency, about=programme.description,
                    schedule_label=programme.schedule_label if programme.schedule else None,
                    schedule=programme.schedule, uses={programme_id})
        if english:
            card.name_en, card.recurrence = programme.name_en, programme.recurrence if programme.schedule else None
        return card

    def _english(self, card: Card, contact: Contact, named: Contact, host: Contact | None) -> None:
        """The English facts, from the same records as the Japanese ones they stand under."""
        card.name_en = named.name_en
        card.host_en = host.name_en if host else None
        card.recurrence = contact.recurrence if contact.schedule else None
        if card.venue_name is not None:
            venue = self.registry[contact.venue]
            card.venue_name_en, card.venue_address_en = venue.name_en, self._address_en(venue)
        elif card.address is not None:
            source = contact if self._has_address(contact) or not contact.organisation else \
                self.registry[contact.organisation]
            card.address_en = self._address_en(source)

    def _address_en(self, contact: Contact) -> str | None:
        """The romanised address where the Japanese one comes from: the record's own, else its building's."""
        if contact.address:
            return contact.address_en
        return self._address_en(self.registry[contact.located_in]) if contact.located_in else None

    def _place(self, card: Card, contact: Contact, org: Contact | None, uses: set[str]) -> None:
        """Venue line (会場) when the contact meets elsewhere, else its own address."""
        venue = self._linked(contact.venue, uses)
        if venue is not None and contact.kind in ("programme", "organisation") and not contact.address:
            card.venue_name, card.venue_address = venue.name, self.address(contact.venue, uses)
            return
        source_id = contact.organisation if (not self._has_address(contact) and org) else None
        target = self.registry[source_id] if source_id else contact
        card.postal_code = target.postal_code
        card.address = self.address(source_id, uses) if source_id else self._own_address(contact, uses)
        if target.located_in and target.located_in_note:
            card.address_note = f"{self.registry[target.located_in].name}内"

    def _has_address(self, contact: Contact) -> bool:
        return bool(contact.address or contact.located_in)

    def _own_address(self, contact: Contact, uses: set[str]) -> str | None:
        if contact.address:
            return contact.address
        return self.address(contact.located_in, uses) if contact.located_in else None

    def address(self, contact_id: str | None, uses: set[str]) -> str | None:
        if contact_id is None:
            return None
        uses.add(contact_id)
        return self._own_address(self.registry[contact_id], uses)

    def phone(self, contact_id: str, uses: set[str]) -> Phone | None:
        """The contact's number, else its organisation's (a programme's tel is its organiser's)."""
        contact = self.registry[contact_id]
        uses.add(contact_id)
        if contact.tel:
            return Phone(contact.tel, contact.tel_label or "TEL", contact.tel_note)
        return self.phone(contact.organisation, uses) if contact.organisation else None

    def _linked(self, contact_id: str | None, uses: set[str]) -> Contact | None:
        if contact_id is None:
            return None
        uses.add(contact_id)
        return self.registry[contact_id]
