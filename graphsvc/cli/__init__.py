"""The `graphsvc` command: parse → call the library → print, nothing else.

Each module below registers its commands on `app` by name, in `COMMANDS`; `main` makes
the run's `Cli` (settings, store, --debug) and hands it to click.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from graphsvc.cli import analysis, data, demand, formats, history, serve, views
from graphsvc.cli.common import Cli, DebugOpt, StoreOpt, app, err_console

#: every command, in the order `graphsvc --help` lists them: (name, function)
COMMANDS: tuple[tuple[str, Callable[..., None]], ...] = (
    ("demo", data.demo),
    ("import", data.import_),
    ("export", data.export),
    ("stats", data.stats),
    ("history", history.history),
    ("list", data.list_),
    ("show", data.show),
    ("synth", data.synth),
    ("gaps", analysis.gaps),
    ("coverage", analysis.coverage),
    ("network", analysis.network),
    ("scenario", analysis.scenario),
    ("compare", analysis.compare),
    ("serve", serve.serve),
    ("settings", serve.settings_cmd),
    ("render", views.render),
    ("heatmap", views.heatmap),
    ("template", formats.template),
    ("formats", formats.formats_),
)

#: `graphsvc deck …`
DECK_COMMANDS: tuple[tuple[str, Callable[..., None]], ...] = (
    ("list", views.deck_list),
    ("export", views.deck_export),
)

#: `graphsvc token …`
TOKEN_COMMANDS: tuple[tuple[str, Callable[..., None]], ...] = (
    ("create", serve.token_create),
    ("list", serve.token_list),
    ("revoke", serve.token_revoke),
)

for _name, _function in COMMANDS:
    app.command(_name)(_function)
for _name, _function in TOKEN_COMMANDS:
    serve.token_app.command(_name)(_function)
app.add_typer(serve.token_app, name="token")
for _name, _function in DECK_COMMANDS:
    views.deck_app.command(_name)(_function)
app.add_typer(views.deck_app, name="deck")

#: `graphsvc demand …`
DEMAND_COMMANDS: tuple[tuple[str, Callable[..., None]], ...] = (
    ("list", demand.demand_list),
    ("show", demand.demand_show),
    ("apply", demand.demand_apply),
)
for _name, _function in DEMAND_COMMANDS:
    demand.demand_app.command(_name)(_function)
app.add_typer(demand.demand_app, name="demand")


@app.callback()
def root(_store: StoreOpt = None, _debug: DebugOpt = False) -> None:
    """Map a city's wellbeing service network, find its gaps and show it."""


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script: exit 0 ok, 1 bad input, 2 usage error."""
    args = sys.argv[1:] if argv is None else argv
    run = Cli()
    try:
        app(args=args, prog_name="graphsvc", obj=run)
    except SystemExit as exc:  # click's standalone mode ends every run with one
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except (KeyboardInterrupt, BrokenPipeError):
        return 1
    except Exception as exc:  # the last line of defence: never a traceback for a user
        if run.debug or "--debug" in args:
            raise
        err_console.print(
            f"Error: unexpected {type(exc).__name__}: {exc}. Run again with --debug for "
            "the details, and please report it.",
            markup=False,
        )
        return 1
    finally:
        run.close()
    return 0
