"""The change log: /changes, newest first, with filters (who, what, when); and undo,
/changes/{id}/revert."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from graphsvc.api.deps import Editor, Reader, Store
from graphsvc.api.params import Day, id_query
from graphsvc.api.responses import ERRORS, REVERT_ERRORS
from graphsvc.serving import revert
from graphsvc.store import MAX_OFFSET
from graphsvc.store.history import Change, ChangeFilters

router = APIRouter(prefix="/changes", tags=["changes"])


class ChangeOut(BaseModel):
    id: str = Field(description="<change set>-<n>: one change of a change set.")
    change_set: int = Field(description="The write it was part of (an import is one).")
    at: str = Field(description="When, UTC, ISO 8601.")
    who: str = Field(description="The token's name, or cli.")
    role: str
    channel: str = Field(description="api, page, import or cli.")
    label: str = Field(description="A node label or relationship type.")
    key: str = Field(description="The node's id, or the relationship's ends.")
    op: str = Field(description="add, update or delete.")
    field: str | None = Field(description="The field changed (null: the record whole).")
    before: Any = Field(description="The value before (null: absent).")
    after: Any = Field(description="The value after (null: absent).")
    summary: str | None = Field(description="The change set's summary (an import's).")


class ChangePage(BaseModel):
    items: list[ChangeOut]
    total: int
    limit: int
    offset: int


def change_json(change: Change) -> dict[str, Any]:
    return dict(vars(change))


@router.get(
    "",
    response_model=None,
    responses={**ERRORS, 200: {"model": ChangePage, "description": "One page, newest first"}},
)
def list_changes(
    store: Store,
    _: Reader,
    label: Annotated[
        str | None,
        Query(max_length=40, description="Only changes of this label or relationship type."),
    ] = None,
    id: Annotated[str | None, id_query("Only changes of the node with this id.")] = None,
    who: Annotated[
        str | None, Query(max_length=200, description="Only changes by this token (or cli).")
    ] = None,
    since: Annotated[Day, Query(description="From this day on (YYYY-MM-DD).")] = None,
    until: Annotated[Day, Query(description="Up to this day, inclusive (YYYY-MM-DD).")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> dict[str, Any]:
    """What changed, who changed it, when, and the values before and after."""
    filters = ChangeFilters(
        label=label,
        id=id,
        who=who,
        since=since.isoformat() if since else None,
        until=until.isoformat() if until else None,
    )
    page = store.changes(filters, limit=limit, offset=offset)
    return {
        "items": [change_json(c) for c in page.items],
        "total": page.total,
        "limit": limit,
        "offset": offset,
    }


class RevertOut(BaseModel):
    reverted: str = Field(description="The change (<set>-<n>) or change set (<set>) undone.")
    change_set: int | None = Field(description="The change set the revert itself made.")
    entries: int = Field(description="How many logged changes it undid.")


ChangeId = Annotated[
    str,
    Path(
        pattern=r"^[0-9]{1,18}(-[0-9]{1,9})?$",
        description="A change (<set>-<n>, as listed) or a whole change set (<set>).",
        examples=["12-1", "12"],
    ),
]


@router.post(
    "/{id}/revert",
    response_model=None,
    responses={**REVERT_ERRORS, 200: {"model": RevertOut, "description": "Reverted"}},
)
def revert_change(id: ChangeId, store: Store, _: Editor) -> dict[str, Any]:
    """Undo a change or a change set (editor); 409 names the later change that blocks it."""
    done = revert.revert(store, id)
    return {"reverted": done.reverted, "change_set": done.change_set, "entries": done.entries}
