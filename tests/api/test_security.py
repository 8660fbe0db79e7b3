"""Security headers (CSP, frame-ancestors), CORS, and hostile strings escaped."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from graphsvc.config import Settings
from tests.api.conftest import TestClient
from tests.api.html import Doc

HOSTILE = "<img src=x onerror=alert(1)>\"'&<script>alert(2)</script>"
PAGES = [
    "/",
    "/providers",
    "/providers/mll",
    "/groups/age-0-6",
    "/network",
    "/gaps",
    "/scenarios?remove_sector=ngo",
    "/login",
    "/docs",
]


def _directives(csp: str) -> dict[str, str]:
    out = {}
    for part in csp.split(";"):
        name, _, value = part.strip().partition(" ")
        out[name] = value
    return out


@pytest.mark.parametrize("url", PAGES)
def test_pages_allow_only_our_own_scripts_and_no_framing(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200, r.text
    csp = _directives(r.headers["content-security-policy"])
    assert csp["script-src"] == "'self'"
    assert "unsafe" not in r.headers["content-security-policy"]
    assert csp["frame-ancestors"] == "'none'"
    assert csp["object-src"] == "'none'"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["x-content-type-options"] == "nosniff"
    doc = Doc(r.text)
    # no inline script and no inline style attribute anywhere
    assert all(s.attrs.get("src") for s in doc.find_all("script"))
    assert not [
        e for e in doc.elements if "style" in e.attrs or any(a.startswith("on") for a in e.attrs)
    ]
    assert not doc.find_all("style")


@pytest.mark.parametrize("url", ["/api/v1/providers", "/api/v1/nothing", "/healthz"])
def test_api_responses_cannot_be_framed(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert _directives(r.headers["content-security-policy"])["frame-ancestors"] == "'none'"


def test_cors_allows_only_configured_origins(
    loaded: Settings, make_client: Callable[..., TestClient]
) -> None:
    client = make_client(loaded.model_copy(update={"cors_origins": ["https://intra.example"]}))
    pre = client.options(
        "/api/v1/providers",
        headers={
            "Origin": "https://intra.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization",
        },
    )
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == "https://intra.example"
    assert "POST" in pre.headers["access-control-allow-methods"]
    r = client.get("/api/v1/providers", headers={"Origin": "https://intra.example"})
    assert r.headers["access-control-allow-origin"] == "https://intra.example"
    other = client.get("/api/v1/providers", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_no_cors_by_default(client: TestClient) -> None:
    r = client.get("/api/v1/providers", headers={"Origin": "https://intra.example"})
    assert "access-control-allow-origin" not in r.headers


def test_cors_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPHSVC_CORS_ORIGINS", "https://a.example, https://b.example")
    assert Settings().cors_origins == ["https://a.example", "https://b.example"]


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", 'https://x.example/"><script>', "ftp://x.example"]
)
def test_public_url_must_be_a_plain_http_url(url: str) -> None:
    with pytest.raises(ValueError, match="public_url"):
        Settings(public_url=url)


def test_production_refuses_unsafe_settings() -> None:
    with pytest.raises(ValueError, match="SECURE_COOKIES"):
        Settings(environment="production")
    with pytest.raises(ValueError, match="CORS"):
        Settings(environment="production", secure_cookies=True, cors_origins=["*"])
    assert Settings(environment="production", secure_cookies=True).environment == "production"


@pytest.fixture
def hostile(client: TestClient, auth: dict[str, dict[str, str]]) -> TestClient:
    editor = auth["editor"]
    assert (
        client.post(
            "/api/v1/providers",
            headers=editor,
            json={
                "id": "evil",
                "name": HOSTILE,
                "sector": "ngo",
                "url": "javascript:alert(3)",
                "description": HOSTILE,
                "tags": [HOSTILE],
            },
        ).status_code
        == 201
    )
    assert (
        client.post(
            "/api/v1/services",
            headers=editor,
            json={
                "id": "s-evil",
                "name": HOSTILE,
                "provider": "evil",
                "needs": ["therapy"],
                "groups": ["mental-health"],
            },
        ).status_code
        == 201
    )
    assert (
        client.post(
            "/api/v1/relationships",
            headers=editor,
            json={
                "kind": "PARTNERS_WITH",
                "source": "evil",
                "target": "mll",
                "properties": {"kind": "other", "note": HOSTILE},
            },
        ).status_code
        == 201
    )
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/providers/evil",
        "/providers?search=img",
        "/",
        "/groups/mental-health",
        "/gaps",
        "/providers/mll",
        "/scenarios?remove_provider=evil",
        "/network?provider=evil",
    ],
)
def test_hostile_strings_are_text(hostile: TestClient, url: str) -> None:
    r = hostile.get(url)
    assert r.status_code == 200, r.text
    doc = Doc(r.text)
    assert not doc.find_all("img", src="x")
    assert all(s.attrs.get("src", "").startswith("/static/") for s in doc.find_all("script"))
    assert not [e for e in doc.elements if any(a.startswith("on") for a in e.attrs)]
    assert "<img src=x" not in r.text
    assert not [
        a for a in doc.find_all("a") if (a.attrs.get("href") or "").startswith("javascript")
    ]


def test_hostile_name_shows_as_text(hostile: TestClient) -> None:
    doc = Doc(hostile.get("/providers/evil").text)
    assert HOSTILE in doc.find("h1").text
    assert "&lt;img src=x onerror=alert(1)&gt;" in hostile.get("/providers/evil").text


def test_login_next_cannot_leave_the_site(client: TestClient, tokens: dict[str, str]) -> None:
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        r = client.post(
            "/login", data={"token": tokens["viewer"], "next": target}, follow_redirects=False
        )
        assert r.headers["location"] == "/"
        lang = client.get(f"/lang/en?next={target}", follow_redirects=False)
        assert lang.headers["location"] == "/"
