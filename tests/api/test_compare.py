"""Two days side by side over HTTP: GET /api/v1/compare, the /compare page (Finnish and
English) and `graphsvc compare`, on the demo's sote reform (2022-12-31 → 2023-01-01)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

import pytest
from typer.testing import CliRunner

from graphsvc.cli import app as cli
from graphsvc.config import Settings
from tests.api.conftest import TestClient, assert_error

REFORM = "from=2022-12-31&to=2023-01-01"


@pytest.fixture
def demo(
    settings_for: Callable[..., Settings], make_client: Callable[[Settings], TestClient]
) -> TestClient:
    return make_client(settings_for(demo=True))


def test_the_api_compares_two_days(demo: TestClient) -> None:
    r = demo.get(f"/api/v1/compare?{REFORM}&lang=en")
    assert r.status_code == 200 and r.headers["x-cache"] == "miss"
    body: dict[str, Any] = r.json()
    appeared = {p["id"] for p in body["providers_appeared"]}
    assert {"ks-hyvinvointialue", "hva-avosairaanhoito"} <= appeared
    assert "jkl-perusturva" in {p["id"] for p in body["providers_ended"]}
    assert [(c["need"], c["before"], c["after"]) for c in body["diff"]["newly_fragile"]] == [
        ("rehabilitative-work", "single_sector", "fragile"),
        ("rehabilitative-work", "single_sector", "fragile"),
    ]
    assert demo.get(f"/api/v1/compare?{REFORM}&lang=en").headers["x-cache"] == "hit"


@pytest.mark.parametrize(
    ("url", "status", "code"),
    [
        ("/api/v1/compare?from=2023-01-01&to=2022-12-31", 422, "invalid-data"),
        ("/api/v1/compare?to=2023-01-01", 422, "invalid-data"),
        ("/api/v1/compare?from=20221231", 422, "invalid-data"),
        (f"/api/v1/compare?{REFORM}&area=nowhere", 404, "unknown-id"),
    ],
    ids=["order", "no-from", "not-a-day", "unknown-area"],
)
def test_a_bad_comparison_is_refused(demo: TestClient, url: str, status: int, code: str) -> None:
    assert_error(demo.get(url), status, code)


@pytest.mark.parametrize(
    ("lang", "heading", "opened", "provider"),
    [
        ("fi", "Kaksi päivää rinnakkain", "Avautuneet aukot", "Avosairaanhoito – hyvinvointialue"),
        ("en", "Two days side by side", "Gaps that opened", "Outpatient care – wellbeing county"),
    ],
)
def test_the_page_says_it_in_the_page_language(
    demo: TestClient, lang: str, heading: str, opened: str, provider: str
) -> None:
    r = demo.get(f"/compare?{REFORM}&lang={lang}", headers={"Accept": "text/html"})
    assert r.status_code == 200
    html = r.text
    assert f"<h1>{heading}</h1>" in html and opened in html and provider in html
    assert html.count('src="/views/heatmap.svg?') == 2  # a picture of each day
    bad = demo.get(f"/compare?from=2023-01-01&to=2022-01-01&lang={lang}")
    assert bad.status_code == 422
    assert ("Alkupäivän" if lang == "fi" else "The first day") in bad.text


def test_the_cli_compares_two_days(demo: TestClient, settings_for: Callable[..., Settings]) -> None:
    store = settings_for().store  # the store the demo client loaded
    runner = CliRunner()
    args = ["--store", store, "compare", "--from", "2022-12-31", "--to", "2023-01-01"]
    result = runner.invoke(cli, [*args, "--json"])
    assert result.exit_code == 0, result.output
    assert "hva-avosairaanhoito" in {
        p["id"] for p in json.loads(result.stdout)["providers_appeared"]
    }
    table = runner.invoke(cli, args, env={"COLUMNS": "200"})
    # the table names the need (rehabilitative-work) as the planner says it
    assert "opened" in table.stdout and "Kuntouttava työtoiminta" in table.stdout
    wrong = runner.invoke(cli, ["--store", store, "compare", "--from", "2030-01-01"])
    assert wrong.exit_code == 1 and "not before" in wrong.output


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fi", ["Kriittiset toimijat (20)", "nivelkohta", "Välillisyys", "E-I-indeksi"]),
        ("en", ["Critical providers (20)", "articulation point", "Betweenness", "E-I index"]),
    ],
)
def test_the_analyses_page_lists_and_explains(
    demo: TestClient, lang: str, words: list[str]
) -> None:
    html = demo.get(f"/analyses?as_of=2026-12-05&lang={lang}").text
    for word in words:
        assert word in html, word
    # the employment services: the only provider of rehabilitative work, and their loss
    # leaves two (group, need) pairs with no provider
    row = html[html.index("/providers/jkl-tyollisyyspalvelut") :].split("</tr>")[0]
    assert ("Ilman toimijaa jää: 2" if lang == "fi" else "Left with no provider: 2") in row
    assert demo.get("/").text.count('href="/analyses"') == 1  # linked from the dashboard


def test_a_scenario_on_the_web_moves_adds_and_ends(demo: TestClient) -> None:
    url = (
        "/scenarios?move_provider=kyt&move_to=city&move_provider=&move_to="
        "&add_a=kyt&add_b=jyu&end_a=jyvaskyla-kaupunki&end_b=jyu&as_of=2022-12-31&run=1"
    )
    r = demo.get(url + "&lang=en", headers={"Accept": "text/html"})
    assert r.status_code == 200
    html = r.text
    assert '<h2 id="h-result">Result</h2>' in html
    # the form keeps what was chosen: the move, the new and the ended partnership, the day
    assert html.count('<option value="kyt" selected>') == 2
    assert '<option value="city" selected>' in html
    assert 'value="2022-12-31"' in html
    # a change that names what is not there is refused as a page, not a trace
    missing = demo.get("/scenarios?end_a=kyt&end_b=jyu&run=1", headers={"Accept": "text/html"})
    assert missing.status_code == 404 and "Traceback" not in missing.text
    # removals are drawn: the scenario's picture
    drawn = demo.get("/scenarios?remove_sector=wellbeing_county&run=1").text
    assert 'src="/embed/network?remove_sector=wellbeing_county' in drawn


def test_the_network_explorer_draws_the_day_asked(demo: TestClient) -> None:
    page = demo.get("/network?group=age-22-65&as_of=2022-12-31").text
    assert "as_of=2022-12-31" in page and 'value="2022-12-31"' in page
    before = demo.get("/embed/network?group=age-22-65&as_of=2022-12-31").text
    after = demo.get("/embed/network?group=age-22-65&as_of=2023-01-01").text
    assert "jkl-avosairaanhoito" in before and "hva-avosairaanhoito" not in before
    assert "hva-avosairaanhoito" in after and "jkl-avosairaanhoito" not in after


def test_the_analyses_as_csv(demo: TestClient) -> None:
    def table(name: str, lang: str = "fi") -> list[list[str]]:
        r = demo.get(f"/analyses.csv?table={name}&as_of=2026-12-05&lang={lang}")
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
        text = r.content.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text), delimiter=";"))

    critical = table("critical")
    # headed for a person, in the page's language
    assert critical[0] == [
        "Toimijan tunnus",
        "Nimi",
        "Sektori",
        "Miksi kriittinen",
        "Jää ilman toimijaa, jos toimija poistuu",
        "Verkoston osia ilman toimijaa",
    ]
    assert table("critical", "en")[0][:3] == ["Provider id", "Name", "Sector"]
    assert len(critical) == 1 + 20
    row = next(r for r in critical if r[0] == "jkl-tyollisyyspalvelut")
    assert row[4] == (
        "22–65-vuotiaat – Kuntouttava työtoiminta|Pitkäaikaistyöttömät – Kuntouttava työtoiminta"
    )
    assert table("brokers")[0][:4] == [
        "Toimijan tunnus",
        "Nimi",
        "Sektori",
        "Välittäjyys (betweenness)",
    ]
    assert table("groups")[0] == [
        "Ryhmä",
        "Nimi",
        "Kumppanuuksia ryhmän sisällä",
        "Kumppanuuksia ryhmän ulkopuolelle",
        "E-I-indeksi",
    ]
    groups = table("groups")
    assert {r[0] for r in groups[1:]} >= {"age-0-6", "age-7-21", "mental-health"}
    assert 'href="/analyses.csv?table=critical' in demo.get("/analyses").text
