"""A Neo4j write is the driver's managed transaction: one that meets a transient error
(here a real deadlock with another client) is run again from the start, with a new
writer, and lands once: one version more, one change set, no entry twice."""

from __future__ import annotations

import threading
import time
from typing import Any

import neo4j
import pytest
from neo4j import exceptions as nx

from graphsvc.importing import apply_dataset
from graphsvc.model import Dataset, Label, Node
from graphsvc.store.bolt import parse_url
from graphsvc.store.history import ChangeFilters
from graphsvc.store.neo4j import Neo4jStore
from graphsvc.store.neo4j_write import BoltWriter
from tests.bolt_server import bolt_store_url

pytestmark = pytest.mark.bolt

#: what the other client locks first: every node of the graph but "mll", many more
#: locks than the store's write holds when the two deadlock (Neo4j ends the
#: transaction that holds fewer: the store's)
HOLD_ALL_BUT_MLL = (
    "MATCH (n) WHERE (n:Provider OR n:Service OR n:Need OR n:Area OR n:TargetGroup "
    "OR n:Network) AND n.id <> 'mll' SET n.held = true RETURN count(n) AS n"
)
TAKE_MLL = "MATCH (p:Provider {id: 'mll'}) SET p.held = true"
BLOCKED = (
    "SHOW TRANSACTIONS YIELD status, currentQuery "
    "WHERE status STARTS WITH 'Blocked' AND currentQuery CONTAINS 'held' RETURN count(*) AS n"
)


def renamed(node: Node, name: str) -> Node:
    return type(node).model_validate({**node.model_dump(mode="json"), "name": name})


def wait_until_blocked(driver: neo4j.Driver, database: str | None) -> None:
    """Until the other client's statement waits for a lock (ten seconds at most)."""
    deadline = time.monotonic() + 10
    with driver.session(database=database) as s:
        while time.monotonic() < deadline:
            if s.run(BLOCKED).single(strict=True)["n"]:
                return
            time.sleep(0.05)
    raise AssertionError("the other client never waited for the lock")


def test_a_deadlocked_write_is_run_again_and_lands_once(
    request: pytest.FixtureRequest, small_dataset: Dataset
) -> None:
    url = bolt_store_url(request)
    store = Neo4jStore(url)
    target = parse_url(url)
    other = neo4j.GraphDatabase.driver(target.uri, auth=target.auth)
    try:
        apply_dataset(store, small_dataset)
        version, sets = store.version(), store.changes(limit=1).items[0].change_set
        mll = renamed(store.get(Label.PROVIDER, "mll"), "MLL")
        jkl = renamed(store.get(Label.PROVIDER, "jkl"), "Jyväskylä")

        # the other client: an explicit transaction that holds every node but "mll"
        session = other.session(database=target.database)
        held = session.begin_transaction()
        assert held.run(HOLD_ALL_BUT_MLL).single(strict=True)["n"] > 10
        other_done: list[Any] = []

        def take_mll_then_give_up() -> None:
            try:
                held.run(TAKE_MLL).consume()  # waits for the store's first attempt
                other_done.append("took mll")
            except Exception as exc:  # (the test fails below, naming it)
                other_done.append(exc)
            finally:
                held.rollback()

        helper = threading.Thread(target=take_mll_then_give_up)
        writers: list[BoltWriter] = []
        met: list[str] = []

        def work(writer: BoltWriter) -> str:
            writers.append(writer)
            writer.upsert_nodes(Label.PROVIDER, [mll])  # "mll" locked to this transaction
            if len(writers) == 1:
                helper.start()  # the other client now waits for "mll"…
                wait_until_blocked(other, target.database)
                try:  # …and this one for "jkl": each waits for the other
                    writer.upsert_nodes(Label.PROVIDER, [jkl])
                except nx.Neo4jError as exc:
                    met.append(exc.code)
                    raise
            else:
                writer.upsert_nodes(Label.PROVIDER, [jkl])
            return f"attempt {len(writers)}"

        assert store.transact(work) == "attempt 2"
        helper.join(10)
        session.close()

        assert met == ["Neo.TransientError.Transaction.DeadlockDetected"]
        assert other_done == ["took mll"]  # (the other client was not the one ended)
        first, second = writers
        assert first is not second and first.journal is not second.journal
        assert store.get(Label.PROVIDER, "mll").name == "MLL"
        assert store.get(Label.PROVIDER, "jkl").name == "Jyväskylä"
        # once: one version more, one change set of the two renames, nothing twice
        assert store.version() == version + 1
        latest = store.changes(limit=1).items[0].change_set
        assert latest == sets + 1
        logged = store.changes(ChangeFilters(change_set=latest)).items
        assert sorted((c.key, c.field, c.after) for c in logged) == [
            ("jkl", "name", "Jyväskylä"),
            ("mll", "name", "MLL"),
        ]
        assert {k: v.number for k, v in store.versions("Provider", ["mll", "jkl"]).items()} == {
            "mll": 2,
            "jkl": 2,
        }
        # and nothing of the other client's rolled-back transaction
        with other.session(database=target.database) as s:
            assert (
                s.run("MATCH (n) WHERE n.held RETURN count(n) AS n").single(strict=True)["n"] == 0
            )
    finally:
        other.close()
        store.close()
