"""Query parameters that several routes take, typed so that the OpenAPI document says
exactly what the service accepts: a day is `format: date` and nothing else, an id
is 1 to 200 characters, a format is one of the registry's names."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

from fastapi import Query
from pydantic import BeforeValidator

from graphsvc.model.types import iso_day

#: a day, YYYY-MM-DD and a real one, or none (a query's; a body's days are the model's)
Day = Annotated[date | None, BeforeValidator(iso_day)]
#: `as_of`: a day; absent means today
AsOf = Annotated[
    Day, Query(description="Count what is active on this day (YYYY-MM-DD; default today).")
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
