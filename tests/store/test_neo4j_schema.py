"""Neo4j's schema: the constraints and indexes are there (SHOW CONSTRAINTS, SHOW
INDEXES) and used (EXPLAIN of an id look-up and of the filtered listings starts from an
index, not from every node of a label); every listing gives SQLite's answer."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from graphsvc.demo import demo_dataset
from graphsvc.importing import apply_dataset
from graphsvc.model import Label, Sector
from graphsvc.store import Filters, GraphStore, cypher, cypher_history, open_store
from graphsvc.store.cypher_listing import FindShape, find, find_shapes
from tests.bolt_server import bare_session, bolt_store_url

pytestmark = pytest.mark.bolt

SCANS = {"NodeByLabelScan", "AllNodesScan"}
#: parameter values for EXPLAIN (a plan does not depend on them)
PARAMS: dict[str, Any] = {
    "q": "nuori",
    "sector": "ngo",
    "group": "mental-health",
    "need": "youth-work",
    "places": ["keltinmaki"],
    "day": "2025-01-01",
    "gmin": 7,
    "gmax": 21,
    "offset": 0,
    "limit": 50,
    "ids": ["x"],
    "id": "x",
}


@pytest.fixture(scope="module")
def demo_url(request: pytest.FixtureRequest) -> str:
    url = bolt_store_url(request)
    store = open_store(url)
    try:
        apply_dataset(store, demo_dataset())
    finally:
        store.close()
    return url


@pytest.fixture(scope="module")
def session(demo_url: str) -> Iterator[Any]:
    with bare_session(demo_url) as s:
        s.run("CALL db.awaitIndexes(300)").consume()
        # the index statistics of the import just made, as Neo4j's own sampling would
        # have them a moment later (plans are costed with them)
        s.run("CALL db.prepareForReplanning(300)").consume()
        yield s


def _operators(plan: dict[str, Any]) -> list[str]:
    ops = [plan["operatorType"].split("@")[0] + " " + str(plan.get("args", {}).get("Details"))]
    for child in plan.get("children") or []:
        ops += _operators(child)
    return ops


def _plan(session: Any, statement: str) -> list[str]:
    return _operators(session.run("EXPLAIN " + statement, PARAMS).consume().plan)


def test_a_unique_constraint_on_id_for_every_label(session: Any) -> None:
    rows = session.run(
        "SHOW CONSTRAINTS YIELD type, labelsOrTypes, properties "
        "WHERE type = 'UNIQUENESS' RETURN labelsOrTypes[0] AS label, properties AS props"
    ).data()
    assert {(r["label"], tuple(r["props"])) for r in rows} == {
        *((label.value, ("id",)) for label in Label),
        (cypher.META_LABEL, ("id",)),
        # beside the graph: saved views and decks, the versions and the change log
        (cypher.DOCUMENT_LABEL, ("key",)),
        ("RecordVersion", ("rk",)),
        ("ChangeSet", ("id",)),
        ("ChangeBlock", ("id",)),
    }


def test_the_block_of_a_change_is_found_by_its_index(session: Any) -> None:
    """A change is read from its block: the newest block whose id is not above it."""
    ops = _plan(session, cypher_history.BLOCK_AT)
    assert any("IndexSeekByRange" in op for op in ops), ops
    assert not SCANS & set(ops), ops


def test_range_indexes_for_filters_and_text_indexes_for_search(session: Any) -> None:
    rows = session.run(
        "SHOW INDEXES YIELD type, labelsOrTypes, properties, state "
        "WHERE labelsOrTypes IS NOT NULL RETURN type, labelsOrTypes[0] AS label, "
        "properties[0] AS prop, state"
    ).data()
    found = {(r["type"], r["label"], r["prop"]) for r in rows}
    assert {("RANGE", label.value, prop) for label, prop in cypher.FILTERED} <= found
    assert {("TEXT", label.value, cypher.SEARCH) for label in Label} <= found
    assert {r["state"] for r in rows} == {"ONLINE"}


@pytest.mark.parametrize("label", list(Label))
def test_id_look_ups_seek_the_unique_index(session: Any, label: Label) -> None:
    for statement in (
        cypher.node_props(label),
        cypher.node_ids(label),
        cypher.delete_node(label),
        cypher.node_rel_counts(label),
    ):
        ops = _plan(session, statement)
        assert any(op.startswith("NodeUniqueIndexSeek") for op in ops), (statement, ops)
        assert not SCANS & set(ops), (statement, ops)


@pytest.mark.parametrize(
    "statement", [cypher.OWNED_SERVICES, cypher.AREA_ANCESTORS, cypher.GROUP_RANGE]
)
def test_the_other_look_ups_by_id_seek_too(session: Any, statement: str) -> None:
    ops = _plan(session, statement)
    assert any(op.startswith("NodeUniqueIndexSeek") for op in ops), ops
    assert not SCANS & set(ops), ops


SEEKING = [
    FindShape(Label.PROVIDER, q=True),
    FindShape(Label.PROVIDER, sector=True),
    FindShape(Label.PROVIDER, need=True),
    FindShape(Label.PROVIDER, group=True),
    FindShape(Label.PROVIDER, need=True, group=True, area=True, as_of=True),
    FindShape(Label.PROVIDER, sector=True, need=True, age_group=True, group=True),
    FindShape(Label.SERVICE, q=True),
    FindShape(Label.SERVICE, sector=True),
    FindShape(Label.SERVICE, need=True),
    FindShape(Label.SERVICE, group=True),
    FindShape(Label.SERVICE, need=True, area=True, as_of=True),
    FindShape(Label.SERVICE, sector=True, group=True, age_group=True, area=True),
    FindShape(Label.NEED, group=True),
    FindShape(Label.NEED, q=True),
    FindShape(Label.TARGET_GROUP, q=True),
    FindShape(Label.AREA, q=True),
]


@pytest.mark.parametrize("shape", SEEKING, ids=lambda s: repr(s).split("(", 1)[1][:-1])
def test_filtered_listings_start_from_an_index(session: Any, shape: FindShape) -> None:
    for count in (False, True):
        ops = _plan(session, find(shape, count=count))
        seeks = [
            op
            for op in ops
            if op.startswith(("NodeUniqueIndexSeek", "NodeIndexSeek", "NodeIndexContainsScan"))
        ]
        assert seeks and not SCANS & set(ops), ops


def _filters(shape: FindShape) -> Filters:
    group = None
    if shape.group:
        group = "age-7-21" if shape.age_group else "mental-health"
    return Filters(
        q="palvelu" if shape.q else None,
        sector=Sector.CITY if shape.sector else None,
        group=group,
        need="youth-work" if shape.need else None,
        area="keltinmaki" if shape.area else None,
        as_of=date(2024, 6, 1) if shape.as_of else None,
    )


@pytest.fixture(scope="module")
def sqlite_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[GraphStore]:
    path: Path = tmp_path_factory.mktemp("demo") / "demo.db"
    store = open_store(f"sqlite:///{path}")
    apply_dataset(store, demo_dataset())
    yield store
    store.close()


def test_every_listing_gives_sqlite_s_answer(demo_url: str, sqlite_demo: GraphStore) -> None:
    bolt = open_store(demo_url)
    try:
        checked = nonempty = 0
        for shape in find_shapes():
            f = _filters(shape)
            want = sqlite_demo.find(shape.label, f, limit=500)
            got = bolt.find(shape.label, f, limit=500)
            assert [n.id for n in got.items] == [n.id for n in want.items], shape
            assert got.total == want.total, shape
            page = bolt.find(shape.label, f, limit=3, offset=1)
            assert [n.id for n in page.items] == [n.id for n in want.items][1:4], shape
            checked += 1
            nonempty += bool(want.total)
        assert checked > 200 and nonempty > checked // 4  # the filters do select something
    finally:
        bolt.close()
