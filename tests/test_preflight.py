"""Preflight: every check trips on a minimal brochure made to misprint; the references pass.

Renders are few: one brochure (``bad``) carries one fault per panel and is
checked once for the whole module; each test reads its own check's problems.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import copy_project, nothing_written, variants_of
from PIL import Image

from brochure.app.cli import main

LONG = "ひきこもりの状態にある方やそのご家族を支える機関が市内にはたくさんあります。" * 60

BAD = f"""\
title: 誤りのあるリーフレット
edition:
  issued: "2021-03"
  publisher: yamaguchi-network
panels:
  - id: cover
    role: cover
    blocks:
      - paragraph: 表紙です。
  - id: flap
    role: flap
    blocks:
      - paragraph: 裁ち落とし線に近い文字です。
  - id: inside-1
    blocks:
      - paragraph: 𠮷野さんの店は折り目に近いです。
  - id: inside-2
    blocks:
      - heading: 塗り足しに入る見出し
      - paragraph: 小さすぎる注記です。
        style: note
      - contacts: [sasaete-network]
  - id: inside-3
    blocks:
      - paragraph: {LONG}
  - id: back
    role: back
    fit: shrink
    blocks:
      - paragraph: {LONG}
"""

# Layout faults, only in this test's copy of the project.
BAD_CSS = """
#panel-2 { padding-left: 1mm; } #panel-2 p { text-indent: 0; }     /* text 1 mm from the trim */
#panel-3 { padding-right: 0.5mm; } #panel-3 p { text-align: right; }   /* text at the fold */
#panel-4 { overflow: visible; } #panel-4 h2.section { margin-top: -15mm; }  /* into the bleed */
#panel-4 p.note { font-size: 6pt; }                              /* below the minimum */
#panel-1 .panel-body::after { content: ""; position: absolute; right: -7mm; bottom: -7mm; width: 20mm;
  height: 20mm; background: #35a16b; opacity: 0.5; }   /* translucent, and stops at the trim */
"""


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


@pytest.fixture(scope="module")
def bad(tmp_path_factory) -> tuple[Path, list, list]:
    """The ``bad`` brochure checked once: (project root, errors, warnings)."""
    from brochure.builder.pipeline import render_and_check
    from brochure.project import open_project

    root = copy_project(tmp_path_factory.mktemp("bad") / "project")
    (root / "data" / "brochures" / "bad.yaml").write_text(BAD, encoding="utf-8")
    with (root / "layouts" / "maki3" / "maki3.css").open("a", encoding="utf-8") as css:
        css.write(BAD_CSS)
    panel = root / "layouts" / "base" / "panel.html"
    panel.write_text(panel.read_text(encoding="utf-8").replace(
        '<div class="panel-body">',
        '<div class="panel-body">{% if position == 5 %}<img src="data/assets/low.png" alt="" style="width: 40mm">{% endif %}'),
        encoding="utf-8")
    (root / "data" / "assets").mkdir(exist_ok=True)
    Image.new("RGB", (40, 40), "#35a16b").save(root / "data" / "assets" / "low.png")   # 25 dpi at 40 mm
    contacts = root / "data" / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    start = text.index("\nsasaete-network:")
    at = text.index("verified: 2021-03-01", start)
    contacts.write_text(text[:at] + "verified: 2019-12-01" + text[at + len("verified: 2021-03-01"):], encoding="utf-8")
    result, errors = render_and_check(open_project(root), ["bad"])
    return root, [str(p) for p in errors], [str(p) for p in result.warnings]


def matching(problems: list[str], *parts: str) -> list[str]:
    return [p for p in problems if all(part in p for part in parts)]


def test_overflow_names_panel_data_line_and_millimetres(bad):
    root, errors, _ = bad
    line = line_of(root / "data" / "brochures" / "bad.yaml", "id: inside-3")
    found = matching(errors, f"data/brochures/bad.yaml:{line}:", "bad 2021-03 panel 5 (inside-3): panels[4]",
                      "mm past the bottom of the panel")
    assert found, errors
    assert float(re.search(r"runs ([\d.]+) mm", found[0]).group(1)) > 20
    # the hint says where the line for shrink-to-fit goes: under the panel's id, at its line, shown as typed
    assert f"add the line 'fit: shrink' under '- id: inside-3' at data/brochures/bad.yaml:{line}" in found[0]
    assert f"\n    {line:>4} |   - id: inside-3\n       + |     fit: shrink" in found[0], found[0]
    # no earlier build to compare with: the longest text on the panel is named as such, not as the cause
    paragraph = line_of(root / "data" / "brochures" / "bad.yaml", "ひきこもりの状態にある方や")
    assert f"the longest texts on this panel: panels[4].blocks[0] (data/brochures/bad.yaml:{paragraph}, " in found[0]


def test_overflow_after_an_edit_points_at_the_line_edited(built, tmp_path):
    """A contact's name lengthened until its card runs over: the error is at that record's line in
    data/contacts.yaml, says by how much it grew since the last build, and names the panel."""
    from io import StringIO

    from test_incremental import copy_built
    root = copy_built(built, tmp_path / "project")
    contacts = root / "data" / "contacts.yaml"
    name = "認定NPO法人支えてネットワーク"
    contacts.write_text(contacts.read_text(encoding="utf-8").replace(f"name: {name}\n", f"name: {name}{'相談窓口' * 25}\n"),
                        encoding="utf-8")
    err = StringIO()
    assert main(["--project", str(root), "build", "yamaguchi"], out=StringIO(), err=err) == 1
    line = line_of(contacts, "相談窓口相談窓口")
    found = matching(err.getvalue().split("\ndata/"), f"contacts.yaml:{line}:3: yamaguchi 2021-03 panel 4 (inside-2): "
                     "sasaete-network.name: content runs", "since the last build sasaete-network.name grew by 100 "
                     f"characters: data/contacts.yaml:{line}")
    assert found, err.getvalue()
    assert "+ |     fit: shrink" in found[0]


def test_shrink_to_fit_stops_at_the_floor_then_reports_overflow(bad):
    _, errors, warnings = bad
    assert matching(errors, "panel 6 (back)", "even with the type shrunk to its floor (9.0 pt body)"), errors
    assert matching(warnings, "panel 6 (back)", "type shrunk to 90% to fit (9.0 pt body)", "[info]"), warnings


def test_missing_glyph_names_character_code_point_and_data_value(bad):
    root, errors, _ = bad
    line = line_of(root / "data" / "brochures" / "bad.yaml", "𠮷")
    assert matching(errors, f"data/brochures/bad.yaml:{line}:", "bad 2021-03 panel 3 (inside-1): "
                    "panels[2].blocks[0].paragraph", "'𠮷' (U+20BB7) is not in the bundled fonts"), errors


def test_fallback_font_after_rendering_is_an_error(bad):
    _, errors, _ = bad
    # with a CJK system font WeasyPrint silently draws it in that font; without one, as .notdef
    assert (matching(errors, "bad 2021-03", "'𠮷' was drawn with a system font")
            or matching(errors, "bad 2021-03", "WeasyPrint: .notdef glyph rendered", "U+20BB7")), errors


def test_text_below_the_minimum_size(bad):
    _, errors, _ = bad
    assert matching(errors, "panel 4 (inside-2)", "小さすぎる注記", "6.0 pt, below the 7 pt minimum"), errors


def test_text_near_the_trim(bad):
    root, errors, _ = bad
    line = line_of(root / "data" / "brochures" / "bad.yaml", "裁ち落とし線")
    assert matching(errors, f"bad.yaml:{line}:", "panel 2 (flap): panels[1].blocks[0].paragraph",
                    "is 1.0 mm from the trim (keep 3 mm)"), errors


def test_text_near_a_fold_uses_the_fold_plan_distance(bad):
    _, errors, _ = bad
    assert matching(errors, "panel 3 (inside-1)", "0.5 mm from the fold at 100 mm (keep 3 mm)"), errors


def test_overflowing_panels_are_not_reported_twice_as_trim_problems(bad):
    _, errors, _ = bad
    assert not matching(errors, "panel 5 (inside-3)", "from the trim")
    assert not matching(errors, "panel 6 (back)", "from the trim")


def test_content_in_the_bleed(bad):
    _, errors, _ = bad
    assert matching(errors, "panel 4 (inside-2)", "塗り足し", "past the trim, into the bleed"), errors
    assert matching(errors, "panel 4 (inside-2)", "a background or border (h2.section) prints 7.0 mm past the trim")


def test_shape_at_the_trim_must_run_into_the_bleed(bad):
    _, errors, warnings = bad
    for edge in ("right", "bottom"):
        found = matching(warnings, "panel 1 (cover)", "a background or border (div.panel-body)",
                         f"ends 0.0 mm past the trim at the {edge} edge: it must run 3 mm into the bleed", "[warning]")
        assert found, warnings
    # the reference covers' circles are in the background layer and reach the bleed's edge: no warning there
    assert not matching(warnings, "bg-cover")


def test_transparency_is_named_in_the_layout_and_the_print_pdf(bad):
    _, errors, warnings = bad
    assert matching(warnings, "panel 1 (cover)", "div.panel-body is drawn with transparency (opacity 0.5)"), warnings
    found = matching(warnings, "the print PDF holds transparency: page 1, panel slot", "/ca 0.5")
    assert found and "[warning]" in found[0], warnings


def test_a_panel_more_than_a_third_empty_is_a_design_warning(bad):
    _, errors, warnings = bad
    found = matching(warnings, "panel 3 (inside-1)", "design:", "of the panel", "is empty", "more than a third",
                     "[warning]")
    assert found and "fit: fill" in found[0], warnings
    assert not matching(errors, "more than a third")
    # the cover and the fold-in panel are as empty, by design: not reported (only the inside panels are)
    assert not matching(warnings, "panel 1 (cover)", "more than a third")
    assert not matching(warnings, "panel 2 (flap)", "more than a third")
    # an overflowing panel is reported as such, never also as empty
    assert not matching(warnings, "panel 5 (inside-3)", "more than a third")


def test_low_resolution_image(bad):
    _, errors, _ = bad
    found = matching(errors, "panel 5 (inside-3)", "data/assets/low.png (40×40 px) prints at 25 dpi, below 300 dpi")
    assert found, errors
    # the pixel width to aim for: printed 40 mm wide, 300 dpi needs 40 / 25.4 × 300 = 472.4 → 473 px
    assert "hint: at 40 mm wide it needs at least 473 px across" in found[0], found[0]


def test_stale_contact_is_a_warning_naming_the_record(bad):
    root, errors, warnings = bad
    contacts = root / "data" / "contacts.yaml"
    line = line_of(contacts, "verified: 2019-12-01")
    found = matching(warnings, f"data/contacts.yaml:{line}:", "bad 2021-03 panel 4 (inside-2): sasaete-network.verified",
                     "last verified on 2019-12-01, more than 12 months before the issue month 2021-03", "[warning]")
    assert found, warnings
    assert not matching(errors, "sasaete-network.verified")


def test_reference_leaflets_pass_every_check(tmp_path, capsys):
    from io import StringIO

    root = copy_project(tmp_path / "project")
    out = StringIO()
    assert main(["--project", str(root), "check", "--json", "--strict"], out=out) == 0
    report = json.loads(out.getvalue())
    assert report["ok"] and report["errors"] == [] and report["warnings"] == []
    assert {(c["brochure"], c["variant"]) for c in report["checked"]} == {
        (n, v) for n in ("yamaguchi", "sapporo") for v in variants_of(n)}   # Sapporo's English edition too
    assert not (root / "build").exists(), "check writes nothing"


def test_strict_makes_warnings_errors_in_check_and_build(tmp_path):
    from io import StringIO
    root = copy_project(tmp_path / "project")
    contacts = root / "data" / "contacts.yaml"
    text = contacts.read_text(encoding="utf-8")
    at = text.index("verified: 2021-03-01", text.index("\nsasaete-network:"))
    contacts.write_text(text[:at] + "verified: 2018-01-31" + text[at + 20:], encoding="utf-8")
    out, err = StringIO(), StringIO()
    assert main(["--project", str(root), "check", "sapporo", "--strict"], out=out) == 0   # sapporo does not print it
    assert main(["--project", str(root), "build", "yamaguchi", "--strict"], out=out, err=err) == 1
    assert "sasaete-network.verified" in err.getvalue() and nothing_written(root)


def test_shrink_steps_down_until_it_fits_or_reaches_the_floor():
    from brochure.layout.fit import shrink_to_fit
    seen = []

    def measure(scales):
        seen.append(dict(scales))
        return {1: (scales[1] - 0.95) * 100, 2: 50.0}   # panel 1 fits at 95 %; panel 2 never fits

    scales = shrink_to_fit({1: 0.9, 2: 0.9}, 10.0, measure)
    assert scales == {1: pytest.approx(0.95), 2: pytest.approx(0.9)}
    assert [(s[1], s[2]) for s in seen] == [(1.0, 1.0), (0.95, 0.95), (0.95, 0.9)]


def test_fill_steps_up_while_it_fits_and_never_past_the_ceiling():
    from brochure.layout.fit import fill_to_fit
    room = {1: 30.0, 2: 3.0}            # mm left at 10 pt; each 0.5 pt step takes 4 mm
    def measure(scales):
        return {p: (scales[p] - 1.0) / 0.05 * 4 - room[p] for p in scales}
    assert fill_to_fit({1: 1.1, 2: 1.2}, 10.0, measure) == {1: 1.1, 2: 1.0}   # 1: the ceiling; 2: no step fits


def test_scaled_css_targets_only_the_panel():
    from brochure.layout.fit import TypeScale, sized_rules
    scale = TypeScale(tuple(sized_rules(".panel { font-size: 10pt } p.note { font-size: 9pt } "
                                        ".sheet { font-size: 0 } .card .label, h3 { font-size: 8pt }")))
    assert (scale.body_pt, scale.note_pt) == (10, 9)
    assert scale.floor(9, 8) == pytest.approx(0.9)
    css = scale.css({3: 0.9, 4: 1.0})
    assert "#panel-3.panel { font-size: 9.000pt }" in css
    assert "#panel-3 p.note { font-size: 8.100pt }" in css
    assert "#panel-3 .card .label, #panel-3.card .label, #panel-3 h3 { font-size: 7.200pt }" in css
    assert "#panel-4" not in css and ".sheet" not in css


def test_many_stale_contacts_are_one_line_with_the_command_that_lists_them():
    from brochure.checks.report import STALE, warning_lines
    from brochure.errors import Problem
    stale = [Problem("data/contacts.yaml", f"yamaguchi 2021-03 panel 4 (inside-2): c{i}.verified", "old", 10 + i,
                     severity="warning", code=STALE) for i in range(28)]
    other = Problem("data/contacts.yaml", "x.tel", "usually written 0837-22-5495", 3, severity="warning")
    lines = warning_lines(stale + [other])
    assert lines == [str(other), "28 printed contacts were last verified more than 12 months before the issue month "
                                 "[warning]\n  hint: list them with: brochure check --stale"]
    assert warning_lines(stale + [other], stale=True) == [str(p) for p in stale + [other]]
    assert warning_lines(stale[:3]) == [str(p) for p in stale[:3]]      # a few are shown as they are


def test_fill_tries_the_ceiling_first_and_steps_up_only_the_panels_that_ran_over():
    """A panel with room to spare is done in one layout; the others step up from the bottom to the
    same sizes as stepping alone would give (each layout of a furigana edition costs a second)."""
    from brochure.layout.fit import fill_to_fit
    room = {1: 30.0, 2: 9.0, 3: 3.0}     # mm left at 10 pt; each 0.5 pt step takes 4 mm
    seen = []

    def measure(scales):
        seen.append(dict(scales))
        return {p: (scales[p] - 1.0) / 0.05 * 4 - room[p] for p in scales}
    assert fill_to_fit({1: 1.2, 2: 1.2, 3: 1.2}, 10.0, measure) == {1: 1.2, 2: 1.1, 3: 1.0}
    assert seen[0] == {1: 1.2, 2: 1.2, 3: 1.2} and all(s[1] == 1.2 for s in seen)
    assert len(seen) == 4     # the ceilings, then 1.05, 1.1 and 1.15 for panel 2 (panel 3 stops at 1.05)
