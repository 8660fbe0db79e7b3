"""A scenario saved from its page and reopened from /saved, on the demo in SQLite over
HTTP: the same result, a picture that draws the move, the form only for editors, and
an unknown provider named by its field and id."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

import pytest

from graphsvc.config import Settings
from graphsvc.model import Sector
from graphsvc.serving.auth import TokenStore
from graphsvc.serving.saved import get_view, view_arguments
from graphsvc.store import open_store
from tests.api.conftest import TestClient
from tests.api.html import Doc
from visual.embed import view_params, view_spec

#: the sote units leave, the NGOs' support body becomes a city unit, it starts working
#: with the university, and the city's research projects with the university end
SCENARIO = [
    ("remove_sector", "wellbeing_county"),
    ("move_provider", "kyt"),
    ("move_to", "city"),
    ("add_a", "kyt"),
    ("add_b", "jyu"),
    ("end_a", "jyvaskyla-kaupunki"),
    ("end_b", "jyu"),
    ("as_of", "2026-12-05"),
    ("run", "1"),
]


@pytest.fixture
def demo(settings_for: Callable[..., Settings]) -> Settings:
    return settings_for(demo=True)


@pytest.fixture
def site(
    demo: Settings, make_client: Callable[[Settings], TestClient]
) -> tuple[TestClient, dict[str, str]]:
    """A client on the demo, and an editor's and a viewer's token."""
    tokens = TokenStore(demo.tokens_db)
    made = {role: tokens.create(role, f"test {role}")[0] for role in ("editor", "viewer")}
    tokens.close()
    return make_client(demo), made


def sign_in(client: TestClient, token: str) -> None:
    r = client.post("/login", data={"token": token, "next": "/"}, follow_redirects=False)
    assert r.status_code == 303


def result_of(html: str) -> list[str]:
    """The result's lists as read: every cell and list item of the result section."""
    section = html[html.index('id="h-result"') : html.index('id="h-result"') + 200_000]
    section = section.split("<form", 1)[0]
    doc = Doc(section)
    return [e.text.strip() for e in doc.find_all("td") + doc.find_all("li")]


def save_form(html: str) -> dict[str, list[str]]:
    """The fields of the page's save-scenario form (hidden ones repeat)."""
    doc = Doc(html)
    form = doc.by_id("save-scenario")
    start = doc.elements.index(form)
    fields: dict[str, list[str]] = {}
    for el in doc.elements[start:]:
        if el.tag == "form" and el is not form:
            break
        if el.tag == "input" and el.attrs.get("type") == "hidden":
            fields.setdefault(str(el.attrs["name"]), []).append(str(el.attrs.get("value") or ""))
    return fields


def test_a_saved_scenario_reopens_with_the_same_result(
    site: tuple[TestClient, dict[str, str]], demo: Settings
) -> None:
    client, tokens = site
    sign_in(client, tokens["editor"])
    url = "/scenarios?" + urlencode(SCENARIO)
    page = client.get(url)
    assert page.status_code == 200, page.text
    unsaved = result_of(page.text)
    assert "Jäävät ilman toimijaa" in page.text and unsaved  # (a result worth comparing)
    # the picture draws every change, not only the removals
    assert "move_sector=kyt%3Dcity" in page.text and "add_partnership=kyt%2Cjyu" in page.text
    fields = save_form(page.text)
    assert fields["move_sector"] == ["kyt=city"]
    assert fields["add_partnership"] == ["kyt,jyu"]
    assert fields["remove_partnership"] == ["jyvaskyla-kaupunki,jyu"]
    posted = fields | {"name": ["kyt-kaupungiksi"], "title": ["KYT"]}
    saved = client.post("/saved/scenario", data=posted, follow_redirects=False)
    assert (saved.status_code, saved.headers["location"]) == (303, "/saved?done=scenario")
    listed = client.get("/saved?done=scenario")
    assert "Skenaario tallennettu." in listed.text
    link = next(
        a.attrs["href"] for a in Doc(listed.text).find_all("a") if a.text == "skenaariosivulla"
    )
    reopened = client.get(str(link))
    assert reopened.status_code == 200
    assert result_of(reopened.text) == unsaved
    # the form is filled in as it was: the move, the new and the ended partnership, the day
    assert save_form(reopened.text) == fields
    assert reopened.text.count('<option value="kyt" selected>') == 2
    assert 'value="2026-12-05"' in reopened.text
    # the saved view's picture: kyt drawn in its new sector, the removed greyed
    assert client.get("/embed/views/kyt-kaupungiksi").status_code == 200
    store = open_store(demo.store)
    try:
        args, changes = view_arguments(get_view(store, "kyt-kaupungiksi"))
        spec = view_spec(store.snapshot(), view_params(**args), changes=changes)
    finally:
        store.close()
    assert spec.node("p:kyt").sector is Sector.CITY
    assert spec.node("p:ks-hyvinvointialue").removed


def test_a_viewer_sees_no_form_and_cannot_post(site: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = site
    sign_in(client, tokens["viewer"])
    page = client.get("/scenarios?" + urlencode(SCENARIO))
    assert page.status_code == 200 and 'id="h-result"' in page.text
    assert 'action="/saved/scenario"' not in page.text
    r = client.post("/saved/scenario", data={"name": "x", "title": "X", "move_sector": "kyt=city"})
    assert r.status_code == 403


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("move_sector", "ghost=city", "query.move_sector: toimijaa »ghost« ei ole."),
        ("add_partnership", "kyt,ghost", "query.add_partnership: toimijaa »ghost« ei ole."),
        ("remove_provider", "ghost", "query.remove_provider: toimijaa »ghost« ei ole."),
    ],
    ids=["move", "add", "remove"],
)
def test_an_unknown_provider_is_named_by_field_and_id(
    site: tuple[TestClient, dict[str, str]], field: str, value: str, shown: str
) -> None:
    client, tokens = site
    sign_in(client, tokens["editor"])
    page = client.get("/scenarios?" + urlencode(SCENARIO))
    form: dict[str, Any] = save_form(page.text)
    form[field] = [value]
    r = client.post("/saved/scenario", data=form | {"name": "huono", "title": "Huono"})
    assert r.status_code == 422
    assert Doc(r.text).find("p", role="alert").text == shown
    assert client.get("/api/v1/views").json() == []


def test_the_scenario_page_link_is_stable(site: tuple[TestClient, dict[str, str]]) -> None:
    client, _ = site
    url = "/scenarios?" + urlencode(SCENARIO)
    assert result_of(client.get(url).text) == result_of(client.get(url).text)
