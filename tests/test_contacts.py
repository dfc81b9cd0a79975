"""Contact ids resolve into cards following the registry's links."""

import pytest
from conftest import ROOT

from brochure.data.contacts import Resolver
from brochure.data.model import load_registry
from brochure.data.schema import ContactEntry
from brochure.project import open_project


@pytest.fixture(scope="module")
def resolver():
    return Resolver(load_registry(open_project(ROOT)))


def test_programme_takes_its_organisations_phone(resolver):
    card = resolver.card(ContactEntry(id="mikan-no-kai", host=True))
    assert card.phone.number == "0837-22-5495" and card.phone.note == "上田"
    assert card.host_line == "KHJ山口県「きらら会」主催"
    assert card.venue_name == "山口県身体障害者福祉センター"
    assert card.venue_address == "山口市八幡馬場36-1"
    assert {"mikan-no-kai", "khj-kirara-kai", "yamaguchi-disabled-welfare-centre"} <= card.uses


def test_office_inside_another_takes_its_address(resolver):
    card = resolver.card(ContactEntry(id="yamaguchi-city-disability-support-centre"))
    assert card.address == "山口市亀山町2-1"
    assert card.address_note == "山口市障がい福祉課内"
    assert card.phone.number == "083-934-2988"


def test_heading_can_name_the_organisation(resolver):
    card = resolver.card(ContactEntry(id="sasaete-ibasho", heading="organisation"))
    assert card.heading == "認定NPO法人支えてネットワーク"
    assert card.address == "山口市秋穂西1267-1"
    assert card.schedule_label == "開所日"


def test_tel_uri_is_e164(resolver):
    card = resolver.card(ContactEntry(id="sasaete-network"))
    assert card.phone.uri == "tel:+81839843742"
