"""The demand-profile page: open to read, an editor adds a profile, the form needs its
CSRF token, and the gap report then has the profile's pairs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def test_the_gap_page_gives_residents_and_services_per_1000(
    settings_for: Any, make_client: Any, tmp_path: Path
) -> None:
    from graphsvc.importing import apply_dataset, import_file
    from graphsvc.model import Dataset
    from graphsvc.store import open_store
    from tests.analysis.test_population import NETWORK, TABLE

    settings = settings_for()
    store = open_store(settings.store)
    apply_dataset(store, Dataset.model_validate(NETWORK))
    (tmp_path / "vaesto.csv").write_bytes(TABLE.encode("cp1252"))
    import_file(store, tmp_path / "vaesto.csv", "population")
    store.close()
    doc = Doc(make_client(settings).get("/gaps?lang=en&as_of=2025-06-01").text)
    cells = [td.text for td in doc.find_all("td")]
    # the area gaps, most residents first, then services per 1,000 (see test_population)
    i = cells.index("Pohjoinen (240)")
    assert cells[i : i + 8] == [
        "Pohjoinen (240)",
        "Lapset",
        "Perhekerho",
        "240",
        "Etelä (120)",
        "Lapset",
        "Päivähoito",
        "120",
    ]
    assert cells[-20:-15] == ["Ikäihmiset", "Etelä", "100", "2", "20.0"]
    assert cells[-5:] == ["Lapset", "Pohjoinen", "240", "2", "8.33"]
