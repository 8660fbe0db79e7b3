"""One concept, one word: the pages, a view's legend and the gap CSV say the same word
for the same sector and the same coverage status (real rendered output)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graphsvc.config import Settings
from graphsvc.importing import apply_dataset
from graphsvc.model import Dataset
from graphsvc.store import open_store
from graphsvc.words import capital
from tests.api.conftest import TestClient
from tests.api.html import Doc

#: kids need clubs (two city units run them: single sector) and therapy (nobody)
DOCUMENT = {
    "format": "graphsvc-dataset",
    "version": 1,
    "target_groups": [{"id": "kids", "name": "Lapset", "kind": "age", "min_age": 0, "max_age": 6}],
    "needs": [{"id": "clubs", "name": "Kerhot"}, {"id": "therapy", "name": "Terapia"}],
    "group_needs": [
        {"group": "kids", "need": "clubs", "priority": 1},
        {"group": "kids", "need": "therapy", "priority": 1},
    ],
    "providers": [
        {"id": "youth", "name": "Nuorisopalvelut", "sector": "city"},
        {"id": "culture", "name": "Kulttuuripalvelut", "sector": "city"},
    ],
    "services": [
        {"id": "s1", "name": "Kerho", "provider": "youth", "needs": ["clubs"], "groups": ["kids"]},
        {
            "id": "s2",
            "name": "Kerho",
            "provider": "culture",
            "needs": ["clubs"],
            "groups": ["kids"],
        },
    ],
}

#: the words of the city sector and of the two statuses, as each output says them
EXPECTED = {
    "fi": ("Kaupunki", "Yhden sektorin varassa", "Ei toimijaa"),
    "en": ("City", "One sector only", "No provider"),
}


@pytest.fixture
def city_client(settings: Settings, make_client: Callable[[Settings], TestClient]) -> TestClient:
    store = open_store(settings.store)
    try:
        apply_dataset(store, Dataset.model_validate(DOCUMENT))
    finally:
        store.close()
    return make_client(settings)


def _pages(client: TestClient, lang: str) -> tuple[set[str], set[str]]:
    providers = Doc(client.get(f"/providers?lang={lang}").text)
    sectors = {span.text for span in providers.find_all("span", class_="sector sector-city")}
    gaps = Doc(client.get(f"/gaps?lang={lang}").text)
    statuses = {
        span.text
        for span in gaps.find_all("span")
        if span.attrs.get("class", "").startswith("status status-")
    }
    return sectors, statuses


def _legend(client: TestClient, lang: str) -> dict[str, str]:
    view = Doc(client.get(f"/views/network?group=kids&lang={lang}").text)
    [legend] = view.find_all("aside", id="gv-legend")
    return {
        f"{ul.attrs['data-section']}.{li.attrs['data-key']}": li.text.strip()
        for ul in legend.children
        if ul.tag == "ul"
        for li in ul.children
        if li.tag == "li"
    }


def _csv(client: TestClient, lang: str) -> list[list[str]]:
    text = client.get(f"/gaps.csv?lang={lang}").content.decode("utf-8-sig")
    return [line.split(";") for line in text.splitlines()[1:]]


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_pages_legend_and_csv_agree_on_sector_and_status(
    city_client: TestClient, lang: str
) -> None:
    city, single_sector, uncovered = EXPECTED[lang]
    sectors, statuses = _pages(city_client, lang)
    legend = _legend(city_client, lang)
    rows = _csv(city_client, lang)
    # the pages
    assert sectors == {city}
    assert {single_sector, uncovered} <= statuses
    # the view's legend
    assert legend["sector.city"] == city
    assert legend["status.single_sector"] == single_sector
    assert legend["status.uncovered"] == uncovered
    # the gap CSV: the kind column as the badges say it, the sector inside the sentence
    kinds = {row[1]: row[-1] for row in rows}
    assert set(kinds) == {single_sector, uncovered}
    sentence = kinds[single_sector]
    assert city.lower() in sentence and capital(city.lower()) == city, sentence
