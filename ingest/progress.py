"""A rich progress bar for long reads, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, Protocol

#: Inputs with fewer rows or records than this finish too fast for a bar to be worth drawing.
MIN_TOTAL = 20_000


class Tick(Protocol):
    def __call__(self, completed: float | None = None, *, advance: float = 0) -> None: ...


def _noop(completed: float | None = None, *, advance: float = 0) -> None:
    return None


@contextmanager
def progress_bar(description: str, total: float | None) -> Iterator[Tick]:
    """Yield `tick(completed=…)` / `tick(advance=…)`; draws a bar on a terminal only.

    `total` is the expected number of rows or records (None when unknown); small inputs
    get no bar (they finish at once).
    """
    if not sys.stderr.isatty() or (total is not None and total < MIN_TOTAL):
        yield _noop
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns: list[Any] = [TextColumn("{task.description}"), BarColumn()]
    columns.append(TimeRemainingColumn() if total else MofNCompleteColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(description, total=total)

        def tick(completed: float | None = None, *, advance: float = 0) -> None:
            if completed is not None:
                bar.update(task, completed=completed)
            elif advance:
                bar.advance(task, advance)

        yield tick
