"""Writes cut into many statements: every batch lands in the one transaction, and a
failure in the last batch takes every earlier batch back with it."""

from __future__ import annotations

import pytest

from graphsvc.errors import MissingReference
from graphsvc.importing import apply_dataset
from graphsvc.model import Label, Provider, Relationship, RelKind, Sector
from graphsvc.store.neo4j import Neo4jStore
from graphsvc.store.neo4j_write import BoltWriter
from graphsvc.synth import generate
from ingest.dataset import dumps
from tests.bolt_server import bolt_store_url

pytestmark = pytest.mark.bolt


def test_small_batches_write_the_same_graph(request: pytest.FixtureRequest) -> None:
    ds = generate(120, seed=5)
    store = Neo4jStore(bolt_store_url(request), batch_rows=7)
    try:
        report = apply_dataset(store, ds)
        assert report.counts.added["Provider"] == 120
        assert dumps(store.snapshot()) == dumps(
            ds.model_copy(update={"name": None, "description": None})
        )
        again = apply_dataset(store, ds)  # read back in batches of 7 too: all unchanged
        assert again.counts.total("added") == again.counts.total("updated") == 0
    finally:
        store.close()


def test_a_failure_in_the_last_batch_leaves_nothing(request: pytest.FixtureRequest) -> None:
    store = Neo4jStore(bolt_store_url(request), batch_rows=10)
    providers = [Provider(id=f"p{i:02d}", name=f"P {i}", sector=Sector.NGO) for i in range(95)]
    good = [
        Relationship(
            kind=RelKind.PARTNERS_WITH,
            source=f"p{i:02d}",
            target=f"p{i + 1:02d}",
            properties={"kind": "project"},
        )
        for i in range(94)
    ]

    def fails_last(w: BoltWriter) -> None:
        w.upsert_nodes(Label.PROVIDER, providers)  # ten statements
        w.upsert_relationships(good)  # ten more
        assert w.rows_sent == 95 + 94
        raise RuntimeError("the last batch failed")

    def points_at_a_ghost(w: BoltWriter) -> None:
        w.upsert_nodes(Label.PROVIDER, providers)
        w.upsert_relationships(
            [*good, Relationship(kind=RelKind.PARTNERS_WITH, source="p00", target="ghost")]
        )

    try:
        with pytest.raises(RuntimeError):
            store.transact(fails_last)
        with pytest.raises(MissingReference):
            store.transact(points_at_a_ghost)
        assert store.counts()["nodes"]["Provider"] == 0
        assert store.counts()["relationships"]["PARTNERS_WITH"] == 0
        assert store.version() == 0
    finally:
        store.close()
