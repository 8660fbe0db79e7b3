"""Query parameters that several routes take, typed so that the OpenAPI document says
exactly what the service accepts: a day is `format: date` and nothing else, an id
is 1 to 200 characters, a format is one of the registry's names."""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

from fastapi import Query
from pydantic import BeforeValidator

_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_day(value: Any) -> Any:
    """YYYY-MM-DD, and a real day (not 2025-02-30); nothing else that
    `date.fromisoformat` would take (20250101, 2025-W01-1)."""
    if isinstance(value, str):
        if not _DAY.fullmatch(value):
            raise ValueError("not a date (use YYYY-MM-DD)")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError("not a date (use YYYY-MM-DD)") from None
    return value


#: `as_of`: a day; absent means today
AsOf = Annotated[
    date | None,
    BeforeValidator(iso_day),
    Query(description="Count what is active on this day (YYYY-MM-DD; default today)."),
]


def id_query(description: str, example: str | None = None) -> Any:
    """An id in the query: the same bounds as a node's id."""
    return Query(
        min_length=1,
        max_length=200,
        description=description,
        examples=[example] if example else None,
    )


def _formats(name: str, can: str) -> Any:
    from ingest.registry import FORMATS

    names = sorted(n for n, f in FORMATS.items() if getattr(f, can) is not None)
    return Enum(name, {n: n for n in names}, type=str)


#: the formats POST /import reads, and GET /export writes (enums made from the
#: registry; to mypy, any enum)
if TYPE_CHECKING:
    ImportFormat: TypeAlias = Enum
    ExportFormat: TypeAlias = Enum
else:
    ImportFormat = _formats("ImportFormat", "reader")
    ExportFormat = _formats("ExportFormat", "writer")
