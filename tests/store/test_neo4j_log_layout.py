"""A Neo4j change log of the first layout (a node per change) is rewritten as blocks
when the store is opened, its changes as they were."""

from __future__ import annotations

import pytest

from graphsvc.model import Label, Provider, Sector
from graphsvc.store import cypher, open_store
from graphsvc.store.history import ChangeFilters
from tests.bolt_server import bare_session, bolt_store_url
from tests.store.log_layout import first_layout, two_writes

pytestmark = pytest.mark.bolt


def test_a_log_of_the_first_layout_is_kept_when_opened(request: pytest.FixtureRequest) -> None:
    url = bolt_store_url(request)
    store = open_store(url)
    before = two_writes(store)
    store.close()
    # (Neo4j keeps no null property)
    rows = [{k: v for k, v in row.items() if v is not None} for row in first_layout(before)]
    with bare_session(url) as s:
        # the first layout: a node per change, the records' versions without changes
        s.run("MATCH (b:ChangeBlock) DELETE b").consume()
        s.run("MATCH (v:RecordVersion) REMOVE v.changes").consume()
        s.run("UNWIND $rows AS row CREATE (c:Change) SET c = row", rows=rows).consume()
        s.run(cypher.SET_SCHEMA, meta=cypher.META_ID, schema=3).consume()

        reopened = open_store(url)
        try:
            assert reopened.changes().items == before
            by_record = reopened.changes(ChangeFilters(id="kyt", change_set=2)).items
            assert [c.id for c in by_record] == ["2-2", "2-1"]
            kyt = Provider(id="kyt", name="KYT", sector=Sector.NGO)
            reopened.transact(lambda w: w.upsert_nodes(Label.PROVIDER, [kyt]))
            assert [c.id for c in reopened.changes(ChangeFilters(id="kyt")).items] == [
                "3-1",
                "2-2",
                "2-1",
                "1-1",
            ]
        finally:
            reopened.close()
        assert s.run("MATCH (c:Change) RETURN count(c) AS n").single()["n"] == 0
