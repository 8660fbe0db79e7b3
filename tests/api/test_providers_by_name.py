"""The provider directory lists providers by name as a Finn sorts names (issue 18)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


def names_on(page: str) -> list[str]:
    return re.findall(r'<a href="/providers/[^"]+">([^<]+)</a>', page)


def test_by_name(client: TestClient) -> None:
    listed = names_on(client.get("/providers").text)
    # by id they were jkl, jkl-varhaiskasvatus, mll, pikkuiset
    assert listed == [
        "Jyväskylän kaupunki",
        "MLL Keski-Suomen piiri",
        "Päiväkoti Pikkuiset Oy",
        "Varhaiskasvatus",
    ]
    # the sector filter keeps the order
    ngo = names_on(client.get("/providers?sector=ngo").text)
    assert ngo and ngo == sorted(ngo, key=str.casefold)
