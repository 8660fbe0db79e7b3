"""What an import did, or in a dry run would do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from graphsvc.errors import RowError
from graphsvc.store.base import WriteCounts

Progress = Callable[[int], None]


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do)."""

    dry_run: bool
    counts: WriteCounts = field(default_factory=WriteCounts)
    warnings: list[RowError] = field(default_factory=list)
    source: str | None = None
    version: int | None = None

    @property
    def rows(self) -> int:
        c = self.counts
        return c.total("added") + c.total("updated") + c.total("unchanged")

    def to_dict(self) -> dict[str, Any]:
        c = self.counts
        return {
            "source": self.source,
            "dry_run": self.dry_run,
            "added": dict(sorted(c.added.items())),
            "updated": dict(sorted(c.updated.items())),
            "unchanged": dict(sorted(c.unchanged.items())),
            "deleted": dict(sorted(c.deleted.items())),
            "totals": {
                "added": c.total("added"),
                "updated": c.total("updated"),
                "unchanged": c.total("unchanged"),
                "deleted": c.total("deleted"),
            },
            "warnings": [w.to_dict() for w in self.warnings],
            "version": self.version,
        }
