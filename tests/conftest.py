"""Shared fixtures: real stores, a small hand-built dataset, a real headless Chromium."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from graphsvc.importing import apply_dataset
from graphsvc.model import Dataset
from graphsvc.store import GraphStore, open_store

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REFERENCE_DATA = SHARED / "reference-data"
CHROMIUM = os.environ.get("GRAPHSVC_CHROMIUM", "/usr/bin/chromium")

# Flags that keep Chromium quiet on a machine with no network (see the README).
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def small_document() -> dict[str, Any]:
    """A tiny network: two age groups, three needs, four providers in three sectors."""
    return {
        "format": "graphsvc-dataset",
        "version": 1,
        "target_groups": [
            {
                "id": "age-0-6",
                "name": {"fi": "0–6-vuotiaat", "en": "Children 0–6"},
                "kind": "age",
                "min_age": 0,
                "max_age": 6,
            },
            {
                "id": "mental-health",
                "name": {"fi": "Mielenterveys", "en": "Mental health"},
                "kind": "special",
            },
        ],
        "needs": [
            {
                "id": "early-education",
                "name": {"fi": "Varhaiskasvatus", "en": "Early childhood education"},
                "category": "education",
            },
            {"id": "clubs", "name": "Kerhot"},
            {"id": "therapy", "name": {"fi": "Terapia", "en": "Therapy"}},
        ],
        "group_needs": [
            {"group": "age-0-6", "need": "early-education", "priority": 1},
            {"group": "age-0-6", "need": "clubs", "priority": 3},
            {"group": "mental-health", "need": "therapy", "priority": 1},
        ],
        "areas": [
            {"id": "keski-suomi", "name": "Keski-Suomi", "kind": "region"},
            {
                "id": "jyvaskyla",
                "name": "Jyväskylä",
                "kind": "municipality",
                "parent": "keski-suomi",
            },
            {"id": "keltinmaki", "name": "Keltinmäki", "kind": "district", "parent": "jyvaskyla"},
        ],
        "providers": [
            {"id": "jkl", "name": "Jyväskylän kaupunki", "sector": "city"},
            {
                "id": "jkl-varhaiskasvatus",
                "name": "Varhaiskasvatus",
                "sector": "city",
                "parent": "jkl",
            },
            {
                "id": "mll",
                "name": "MLL Keski-Suomen piiri",
                "sector": "ngo",
                "tags": ["perhe", "lapset"],
            },
            {
                "id": "pikkuiset",
                "name": "Päiväkoti Pikkuiset Oy",
                "sector": "company",
                "valid_from": "2015-01-01",
            },
        ],
        "services": [
            {
                "id": "s-paivakoti",
                "name": {"fi": "Päiväkoti Keltinmäki", "en": "Day care"},
                "provider": "jkl-varhaiskasvatus",
                "needs": ["early-education"],
                "groups": ["age-0-6"],
                "areas": ["keltinmaki"],
                "channel": "in_person",
            },
            {
                "id": "s-perhekerho",
                "name": "Perhekerho",
                "provider": "mll",
                "needs": ["clubs"],
                "min_age": 0,
                "max_age": 6,
            },
            {
                "id": "s-yksityinen",
                "name": "Yksityinen päiväkoti",
                "provider": "pikkuiset",
                "needs": ["early-education"],
                "min_age": 1,
                "max_age": 6,
            },
        ],
        "partnerships": [
            {
                "source": "jkl-varhaiskasvatus",
                "target": "pikkuiset",
                "kind": "voucher",
                "since": "2018-01-01",
            },
            {
                "source": "jkl-varhaiskasvatus",
                "target": "mll",
                "kind": "project",
                "since": "2019-03-01",
                "until": "2021-12-31",
                "note": "Perhekahvilat",
            },
        ],
        "networks": [
            {
                "id": "hyvinvointifoorumi",
                "name": "Hyvinvointifoorumi",
                "members": ["jkl-varhaiskasvatus", "mll"],
            },
        ],
    }


@pytest.fixture
def small_doc() -> dict[str, Any]:
    return small_document()


@pytest.fixture
def small_dataset() -> Dataset:
    return Dataset.model_validate(small_document())


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'graph.db'}"


def _bolt_url(request: pytest.FixtureRequest) -> str:
    from tests.bolt_server import bolt_store_url

    return bolt_store_url(request)


@pytest.fixture(params=["sqlite", pytest.param("bolt", marks=pytest.mark.bolt)])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty store of each implementation (the contract suite runs on each)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'graph.db'}"
    return _bolt_url(request)


@pytest.fixture
def store(store_url: str) -> Iterator[GraphStore]:
    s = open_store(store_url)
    yield s
    s.close()


@pytest.fixture
def sqlite_store(sqlite_url: str) -> Iterator[GraphStore]:
    s = open_store(sqlite_url)
    yield s
    s.close()


@pytest.fixture
def loaded_store(store: GraphStore, small_dataset: Dataset) -> GraphStore:
    apply_dataset(store, small_dataset)
    return store


# -- a real browser --------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's headless Chromium, driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.fail(
            f"Chromium is not installed at {CHROMIUM}: run `make test`, which "
            "installs Debian's chromium package."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def offline_page(browser: Any) -> Iterator[Any]:
    """A page in which every request outside file:// and loopback is blocked (and counted)."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    blocked: list[str] = []

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(
            ("file://", "data:", "blob:", "about:", "http://127.0.0.1", "http://localhost")
        ):
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.blocked_requests = blocked  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.console_errors = errors  # type: ignore[attr-defined]
    yield page
    context.close()
