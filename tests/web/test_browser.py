"""The pages in a real Chromium against a real `graphsvc serve` process."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.web.conftest import Service, free_port

pytestmark = pytest.mark.browser


def _clean(page: Any) -> None:
    assert page.blocked_requests == [], page.blocked_requests
    assert page.console_errors == [], page.console_errors


def test_dashboard(page: Any, service: Service) -> None:
    page.goto(service.url + "/")
    assert page.locator("h1").inner_text() == "Yleiskuva"
    assert page.locator("html").get_attribute("lang") == "fi"
    assert page.locator("ul.counts li").first.inner_text().endswith("toimijaa")
    assert page.locator("table.data").first.locator("tbody tr").count() == 10
    # (the image loads after the page: wait for it, a loaded machine is slow)
    page.wait_for_function("document.querySelector('img.heatmap').complete")
    assert page.locator("img.heatmap").evaluate("img => img.naturalWidth") > 100
    # the first Tab reaches the skip link, and it leads to the content
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    _clean(page)


def test_switch_language(page: Any, service: Service) -> None:
    page.goto(service.url + "/providers")
    page.get_by_role("link", name="In English").click()
    page.wait_for_url(re.compile(r"/providers$"))
    assert page.locator("h1").inner_text() == "Providers"
    page.get_by_role("link", name="Dashboard").click()
    assert page.locator("h1").inner_text() == "Dashboard"  # the cookie keeps it
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="Suomeksi").click()
    assert page.locator("h1").inner_text() == "Yleiskuva"
    _clean(page)


def test_search_a_provider_and_open_its_page(page: Any, service: Service) -> None:
    page.goto(service.url + "/providers")
    page.get_by_label("Hae nimellä").fill("mll")
    page.get_by_label("Hae nimellä").press("Enter")
    page.wait_for_url(re.compile(r"search=mll"))
    link = page.get_by_role("link", name="MLL Keski-Suomen piiri")
    assert link.count() == 1
    link.click()
    page.wait_for_url(re.compile(r"/providers/mll-keski-suomi$"))
    assert page.locator("h1").inner_text() == "MLL Keski-Suomen piiri"
    assert page.locator("#h-services").is_visible()
    page.frame_locator("iframe.view").locator("canvas").first.wait_for(
        state="attached", timeout=20_000
    )
    _clean(page)


def test_filter_the_network_explorer(page: Any, service: Service) -> None:
    page.goto(service.url + "/network")
    page.get_by_label("Kohderyhmä").select_option("age-7-21")
    page.get_by_role("button", name="Näytä").click()
    page.wait_for_url(re.compile(r"group=age-7-21"))
    src = page.locator("iframe#view").get_attribute("src")
    assert src == "/embed/network?group=age-7-21&lang=fi"
    frame = page.frame_locator("iframe#view")
    frame.locator("canvas").first.wait_for(state="attached", timeout=20_000)
    embed = page.frame(url=re.compile(r"/embed/network\?group=age-7-21"))
    assert "7–21" in embed.title()
    code = page.locator("#embed-code").input_value()
    assert "/embed/network?group=age-7-21&amp;lang=fi" in code
    assert 'title="Verkostokuva: 7–21-vuotiaat"' in code
    _clean(page)


@pytest.fixture
def other_site(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """Another web site (another origin: its own port) serving files from tmp_path."""
    handler = functools.partial(_QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", tmp_path
    server.shutdown()
    server.server_close()
    thread.join(5)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_copy_embed_code_into_another_site(
    page: Any, service: Service, other_site: tuple[str, Path]
) -> None:
    page.goto(service.url + "/network?group=age-0-6")
    button = page.get_by_role("button", name="Kopioi upotuskoodi")
    button.click()
    expect(page.locator(".copy-status")).to_have_text("Kopioitu leikepöydälle.")
    code = page.evaluate("navigator.clipboard.readText()")
    assert code == page.locator("#embed-code").input_value()
    assert code.startswith(f'<iframe src="{service.url}/embed/network?group=age-0-6&amp;')
    site, folder = other_site
    (folder / "slides.html").write_text(
        f"<!doctype html><html><body><h1>Council slides</h1>{code}</body></html>", encoding="utf-8"
    )
    page.goto(f"{site}/slides.html")
    page.frame_locator("iframe").locator("canvas").first.wait_for(state="attached", timeout=20_000)
    embedded = page.frame(url=re.compile(r"/embed/network\?group=age-0-6"))
    assert embedded is not None and "0–6" in embedded.title()
    _clean(page)


def test_a_shared_english_link_stays_english_after_filtering(page: Any, service: Service) -> None:
    page.goto(service.url + "/gaps?lang=en")
    assert page.locator("h1").inner_text() == "Gap report"
    page.get_by_label("Target group").select_option("age-7-21")
    page.get_by_label("As of").fill("2026-01-01")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"as_of=2026-01-01"))
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Gap report"
    assert page.get_by_role("link", name="Download CSV").is_visible()
    page.get_by_role("link", name="Providers").first.click()
    assert page.locator("h1").inner_text() == "Providers"
    _clean(page)


def test_run_a_scenario(page: Any, service: Service) -> None:
    page.goto(service.url + "/scenarios")
    page.get_by_label("hyvinvointialue").check()
    page.get_by_role("button", name="Laske").click()
    page.wait_for_url(re.compile(r"remove_sector=wellbeing_county"))
    result = page.locator("#result")
    assert result.is_visible()
    assert "Verkoston osat" in result.inner_text()
    assert result.locator("table").count() >= 2  # the summary and at least one change
    assert page.get_by_label("hyvinvointialue").is_checked()
    _clean(page)


def test_upload_as_editor_and_see_the_dry_run(page: Any, service: Service, tmp_path: Path) -> None:
    page.goto(service.url + "/import")
    # not signed in: a 401, said in Finnish on the import page, with the way to sign in
    assert page.locator("h1").inner_text() == "Aineiston tuonti"
    assert page.get_by_role("alert").inner_text() == (
        "Tuonti vaatii muokkaajan (editor) tunnisteen."
    )
    assert page.console_errors == [
        "Failed to load resource: the server responded with a status of 401 (Unauthorized)"
    ]
    page.console_errors.clear()
    page.get_by_role("link", name="Kirjaudu muokkaajan tunnisteella").click()
    page.get_by_label("API-tunniste (token)").fill(service.editor_token)
    page.get_by_role("button", name="Kirjaudu").click()
    page.wait_for_url(re.compile(r"/import$"))
    data = {
        "format": "graphsvc-dataset",
        "version": 1,
        "needs": [{"id": "browser-need", "name": "Selaintarve"}],
    }
    upload = tmp_path / "uusi.json"
    upload.write_text(json.dumps(data), encoding="utf-8")
    page.get_by_label("Tiedosto", exact=True).set_input_files(str(upload))
    page.get_by_role("button", name="Koeajo").click()
    report = page.locator("#report")
    assert "uusi.json" in report.inner_text()
    assert "Koeajo: mitään ei kirjoitettu." in report.inner_text()
    assert report.locator("tbody tr").first.inner_text().split() == ["Need", "1", "0", "0"]
    assert httpx.get(f"{service.url}/api/v1/needs/browser-need").status_code == 404
    page.get_by_role("button", name="Vahvista tuonti").click()
    assert "Tuonti valmis" in page.locator("#report").inner_text()
    assert httpx.get(f"{service.url}/api/v1/needs/browser-need").json()["name"] == "Selaintarve"
    _clean(page)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/providers?search=mll",
        "/providers/mll-keski-suomi",
        "/groups/age-7-21",
        "/gaps?group=age-7-21",
        "/network?group=age-7-21",
        "/docs",
    ],
)
def test_pages_work_without_javascript(no_js_page: Any, service: Service, path: str) -> None:
    response = no_js_page.goto(service.url + path)
    assert response.status == 200
    assert no_js_page.locator("h1").inner_text()
    assert no_js_page.blocked_requests == []


def test_forms_work_without_javascript(no_js_page: Any, service: Service) -> None:
    page = no_js_page
    page.goto(service.url + "/scenarios")
    page.get_by_label("järjestö").check()
    page.get_by_role("button", name="Laske").click()
    assert page.locator("#result").is_visible()
    page.goto(service.url + "/providers")
    page.get_by_label("Sektori").select_option("parish")
    page.get_by_role("button", name="Näytä").click()
    assert "sector=parish" in page.url
    assert page.locator("table.data tbody tr").count() >= 1
    # the embed code is there to select by hand; the copy button needs JavaScript
    page.goto(service.url + "/network")
    assert page.locator("#embed-code").input_value().startswith("<iframe")
    assert not page.get_by_role("button", name="Kopioi upotuskoodi").is_visible()


EVERY_PAGE = [
    "/",
    "/providers",
    "/providers/kyt",
    "/groups/age-7-21",
    "/network",
    "/gaps",
    "/gaps?group=age-7-21",
    "/scenarios",
    "/compare",
    "/compare?from=2022-12-31&to=2023-01-01",
    "/analyses",
    "/import",
    "/login",
    "/docs",
]


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (1920, 1080)])
@pytest.mark.parametrize("lang", ["fi", "en"])
def test_no_page_is_wider_than_the_window(
    browser: Any, service: Service, lang: str, width: int, height: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": height})
    try:
        wide = []
        for path in EVERY_PAGE:
            page.goto(f"{service.url}{path}{'&' if '?' in path else '?'}lang={lang}")
            scroll = page.evaluate("document.documentElement.scrollWidth")
            if scroll > page.evaluate("window.innerWidth"):
                wide.append((path, scroll))
        assert wide == []
        # the dashboard's groups × needs table scrolls in its own box instead
        page.goto(f"{service.url}/?lang={lang}")
        box = page.locator("div.scroll")
        assert box.evaluate("e => e.scrollWidth > e.clientWidth")
    finally:
        page.close()
