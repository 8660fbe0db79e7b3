"""The demand-profile page: open to read, an editor adds a profile, the form needs its
CSRF token, and the gap report then has the profile's pairs."""

from __future__ import annotations

from tests.api.conftest import TestClient
from tests.api.html import Doc


def test_anyone_reads_the_profiles_in_both_languages(client: TestClient) -> None:
    fi = Doc(client.get("/demand?lang=fi").text)
    assert fi.find("h1").text == "Tarveprofiilit"
    cells = [td.text for td in fi.find_all("td")]
    assert "Varhaiskasvatuslaki 540/2018. Järjestää: kunta." in cells
    assert fi.find_all("button", type="submit") == []  # (no form for someone not signed in)
    en = Doc(client.get("/demand?lang=en").text)
    assert [h.text.split(" ")[0] for h in en.find_all("h2")] == ["Statutory", "Jyväskylä"]


def test_an_editor_adds_a_profile_once(client: TestClient, tokens: dict[str, str]) -> None:
    client.post("/login", data={"token": tokens["editor"]})
    page = Doc(client.get("/demand?lang=en").text)
    csrf = page.find("input", name="csrf").attrs["value"]
    forged = client.post("/demand", data={"csrf": "x", "profile": "statutory"})
    assert forged.status_code == 403
    r = client.post("/demand", data={"csrf": csrf, "profile": "statutory"})
    assert r.status_code == 200, r.text
    # (added, unchanged) of target groups, needs and group needs, the report's table first:
    # the suite's small dataset has age-0-6, early-education and their pair, which stay
    assert _report(r.text) == ["3", "1", "19", "1", "27", "1"]
    again = client.post("/demand", data={"csrf": csrf, "profile": "statutory"})
    assert _report(again.text) == ["0", "4", "0", "20", "0", "28"]
    gaps = client.get("/api/v1/gaps?need=basic-education").json()
    assert [(r["group"], r["status"]) for r in gaps["coverage"]] == [("age-7-21", "uncovered")]
    assert client.post("/demand", data={"csrf": csrf, "profile": "nope"}).status_code == 404


def _report(html: str) -> list[str]:
    doc = Doc(html)
    assert doc.find("section", id="report")
    return [td.text for td in doc.find_all("td")][:6]
