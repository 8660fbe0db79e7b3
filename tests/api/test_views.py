"""Views: embeds (frame-ancestors configurable), the offline page, PNG/SVG, heatmap."""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from graphsvc.config import Settings
from tests.api.conftest import TestClient, assert_error

VIEWS = [
    "/embed/network",
    "/embed/network?group=age-0-6&lang=en",
    "/embed/network?provider=mll&radius=2",
    "/embed/network?need=therapy",
    "/embed/network?sector=ngo&sector=city&size_by=degree",
    "/views/network?group=age-0-6&presentation=true",
    "/embed/network?remove_sector=city&group=age-0-6",
    "/views/network?area=keltinmaki",
]


def _csp(r: object) -> dict[str, str]:
    header = r.headers["content-security-policy"]  # type: ignore[attr-defined]
    return {p.strip().split(" ", 1)[0]: p.strip().partition(" ")[2] for p in header.split(";")}


@pytest.mark.parametrize("url", VIEWS)
def test_views_are_self_contained_html(client: TestClient, url: str) -> None:
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert "<canvas" in r.text or "vis-network" in r.text or "<script" in r.text
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", r.text)  # nothing fetched
    csp = _csp(r)
    assert "unsafe-inline" not in csp["script-src"] and "unsafe-eval" not in csp["script-src"]
    assert csp["connect-src"] == "'none'"
    # every inline script that runs is allowed by its hash, and nothing else is (the
    # view's data, a <script type="application/json">, is never run)
    bodies = re.findall(
        r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>(.*?)</script>", r.text, re.S
    )
    assert len(bodies) == 2  # vis-network and the view's own
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() + "'"
        for b in bodies
    }
    assert set(csp["script-src"].split()) == hashes


def test_embed_frame_ancestors_default_and_configured(
    loaded: Settings, make_client: Callable[..., TestClient]
) -> None:
    open_client = make_client(loaded)
    r = open_client.get("/embed/network?group=age-0-6")
    assert _csp(r)["frame-ancestors"] == "*"
    assert "x-frame-options" not in r.headers
    page = open_client.get("/views/network?group=age-0-6")
    assert _csp(page)["frame-ancestors"] == "'none'"  # only /embed/* may be framed
    strict = make_client(
        loaded.model_copy(update={"embed_frame_ancestors": "'self' https://intra.example.fi"})
    )
    r = strict.get("/embed/network?group=age-0-6")
    assert _csp(r)["frame-ancestors"] == "'self' https://intra.example.fi"


def test_bad_frame_ancestors_setting_is_refused() -> None:
    with pytest.raises(ValueError, match="spaces"):
        Settings(embed_frame_ancestors="*; script-src *")


def test_download_offline_page(client: TestClient) -> None:
    r = client.get("/views/network?group=age-0-6&download=true")
    assert r.headers["content-disposition"] == 'attachment; filename="graphsvc-network.html"'
    assert "<html" in r.text


@pytest.mark.parametrize(
    ("url", "magic", "media"),
    [
        ("/views/network.png?group=age-0-6", b"\x89PNG\r\n\x1a\n", "image/png"),
        ("/views/network.svg?provider=mll", b"<?xml", "image/svg+xml"),
        ("/views/heatmap.svg?lang=en", b"<?xml", "image/svg+xml"),
    ],
    ids=["png", "svg", "heatmap"],
)
def test_images(client: TestClient, url: str, magic: bytes, media: str) -> None:
    r = client.get(url)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(media)
    assert r.content.startswith(magic)
    assert len(r.content) > 1000


def test_heatmap_names_the_groups(client: TestClient) -> None:
    svg = client.get("/views/heatmap.svg?lang=en").text
    assert "Children 0–6" in svg and "Therapy" in svg


def test_hostile_names_are_escaped_in_views(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    hostile = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"
    client.post(
        "/api/v1/providers",
        headers=auth["editor"],
        json={"id": "evil", "name": hostile, "sector": "ngo"},
    )
    for url in ("/embed/network?provider=evil", "/views/network.svg?provider=evil"):
        r = client.get(url)
        assert r.status_code == 200
        assert "<img src=x" not in r.text and "<script>alert(2)" not in r.text


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("/embed/network?group=nobody", "query.group"),
        ("/embed/network?provider=nobody", "query.provider"),
        ("/embed/network?radius=99", "query.radius"),
        ("/embed/network?lang=sv", "query.lang"),
        ("/embed/network?sector=aliens", "query.sector[0]"),
        ("/embed/network?group=age-0-6&provider=mll", "query.provider"),
        ("/views/network.png?as_of=yesterday", "query.as_of"),
        ("/embed/network?remove_sector=aliens", "query.remove_sector[0]"),
        ("/embed/network?move_sector=mll=ngo&move_sector=mll", "query.move_sector[1]"),
        ("/embed/network?move_sector=mll=guild", "query.move_sector[0]"),
        ("/embed/network?add_partnership=mll,mll", "query.add_partnership[0]"),
        ("/embed/network?remove_partnership=mll", "query.remove_partnership[0]"),
    ],
    ids=[
        "group",
        "provider",
        "radius",
        "lang",
        "sector",
        "both",
        "date",
        "remove",
        "move",
        "move-sector",
        "add",
        "end",
    ],
)
def test_bad_view_parameters_are_refused(client: TestClient, url: str, field: str) -> None:
    r = client.get(url)
    # an id that is not in the graph: 404; a value that is not what the schema says: 422
    assert r.status_code == (404 if "nobody" in url else 422), r.text
    body = r.json()["error"]
    assert body["code"] in ("invalid-data", "unknown-id")
    assert field in [d["field"] for d in body["details"]]


def test_views_are_cached_and_invalidated(
    client: TestClient, auth: dict[str, dict[str, str]]
) -> None:
    url = "/embed/network?group=age-0-6"
    assert client.get(url).headers["x-cache"] == "miss"
    assert client.get(url).headers["x-cache"] == "hit"
    client.patch("/api/v1/providers/mll", headers=auth["editor"], json={"name": "MLL"})
    r = client.get(url)
    assert r.headers["x-cache"] == "miss"


def test_private_views_need_a_viewer(
    loaded: Settings, make_client: Callable[..., TestClient], auth: dict[str, dict[str, str]]
) -> None:
    client = make_client(loaded.model_copy(update={"private": True}))
    assert_error(client.get("/embed/network"), 401, "unauthorized")
    assert client.get("/embed/network", headers=auth["viewer"]).status_code == 200


def test_palette_css_comes_from_visual(client: TestClient) -> None:
    from visual.style import css_variables

    r = client.get("/palette.css")
    assert r.headers["content-type"].startswith("text/css")
    assert r.text == css_variables() and "--gv-sector-city" in r.text


@pytest.mark.parametrize(
    ("url", "args"),
    [
        (
            "/views/network.svg?group=age-0-6&as_of=2025-06-01",
            ["render", "--group", "age-0-6", "--as-of", "2025-06-01"],
        ),
        (
            "/views/network.svg?provider=mll&radius=2&size_by=degree&lang=en&as_of=2025-06-01",
            [
                "render",
                "--provider",
                "mll",
                "--radius",
                "2",
                "--size-by",
                "degree",
                "--lang",
                "en",
                "--as-of",
                "2025-06-01",
            ],
        ),
        (
            "/views/network.svg?remove_sector=city&sector=ngo&sector=company&as_of=2025-06-01",
            [
                "render",
                "--remove-sector",
                "city",
                "--sector",
                "ngo",
                "--sector",
                "company",
                "--as-of",
                "2025-06-01",
            ],
        ),
        (
            "/views/heatmap.svg?lang=en&as_of=2025-06-01",
            ["heatmap", "--lang", "en", "--as-of", "2025-06-01"],
        ),
    ],
    ids=["group", "provider", "scenario", "heatmap"],
)
def test_same_image_as_graphsvc_render(
    client: TestClient, loaded: Settings, tmp_path: Path, url: str, args: list[str]
) -> None:
    from typer.testing import CliRunner

    from graphsvc.cli import app as cli
    from graphsvc.cli.common import Cli

    out = tmp_path / "view.svg"
    run = Cli()
    try:
        result = CliRunner().invoke(cli, ["--store", loaded.store, *args, "-o", str(out)], obj=run)
    finally:
        run.close()
    assert result.exit_code == 0, result.output
    assert client.get(url).content == out.read_bytes()


def test_favicon(client: TestClient) -> None:
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"] == "image/svg+xml"
    assert r.content.startswith(b"<svg")
