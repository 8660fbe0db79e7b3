"""Saving a view on the network page and making a deck of it, as an editor in Chromium."""

from __future__ import annotations

import re
from typing import Any

import httpx

from tests.web.conftest import Service


def sign_in(page: Any, service: Service) -> None:
    page.goto(service.url + "/login?next=/network")
    page.get_by_label("API-tunniste (token)").fill(service.editor_token)
    page.get_by_role("button", name="Kirjaudu").click()
    page.wait_for_url(re.compile(r"/network$"))


def test_save_a_view_where_it_is_zoomed_and_make_a_deck(page: Any, service: Service) -> None:
    sign_in(page, service)
    page.goto(service.url + "/network?group=age-7-21")
    frame = page.frame(url=re.compile(r"/embed/network"))
    frame.wait_for_selector("body[data-state=stable]", timeout=30_000)
    frame.evaluate(
        "() => window.graphsvcView.network.moveTo({position: {x: 40, y: 20}, scale: 1.5,"
        " animation: false})"
    )
    page.get_by_label("Nimi (osoitteen loppu)").fill("nuoret-lahella")
    page.get_by_label("Muistiinpano").fill("<b>ei html:ää</b>")
    page.get_by_role("button", name="Tallenna", exact=True).click()
    page.wait_for_url(re.compile(r"/saved\?done=view"))
    assert page.get_by_role("status").inner_text() == "Näkymä tallennettu."
    assert page.locator("td small").inner_text() == "<b>ei html:ää</b>"  # text, not HTML
    view = httpx.get(f"{service.url}/api/v1/views/nuoret-lahella").json()
    assert view["query"] == {"group": "age-7-21", "lang": "fi", "zoom": 1.5, "x": 40.0, "y": 20.0}
    # the saved view reopens where it was zoomed
    page.goto(service.url + "/embed/views/nuoret-lahella")
    page.wait_for_selector("body[data-state=stable]")
    assert page.evaluate("() => window.graphsvcView.place()") == {"zoom": 1.5, "x": 40, "y": 20}
    # a deck of it, and the deck's offline file
    page.goto(service.url + "/saved")
    page.get_by_label("Otsikko").fill("Foorumi 12/2026")
    page.locator("#d-name").fill("foorumi")
    page.get_by_label("Diat").fill("nuoret-lahella | Kolme tarvetta yhden toimijan varassa")
    page.get_by_role("button", name="Tallenna esitys").click()
    page.wait_for_url(re.compile(r"/saved\?done=deck"))
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Lataa esitys")).click()
    assert download.value.suggested_filename == "foorumi.html"
    deck = httpx.get(f"{service.url}/api/v1/decks/foorumi").json()
    assert deck["slides"] == [
        {"view": "nuoret-lahella", "note": "Kolme tarvetta yhden toimijan varassa"}
    ]
    assert page.console_errors == []


def test_a_deck_of_an_unknown_view_is_refused_on_the_page(page: Any, service: Service) -> None:
    sign_in(page, service)
    page.goto(service.url + "/saved")
    if page.locator("#d-name").count() == 0:  # (no saved view yet: save one)
        httpx.put(
            f"{service.url}/api/v1/views/kaikki",
            headers={"Authorization": f"Bearer {service.editor_token}"},
            json={"name": "kaikki", "title": "Kaikki", "query": {}},
        )
        page.goto(service.url + "/saved")
    page.get_by_label("Otsikko").fill("Huono")
    page.locator("#d-name").fill("huono")
    page.get_by_label("Diat").fill("ei-ole")
    page.get_by_role("button", name="Tallenna esitys").click()
    assert page.get_by_role("alert").inner_text() == (
        "Esityksessä on näkymä, jota ei ole tallennettu: ei-ole. Tallenna se ensin."
    )
