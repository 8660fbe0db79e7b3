"""HSDS organisations get a sector from their legal status, type or name, the share
given the default is said, and HTML in descriptions is stored as plain text."""

from __future__ import annotations

import json
from pathlib import Path

from ingest.hsds.plain import plain_text
from ingest.hsds.read import read_hsds_json

# (name, legal_status, organization_type) -> the sector expected
ORGS = [
    ("Jyväskylän kaupunki", None, None, "city"),
    ("Keski-Suomen hyvinvointialue", None, None, "wellbeing_county"),
    ("Sote Palvelut Oy", None, None, "company"),
    ("Mannerheimin Lastensuojeluliitto ry", None, None, "ngo"),
    ("Leeds Teaching Hospitals NHS Trust", None, None, "wellbeing_county"),
    ("Leeds City Council", None, None, "city"),
    ("Acme Ltd", None, None, "company"),
    ("Toy Library", None, None, "ngo"),  # (no "oy" inside a word: the default)
    ("Helping Hands", "Government", None, "city"),  # legal_status before the name
    ("Kotiapu", None, "for-profit", "company"),  # the organisation's type
]


def test_sector_by_status_type_or_name(tmp_path: Path) -> None:
    contents = []
    for i, (name, status, kind, _) in enumerate(ORGS):
        org = {"id": f"o{i}", "name": name}
        if status:
            org["legal_status"] = status
        if kind:
            org["organization_type"] = kind
        contents.append(
            {
                "id": f"s{i}",
                "name": f"Palvelu {i}",
                "status": "active",
                "description": "<p>Apua &amp; tukea<br>arkeen</p>",
                "organization": org,
            }
        )
    page = tmp_path / "page.hsds.json"
    page.write_text(json.dumps({"contents": contents}), encoding="utf-8")
    result = read_hsds_json(page)
    got = {p.name: p.sector.value for p in result.dataset.providers}
    assert got == {name: sector for name, _, _, sector in ORGS}
    (summary,) = [w.message for w in result.warnings if "sector hint" in w.message]
    assert summary.startswith("1 of 10 organization(s) (10 %) had no sector hint")
    assert {s.description for s in result.dataset.services} == {"Apua & tukea\narkeen"}


def test_plain_text_keeps_text_that_is_not_html() -> None:
    assert plain_text("a < b & c") == "a < b & c"
    assert plain_text("<ul><li>yksi</li><li>kaksi</li></ul>") == "yksi\nkaksi"
    assert plain_text("<script>alert(1)</script>Teksti") == "Teksti"
    assert plain_text(None) is None
