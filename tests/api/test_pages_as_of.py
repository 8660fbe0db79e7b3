"""A page read as of a date links the other dated pages at the same date (issue 18)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def menu(page: str) -> dict[str, str]:
    nav = re.search(r"<nav aria-label=[^>]*>(.*?)</nav>", page, re.S)
    assert nav is not None
    return {
        text: href for href, text in re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', nav.group(1))
    }


def test_the_menu_keeps_the_date(client: TestClient) -> None:
    links = menu(client.get("/gaps?as_of=2022-12-31").text)
    assert links["Verkosto"] == "/network?as_of=2022-12-31"
    assert links["Skenaariot"] == "/scenarios?as_of=2022-12-31"
    assert links["Aukot"] == "/gaps?as_of=2022-12-31"
    assert links["Yleiskuva"] == "/"  # (no date there)
    # the menu of a dated page links dated pages; an undated one, plain ones
    assert menu(client.get("/network?as_of=2022-12-31").text)["Aukot"].endswith("2022-12-31")
    assert menu(client.get("/gaps").text)["Verkosto"] == "/network"
    # a date that is no date is not carried on
    assert menu(client.get("/providers?as_of=x%22y").text)["Verkosto"] == "/network"
