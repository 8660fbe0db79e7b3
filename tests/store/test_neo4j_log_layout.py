"""A Neo4j change log of the first layout (a node per change) is rewritten as blocks
when the store is opened, its changes as they were."""

from __future__ import annotations

import neo4j
import orjson
import pytest

from graphsvc.model import Label, Provider, Sector
from graphsvc.store import cypher, open_store
from graphsvc.store.bolt import parse_url
from graphsvc.store.history import ChangeFilters
from tests.bolt_server import bolt_store_url

pytestmark = pytest.mark.bolt


def test_a_log_of_the_first_layout_is_kept_when_opened(request: pytest.FixtureRequest) -> None:
    url = bolt_store_url(request)
    store = open_store(url)
    with store.write() as w:
        w.upsert_nodes(Label.PROVIDER, [Provider(id="kyt", name="KYT", sector=Sector.CITY)])
    with store.write() as w:
        w.upsert_nodes(Label.PROVIDER, [Provider(id="kyt", name="KYT ry", sector=Sector.NGO)])
    before = store.changes().items
    store.close()
    assert [(c.id, c.op, c.field) for c in before] == [
        ("2-2", "update", "sector"),
        ("2-1", "update", "name"),
        ("1-1", "add", None),
    ]
    rows = [
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
            **({"field": c.field} if c.field else {}),
            **({"before": orjson.dumps(c.before).decode()} if c.before is not None else {}),
            **({"after": orjson.dumps(c.after).decode()} if c.after is not None else {}),
        }
        for c in before
    ]
    target = parse_url(url)
    with (
        neo4j.GraphDatabase.driver(target.uri, auth=target.auth) as driver,
        driver.session(database=target.database) as s,
    ):
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
            with reopened.write() as w:
                w.upsert_nodes(Label.PROVIDER, [Provider(id="kyt", name="KYT", sector=Sector.NGO)])
            assert [c.id for c in reopened.changes(ChangeFilters(id="kyt")).items] == [
                "3-1",
                "2-2",
                "2-1",
                "1-1",
            ]
        finally:
            reopened.close()
        assert s.run("MATCH (c:Change) RETURN count(c) AS n").single()["n"] == 0
