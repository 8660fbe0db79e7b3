"""Helpers for the few places where CPython's defaults cost real time."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a block that builds many objects.

    Reading, importing, generating or analysing a big network makes millions of
    short-lived objects and no reference cycles, so the collector would only walk the
    growing heap again and again (a fifth to a half of the time). Cycles made
    meanwhile are collected once it runs again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
