"""The edit pages, on SQLite and the suite's Neo4j: create → edit → end → revert with
the change log checked field by field; a stale form; wrong references named by field
and id in the page's language, nothing written; who may edit and revert; hostile text
in the history shows as text."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.html import Doc

HOSTILE = '<img src=x onerror=alert(1)>"&'


@pytest.fixture
def site(
    open_site: Callable[..., tuple[TestClient, dict[str, str]]],
) -> tuple[TestClient, dict[str, str]]:
    """A client on the small dataset in SQLite or Neo4j, and {role: token}."""
    return open_site(viewer="anna-viewer", editor="anna-editor")


def sign_in(client: TestClient, token: str) -> None:
    r = client.post("/login", data={"token": token, "next": "/"}, follow_redirects=False)
    assert r.status_code == 303


def form_of(client: TestClient, url: str, action: str | None = None) -> dict[str, Any]:
    """The hidden fields (csrf, version, …) of the page's form posting to `action`."""
    r = client.get(url)
    assert r.status_code == 200, r.text
    doc = Doc(r.text)
    forms = [f for f in doc.find_all("form") if action is None or f.attrs.get("action") == action]
    assert forms, f"no form to {action} on {url}"
    start = doc.elements.index(forms[0])
    hidden: dict[str, Any] = {}
    for el in doc.elements[start:]:
        if el.tag == "form" and el is not forms[0]:
            break
        if el.tag == "input" and el.attrs.get("type") == "hidden":
            hidden[str(el.attrs["name"])] = el.attrs.get("value") or ""
    return hidden


def changes(client: TestClient, id: str) -> list[dict[str, Any]]:
    """The changes of one record, oldest first."""
    items = client.get("/api/v1/changes", params={"id": id, "limit": 1000}).json()["items"]
    return list(reversed(items))


def problems(html: str) -> list[str]:
    return [li.text.strip() for li in Doc(html).find_all("li") if li.text.strip()][-10:]


PROVIDER = {
    "id": "kaamos",
    "name.fi": "Kaamos ry",
    "name.en": "Kaamos association",
    "sector": "ngo",
    "parent": "",
    "tags": "vertaistuki, nuoret",
}


def test_create_edit_end_revert_through_the_pages(site: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = site
    sign_in(client, tokens["editor"])
    hidden = form_of(client, "/edit/providers/new", "/edit/providers")
    assert hidden["version"] == ""
    r = client.post("/edit/providers", data={**hidden, **PROVIDER}, follow_redirects=False)
    assert r.status_code == 303, problems(r.text)
    assert r.headers["location"] == "/edit/providers/kaamos?done=saved"
    made = changes(client, "kaamos")
    assert [(c["op"], c["field"], c["after"], c["channel"], c["who"]) for c in made] == [
        (
            "add",
            None,
            {
                "id": "kaamos",
                "name": {"fi": "Kaamos ry", "en": "Kaamos association"},
                "sector": "ngo",
                "tags": ["vertaistuki", "nuoret"],
            },
            "page",
            "anna-editor",
        )
    ]

    # edit: the parent picked by name, typed in another case and without diacritics
    hidden = form_of(client, "/edit/providers/kaamos", "/edit/providers")
    assert hidden["version"] == "1"
    edited = {**PROVIDER, "parent": "JYVASKYLAN kaupunki", "email": "kaamos@example.org"}
    r = client.post("/edit/providers", data={**hidden, **edited}, follow_redirects=False)
    assert r.status_code == 303, problems(r.text)
    assert [(c["field"], c["before"], c["after"]) for c in changes(client, "kaamos")[1:]] == [
        ("email", None, "kaamos@example.org"),
        ("parent", None, "jkl"),
    ]

    # end: the last day
    hidden = form_of(client, "/edit/providers/kaamos", "/edit/providers/kaamos/end")
    r = client.post(
        "/edit/providers/kaamos/end", data={**hidden, "day": "2025-12-31"}, follow_redirects=False
    )
    assert r.status_code == 303
    ended = changes(client, "kaamos")[-1]
    assert (ended["field"], ended["before"], ended["after"]) == ("valid_to", None, "2025-12-31")
    assert client.get("/api/v1/providers/kaamos").json()["valid_to"] == "2025-12-31"

    # revert the end from the provider page's history
    page = client.get("/providers/kaamos")
    assert f'action="/changes/{ended["id"]}/revert"' in page.text
    hidden = form_of(client, "/providers/kaamos", f"/changes/{ended['id']}/revert")
    r = client.post(f"/changes/{ended['id']}/revert", data=hidden)
    assert r.status_code == 200 and "peruttu" in r.text
    assert "valid_to" not in client.get("/api/v1/providers/kaamos").json()
    undo = changes(client, "kaamos")[-1]
    assert (undo["field"], undo["before"], undo["after"], undo["channel"]) == (
        "valid_to",
        "2025-12-31",
        None,
        "page",
    )
    assert undo["summary"] == f"revert of {ended['id']}"


def test_a_stale_form_says_who_changed_it_and_shows_both(
    site: tuple[TestClient, dict[str, str]],
) -> None:
    client, tokens = site
    sign_in(client, tokens["editor"])
    hidden = form_of(client, "/edit/providers/mll", "/edit/providers")
    # meanwhile, somebody else changes the description through the API
    r = client.patch(
        "/api/v1/providers/mll",
        headers={"Authorization": f"Bearer {tokens['editor']}"},
        json={"email": "theirs@example.org"},
    )
    assert r.status_code == 200
    mine = {"id": "mll", "name.fi": "MLL", "sector": "ngo", "email": "mine@example.org"}
    r = client.post("/edit/providers", data={**hidden, **mine}, follow_redirects=False)
    assert r.status_code == 409
    doc = Doc(r.text)
    assert "Joku muutti tätä sillä välin: anna-editor" in doc.text
    rows = [[td.text for td in tr.children if td.tag in ("th", "td")] for tr in doc.find_all("tr")]
    assert ["email", "mine@example.org", "theirs@example.org"] in rows
    assert client.get("/api/v1/providers/mll").json()["email"] == "theirs@example.org"
    # the form is at the version now stored: saving again is a choice made knowingly
    again = Doc(r.text).find("input", name="version").attrs["value"]
    r = client.post(
        "/edit/providers", data={**hidden, **mine, "version": again}, follow_redirects=False
    )
    assert r.status_code == 303
    assert client.get("/api/v1/providers/mll").json()["email"] == "mine@example.org"


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_wrong_references_are_named_and_nothing_is_written(
    site: tuple[TestClient, dict[str, str]], lang: str
) -> None:
    client, tokens = site
    sign_in(client, tokens["editor"])
    client.get(f"/edit/services/new?lang={lang}")
    hidden = form_of(client, "/edit/services/new", "/edit/services")
    before = client.get("/api/v1/changes").json()["total"]
    r = client.post(
        "/edit/services",
        data={
            **hidden,
            "id": "s-uusi",
            "name.fi": "Uusi",
            "provider": "ei ketään tällä nimellä",
            "needs": ["clubs", "no-such-need"],
            "min_age": "9",
            "max_age": "x",
        },
    )
    assert r.status_code == 422
    said = Doc(r.text).text
    if lang == "fi":
        assert "Toimija: nimellä »ei ketään tällä nimellä« ei löydy yhtään: toimija." in said
        assert "Yläikäraja: arvo »x« ei kelpaa: sen pitää olla luku." in said
    else:
        assert "Provider: no provider is named »ei ketään tällä nimellä«." in said
        assert "Highest age: the value »x« will not do: it must be a number." in said
    r = client.post(
        "/edit/services",
        data={
            **hidden,
            "id": "s-uusi",
            "name.fi": "Uusi",
            "provider": "mll",
            "needs": ["clubs", "no-such-need"],
        },
    )
    assert r.status_code == 422
    word = "ei ole verkostossa" if lang == "fi" else "there is no need »no-such-need«"
    assert word in Doc(r.text).text and "no-such-need" in Doc(r.text).text
    assert client.get("/api/v1/services/s-uusi").status_code == 404
    assert client.get("/api/v1/changes").json()["total"] == before


def test_a_name_several_share_asks_to_choose(site: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = site
    r = client.post(
        "/api/v1/providers",
        headers={"Authorization": f"Bearer {tokens['editor']}"},
        json={"id": "kaupunkilahetys", "name": "Kaupunkilähetys ry", "sector": "ngo"},
    )
    assert r.status_code == 201
    sign_in(client, tokens["editor"])
    hidden = form_of(client, "/edit/partnership", "/edit/partnership")
    data = {**hidden, "source": "mll", "target": "kaupunki", "kind": "purchase"}
    r = client.post("/edit/partnership", data=data)
    assert r.status_code == 422
    options = [o.attrs["value"] for o in Doc(r.text).find("select", name="target__id").children]
    assert options == ["jkl", "kaupunkilahetys"]
    assert "»kaupunki« sopii moneen; valitse listasta." in Doc(r.text).text
    r = client.post("/edit/partnership", data={**data, "target__id": "jkl"}, follow_redirects=False)
    assert r.status_code == 303
    rels = client.get("/api/v1/relationships", params={"node": "mll", "kind": "PARTNERS_WITH"})
    assert any(
        x["target"] == "jkl" and x["properties"]["kind"] == "purchase" for x in rels.json()["items"]
    )


def test_who_may_edit_and_revert(site: tuple[TestClient, dict[str, str]]) -> None:
    client, tokens = site
    assert client.get("/edit/providers/mll").status_code == 401
    assert client.post("/edit/providers", data={"id": "x"}).status_code == 401
    assert client.post("/changes/1/revert", data={}).status_code == 401
    sign_in(client, tokens["viewer"])
    assert client.get("/edit/providers/mll").status_code == 403
    assert client.post("/edit/providers", data={"id": "x"}).status_code == 403
    assert client.post("/changes/1/revert", data={}).status_code == 403
    # an editor without the form's CSRF token is refused too
    sign_in(client, tokens["editor"])
    assert client.post("/changes/1/revert", data={"csrf": "forged"}).status_code == 403
    logged = client.get("/api/v1/changes", params={"limit": 1000}).json()["items"]
    assert {c["change_set"] for c in logged} == {1}  # the import alone


def test_hostile_text_shows_as_text_in_the_history(
    site: tuple[TestClient, dict[str, str]],
) -> None:
    client, tokens = site
    sign_in(client, tokens["editor"])
    hidden = form_of(client, "/edit/providers/mll", "/edit/providers")
    data = {
        "id": "mll",
        "name.fi": HOSTILE,
        "description.fi": HOSTILE,
        "sector": "ngo",
        "url": "javascript:alert(1)",
        "email": HOSTILE,
        "phone": HOSTILE,
        "tags": HOSTILE,
    }
    r = client.post("/edit/providers", data={**hidden, **data}, follow_redirects=False)
    assert r.status_code == 303, problems(r.text)
    for url in ("/providers/mll", "/changes", "/edit/providers/mll"):
        page = client.get(url)
        assert "<img src=x" not in page.text
        doc = Doc(page.text)
        assert not doc.find_all("img", src="x")
        cells = [td.text for td in doc.find_all("td", **{"class": "value"})]
        assert HOSTILE in cells, url


def test_delete_through_the_page_and_put_it_back(
    site: tuple[TestClient, dict[str, str]],
) -> None:
    client, tokens = site
    sign_in(client, tokens["editor"])
    before = client.get("/api/v1/providers/mll").json()
    hidden = form_of(client, "/edit/providers/mll", "/edit/providers/mll/delete")
    r = client.post("/edit/providers/mll/delete", data={**hidden, "sure": "yes"})
    assert r.status_code == 200
    assert "Toimija MLL Keski-Suomen piiri (mll) poistettiin." in Doc(r.text).text
    assert client.get("/api/v1/providers/mll").status_code == 404
    assert client.get("/api/v1/services/s-perhekerho").status_code == 404
    gone = changes(client, "mll")[-1]
    assert (gone["op"], gone["channel"]) == ("delete", "page")
    # the whole delete (the provider, its service, its ties) is one change set
    hidden = form_of(client, "/changes", f"/changes/{gone['id']}/revert")
    r = client.post(f"/changes/{gone['change_set']}/revert", data=hidden)
    assert r.status_code == 200, r.text
    assert client.get("/api/v1/providers/mll").json() == before
    assert client.get("/api/v1/services/s-perhekerho").json()["provider"] == "mll"
