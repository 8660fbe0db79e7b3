"""What the tests of the change log's first layout share: a store with two logged
writes, and its changes as the first layout kept them (a row or node per change)."""

from __future__ import annotations

from typing import Any

import orjson

from graphsvc.model import Label, Provider, Sector
from graphsvc.store import GraphStore
from graphsvc.store.history import Change


def two_writes(store: GraphStore) -> list[Change]:
    """Add a provider, then change two of its fields; the log, newest first."""
    for provider in (
        Provider(id="kyt", name="KYT", sector=Sector.CITY),
        Provider(id="kyt", name="KYT ry", sector=Sector.NGO),
    ):
        store.transact(lambda w, p=provider: w.upsert_nodes(Label.PROVIDER, [p]))
    logged = store.changes().items
    assert [(c.id, c.op, c.field) for c in logged] == [
        ("2-2", "update", "sector"),
        ("2-1", "update", "name"),
        ("1-1", "add", None),
    ]
    return logged


def first_layout(changes: list[Change]) -> list[dict[str, Any]]:
    """The changes as the first layout's rows: the set's who and when on each, the
    values before and after as JSON text (None: absent)."""
    return [
        {
            "set_id": c.change_set,
            "n": int(c.id.split("-")[1]),
            "at": c.at,
            "who": c.who,
            "role": c.role,
            "channel": c.channel,
            "kind": c.label,
            "key": c.key,
            "op": c.op,
            "field": c.field,
            "before": None if c.before is None else orjson.dumps(c.before).decode(),
            "after": None if c.after is None else orjson.dumps(c.after).decode(),
        }
        for c in changes
    ]
