"""The store as the service holds it: opened on first use, and again after a failure."""

from __future__ import annotations

import threading
import time

from graphsvc.errors import GraphsvcError, StoreUnavailable
from graphsvc.store import GraphStore, StoreAuth, open_store


class StoreHolder:
    """Opens the store on first use and again after a failure, so that the service
    starts while the database is down and recovers by itself when it is back.

    When a request finds the store unreachable (`failed`), the requests of the next
    RETRY_SECONDS are refused at once with the same error, instead of each waiting for
    the server's time-outs in turn; then one request tries the store again."""

    RETRY_SECONDS = 1.0

    def __init__(self, url: str, auth: StoreAuth | None = None) -> None:
        self.url = url
        self.auth = auth
        self._store: GraphStore | None = None
        self._lock = threading.Lock()
        self._failed_at = 0.0
        self._last_error: GraphsvcError | None = None

    @property
    def current(self) -> GraphStore | None:
        """The store when it is open and not just found down, else None (then `get`,
        which may block, opens it or says why not)."""
        return self._store if self._last_error is None else None

    def failed(self, error: StoreUnavailable) -> None:
        """A request found the store unreachable. (A refusal of `get` itself changes
        nothing: the time of the last real try counts, so that the store is tried again
        every RETRY_SECONDS however many requests come.)"""
        if self._last_error is None:
            self._failed_at, self._last_error = time.monotonic(), error

    def get(self) -> GraphStore:
        store, error = self._store, self._last_error
        if store is not None and error is None:
            return store
        if store is not None and error is not None:
            if time.monotonic() - self._failed_at < self.RETRY_SECONDS:
                raise StoreUnavailable(error.message)
            self._last_error = None  # this request tries the store again
            return store
        with self._lock:
            if self._store is None:
                if self._last_error and time.monotonic() - self._failed_at < self.RETRY_SECONDS:
                    raise StoreUnavailable(self._last_error.message)
                try:
                    self._store = open_store(self.url, auth=self.auth)
                    self._last_error = None
                except GraphsvcError as exc:
                    self._failed_at = time.monotonic()
                    self._last_error = (
                        exc if isinstance(exc, StoreUnavailable) else StoreUnavailable(exc.message)
                    )
                    raise self._last_error from None
            return self._store

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
