"""Neo4j has no map-valued properties: names in several languages and other nested
values are stored flat (name__fi, name__en) and read back exactly, languages in the
model's order whatever order the server gives them in; dates are ISO strings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graphsvc.importing import apply_dataset
from graphsvc.model import Dataset, Label, Need, Provider, Sector, Service
from graphsvc.store import open_store
from graphsvc.store.bolt import decode_props, encode_node
from tests.bolt_server import bare_session, bolt_store_url

text = st.text(min_size=1, max_size=20).filter(lambda s: s.strip() == s and s.strip())
names = st.one_of(text, st.dictionaries(st.text(max_size=8), text, min_size=1, max_size=4))


@given(
    name=names,
    description=st.one_of(st.none(), names),
    tags=st.lists(text, max_size=3),
    age=st.one_of(st.none(), st.integers(0, 130), st.floats(0, 130, allow_nan=False)),
)
@settings(max_examples=200, deadline=None)
def test_flat_encoding_reads_back_exactly(
    name: object, description: object, tags: list[str], age: float | None
) -> None:
    nodes = [
        Provider(
            id="p",
            name=name,
            description=description,
            sector=Sector.NGO,
            tags=tags,
            valid_from="2020-02-29",
        ),
        Service(id="s", name=name, provider="p", min_age=age, max_age=None),
    ]
    for node in nodes:
        flat = encode_node(node)
        # every value a scalar or a list of scalars: nothing Neo4j would refuse
        assert not any(isinstance(v, dict) for v in flat.values())
        assert not any(
            isinstance(x, dict | list) for v in flat.values() if isinstance(v, list) for x in v
        )
        refs = {"provider": "p"} if isinstance(node, Service) else {}
        back = type(node).model_validate({**decode_props(flat), **refs})
        assert back == node
        # equal, and in the same order: an export gives the same bytes
        assert back.model_dump_json() == node.model_dump_json()


def test_a_plain_name_and_a_one_language_name_stay_apart() -> None:
    plain = encode_node(Need(id="n", name="Kerhot"))
    lang = encode_node(Need(id="n", name={"fi": "Kerhot"}))
    assert plain["name"] == "Kerhot" and "name" not in lang and lang["name__fi"] == "Kerhot"
    assert decode_props(plain)["name"] == "Kerhot"
    assert decode_props(lang)["name"] == {"fi": "Kerhot"}


def test_languages_come_back_in_their_order_whatever_order_the_server_gives() -> None:
    need = Need(id="n", name={"sv": "Klubbar", "fi": "Kerhot", "en": "Clubs"})
    assert list(need.name) == ["en", "fi", "sv"]  # the model's own order
    flat = encode_node(need)
    for shuffled in (flat, dict(reversed(list(flat.items())))):
        assert list(decode_props(shuffled)["name"]) == ["en", "fi", "sv"]


@pytest.fixture
def bolt_url(request: pytest.FixtureRequest) -> str:
    return bolt_store_url(request)


@pytest.mark.bolt
def test_on_the_server_values_are_flat_and_dates_are_iso_strings(bolt_url: str) -> None:
    provider = Provider(
        id="p",
        name={"fi": "Nuorisopalvelut", "en": "Youth services"},
        sector=Sector.CITY,
        valid_from="2019-01-01",
        valid_to="2030-12-31",
        tags=["nuoret"],
    )
    store = open_store(bolt_url)
    try:
        apply_dataset(store, Dataset(providers=[provider]))
        assert store.get(Label.PROVIDER, "p") == provider
    finally:
        store.close()
    with bare_session(bolt_url) as session:
        props = session.run("MATCH (n:Provider {id: 'p'}) RETURN properties(n) AS p").single()["p"]
    assert props["name__fi"] == "Nuorisopalvelut" and props["name__en"] == "Youth services"
    assert props["valid_from"] == "2019-01-01" and isinstance(props["valid_from"], str)
    assert props["tags"] == ["nuoret"]
    assert props["_search"] == "p youth services nuorisopalvelut"  # id and names, folded
