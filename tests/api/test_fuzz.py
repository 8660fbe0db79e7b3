"""schemathesis over the app in process, every check on: each operation of the OpenAPI
document gets a few hundred generated requests (valid and not), and the service must
answer each as its own document says (slow; bench/fuzz_api.py runs ≥ 10,000 against a
served demo).

The project's schemathesis.toml applies here too: the cross-field rules of
tests/api/fuzz_rules.py, the upload exception, an admin token for the token routes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.generation.modes import GenerationMode

from graphsvc.app import create_app
from graphsvc.config import Settings
from graphsvc.demo import demo_dataset
from graphsvc.importing import apply_dataset
from graphsvc.serving.auth import Role, TokenStore
from graphsvc.store import open_store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = 200  # per operation, half valid, half not


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, dict[str, str]]]:
    """The app over a demo store, and {role: token}."""
    folder = tmp_path_factory.mktemp("fuzz")
    url = f"sqlite:///{folder / 'graphsvc.db'}"
    store = open_store(url)
    apply_dataset(store, demo_dataset())
    store.close()
    tokens = TokenStore(folder / "tokens.db")
    made = {role.label: tokens.create(role, "fuzz")[0] for role in (Role.EDITOR, Role.ADMIN)}
    tokens.close()
    os.environ["GRAPHSVC_FUZZ_ADMIN_TOKEN"] = made["admin"]
    app = create_app(Settings(store=url, tokens_db=folder / "tokens.db"))
    yield app, made
    app.state.store_holder.close()
    app.state.tokens.close()


@pytest.fixture(scope="module")
def api_schema(served: tuple[Any, dict[str, str]]) -> Any:
    app, _ = served
    cwd = Path.cwd()
    os.chdir(ROOT)  # schemathesis finds the project's schemathesis.toml from here
    try:
        return schemathesis.openapi.from_asgi("/openapi.json", app)
    finally:
        os.chdir(cwd)


def fuzz(operation: Any, mode: GenerationMode, headers: dict[str, str]) -> None:
    """EXAMPLES // 2 requests of `mode` to `operation`, every check on each answer."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES // 2,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def call(case: Any) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS.get_all())

    call()


@pytest.mark.slow
# (a name made of control characters drawn into a PNG: matplotlib warns of the glyphs
# its font lacks, and draws boxes)
@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
@pytest.mark.parametrize("mode", list(GenerationMode), ids=str)
def test_every_operation_keeps_its_contract(
    api_schema: Any, served: tuple[Any, dict[str, str]], mode: GenerationMode
) -> None:
    # (each operation in turn, not schemathesis' pytest parametrize: its lazy loading
    # does not run under pytest 9)
    load_all_checks()
    _, tokens = served
    failures: list[str] = []
    for result in api_schema.get_all_operations():
        operation = result.ok()
        # an editor, as a data keeper; the token routes are the admin's
        role = "admin" if operation.path.startswith("/api/v1/tokens") else "editor"
        try:
            fuzz(operation, mode, {"Authorization": f"Bearer {tokens[role]}"})
        except Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE  # any id is valid text: no invalid request
        except Exception as exc:  # a check failed: name the operation, go on
            failures.append(f"{operation.label}: {str(exc)[:1500]}")
    assert not failures, "\n\n".join(failures)
