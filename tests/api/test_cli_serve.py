"""`graphsvc token create/list/revoke`, `graphsvc settings`, and `serve --help`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphsvc.cli import app as cli
from graphsvc.config import Settings
from graphsvc.serving.auth import TokenStore


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db = tmp_path / "tokens.db"
    monkeypatch.setenv("GRAPHSVC_TOKENS_DB", str(db))
    monkeypatch.setenv("GRAPHSVC_STORE", f"sqlite:///{tmp_path / 'g.db'}")
    return db


def test_token_create_prints_the_token_once(env: Path) -> None:
    result = CliRunner().invoke(cli, ["token", "create", "--role", "editor", "--name", "kim"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert token.startswith("gsv_") and "\n" not in token
    principal = TokenStore(env).check(token)
    assert principal.role is not None and principal.role.label == "editor"
    assert principal.name == "kim"
    listed = CliRunner().invoke(cli, ["token", "list", "--json"])
    rows = json.loads(listed.stdout)
    assert [(r["name"], r["role"]) for r in rows] == [("kim", "editor")]
    # (gsv_<id>_<secret>: the secret is URL-safe base64 and may itself hold "_")
    secret = token.split("_", 2)[2]
    assert token not in listed.stdout and secret not in env.read_bytes().decode("latin-1")


def test_token_revoke(env: Path) -> None:
    created = CliRunner().invoke(cli, ["token", "create", "--role", "admin", "--json"])
    record = json.loads(created.stdout)
    assert CliRunner().invoke(cli, ["token", "revoke", record["id"]]).exit_code == 0
    assert CliRunner().invoke(cli, ["token", "list", "--json"]).stdout.strip() == "[]"
    again = CliRunner().invoke(cli, ["token", "revoke", record["id"]])
    assert again.exit_code == 1 and "No token" in again.output


def test_token_bad_role(env: Path) -> None:
    result = CliRunner().invoke(cli, ["token", "create", "--role", "owner"])
    assert result.exit_code == 1
    assert "viewer, editor or admin" in result.output


def test_settings_lists_every_setting(env: Path) -> None:
    result = CliRunner().invoke(cli, ["settings", "--json"])
    rows = json.loads(result.stdout)
    assert {r["name"] for r in rows} == set(Settings.model_fields)
    assert all(r["description"] and r["env"].startswith("GRAPHSVC_") for r in rows)


def test_serve_help() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--demo", "--private"):
        assert option in result.stdout


def test_the_tokens_live_beside_the_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GRAPHSVC_TOKENS_DB", raising=False)
    monkeypatch.chdir(tmp_path)  # any folder: the store's path decides
    store = tmp_path / "kunta" / "verkosto.db"
    assert Settings(store=f"sqlite:///{store}").tokens_db == store.parent / "verkosto-tokens.db"
    assert Settings(store="bolt://127.0.0.1:7687").tokens_db == Path("graphsvc-tokens.db")
    given = tmp_path / "t.db"
    assert Settings(store=f"sqlite:///{store}", tokens_db=given).tokens_db == given


def test_a_port_in_use_is_one_line_before_anything_is_loaded(tmp_path: Path) -> None:
    import socket
    import subprocess
    import sys

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        store = tmp_path / "g.db"
        done = subprocess.run(
            [sys.executable, "-m", "graphsvc", "--store", f"sqlite:///{store}", "serve"]
            + ["--demo", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode == 1
    assert done.stdout == ""  # no URL announced
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and f"Port {port} on 127.0.0.1 is in use" in lines[0], done.stderr
    assert f"--port {port + 1}" in lines[0]
    assert not store.exists()  # nothing loaded
