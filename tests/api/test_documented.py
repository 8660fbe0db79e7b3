"""The OpenAPI document says what the service sends: the media types of the views, and
one status (422, the one error shape) for a body that is not JSON text."""

from __future__ import annotations

import pytest

from tests.api.conftest import TestClient, assert_error


@pytest.mark.parametrize(
    ("url", "media"),
    [
        ("/embed/network", "text/html"),
        ("/views/network", "text/html"),
        ("/views/network.png", "image/png"),
        ("/views/network.svg", "image/svg+xml"),
        ("/views/heatmap.svg", "image/svg+xml"),
    ],
)
def test_each_view_documents_the_media_type_it_sends(
    client: TestClient, url: str, media: str
) -> None:
    schema = client.get("/openapi.json").json()
    assert list(schema["paths"][url]["get"]["responses"]["200"]["content"]) == [media]
    r = client.get(url)
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media


@pytest.mark.parametrize("body", [b"\xff\xfe\x00", b"\x80abc", b'{"id": "\xe4"}'])
def test_a_body_that_is_not_json_text_is_invalid_data(
    client: TestClient, auth: dict[str, dict[str, str]], body: bytes
) -> None:
    headers = {**auth["editor"], "Content-Type": "application/json"}
    r = client.post("/api/v1/needs", content=body, headers=headers)
    err = assert_error(r, 422, "invalid-data")
    assert err["details"][0]["field"] == "body"
