"""Commands of the service: serve, token create/list/revoke, settings."""

from __future__ import annotations

from contextlib import closing
from typing import Annotated

import typer

from graphsvc.cli.common import app, console, err_console, print_json, state, user_errors

token_app = typer.Typer(
    help="Manage API tokens (only their hashes are stored).",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(token_app, name="token")


def _settings(**overrides: object) -> object:
    from pydantic import ValidationError

    from graphsvc.config import Settings
    from graphsvc.errors import InvalidData

    values = {k: v for k, v in overrides.items() if v is not None}
    if state.store_url:
        values["store"] = state.store_url
    try:
        return Settings(**values)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InvalidData(
            f"Setting {'.'.join(map(str, first['loc'])) or ''}: "
            f"{str(first['msg']).removeprefix('Value error, ')}"
        ) from None


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port.")] = 8000,
    demo: Annotated[
        bool, typer.Option("--demo", help="Load the demo network first when the store is empty.")
    ] = False,
    private: Annotated[
        bool, typer.Option("--private", help="Reading needs a token too (viewer role).")
    ] = False,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level.")] = "info",
) -> None:
    """Serve the API, the pages and the views on http://HOST:PORT."""
    import uvicorn

    from graphsvc.app import create_app, load_demo_if_empty
    from graphsvc.serving.holder import StoreHolder

    with user_errors():
        settings = _settings(private=True if private else None)
        if demo:
            holder = StoreHolder(settings.store, settings.store_auth)  # type: ignore[attr-defined]
            try:
                if load_demo_if_empty(holder):
                    console.print("Loaded the demo network.", markup=False)
            finally:
                holder.close()
        application = create_app(settings)  # type: ignore[arg-type]
    console.print(f"graphsvc on http://{host}:{port}/ (API docs at /docs)", markup=False)
    uvicorn.run(
        application,
        host=host,
        port=port,
        log_level=log_level,
        proxy_headers=False,
        server_header=False,
    )


@token_app.command("create")
def token_create(
    role: Annotated[str, typer.Option("--role", help="viewer, editor or admin.")],
    name: Annotated[str | None, typer.Option("--name", help="Who or what it is for.")] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Create a token and print it once (only its hash is kept)."""
    from graphsvc.serving.auth import Role, TokenStore

    with user_errors():
        settings = _settings()
        with closing(TokenStore(settings.tokens_db)) as tokens:  # type: ignore[attr-defined]
            token, record = tokens.create(Role.parse(role), name)
    if json_:
        print_json({**record, "token": token})
        return
    typer.echo(token)  # alone on stdout, so that TOKEN=$(graphsvc token create …) works
    err_console.print(
        f"Created {record['role']} token {record['id']} ({record['name']}). "
        "It is shown only now: keep it safe.",
        markup=False,
    )


@token_app.command("list")
def token_list(json_: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """List tokens (id, name, role, created), never the tokens themselves."""
    from graphsvc.serving.auth import TokenStore

    with user_errors(), closing(TokenStore(_settings().tokens_db)) as tokens:  # type: ignore[attr-defined]
        rows = tokens.list()
    if json_:
        print_json(rows)
        return
    if not rows:
        err_console.print(
            "No tokens yet; create one with graphsvc token create --role "
            "viewer (or editor, admin).",
            markup=False,
        )
    for row in rows:
        console.print(
            f"{row['id']}  {row['role']:<7} {row['created']}  {row['name']}", markup=False
        )


@token_app.command("revoke")
def token_revoke(token_id: Annotated[str, typer.Argument(help="The token's id.")]) -> None:
    """Revoke a token by its id."""
    from graphsvc.serving.auth import TokenStore

    with user_errors(), closing(TokenStore(_settings().tokens_db)) as tokens:  # type: ignore[attr-defined]
        tokens.revoke(token_id)
    console.print(f"Revoked {token_id}.", markup=False)


@app.command("settings")
def settings_cmd(
    json_: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the service's settings: environment variable, default, meaning."""
    from graphsvc.config import describe

    rows = describe()
    if json_:
        print_json(rows)
        return
    for row in rows:
        console.print(
            f"{row['env']} (default {row['default']}): {row['description']}", markup=False
        )
