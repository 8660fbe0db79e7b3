"""Results cached by the store's version: identical requests on an unchanged store do
not recompute; any write changes the version, and with it every key.

The version is asked of the store on each request (cheap: one row), so writes made by
another process (`graphsvc import`) invalidate too. Entries of older versions are
dropped as soon as a newer version is seen.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


@dataclass
class CacheStats:
    hits: int = 0
    misses: int = 0
    computed: int = 0

    def to_dict(self) -> dict[str, int]:
        return {"hits": self.hits, "misses": self.misses, "computed": self.computed}


class ResultCache:
    """A small LRU of results keyed by (store version, what, parameters)."""

    def __init__(self, maxsize: int = 256) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()
        self._key_locks: dict[Hashable, threading.Lock] = {}
        self._version: int | None = None
        self.stats = CacheStats()

    def __len__(self) -> int:
        return len(self._data)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def _see_version(self, version: int) -> None:
        if self._version != version:
            # Anything computed for another version can never be asked for again.
            self._data.clear()
            self._version = version

    def peek(self, version: int, key: Hashable) -> tuple[bool, Any]:
        """(True, value) when cached; never computes."""
        full = (version, key)
        with self._lock:
            self._see_version(version)
            if full in self._data:
                self._data.move_to_end(full)
                self.stats.hits += 1
                return True, self._data[full]
        return False, None

    def get_or_compute(
        self, version: int, key: Hashable, compute: Callable[[], T]
    ) -> tuple[T, bool]:
        """The cached value of `key` at `version`, computing it once; (value, was_hit)."""
        hit, value = self.peek(version, key)
        if hit:
            return value, True
        full = (version, key)
        with self._lock:
            key_lock = self._key_locks.setdefault(full, threading.Lock())
        with key_lock:  # one computation per key, even under concurrent misses
            with self._lock:
                if full in self._data:
                    self.stats.hits += 1
                    return self._data[full], True
                self.stats.misses += 1
            value = compute()
            with self._lock:
                self.stats.computed += 1
                if self.maxsize and self._version == version:
                    self._data[full] = value
                    while len(self._data) > self.maxsize:
                        self._data.popitem(last=False)
                self._key_locks.pop(full, None)
        return value, False
