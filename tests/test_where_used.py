"""``brochure where-used``: every brochure, edition and panel that prints a contact."""

from __future__ import annotations

import io

import pytest

from conftest import ROOT

from brochure.app.cli import main


def where_used(contact_id: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["--project", str(ROOT), "where-used", contact_id], out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def panels_of(name: str, contact_id: str) -> list[str]:
    from brochure.data.model import load_all
    from brochure.layout.compose import Composer
    from brochure.project import Project

    registry, sources = load_all(Project(ROOT), [name])
    comp = Composer(Project(ROOT), registry).compose(sources[0])
    return [f"panel {p.position} ({p.id})" for p in comp.panels if contact_id in p.uses]


def test_lists_brochure_edition_and_panels():
    code, out, _ = where_used("sasaete-network")
    assert code == 0
    expected = panels_of("yamaguchi", "sasaete-network")
    assert len(expected) >= 2
    assert out.splitlines() == ["yamaguchi 2021-03: " + ", ".join(expected)]


def test_a_contact_reached_through_a_link_is_found():
    """sasaete-family-juku prints its organisation's tel: the organisation is used where the programme is."""
    _, out, _ = where_used("sasaete-family-juku")
    programme_panels = panels_of("yamaguchi", "sasaete-family-juku")
    assert programme_panels and set(programme_panels) <= set(panels_of("yamaguchi", "sasaete-network"))
    assert out.startswith("yamaguchi 2021-03: ")


def test_sapporo_contact_is_not_in_yamaguchi():
    from brochure.data.model import load_registry
    from brochure.project import Project
    registry = load_registry(Project(ROOT))
    sapporo_only = next(cid for cid in registry.contacts
                        if panels_of("sapporo", cid) and not panels_of("yamaguchi", cid))
    _, out, _ = where_used(sapporo_only)
    assert out.startswith("sapporo 2021-03: ") and "yamaguchi" not in out


def test_unknown_id_exits_1_with_did_you_mean():
    code, out, err = where_used("sasaete-netwrk")
    assert code == 1 and out == ""
    assert "no contact has the id, name or phone number 'sasaete-netwrk'" in err
    assert "did you mean 'sasaete-network'" in err


def test_a_name_or_part_of_one_finds_every_contact_it_names():
    code, out, _ = where_used("支えて")
    assert code == 0
    headings = [line for line in out.splitlines() if not line.startswith("  ")]
    assert "sasaete-network 認定NPO法人支えてネットワーク:" in headings
    assert "sasaete-ibasho 支えてネットワークの居場所:" in headings
    assert "  yamaguchi 2021-03: " + ", ".join(panels_of("yamaguchi", "sasaete-network")) in out.splitlines()


@pytest.mark.parametrize("number", ["083-984-3742", "0839843742", "０８３－９８４－３７４２"])
def test_a_phone_number_with_or_without_hyphens(number: str):
    code, out, _ = where_used(number)
    assert code == 0
    assert out.splitlines()[0] == "sasaete-network 認定NPO法人支えてネットワーク:"


def test_frozen_editions_are_covered(project_dir):
    assert main(["--project", str(project_dir), "edition", "new", "yamaguchi", "--issued", "2022-03"],
                out=io.StringIO(), err=io.StringIO()) == 0
    out = io.StringIO()
    assert main(["--project", str(project_dir), "where-used", "sasaete-ibasho"], out=out, err=io.StringIO()) == 0
    assert out.getvalue().splitlines() == ["yamaguchi 2022-03: panel 5 (inside-3)",
                                           "yamaguchi 2021-03 (frozen): panel 5 (inside-3)"]
