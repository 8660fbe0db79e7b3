"""Shared pieces of the command-line interface: the app, options, output, errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console

from graphsvc.errors import GraphsvcError, UnknownId
from graphsvc.model import Label
from graphsvc.store import GraphStore, open_store

app = typer.Typer(
    name="graphsvc",
    help="Map a city's wellbeing service network, find its gaps and show it.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)
console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])


class State:
    store_url: str | None = None
    debug: bool = False
    _store: GraphStore | None = None


state = State()

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar="YYYY-MM-DD", help="Count what is active on this date (default: today)."
    ),
]
LangOpt = Annotated[str, typer.Option("--lang", help="Language of names and messages: fi or en.")]


def get_store() -> GraphStore:
    """The store chosen by --store / GRAPHSVC_STORE, opened once per command, as the
    user NEO4J_USER / NEO4J_PASSWORD say where the URL does not."""
    if state._store is None:
        from graphsvc.config import StoreSettings

        state._store = open_store(state.store_url, auth=StoreSettings().store_auth)
    return state._store


def close_store() -> None:
    if state._store is not None:
        state._store.close()
        state._store = None


def parse_date(value: str | None, option: str = "--as-of") -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date (use YYYY-MM-DD)", param_hint=option
        ) from None


def check_lang(lang: str) -> str:
    if lang not in ("fi", "en"):
        raise typer.BadParameter(
            f"{lang!r} is not a language here: use fi or en", param_hint="--lang"
        )
    return lang


def check_ids(store: GraphStore, label: Label, ids: list[str] | None, option: str) -> None:
    """Fail with a clear error (exit 1) when an option names an id that is not in the store."""
    if not ids:
        return
    missing = [i for i in ids if i not in store.exists(label, ids)]
    if missing:
        raise UnknownId(f"{option}: no {label} with id {', '.join(repr(m) for m in missing)}.")


def print_json(data: Any) -> None:
    """Print JSON to stdout exactly (no rich markup or wrapping)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    sys.stdout.flush()


@contextmanager
def user_errors(json_: bool = False) -> Iterator[None]:
    """Turn graphsvc errors into one clear line (+ details) and exit code 1; with json_,
    also the API's error object on stdout, for a script that asked for JSON."""
    try:
        yield
    except GraphsvcError as exc:
        if state.debug:
            raise
        if json_:
            print_json(
                {
                    "error": {
                        "code": exc.code,
                        "message": exc.message,
                        "details": exc.details_as_dicts(),
                    }
                }
            )
        err_console.print(f"Error: {exc.message}", markup=False)
        details = exc.details_as_dicts()
        for detail in details[:50]:
            err_console.print(f"  - {_detail_line(detail)}", markup=False)
        if len(details) > 50:
            err_console.print(f"  … and {len(details) - 50} more", markup=False)
        raise typer.Exit(1) from None


def _detail_line(detail: dict[str, Any]) -> str:
    where = [str(detail[k]) for k in ("file",) if detail.get(k)]
    place = " ".join(
        p
        for p in (
            detail.get("location") or "",
            f"row {detail['row']}" if detail.get("row") is not None else "",
            f"(id {detail['id']})" if detail.get("id") else "",
        )
        if p
    )
    if place:
        where.append(place)
    if detail.get("field"):
        where.append(f"field {detail['field']}")
    prefix = ", ".join(where)
    return f"{prefix}: {detail.get('message', '')}" if prefix else str(detail.get("message", ""))
