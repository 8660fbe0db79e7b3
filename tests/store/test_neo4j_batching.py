"""Writes in batches bounded by rows and by encoded size; every value a parameter."""

from __future__ import annotations

import re

import pytest

from graphsvc.errors import InvalidData
from graphsvc.model import Dataset, Label, Provider, Sector
from graphsvc.store import cypher, open_store
from graphsvc.store.capabilities import FALKORDB, PARAM_OVERHEAD, TooLarge, batches, encoded_size
from graphsvc.store.load import apply_dataset
from graphsvc.store.neo4j import Neo4jStore
from tests.bolt_server import bolt_store_url

pytestmark = pytest.mark.bolt


@pytest.fixture
def bolt_url(request: pytest.FixtureRequest) -> str:
    return bolt_store_url(request)


def test_batches_are_bounded_by_row_count() -> None:
    sizes = [len(b) for b in batches(range(10), max_rows=4, max_bytes=None)]
    assert sizes == [4, 4, 2]


def test_batches_are_bounded_by_encoded_size() -> None:
    rows = [{"id": f"p{i:03d}", "name": "x" * 100} for i in range(50)]
    limit = 1_000
    got = list(batches(rows, max_rows=1_000, max_bytes=limit))
    assert [r for b in got for r in b] == rows  # nothing lost, order kept
    assert len(got) > 1
    for batch in got:
        assert encoded_size(batch) <= limit - PARAM_OVERHEAD
    # and each batch but the last is full: one more row would not have fitted
    for batch, nxt in zip(got, got[1:], strict=False):
        assert encoded_size([*batch, nxt[0]]) > limit - PARAM_OVERHEAD


def test_an_item_larger_than_a_batch_is_refused() -> None:
    with pytest.raises(TooLarge) as info:
        list(batches([{"id": "a"}, {"id": "b", "text": "y" * 5_000}], max_rows=10, max_bytes=3_000))
    assert info.value.item["id"] == "b" and info.value.size > 3_000


def test_encoded_size_counts_utf8_bytes() -> None:
    assert encoded_size("ä") == len('"ä"'.encode())  # two bytes and two quotes
    assert encoded_size({"a": [1, None]}) == len('{"a": [1, null]}')


def test_an_import_far_larger_than_falkordbs_limit_lands_in_small_batches(bolt_url: str) -> None:
    """600 providers with long names: one statement with all of them would be ~100 KB
    of parameters, which crashes FalkorDB; the store's size bound keeps each small."""
    providers = [
        Provider(id=f"p{i:04d}", name=f"Palveluntuottaja {i} " + "ä" * 120, sector=Sector.NGO)
        for i in range(600)
    ]
    assert (
        encoded_size([p.properties() for p in providers])
        > 30 * FALKORDB.capabilities.max_batch_bytes
    )  # type: ignore[operator]
    store = open_store(bolt_url)
    try:
        report = apply_dataset(store, Dataset(providers=providers))
        assert report.counts.added == {"Provider": 600}
        store.ping()  # the server is still alive
        assert store.counts()["nodes"]["Provider"] == 600
        assert store.get(Label.PROVIDER, "p0599") == providers[-1]
    finally:
        store.close()


def test_a_node_too_large_for_the_server_is_a_clear_error(bolt_url: str) -> None:
    store = open_store(bolt_url)
    try:
        if (
            store.capabilities.max_batch_bytes is None
            or store.capabilities.max_batch_bytes > 1_000_000
        ):
            pytest.skip("this server takes large statements")
        big = Provider(id="huge", name="Iso", sector=Sector.CITY, description="kuvaus " * 1_000)
        with pytest.raises(InvalidData) as info:
            apply_dataset(store, Dataset(providers=[big]))
        message = str(info.value)
        assert "'huge'" in message and bolt_url in message and "at most 3000" in message
        store.ping()  # refused before it could crash the server
        assert store.counts()["nodes"]["Provider"] == 0
    finally:
        store.close()


def test_statements_carry_no_values_only_parameters() -> None:
    """Cypher text is built from the model's enums; no quoted value, no number that
    is not structure (a LIMIT, a hop bound), ever appears in it."""
    for name, text, params in cypher.all_statements():
        literals = re.findall(r"'[^']*'|\"[^\"]*\"", text)
        assert set(literals) <= {"''"}, (name, literals)  # coalesce(r.kind, '') only
        numbers = re.findall(r"(?<![\w.$*])\d+(?![\w.])", text)
        assert set(numbers) <= {"0", "1"}, (name, numbers)  # count = 0, coalesce(…, 0) + 1
        for param in re.findall(r"\$(\w+)", text):
            assert param in params, (name, param)


HOSTILE = [
    "x'}) DETACH DELETE n //",
    'p" OR 1=1 --',
    "`) MATCH (m) DETACH DELETE m //",
    "{id: 'evil'}",
    "$rows",
]


@pytest.mark.parametrize("text", HOSTILE, ids=["quote", "dquote", "backtick", "map", "param"])
def test_hostile_text_is_stored_as_text(bolt_url: str, text: str) -> None:
    store = open_store(bolt_url)
    try:
        assert isinstance(store, Neo4jStore)
        keep = Provider(id="keep", name="Pysyvä", sector=Sector.CITY)
        # a language code is a property name: FalkorDB cannot take one with a backtick
        lang = text[:5].replace("`", "") if store.profile.name == "FalkorDB" else text[:5]
        hostile = Provider(
            id=text,
            name={"fi": text, lang: text},
            sector=Sector.NGO,
            tags=[text, "it's"],
            description="C:\\polku\\ja 'lainaus'",
        )
        apply_dataset(store, Dataset(providers=[keep, hostile]))
        assert store.get(Label.PROVIDER, text) == hostile
        assert store.get(Label.PROVIDER, "keep") == keep
        assert store.counts()["nodes"]["Provider"] == 2
    finally:
        store.close()
