"""The synthetic municipality generator writes a project the normal pipeline accepts."""

from __future__ import annotations

import io
from pathlib import Path

import phonenumbers
import pytest
from conftest import ROOT

from brochure.app.cli import main
from brochure.data import synthetic
from brochure.data.model import load_all
from brochure.project import open_project


def test_generated_project_loads_and_validates(tmp_path: Path) -> None:
    names = synthetic.write_project(tmp_path / "p", 47, source=ROOT)
    assert len(names) == 47 == len(set(names))
    registry, sources = load_all(open_project(tmp_path / "p"), None)
    assert len(sources) == 47
    areas = {pref: area for pref, area, _ in synthetic.PREFECTURES}
    for source in sources:
        ids = [e.id for p in source.brochure.panels for b in p.blocks for e in getattr(b, "contacts", [])]
        assert synthetic.MIN_CONTACTS <= len(ids) <= synthetic.MAX_CONTACTS
        for contact_id in ids:
            contact = registry[contact_id]
            prefecture = next(p for p in areas if contact.address.startswith(p))
            number = phonenumbers.parse(contact.tel, "JP")
            assert contact.tel.startswith(areas[prefecture])
            assert phonenumbers.is_valid_number(number)
            # hyphenated as the numbering plan has it, so the data checks do not warn
            assert contact.tel == phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def test_generator_is_deterministic(tmp_path: Path) -> None:
    synthetic.write_project(tmp_path / "a", 5, source=ROOT)
    synthetic.write_project(tmp_path / "b", 5, source=ROOT)
    for path in sorted((tmp_path / "a" / "data").rglob("*.yaml")):
        assert path.read_bytes() == (tmp_path / "b" / path.relative_to(tmp_path / "a")).read_bytes()


def test_all_municipalities_have_unique_names() -> None:
    towns = synthetic.municipalities(synthetic.MAX_MUNICIPALITIES)
    assert len({t["name"] for t in towns}) == len({t["code"] for t in towns}) == 1741
    with pytest.raises(ValueError):
        synthetic.municipalities(1742)


def test_contacts_are_spread_within_panel_capacity() -> None:
    groups = synthetic.panel_groups([f"c{i}" for i in range(30)])
    assert [len(g) for g in groups] == list(synthetic.PANEL_CAPACITY)
    assert [len(g) for g in synthetic.panel_groups([f"c{i}" for i in range(11)])] == [3, 2, 2, 2, 2]
    with pytest.raises(ValueError):
        synthetic.panel_groups([f"c{i}" for i in range(31)])


def test_fullest_leaflet_passes_preflight(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The worst case: 30 contacts, six per panel; preflight fails the build on any overflow.
    monkeypatch.setattr(synthetic, "MIN_CONTACTS", synthetic.MAX_CONTACTS)
    names = synthetic.write_project(tmp_path / "p", 1, source=ROOT)
    err = io.StringIO()
    assert main(["--project", str(tmp_path / "p"), "build", "--quiet", "--jobs", "1"], err=err) == 0, err.getvalue()
    assert (tmp_path / "p" / "build" / names[0] / "2026-04" / f"{names[0]}-2026-04-print.pdf").is_file()
