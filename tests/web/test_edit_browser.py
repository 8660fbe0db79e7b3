"""The edit pages in a real Chromium with JavaScript off, against a real `graphsvc
serve`: create → edit → end → revert from the provider page's history, a revert that a
later change blocks, hostile text shown as text; and no edit page wider than the
window (1366×768, Finnish and English)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.web.conftest import Service, blocking_context

pytestmark = pytest.mark.browser
HOSTILE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def editor_page(browser: Any, service: Service) -> Iterator[Any]:
    """An editor's page at 1366×768 with JavaScript off, signed in."""
    context, blocked = blocking_context(browser, java_script_enabled=False)
    page = context.new_page()
    page.set_viewport_size({"width": 1366, "height": 768})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs
    page.blocked_requests = blocked
    page.goto(f"{service.url}/login?next=/&lang=fi")
    page.get_by_label("API-tunniste (token)").fill(service.editor_token)
    page.get_by_role("button", name="Kirjaudu").click()
    page.wait_for_url(re.compile(r"/$"))
    yield page
    context.close()


def _api(service: Service, path: str) -> Any:
    return httpx.get(f"{service.url}/api/v1{path}").json()


def test_create_edit_end_and_revert_in_the_browser(editor_page: Any, service: Service) -> None:
    page = editor_page
    page.goto(f"{service.url}/providers/jyvaskyla-kaupunki")
    page.get_by_role("link", name="Muokkaa", exact=True).first.click()
    page.wait_for_url(re.compile(r"/edit/providers/jyvaskyla-kaupunki$"))

    page.goto(f"{service.url}/edit/providers/new")
    page.get_by_label("Tunniste").fill("selain-ry")
    page.locator("#e-name-fi").fill(f"Selain ry {HOSTILE}")
    page.get_by_label("Sektori").select_option("ngo")
    # the parent picked by name: another case, no diacritics
    page.get_by_label("Osa toimijaa / aluetta").fill("JYVASKYLAN KAUPUNKI")
    page.get_by_role("button", name="Tallenna").click()
    assert page.get_by_role("status").inner_text() == "Tallennettu."
    assert _api(service, "/providers/selain-ry")["parent"] == "jyvaskyla-kaupunki"

    page.get_by_label("Sähköposti").fill("selain@example.org")
    page.get_by_role("button", name="Tallenna").click()
    assert page.get_by_role("status").inner_text() == "Tallennettu."
    page.get_by_label("Viimeinen päivä", exact=True).last.fill("2025-12-31")
    page.get_by_role("button", name="Päätä").click()
    assert page.get_by_role("status").inner_text() == "Päätetty."
    assert _api(service, "/providers/selain-ry")["valid_to"] == "2025-12-31"

    # the provider page's history: newest first, hostile text as text, a revert button
    page.goto(f"{service.url}/providers/selain-ry")
    history = page.locator("section[aria-labelledby=h-history] tbody tr")
    assert history.count() == 4  # add and parent; email; valid_to (newest first)
    assert "Viimeinen päivä" in history.first.inner_text()
    assert HOSTILE in page.locator("section[aria-labelledby=h-history]").inner_text()
    history.first.get_by_role("button", name="Peru").click()
    assert "peruttu" in page.get_by_role("status").inner_text()
    assert "valid_to" not in _api(service, "/providers/selain-ry")
    undo = _api(service, "/changes?id=selain-ry&limit=1")["items"][0]
    assert (undo["field"], undo["before"], undo["after"], undo["channel"]) == (
        "valid_to",
        "2025-12-31",
        None,
        "page",
    )

    # the email's change can be reverted no more once a later change overwrote it
    page.goto(f"{service.url}/edit/providers/selain-ry")
    page.get_by_label("Sähköposti").fill("uusi@example.org")
    page.get_by_role("button", name="Tallenna").click()
    page.goto(f"{service.url}/providers/selain-ry")
    rows = page.locator("section[aria-labelledby=h-history] tbody tr")
    older = rows.filter(has_text="selain@example.org").last
    older.get_by_role("button", name="Peru").click()
    alert = page.get_by_role("alert").inner_text()
    assert alert.startswith("Muutosta ei voi perua: myöhempi muutos")
    assert _api(service, "/providers/selain-ry")["email"] == "uusi@example.org"
    assert page.dialogs == [] and page.blocked_requests == []


EDIT_PAGES = [
    "/edit/providers/new",
    "/edit/providers/kyt",
    "/edit/services/new",
    "/edit/partnership?source=kyt",
    "/edit/needs/new",
    "/edit/target-groups/new",
    "/edit/areas/new",
    "/edit/networks/new",
    "/changes",
    "/providers/kyt",
]


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_no_edit_page_is_wider_than_the_window(
    editor_page: Any, service: Service, lang: str, tmp_path: Path
) -> None:
    page = editor_page
    wide = []
    for n, path in enumerate(EDIT_PAGES):
        response = page.goto(f"{service.url}{path}{'&' if '?' in path else '?'}lang={lang}")
        assert response.status == 200, path
        if page.evaluate("document.documentElement.scrollWidth") > 1366:
            wide.append(path)
        page.screenshot(path=str(tmp_path / f"{lang}-{n}.png"), full_page=True)
    assert wide == []
