"""Example bodies for the OpenAPI page (/docs), taken from the demo's shapes."""

from __future__ import annotations

from typing import Any

from graphsvc.model import Label

NODE_EXAMPLES: dict[Label, dict[str, Any]] = {
    Label.PROVIDER: {
        "id": "mll-keski-suomi",
        "name": "MLL Keski-Suomen piiri",
        "sector": "ngo",
        "url": "https://example.org/mll",
        "tags": ["perhe", "lapset"],
    },
    Label.TARGET_GROUP: {
        "id": "age-0-6",
        "name": {"fi": "0–6-vuotiaat", "en": "Children 0–6"},
        "kind": "age",
        "min_age": 0,
        "max_age": 6,
    },
    Label.NEED: {
        "id": "early-education",
        "name": {"fi": "Varhaiskasvatus", "en": "Early childhood education"},
        "category": "education",
    },
    Label.SERVICE: {
        "id": "s-perhekerho",
        "name": "Perhekerho",
        "provider": "mll-keski-suomi",
        "needs": ["early-education"],
        "groups": ["age-0-6"],
        "channel": "in_person",
    },
    Label.AREA: {
        "id": "keltinmaki",
        "name": "Keltinmäki",
        "kind": "district",
        "parent": "jyvaskyla",
    },
    Label.NETWORK: {
        "id": "hyvinvointifoorumi",
        "name": "Hyvinvointifoorumi",
        "members": ["mll-keski-suomi"],
    },
}

RELATIONSHIP_EXAMPLE: dict[str, Any] = {
    "kind": "PARTNERS_WITH",
    "source": "jkl-varhaiskasvatus",
    "target": "mll-keski-suomi",
    "properties": {"kind": "project", "since": "2018-01-01"},
}

SCENARIO_EXAMPLE: dict[str, Any] = {
    "remove_sectors": ["wellbeing_county"],
    "remove_providers": [],
    "move_sectors": {},
    "add_partnerships": [],
    "remove_partnerships": [],
}
