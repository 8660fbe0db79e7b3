"""The analyses: the CLI's --json shapes, and results cached by store version."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from graphsvc.cli import app as cli
from graphsvc.cli.common import Cli
from graphsvc.config import Settings
from tests.api.conftest import TestClient, assert_error

AS_OF = "2025-06-01"


def run_cli(settings: Settings, *args: str) -> Any:
    run = Cli()  # what `main` makes: the run's settings and store, closed after it
    try:
        result = CliRunner().invoke(cli, ["--store", settings.store, *args], obj=run)
    finally:
        run.close()
    assert result.exit_code == 0, result.output
    return result


def cli_json(settings: Settings, *args: str) -> Any:
    return json.loads(run_cli(settings, *args, "--json").stdout)


@pytest.mark.parametrize(
    ("url", "args"),
    [
        (f"/api/v1/gaps?as_of={AS_OF}", ["gaps", "--as-of", AS_OF]),
        (
            f"/api/v1/gaps?group=age-0-6&lang=en&as_of={AS_OF}",
            ["gaps", "--group", "age-0-6", "--lang", "en", "--as-of", AS_OF],
        ),
        (
            f"/api/v1/gaps?area=keltinmaki&need=clubs&as_of={AS_OF}",
            ["gaps", "--area", "keltinmaki", "--need", "clubs", "--as-of", AS_OF],
        ),
        (f"/api/v1/coverage?as_of={AS_OF}", ["coverage", "--as-of", AS_OF]),
        (
            f"/api/v1/coverage?group=mental-health&as_of={AS_OF}",
            ["coverage", "--group", "mental-health", "--as-of", AS_OF],
        ),
        (f"/api/v1/network?as_of={AS_OF}&top=5", ["network", "--as-of", AS_OF, "--top", "5"]),
    ],
    ids=["gaps", "gaps-group-en", "gaps-area-need", "coverage", "coverage-group", "network"],
)
def test_same_json_as_the_cli(
    client: TestClient, loaded: Settings, url: str, args: list[str]
) -> None:
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert r.json() == cli_json(loaded, *args)


def test_scenario_same_json_as_the_cli(client: TestClient, loaded: Settings) -> None:
    r = client.post(
        f"/api/v1/scenarios?as_of={AS_OF}",
        json={"remove_sectors": ["city"], "remove_providers": ["mll"]},
    )
    assert r.status_code == 200, r.text
    expected = cli_json(
        loaded, "scenario", "--remove-sector", "city", "--remove-provider", "mll", "--as-of", AS_OF
    )
    assert r.json() == expected
    # the city leaving leaves early education to the company alone
    assert {(c["group"], c["need"]) for c in r.json()["diff"]["newly_fragile"]} >= {
        ("age-0-6", "early-education")
    }


def test_transitions_and_critical_are_the_gap_reports_parts(client: TestClient) -> None:
    gaps = client.get(f"/api/v1/gaps?as_of={AS_OF}").json()
    trans = client.get(f"/api/v1/transitions?as_of={AS_OF}").json()
    crit = client.get(f"/api/v1/critical?as_of={AS_OF}").json()
    assert trans["transition_gaps"] == gaps["transition_gaps"]
    assert crit["critical_providers"] == gaps["critical_providers"]
    assert crit["bridges"] == gaps["bridges"]


def test_scenario_unknown_provider_is_404(client: TestClient) -> None:
    r = client.post("/api/v1/scenarios", json={"remove_providers": ["nobody"]})
    assert_error(r, 404, "unknown-id")


def test_scenario_bad_sector_names_the_field(client: TestClient) -> None:
    r = client.post("/api/v1/scenarios", json={"remove_sectors": ["aliens"]})
    err = assert_error(r, 422, "invalid-data")
    assert err["details"][0]["field"] == "body.remove_sectors[0]"


def test_bad_lang_is_422(client: TestClient) -> None:
    err = assert_error(client.get("/api/v1/gaps?lang=sv"), 422, "invalid-data")
    assert err["details"][0]["field"] == "query.lang"


def _computed(client: TestClient) -> int:
    return int(client.app.state.cache.stats.computed)  # type: ignore[attr-defined]


def test_second_identical_request_does_not_recompute(client: TestClient) -> None:
    first = client.get("/api/v1/gaps?group=age-0-6")
    assert first.headers["x-cache"] == "miss"
    computed = _computed(client)
    second = client.get("/api/v1/gaps?group=age-0-6")
    assert second.headers["x-cache"] == "hit"
    assert second.content == first.content
    assert _computed(client) == computed  # nothing was computed for the second
    other = client.get("/api/v1/gaps?group=mental-health")
    assert other.headers["x-cache"] == "miss"
    assert _computed(client) > computed


def test_any_write_invalidates(client: TestClient, auth: dict[str, dict[str, str]]) -> None:
    before = client.get("/api/v1/coverage?group=mental-health").json()
    assert before["coverage"][0]["status"] == "uncovered"
    assert client.get("/api/v1/coverage?group=mental-health").headers["x-cache"] == "hit"
    # a new service meets the mental-health group's therapy need
    r = client.post(
        "/api/v1/services",
        headers=auth["editor"],
        json={
            "id": "s-terapia",
            "name": "Terapia",
            "provider": "mll",
            "needs": ["therapy"],
            "groups": ["mental-health"],
        },
    )
    assert r.status_code == 201
    after = client.get("/api/v1/coverage?group=mental-health")
    assert after.headers["x-cache"] == "miss"
    assert after.json()["coverage"][0]["status"] == "fragile"
    assert after.json()["coverage"][0]["providers"] == ["mll"]


def test_a_write_by_another_process_invalidates(client: TestClient, loaded: Settings) -> None:
    client.get("/api/v1/gaps")
    assert client.get("/api/v1/gaps").headers["x-cache"] == "hit"
    run_cli(loaded, "demo")
    r = client.get("/api/v1/gaps")
    assert r.headers["x-cache"] == "miss"
    assert r.json()["network"]["providers"] > 4


def test_scenario_is_cached_too(client: TestClient) -> None:
    body = {"remove_sectors": ["ngo"]}
    assert client.post("/api/v1/scenarios", json=body).headers["x-cache"] == "miss"
    computed = _computed(client)
    assert client.post("/api/v1/scenarios", json=body).headers["x-cache"] == "hit"
    assert _computed(client) == computed


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/gaps?group=age-0-6",
        "/api/v1/gaps?group=age-0-6&lang=en&as_of=2025-06-01",
        "/api/v1/coverage?need=clubs&lang=en",
        "/api/v1/network?top=3",
        "/api/v1/critical",
        "/api/v1/transitions?lang=en",
    ],
)
def test_a_cached_answer_is_the_computed_one(
    client: TestClient, url: str, auth: dict[str, dict[str, str]]
) -> None:
    miss = client.get(url)
    assert miss.headers["x-cache"] == "miss"
    hit = client.get(url)
    with_token = client.get(url, headers=auth["viewer"])  # a token: the same cached answer
    assert hit.headers["x-cache"] == with_token.headers["x-cache"] == "hit"
    assert hit.content == with_token.content == miss.content
    assert hit.headers["content-type"] == with_token.headers["content-type"] == "application/json"
    assert (
        hit.headers["content-security-policy"]
        == with_token.headers["content-security-policy"]
        == miss.headers["content-security-policy"]
    )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/gaps?lang=sv",
        "/api/v1/gaps?as_of=soon",
        "/api/v1/network?top=0",
        "/api/v1/gaps?area=",
        "/api/v1/gaps?group=nobody",
    ],
)
def test_errors_are_never_cached(client: TestClient, url: str) -> None:
    for _ in range(2):
        r = client.get(url)
        assert r.status_code in (404, 422) and "x-cache" not in r.headers


@pytest.mark.parametrize(
    ("path", "model"),
    [
        ("gaps", "GapReport"),
        ("coverage", "CoverageReport"),
        ("network", "NetworkReport"),
        ("transitions", "TransitionsReport"),
        ("critical", "CriticalReport"),
    ],
)
def test_every_analysis_route_documents_the_model_its_answer_is(
    client: TestClient, path: str, model: str
) -> None:
    from graphsvc.analysis import results

    schema = client.get("/openapi.json").json()
    ok = schema["paths"][f"/api/v1/{path}"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"] == {"$ref": f"#/components/schemas/{model}"}
    # and the answer is one: it validates against the model the schema names
    r = client.get(f"/api/v1/{path}?as_of={AS_OF}")
    assert r.status_code == 200, r.text
    getattr(results, model).model_validate(r.json())
