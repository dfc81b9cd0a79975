"""Synthetic municipalities: a realistic project folder for scale tests and benchmarks.

``write_project(target, count)`` writes data/contacts.yaml and one
data/brochures/<name>.yaml per municipality (up to 1,741, as many as Japan
has), copying layouts/ and fonts/ from a source project.  Everything comes
from a seeded random generator: the same count gives the same files.

Each municipality is in a real prefecture and gets that prefecture's postal
code prefix and telephone area code; every number is checked with
``phonenumbers`` (region JP).  It lists 10-30 contacts, spread over the five
panels after the cover so that none overflows (see PANEL_CAPACITY).
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

import phonenumbers
import yaml

MAX_MUNICIPALITIES = 1741

# Prefecture, area code of its capital, first three digits of its postal codes.
PREFECTURES = [
    ("北海道", "011", "060"), ("青森県", "017", "030"), ("岩手県", "019", "020"), ("宮城県", "022", "980"),
    ("秋田県", "018", "010"), ("山形県", "023", "990"), ("福島県", "024", "960"), ("茨城県", "029", "310"),
    ("栃木県", "028", "320"), ("群馬県", "027", "371"), ("埼玉県", "048", "330"), ("千葉県", "043", "260"),
    ("東京都", "03", "100"), ("神奈川県", "045", "220"), ("新潟県", "025", "950"), ("富山県", "076", "930"),
    ("石川県", "076", "920"), ("福井県", "0776", "910"), ("山梨県", "055", "400"), ("長野県", "026", "380"),
    ("岐阜県", "058", "500"), ("静岡県", "054", "420"), ("愛知県", "052", "460"), ("三重県", "059", "514"),
    ("滋賀県", "077", "520"), ("京都府", "075", "600"), ("大阪府", "06", "530"), ("兵庫県", "078", "650"),
    ("奈良県", "0742", "630"), ("和歌山県", "073", "640"), ("鳥取県", "0857", "680"), ("島根県", "0852", "690"),
    ("岡山県", "086", "700"), ("広島県", "082", "730"), ("山口県", "083", "753"), ("徳島県", "088", "770"),
    ("香川県", "087", "760"), ("愛媛県", "089", "790"), ("高知県", "088", "780"), ("福岡県", "092", "810"),
    ("佐賀県", "0952", "840"), ("長崎県", "095", "850"), ("熊本県", "096", "860"), ("大分県", "097", "870"),
    ("宮崎県", "0985", "880"), ("鹿児島県", "099", "890"), ("沖縄県", "098", "900"),
]

NAME_HEADS = "青赤朝東西南北上下中大小高長新古本宮山川田野原松竹梅桜杉森林岡島石浜沢池泉土水金白黒緑若富福吉岩桑柏藤菊浅深清豊寺神旭春"
NAME_TAILS = "井戸里浦崎津谷見原野沢田川山岡島城坂瀬口根尾倉橋部江宿丘台平"
SUFFIXES = ["市", "市", "町", "町", "町", "村"]
TOWNS = ["本町", "中央", "旭町", "栄町", "緑町", "若葉町", "幸町", "錦町", "東町", "西町", "南町", "北町", "桜町"]

# (id suffix, name pattern, description) of the kinds of contact a municipal leaflet lists.
KINDS = [
    ("welfare", "{m}福祉課", "ひきこもりや生活のことについての相談窓口"),
    ("health", "{m}保健センター", "こころの健康や医療についての相談"),
    ("council", "{m}社会福祉協議会", "暮らしの困りごと全般の相談"),
    ("youth", "{m}若者サポートステーション", "15歳〜49歳の方の就労についての相談"),
    ("family", "{m}家族会", "ひきこもり当事者を持つ家族の自助グループ"),
    ("ibasho", "{m}居場所ひだまり", "いつ来ていつ帰ってもいい出入り自由な居場所"),
    ("support", "{m}生活自立支援センター", "仕事や家計のことでお困りの方の相談"),
    ("school", "{m}教育相談室", "不登校や学校生活についての相談"),
    ("npo", "NPO法人{m}つながりネット", "訪問支援や居場所づくりを行っています"),
    ("clinic", "{m}こころのクリニック", "精神科・心療内科の診療"),
]

# Contacts per panel after the cover: 5 panels (flap, three inside, back); the
# back also carries the colophon.  Measured with the preflight overflow check
# on the worst case (30 contacts of the longest kinds), with room to spare.
PANEL_CAPACITY = (6, 6, 6, 6, 6)
MIN_CONTACTS, MAX_CONTACTS = 10, 30


def municipalities(count: int, seed: int = 8) -> list[dict]:
    """``count`` municipalities with unique names and codes, spread over the 47 prefectures."""
    if not 1 <= count <= MAX_MUNICIPALITIES:
        raise ValueError(f"count must be between 1 and {MAX_MUNICIPALITIES}")
    rng = random.Random(seed)
    names = [h + t for h in NAME_HEADS for t in NAME_TAILS]
    rng.shuffle(names)
    result = []
    for index in range(count):
        pref_index = index % len(PREFECTURES)
        prefecture, area, postal = PREFECTURES[pref_index]
        name = names[index] + SUFFIXES[index % len(SUFFIXES)]
        code = f"{pref_index + 1:02d}{index // len(PREFECTURES) + 1:03d}"
        result.append({"code": code, "name": name, "prefecture": prefecture, "area": area, "postal": postal})
    return result


def phone_number(rng: random.Random, area: str) -> str:
    """A number valid for phonenumbers (JP) that starts with the area code, hyphenated as the
    national numbering plan writes it (the data checks warn about any other hyphenation)."""
    local_digits = 10 - len(area)            # Japanese geographic numbers have 10 digits with the 0
    while True:
        digits = str(rng.randint(2, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(local_digits - 1))
        number = phonenumbers.parse(area + digits, "JP")
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def contacts_for(town: dict, rng: random.Random) -> dict[str, dict]:
    """10-30 contact records of one municipality, keyed by id."""
    count = rng.randint(MIN_CONTACTS, MAX_CONTACTS)
    records = {}
    for i in range(count):
        suffix, pattern, description = KINDS[i % len(KINDS)]
        district = f"{TOWNS[rng.randrange(len(TOWNS))]}{rng.randint(1, 5)}丁目{rng.randint(1, 30)}-{rng.randint(1, 20)}"
        number = "" if i < len(KINDS) else f"第{i // len(KINDS) + 1}"
        records[f"m{town['code']}-{suffix}{i // len(KINDS) + 1}"] = {
            "name": pattern.format(m=town["name"]) + number,
            "postal_code": f"{town['postal']}-{rng.randrange(10000):04d}",
            "address": f"{town['prefecture']}{town['name']}{district}",
            "tel": phone_number(rng, town["area"]),
            "description": description,
            "verified": "2026-04-01",
        }
    return records


def panel_groups(ids: list[str]) -> list[list[str]]:
    """Contact ids spread over the five panels after the cover, evenly and within PANEL_CAPACITY."""
    if len(ids) > sum(PANEL_CAPACITY):
        raise ValueError(f"at most {sum(PANEL_CAPACITY)} contacts fit on one leaflet")
    groups, start = [], 0
    for panel in range(len(PANEL_CAPACITY)):
        take = len(ids) // len(PANEL_CAPACITY) + (1 if panel < len(ids) % len(PANEL_CAPACITY) else 0)
        groups.append(ids[start:start + take])
        start += take
    return groups


def brochure_for(town: dict, ids: list[str]) -> dict:
    publisher = ids[0]
    groups = panel_groups(ids)
    headings = ["相談窓口のご案内"] + ["相談窓口（つづき）"] * 4
    panels = [{"id": "cover", "role": "cover", "theme": "accent", "blocks": [
        {"lines": [f"{town['name']}"], "style": "cover-badge"},
        {"lines": ["ひきこもり相談"], "style": "cover-title big"},
        {"lines": ["～ひとりで悩まないで～"], "style": "cover-subtitle"},
        {"card": publisher, "compact": True, "style": "cover-card"},
    ]}]
    ids_of_panel = ["flap", "inside-1", "inside-2", "inside-3", "back"]
    for index, (panel_id, group) in enumerate(zip(ids_of_panel, groups)):
        blocks: list[dict] = [{"heading": headings[index]}]
        if group:
            blocks.append({"contacts": group})
        if panel_id == "back":
            blocks.append({"colophon": "edition"})
        panel: dict = {"id": panel_id, "blocks": blocks}
        if panel_id in ("flap", "back"):
            panel["role"] = panel_id
        panels.append(panel)
    return {"title": f"{town['name']}ひきこもり相談窓口のご案内", "fold": "maki3", "paper": "A4",
            "edition": {"issued": "2026-04", "publisher": publisher}, "panels": panels}


def write_project(target: Path, count: int, source: Path | None = None, seed: int = 8) -> list[str]:
    """Write a project of ``count`` municipalities into ``target``; returns the brochure names."""
    source = source or Path(__file__).resolve().parent.parent
    rng = random.Random(seed)
    contacts: dict[str, dict] = {}
    brochures = target / "data" / "brochures"
    brochures.mkdir(parents=True, exist_ok=True)
    names = []
    for town in municipalities(count, seed):
        records = contacts_for(town, rng)
        contacts.update(records)
        name = f"m{town['code']}"
        _dump(brochures / f"{name}.yaml", brochure_for(town, list(records)))
        names.append(name)
    _dump(target / "data" / "contacts.yaml", contacts)
    _copy_tree(source / "layouts", target / "layouts")
    _link_fonts(source / "fonts", target / "fonts")
    return names


def _dump(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


def _copy_tree(source: Path, target: Path) -> None:
    if not target.exists():
        shutil.copytree(source, target)


def _link_fonts(source: Path, target: Path) -> None:
    """Hard links (fonts are large and read-only); copies where links are not possible."""
    target.mkdir(parents=True, exist_ok=True)
    for font in source.iterdir():
        if (target / font.name).exists():
            continue
        try:
            os.link(font, target / font.name)
        except OSError:
            shutil.copy2(font, target / font.name)


def main(argv: list[str] | None = None) -> int:
    import argparse
    parser = argparse.ArgumentParser(description="Write a synthetic project of N municipalities.")
    parser.add_argument("target", type=Path)
    parser.add_argument("--count", type=int, default=20)
    args = parser.parse_args(argv)
    names = write_project(args.target, args.count)
    print(f"{len(names)} brochures written to {args.target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
