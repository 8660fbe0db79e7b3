"""The `graphsvc` command: parse → call the library → print, nothing else."""

from __future__ import annotations

import importlib
import sys
from typing import Annotated

import typer

from graphsvc.cli.common import app, close_store, err_console, state

#: Modules that add commands to `app`; each is imported for its side effect.
COMMAND_MODULES = (
    "graphsvc.cli.data",
    "graphsvc.cli.analysis",
    "graphsvc.cli.serve",
    "graphsvc.cli.views",
    "graphsvc.cli.formats",
)


@app.callback()
def root(
    store: Annotated[
        str | None,
        typer.Option(
            "--store",
            envvar="GRAPHSVC_STORE",
            metavar="URL",
            help="Store URL: sqlite:///path.db (default sqlite:///graphsvc.db) or "
            "bolt://host:7687, neo4j://host:7687.",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks.")] = False,
) -> None:
    """Map a city's wellbeing service network, find its gaps and show it."""
    state.store_url = store
    state.debug = debug


for _module in COMMAND_MODULES:
    importlib.import_module(_module)


GLOBAL_OPTIONS = {"--store": 1, "--debug": 0}


def hoist_global_options(args: list[str]) -> list[str]:
    """Move --store URL and --debug to the front, wherever they were typed.

    `graphsvc import net.xlsx --store sqlite:///x.db` is what people type; click only
    takes the root's options before the command name. Nothing after `--` is moved.
    """
    front: list[str] = []
    rest: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        name = arg.split("=", 1)[0]
        if name in GLOBAL_OPTIONS and (arg == name or GLOBAL_OPTIONS[name]):
            takes = GLOBAL_OPTIONS[name] if arg == name else 0
            front.extend(args[i : i + 1 + takes])
            i += 1 + takes
            continue
        rest.append(arg)
        i += 1
    return front + rest


def main(argv: list[str] | None = None) -> int:
    """Entry point of the console script: exit 0 ok, 1 bad input, 2 usage error."""
    args = hoist_global_options(sys.argv[1:] if argv is None else argv)
    try:
        app(args=args, prog_name="graphsvc")
    except SystemExit as exc:  # click's standalone mode ends every run with one
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except (KeyboardInterrupt, BrokenPipeError):
        return 1
    except Exception as exc:  # the last line of defence: never a traceback for a user
        if state.debug or "--debug" in args:
            raise
        err_console.print(
            f"Error: unexpected {type(exc).__name__}: {exc}. Run again with --debug for "
            "the details, and please report it.",
            markup=False,
        )
        return 1
    finally:
        close_store()
    return 0
