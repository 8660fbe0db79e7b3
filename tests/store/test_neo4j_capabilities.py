"""Server capabilities are decided once, on connect: Neo4j's for Neo4j, FalkorDB's own."""

from __future__ import annotations

import neo4j
import pytest

from graphsvc.model import Label
from graphsvc.store import cypher, open_store
from graphsvc.store.capabilities import FALKORDB, NEO4J, UNKNOWN, detect, falkordb_params
from graphsvc.store.neo4j import Neo4jStore
from tests.bolt_server import NEO4J_URI, bolt_store_url, patch_goodbye

pytestmark = pytest.mark.bolt


@pytest.fixture
def bolt_url(request: pytest.FixtureRequest) -> str:
    return bolt_store_url(request)


def test_the_profiles_differ_where_the_servers_do() -> None:
    assert NEO4J.capabilities.transactional and not FALKORDB.capabilities.transactional
    assert NEO4J.capabilities.schema_constraints and not FALKORDB.capabilities.schema_constraints
    # FalkorDB crashes on parameters over ~4 KB: its bound leaves room to spare
    assert FALKORDB.capabilities.max_batch_bytes == 3_000
    assert (NEO4J.capabilities.max_batch_bytes or 0) >= 1_000_000
    assert all("IF NOT EXISTS" in s for s in NEO4J.schema)
    assert not any("IF NOT EXISTS" in s or "CONSTRAINT" in s for s in FALKORDB.schema)
    assert "nothing of this write was stored" in NEO4J.rolled_back
    assert "no transactions" in FALKORDB.rolled_back and "stays" in FALKORDB.rolled_back


def test_neo4j_schema_has_a_unique_id_per_label_and_filter_indexes() -> None:
    for label in Label:
        assert (
            f"CREATE CONSTRAINT {label.value.lower()}_id IF NOT EXISTS FOR "
            f"(n:{label.value}) REQUIRE n.id IS UNIQUE"
        ) in NEO4J.schema
    assert (
        "CREATE INDEX provider_sector IF NOT EXISTS FOR (n:Provider) ON (n.sector)" in NEO4J.schema
    )
    assert any(s.startswith("CREATE TEXT INDEX provider_search") for s in NEO4J.schema)


def test_detection_by_what_the_server_answers() -> None:
    """detect() on canned answers: Neo4j names its kernel, FalkorDB lists algo.*."""

    class Refused(Exception):
        pass

    def neo4j_server(q: str) -> list[dict[str, object]]:
        return [{"name": "Neo4j Kernel", "versions": ["5.26.0"], "edition": "community"}]

    def falkordb(q: str) -> list[dict[str, object]]:
        if q == cypher.NEO4J_COMPONENTS:
            raise Refused()
        return [{"name": "algo.pageRank"}, {"name": "db.labels"}]

    def other(q: str) -> list[dict[str, object]]:
        raise Refused()

    refused = lambda e: isinstance(e, Refused)  # noqa: E731
    found = detect(neo4j_server, refused)
    assert (found.name, found.version, found.capabilities) == (
        "Neo4j",
        "5.26.0",
        NEO4J.capabilities,
    )
    assert detect(falkordb, refused) is FALKORDB
    assert detect(other, refused) is UNKNOWN


def test_the_live_server_is_recognised(bolt_url: str) -> None:
    store = open_store(bolt_url)
    try:
        assert isinstance(store, Neo4jStore)
        expected = NEO4J if NEO4J_URI else FALKORDB
        assert store.profile.name == expected.name
        assert store.capabilities == expected.capabilities
    finally:
        store.close()


def test_schema_is_created_on_first_open_and_only_then(bolt_url: str) -> None:
    if NEO4J_URI:
        pytest.skip(
            "inspected on FalkorDB (on Neo4j the DDL is IF NOT EXISTS, checked by the grammar test)"
        )
    open_store(bolt_url).close()
    patch_goodbye()

    def indexes(session: neo4j.Session) -> set[tuple[str, str]]:
        rows = session.run("CALL db.indexes() YIELD label, properties RETURN label, properties")
        return {(r["label"], p) for r in rows for p in r["properties"]}

    with neo4j.GraphDatabase.driver(bolt_url, auth=None) as driver, driver.session() as session:
        created = indexes(session)
        marker = session.run(cypher.META, {"meta": cypher.META_ID}).single()
        # one index per label on id, plus the filtered properties
        assert {(label.value, "id") for label in Label} <= created
        assert ("Provider", "sector") in created
        assert marker is not None and marker["schema"] == cypher.SCHEMA_VERSION
        # a second open sees the marker and leaves the schema alone: an index dropped
        # by hand stays dropped
        session.run("DROP INDEX ON :Provider(sector)").consume()
        open_store(bolt_url).close()
        assert indexes(session) == created - {("Provider", "sector")}


def test_falkordb_parameters_are_escaped_for_its_text_rendering() -> None:
    assert falkordb_params("it's C:\\x") == "it\\'s C:\\\\x"
    assert falkordb_params({"name__fi": "a", "name__fi-FI": ["b'"]}) == {
        "name__fi": "a",
        "`name__fi-FI`": ["b\\'"],
    }
    assert falkordb_params([1, None, 2.5, True]) == [1, None, 2.5, True]
