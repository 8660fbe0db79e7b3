"""Hand-built graphs for the view tests; each edge count is worked out in the tests."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graphsvc.model import Dataset

#: the day most tests look at: the ngo–daycare project (2019–2021) has ended by then
DAY = date(2025, 6, 1)

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"


def tiny_document() -> dict[str, Any]:
    """Two groups, four needs, five providers (one sharing its id `jkl` with an area)."""
    return {
        "format": "graphsvc-dataset",
        "version": 1,
        "name": "tiny",
        "target_groups": [
            {
                "id": "kids",
                "name": {"fi": "Lapset 0–6", "en": "Children 0–6"},
                "kind": "age",
                "min_age": 0,
                "max_age": 6,
            },
            {
                "id": "mh",
                "name": {"fi": "Mielenterveyskuntoutujat", "en": "Mental health"},
                "kind": "special",
            },
        ],
        "needs": [
            {"id": "daycare", "name": {"fi": "Varhaiskasvatus", "en": "Day care"}},
            {"id": "clubs", "name": {"fi": "Kerhot", "en": "Clubs"}},
            {"id": "therapy", "name": {"fi": "Terapia", "en": "Therapy"}},
            {"id": "digital", "name": {"fi": "Digituki", "en": "Digital support"}},
        ],
        "group_needs": [
            {"group": "kids", "need": "daycare", "priority": 1},
            {"group": "kids", "need": "clubs", "priority": 3},
            {"group": "mh", "need": "therapy", "priority": 1},
            {"group": "mh", "need": "digital", "priority": 2},  # nobody offers it
        ],
        "areas": [
            {"id": "region", "name": "Keski-Suomi", "kind": "region"},
            {"id": "jkl", "name": "Jyväskylä", "kind": "municipality", "parent": "region"},
            {"id": "district", "name": "Keltinmäki", "kind": "district", "parent": "jkl"},
            {"id": "other", "name": "Kuokkala", "kind": "district", "parent": "jkl"},
        ],
        "providers": [
            {"id": "jkl", "name": "Jyväskylän kaupunki", "sector": "city"},
            {
                "id": "daycare-unit",
                "name": "Varhaiskasvatuspalvelut",
                "sector": "city",
                "parent": "jkl",
            },
            {
                "id": "ngo",
                "name": "Mannerheimin Lastensuojeluliiton Keski-Suomen piiri ry",
                "sector": "ngo",
            },
            {
                "id": "company",
                "name": "Päiväkoti Pikkuiset Oy",
                "sector": "company",
                "valid_from": "2020-01-01",
            },
            {"id": "parish", "name": "Seurakunta", "sector": "parish"},  # offers nothing
        ],
        "services": [
            {
                "id": "s-day",
                "name": {"fi": "Päiväkoti Keltinmäki", "en": "Day care centre"},
                "provider": "daycare-unit",
                "needs": ["daycare"],
                "groups": ["kids"],
                "areas": ["district"],
            },
            {
                "id": "s-club",
                "name": "Perhekerho",
                "provider": "ngo",
                "needs": ["clubs"],
                "min_age": 0,
                "max_age": 6,
            },  # serves `kids` by age
            {
                "id": "s-private",
                "name": "Yksityinen päiväkoti",
                "provider": "company",
                "needs": ["daycare"],
                "min_age": 1,
                "max_age": 6,
                "areas": ["other"],
            },
            {
                "id": "s-therapy",
                "name": "Terapiaryhmä",
                "provider": "ngo",
                "needs": ["therapy"],
                "groups": ["mh"],
            },
        ],
        "partnerships": [
            {
                "source": "daycare-unit",
                "target": "company",
                "kind": "voucher",
                "since": "2018-01-01",
            },
            {
                "source": "daycare-unit",
                "target": "ngo",
                "kind": "project",
                "since": "2019-01-01",
                "until": "2021-12-31",
            },
            {"source": "ngo", "target": "parish", "kind": "network"},
        ],
        "networks": [
            {"id": "forum", "name": "Hyvinvointifoorumi", "members": ["daycare-unit", "ngo"]}
        ],
    }


def hostile_document() -> dict[str, Any]:
    """Names that try to break out of HTML, JavaScript and JSON, and a web address."""
    doc = tiny_document()
    doc["providers"][2]["name"] = IMG  # ngo
    doc["providers"][4]["name"] = SCRIPT  # parish
    doc["needs"][3]["name"] = "https://evil.example/?a=1&b=<i>"  # digital
    doc["target_groups"][1]["name"] = "\"quoted\" & 'single' \u2028 line"
    doc["services"][1]["name"] = "Kerho <!-- not a comment -->"
    return doc


@pytest.fixture
def tiny() -> Dataset:
    return Dataset.model_validate(tiny_document())


@pytest.fixture
def hostile() -> Dataset:
    return Dataset.model_validate(hostile_document())


@pytest.fixture
def write_html(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write an HTML string to a file and return its file:// URL."""
    counter = iter(range(1000))

    def write(html: str) -> str:
        path = tmp_path / f"view-{next(counter)}.html"
        path.write_text(html, encoding="utf-8")
        return path.as_uri()

    return write
