"""The API takes what its OpenAPI document says and nothing else: a body is JSON read
strictly (a file is read leniently), a day is YYYY-MM-DD, each relationship kind has
its own body, PATCH names only fields the label has. And an id that is not there is a
404 when asked about, a 409 when a write refers to it."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from graphsvc.model import Service, TargetGroup
from tests.api.conftest import assert_error
from tests.api.fuzz_rules import body_breaks_a_rule, query_breaks_a_rule

GROUP = {"id": "g-new", "name": "Uusi", "kind": "age", "min_age": 7, "max_age": 12}
SERVICE = {"id": "s-new", "name": "Uusi", "provider": "mll"}


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/needs", {"id": 17, "name": "Numero"}, "body.id"),
        ("/api/v1/target-groups", {**GROUP, "max_age": False}, "body.max_age"),
        ("/api/v1/target-groups", {**GROUP, "min_age": "7"}, "body.min_age"),
        ("/api/v1/services", {**SERVICE, "needs": "clubs|sports"}, "body.needs"),
        ("/api/v1/services", {**SERVICE, "valid_from": ""}, "body.valid_from"),
        ("/api/v1/services", {**SERVICE, "valid_from": "20250101"}, "body.valid_from"),
        ("/api/v1/needs", {"id": "n", "name": {"fi": "Nimi", "en": " "}}, "body.name"),
        ("/api/v1/needs", {"id": " \u3000", "name": "Tyhjä id"}, "body.id"),
        ("/api/v1/target-groups", {**GROUP, "min_age": None, "max_age": None}, "body"),
    ],
    ids=[
        "number-id",
        "bool-age",
        "text-age",
        "piped-list",
        "empty-day",
        "compact-day",
        "blank-name",
        "blank-id",
        "age-group-without-ages",
    ],
)
def test_a_body_is_read_as_its_schema_says(
    client: TestClient, auth: dict[str, dict[str, str]], path: str, body: Any, field: str
) -> None:
    err = assert_error(client.post(path, headers=auth["editor"], json=body), 422, "invalid-data")
    assert field in [d["field"] for d in err["details"]], err


def test_a_file_is_still_read_leniently() -> None:
    # what the API refuses, a workbook or a YAML file may say
    service = Service.model_validate({**SERVICE, "needs": "clubs|sports", "valid_from": ""})
    assert service.needs == ["clubs", "sports"] and service.valid_from is None
    assert TargetGroup.model_validate({**GROUP, "id": 17, "min_age": "7,5"}).min_age == 7.5


def test_an_integer_may_be_written_as_json_schema_allows(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    r = client.put(
        "/api/v1/relationships/HAS_NEED/age-0-6/clubs",
        headers=auth["editor"],
        json={"properties": {"priority": 1.0}},
    )
    assert r.status_code == 200, r.text  # 1.0 is an integer to JSON Schema
    assert r.json()["properties"]["priority"] == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [({"colour": "red"}, "body.colour"), ({"name": None}, "body.name")],
    ids=["unknown-field", "clearing-a-required-field"],
)
def test_patch_takes_only_what_the_label_has(
    client: TestClient, auth: dict[str, dict[str, str]], changes: Any, field: str
) -> None:
    r = client.patch("/api/v1/providers/mll", headers=auth["editor"], json=changes)
    err = assert_error(r, 422, "invalid-data")
    assert err["details"][0]["field"] == field


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/gaps?as_of=20250101",
        "/api/v1/gaps?as_of=2025-02-30",
        "/api/v1/providers?as_of=2025-W01-1",
        "/api/v1/gaps?group=",
        "/api/v1/export?format=docx",
    ],
)
def test_a_query_is_read_as_its_schema_says(client: TestClient, url: str) -> None:
    assert_error(client.get(url), 422, "invalid-data")


def test_each_relationship_kind_has_its_own_body(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    editor = auth["editor"]
    offers = {"kind": "OFFERS", "source": "mll", "target": "s-perhekerho", "properties": {"x": 1}}
    err = assert_error(
        client.post("/api/v1/relationships", headers=editor, json=offers), 422, "invalid-data"
    )
    assert any(d["field"].startswith("body.OFFERS.properties") for d in err["details"]), err
    part_of = {"kind": "PART_OF", "source": "mll", "target": "mll"}  # no source_label
    assert_error(
        client.post("/api/v1/relationships", headers=editor, json=part_of), 422, "invalid-data"
    )
    # a kind without properties has nothing a PUT could change
    r = client.put("/api/v1/relationships/OFFERS/mll/s-perhekerho", headers=editor, json={})
    assert r.status_code == 405 and "PUT" not in r.headers["allow"]


def test_unknown_ids_are_404_when_asked_about_and_409_when_referred_to(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    assert_error(client.get("/api/v1/services?need=nothing"), 404, "unknown-id")
    r = client.post(
        "/api/v1/services", headers=auth["editor"], json={**SERVICE, "provider": "nobody"}
    )
    assert_error(r, 409, "missing-reference")


def test_the_rules_between_fields_are_refused_and_known_to_the_fuzzer(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    bad = {**SERVICE, "min_age": 12, "max_age": 7}
    assert body_breaks_a_rule(bad) == "min_age is above max_age"
    assert_error(
        client.post("/api/v1/services", headers=auth["editor"], json=bad), 422, "invalid-data"
    )
    assert body_breaks_a_rule({**SERVICE, "min_age": 7, "max_age": 12}) is None
    view = {"provider": "mll", "group": "age-0-6"}
    assert query_breaks_a_rule(view) == "provider with group or need"
    assert_error(client.get("/embed/network", params=view), 422, "invalid-data")
