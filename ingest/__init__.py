"""Readers and writers of the formats graphsvc imports and exports.

The table of formats and the entry points are in `ingest.registry`, imported on first
use (it imports every format module, and `import ingest` alone should stay cheap).
"""

from __future__ import annotations

from typing import Any

from ingest.base import ImportPolicy, ReadResult

__all__ = ["FORMATS", "ImportPolicy", "ReadResult", "detect_format", "read_file", "write_file"]

_REGISTRY = {"FORMATS", "detect_format", "read_file", "write_file"}


def __getattr__(name: str) -> Any:
    if name in _REGISTRY:
        from ingest import registry

        return getattr(registry, name)
    raise AttributeError(f"module 'ingest' has no attribute {name!r}")
