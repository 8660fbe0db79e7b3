"""A page's refusal in the page's language, not the service's English (issue 18)."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

HTML = {"Accept": "text/html"}


def main_text(page: str) -> str:
    found = re.search(r"<main.*?</main>", page, re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(0) if found else "")).split())


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/scenarios?remove_provider=nope", 404, "Toimijaa »nope« ei ole."),
        ("/scenarios?move_provider=mll&move_to=xx", 422, "Sektoria »xx« ei ole."),
        ("/scenarios?add_a=mll&add_b=mll", 422, "Toimija ei voi olla kumppani itsensä kanssa"),
        ("/scenarios?end_a=mll&end_b=jkl", 404, "Toimijoiden »mll« ja »jkl« välillä ei ole"),
        ("/groups/nope", 404, "Kohderyhmää »nope« ei ole."),
        ("/providers/nope", 404, "Toimijaa »nope« ei ole."),
        ("/providers/nope?lang=en", 404, "There is no provider “nope”."),
    ],
)
def test_refusals_in_the_pages_language(
    client: TestClient, url: str, status: int, words: str
) -> None:
    page = client.get(url, headers=HTML)
    assert page.status_code == status
    assert words in main_text(page.text)
    if "lang=en" not in url:
        assert not re.search(r"\b(no|is not|cannot|there is)\b", main_text(page.text))
