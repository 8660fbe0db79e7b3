"""Commands of the service: serve, token create/list/revoke, settings."""

from __future__ import annotations

from contextlib import closing
from typing import Annotated

import typer

from graphsvc.cli.common import (
    DebugOpt,
    StoreOpt,
    cli,
    console,
    err_console,
    print_json,
)

token_app = typer.Typer(
    help="Manage API tokens (only their hashes are stored).",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port.")] = 8000,
    demo: Annotated[
        bool, typer.Option("--demo", help="Load the demo network first when the store is empty.")
    ] = False,
    private: Annotated[
        bool, typer.Option("--private", help="Reading needs a token too (viewer role).")
    ] = False,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level.")] = "info",
    _store: StoreOpt = None,
    _debug: DebugOpt = False,
) -> None:
    """Serve the API, the pages and the views on http://HOST:PORT."""
    import uvicorn

    from graphsvc.app import create_app, load_demo_if_empty
    from graphsvc.serving.holder import StoreHolder

    problem = _cannot_listen(host, port)
    if problem:  # before anything is loaded or announced
        err_console.print(problem, markup=False)
        raise typer.Exit(1)
    with cli(ctx).errors():
        settings = cli(ctx).settings(private=True if private else None)
        if demo:
            holder = StoreHolder(settings.store, settings.store_auth)
            try:
                if load_demo_if_empty(holder):
                    console.print("Loaded the demo network.", markup=False)
            finally:
                holder.close()
        application = create_app(settings.model_copy(update={"warm": True}))
    console.print(f"graphsvc on http://{host}:{port}/ (API docs at /docs)", markup=False)
    uvicorn.run(
        application,
        host=host,
        port=port,
        log_level=log_level,
        proxy_headers=False,
        server_header=False,
    )


def _cannot_listen(host: str, port: int) -> str | None:
    """Why the service could not listen on host:port (a port in use, an address not
    here), in one line; None when it can."""
    import errno
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        return f"Cannot listen on {host}: {exc.strerror or exc}."
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (
                    f"Port {port} on {host} is in use (another graphsvc?); choose another "
                    f"with --port, e.g. --port {port + 1} (make serve PORT={port + 1})."
                )
            return f"Cannot listen on {host}:{port}: {exc.strerror or exc}."
    return None


def token_create(
    ctx: typer.Context,
    role: Annotated[str, typer.Option("--role", help="viewer, editor or admin.")],
    name: Annotated[str | None, typer.Option("--name", help="Who or what it is for.")] = None,
    json_: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    _debug: DebugOpt = False,
) -> None:
    """Create a token and print it once (only its hash is kept)."""
    from graphsvc.serving.auth import Role, TokenStore

    with cli(ctx).errors():
        settings = cli(ctx).settings()
        with closing(TokenStore(settings.tokens_db)) as tokens:
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


def token_list(
    ctx: typer.Context,
    json_: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    _debug: DebugOpt = False,
) -> None:
    """List tokens (id, name, role, created), never the tokens themselves."""
    from graphsvc.serving.auth import TokenStore

    with cli(ctx).errors(), closing(TokenStore(cli(ctx).settings().tokens_db)) as tokens:
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


def token_revoke(
    ctx: typer.Context,
    token_id: Annotated[str, typer.Argument(help="The token's id.")],
    _debug: DebugOpt = False,
) -> None:
    """Revoke a token by its id."""
    from graphsvc.serving.auth import TokenStore

    with cli(ctx).errors(), closing(TokenStore(cli(ctx).settings().tokens_db)) as tokens:
        tokens.revoke(token_id)
    console.print(f"Revoked {token_id}.", markup=False)


def settings_cmd(
    ctx: typer.Context,
    json_: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    _debug: DebugOpt = False,
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
