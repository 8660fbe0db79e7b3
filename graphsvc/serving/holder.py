"""The store as the service holds it: opened on first use, and again after a failure."""

from __future__ import annotations

import threading
import time

from graphsvc.errors import GraphsvcError, StoreUnavailable
from graphsvc.store import GraphStore, StoreAuth, open_store


class StoreHolder:
    """Opens the store on first use and again after a failure, so that the service
    starts while the database is down and recovers by itself when it is back."""

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
        """The store when it is open, else None (opening may block: see `get`)."""
        return self._store

    def get(self) -> GraphStore:
        store = self._store
        if store is not None:
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
