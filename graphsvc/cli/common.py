"""Shared pieces of the command-line interface: the app, options, output, errors."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console

from graphsvc.errors import GraphsvcError, InvalidData, UnknownId
from graphsvc.model import Label
from graphsvc.store import GraphStore, open_store

if TYPE_CHECKING:
    from graphsvc.config import Settings, StoreSettings

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


@dataclass
class Cli:
    """What the commands of one run share: `--store` and `--debug`, the settings (read
    from the environment once) and the store, opened on first use. `main` makes it and
    hands it to click as the root context's object; a command reaches it with `cli(ctx)`."""

    store_url: str | None = None
    debug: bool = False
    _settings: Settings | None = field(default=None, repr=False)
    _store: GraphStore | None = field(default=None, repr=False)

    def settings(self, **overrides: Any) -> Settings:
        """The service's settings: GRAPHSVC_* and NEO4J_*, with --store and `overrides`
        on top; InvalidData names a setting that is wrong."""
        from graphsvc.config import Settings

        if overrides:
            return _settings(Settings, self._given(overrides))
        if self._settings is None:
            self._settings = _settings(Settings, self._given({}))
        return self._settings

    def store(self) -> GraphStore:
        """The store --store or GRAPHSVC_STORE names, opened once per run, as the user
        NEO4J_USER / NEO4J_PASSWORD say where the URL does not. (Only the store's
        settings are read: a command that does not serve never fails on the others.)"""
        if self._store is None:
            from graphsvc.config import StoreSettings

            settings = _settings(StoreSettings, self._given({}))
            self._store = open_store(settings.store, auth=settings.store_auth)
        return self._store

    def _given(self, overrides: dict[str, Any]) -> dict[str, Any]:
        values = {k: v for k, v in overrides.items() if v is not None}
        if self.store_url:
            values["store"] = self.store_url
        return values

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    @contextmanager
    def errors(self, json_: bool = False) -> Iterator[None]:
        """Turn graphsvc errors into one clear line (+ details) and exit code 1; with json_,
        also the API's error object on stdout, for a script that asked for JSON."""
        try:
            yield
        except GraphsvcError as exc:
            if self.debug:
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
            message, details = exc.message, exc.details_as_dicts()
            if isinstance(exc, UnknownId) and exc.field:  # the option as it was typed
                message, details = f"--{exc.field.replace('_', '-')}: {exc.reason}.", []
            err_console.print(f"Error: {message}", markup=False)
            for detail in details[:50]:
                err_console.print(f"  - {_detail_line(detail)}", markup=False)
            if len(details) > 50:
                err_console.print(f"  … and {len(details) - 50} more", markup=False)
            raise typer.Exit(1) from None


S = TypeVar("S", bound="StoreSettings")


def _settings(cls: type[S], values: dict[str, Any]) -> S:
    """`cls` from the environment with `values` on top; InvalidData names what is wrong."""
    from pydantic import ValidationError

    try:
        return cls(**values)
    except ValidationError as exc:
        first = exc.errors()[0]
        name = ".".join(map(str, first["loc"]))
        message = str(first["msg"]).removeprefix("Value error, ")
        raise InvalidData(f"Setting {name}: {message}" if name else message) from None


def cli(ctx: typer.Context) -> Cli:
    """The run's `Cli`: the object of click's root context (`main` puts it there)."""
    root = ctx.find_root()
    if not isinstance(root.obj, Cli):  # (a run not started by `main`, e.g. a test's)
        root.obj = Cli()
    return root.obj


def _remember_store(ctx: typer.Context, _param: typer.CallbackParam, value: str | None) -> None:
    if value is not None:
        cli(ctx).store_url = value


def _remember_debug(ctx: typer.Context, _param: typer.CallbackParam, value: bool) -> None:
    if value:
        cli(ctx).debug = True


#: --store and --debug, taken by the root command and by each command alike, so that
#: `graphsvc import net.xlsx --store x.db` works as typed (both go to the run's `Cli`)
StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        metavar="URL",
        help="Store URL: sqlite:///path.db (default sqlite:///graphsvc.db, or "
        "GRAPHSVC_STORE) or bolt://host:7687, neo4j://host:7687.",
        callback=_remember_store,
        expose_value=False,
    ),
]
DebugOpt = Annotated[
    bool,
    typer.Option("--debug", help="Show tracebacks.", callback=_remember_debug, expose_value=False),
]

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar="YYYY-MM-DD", help="Count what is active on this date (default: today)."
    ),
]
LangOpt = Annotated[str, typer.Option("--lang", help="Language of names and messages: fi or en.")]


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


#: a label as an error message says it
WHAT = {
    Label.TARGET_GROUP: "target group",
    Label.NEED: "need",
    Label.AREA: "area",
    Label.PROVIDER: "provider",
}


def check_ids(store: GraphStore, label: Label, ids: list[str] | None, field: str) -> None:
    """UnknownId (exit 1) when option `field` (remove_provider: --remove-provider) names
    an id that is not in the store: for what the store is asked directly (a listing, a
    scenario's removals); the analyses and the views check the ids they are given."""
    if not ids:
        return
    there = store.exists(label, ids)
    missing = [i for i in ids if i not in there]
    if missing:
        raise UnknownId.of(field, WHAT.get(label, str(label)), missing)


def print_json(data: Any) -> None:
    """Print JSON to stdout exactly (no rich markup or wrapping)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    sys.stdout.flush()


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
