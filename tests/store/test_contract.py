"""The store contract: every store implementation runs this suite unchanged."""

from __future__ import annotations

from datetime import date

import pytest

from graphsvc.errors import Conflict, MissingReference, NodeNotFound, RelationshipNotFound
from graphsvc.importing import apply_dataset
from graphsvc.model import Dataset, Label, Provider, Relationship, RelKind, Sector, Service
from graphsvc.store import Filters, GraphStore, GraphWriter
from ingest.dataset import dumps


def test_empty_store_counts_every_label_and_kind(store: GraphStore) -> None:
    counts = store.counts()
    assert counts["nodes"] == {label.value: 0 for label in Label}
    assert counts["relationships"] == {kind.value: 0 for kind in RelKind}


def test_import_then_snapshot_gives_back_the_same_graph(
    store: GraphStore, small_dataset: Dataset
) -> None:
    apply_dataset(store, small_dataset)
    assert store.snapshot().to_document() == small_dataset.to_document()


def test_counts_after_import(loaded_store: GraphStore) -> None:
    counts = loaded_store.counts()
    assert counts["nodes"]["Provider"] == 4
    assert counts["nodes"]["Area"] == 3
    # 3 OFFERS, 3 MEETS, 1 SERVES, 1 AVAILABLE_IN, 3 HAS_NEED, 2 PARTNERS_WITH,
    # 1 provider PART_OF + 2 area PART_OF, 2 MEMBER_OF
    assert counts["relationships"] == {
        "OFFERS": 3,
        "MEETS": 3,
        "SERVES": 1,
        "HAS_NEED": 3,
        "AVAILABLE_IN": 1,
        "PARTNERS_WITH": 2,
        "PART_OF": 3,
        "MEMBER_OF": 2,
    }


def test_upsert_is_idempotent_and_version_moves_only_on_change(
    store: GraphStore, small_dataset: Dataset
) -> None:
    v0 = store.version()
    first = apply_dataset(store, small_dataset)
    v1 = store.version()
    again = apply_dataset(store, small_dataset)
    assert v1 != v0
    assert store.version() == v1  # nothing changed, nothing written
    # 21 nodes, group needs and partnerships, and 13 relationships of reference fields
    assert first.counts.total("added") == 34
    counts = store.counts()
    assert first.counts.total("added") == sum(counts["nodes"].values()) + sum(
        counts["relationships"].values()
    )
    assert again.counts.total("added") == 0 and again.counts.total("updated") == 0
    assert again.counts.total("unchanged") == 34


def test_update_changes_properties_and_references(loaded_store: GraphStore) -> None:
    before = loaded_store.version()
    svc = loaded_store.get(Label.SERVICE, "s-perhekerho")
    assert isinstance(svc, Service)
    changed = svc.model_copy(
        update={"needs": ["clubs", "therapy"], "provider": "jkl", "max_age": 7}
    )
    report = apply_dataset(loaded_store, Dataset(services=[changed]))
    assert report.counts.updated == {"Service": 1}
    got = loaded_store.get(Label.SERVICE, "s-perhekerho")
    assert isinstance(got, Service)
    assert (got.needs, got.provider, got.max_age) == (["clubs", "therapy"], "jkl", 7)
    assert loaded_store.version() != before
    # the old OFFERS from mll is gone: a service has one provider
    offers = loaded_store.relationships(RelKind.OFFERS, node="s-perhekerho").items
    assert [(r.source, r.target) for r in offers] == [("jkl", "s-perhekerho")]


def test_relationship_to_missing_node_is_refused(loaded_store: GraphStore) -> None:
    before = loaded_store.counts()
    rel = Relationship(
        kind=RelKind.PARTNERS_WITH, source="mll", target="nobody", properties={"kind": "project"}
    )
    with pytest.raises(MissingReference) as info:
        loaded_store.transact(lambda w: w.upsert_relationships([rel]))
    assert "nobody" in str(info.value)
    assert loaded_store.counts() == before


def test_delete_node_removes_its_relationships(loaded_store: GraphStore) -> None:
    loaded_store.transact(lambda w: w.delete_node(Label.PROVIDER, "jkl-varhaiskasvatus"))
    with pytest.raises(NodeNotFound):
        loaded_store.get(Label.PROVIDER, "jkl-varhaiskasvatus")
    assert loaded_store.relationships(node="jkl-varhaiskasvatus").total == 0
    assert loaded_store.counts()["relationships"]["PARTNERS_WITH"] == 0
    # a service cannot be without its provider: it goes with it, the others stay
    assert [s.id for s in loaded_store.find(Label.SERVICE).items] == [
        "s-perhekerho",
        "s-yksityinen",
    ]
    assert loaded_store.snapshot().providers  # the rest still reads back as a dataset


def test_delete_missing_node_and_relationship_raise(loaded_store: GraphStore) -> None:
    with pytest.raises(NodeNotFound):
        loaded_store.transact(lambda w: w.delete_node(Label.NEED, "nothing-here"))
    rel = Relationship(kind=RelKind.MEETS, source="s-perhekerho", target="therapy")
    with pytest.raises(RelationshipNotFound):
        loaded_store.transact(lambda w: w.delete_relationship(rel))


def test_error_on_last_row_rolls_back_every_earlier_row(store: GraphStore) -> None:
    providers = [Provider(id=f"p{i}", name=f"P {i}", sector=Sector.NGO) for i in range(50)]
    bad = Relationship(kind=RelKind.PARTNERS_WITH, source="p0", target="ghost")

    def work(w: GraphWriter) -> None:
        w.upsert_nodes(Label.PROVIDER, providers)
        w.upsert_relationships([bad])

    with pytest.raises(MissingReference):
        store.transact(work)
    assert store.counts()["nodes"]["Provider"] == 0
    assert store.version() == 0 or store.find(Label.PROVIDER).total == 0


def test_an_exception_in_the_work_rolls_back(store: GraphStore) -> None:
    def work(w: GraphWriter) -> None:
        w.upsert_nodes(Label.PROVIDER, [Provider(id="p1", name="x", sector="city")])
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        store.transact(work)
    assert store.find(Label.PROVIDER).total == 0


def test_a_refusal_in_the_work_is_not_tried_again(loaded_store: GraphStore) -> None:
    """A domain error comes out as it is after one attempt, nothing of it written: a
    store that runs a write again (Neo4j) does so only on the server's transient
    errors."""
    version, logged = loaded_store.version(), loaded_store.changes().total
    attempts: list[GraphWriter] = []

    def work(w: GraphWriter) -> None:
        attempts.append(w)
        w.upsert_nodes(Label.PROVIDER, [Provider(id="new", name="New", sector=Sector.NGO)])
        raise Conflict("taken meanwhile")

    with pytest.raises(Conflict, match="taken meanwhile"):
        loaded_store.transact(work)
    assert len(attempts) == 1
    assert loaded_store.exists(Label.PROVIDER, ["new"]) == set()
    assert loaded_store.version() == version
    assert loaded_store.changes().total == logged


def test_a_write_gives_back_what_its_work_returns(loaded_store: GraphStore) -> None:
    version = loaded_store.version()
    assert loaded_store.transact(lambda w: "nothing written") == "nothing written"
    assert loaded_store.version() == version  # nothing changed: no version more
    renamed = Provider(id="mll", name="MLL", sector=Sector.NGO)
    assert loaded_store.transact(lambda w: w.upsert_nodes(Label.PROVIDER, [renamed])) == 1
    assert loaded_store.version() == version + 1


def test_get_returns_node_with_references(loaded_store: GraphStore) -> None:
    svc = loaded_store.get(Label.SERVICE, "s-paivakoti")
    assert isinstance(svc, Service)
    assert svc.provider == "jkl-varhaiskasvatus"
    assert svc.areas == ["keltinmaki"] and svc.groups == ["age-0-6"]
    with pytest.raises(NodeNotFound):
        loaded_store.get(Label.SERVICE, "jkl")  # ids are per label


def test_same_id_under_two_labels(store: GraphStore) -> None:
    ds = Dataset.model_validate(
        {
            "providers": [{"id": "jyvaskyla", "name": "Jyväskylän kaupunki", "sector": "city"}],
            "areas": [{"id": "jyvaskyla", "name": "Jyväskylä", "kind": "municipality"}],
        }
    )
    apply_dataset(store, ds)
    assert store.get(Label.PROVIDER, "jyvaskyla").name == "Jyväskylän kaupunki"
    assert store.get(Label.AREA, "jyvaskyla").name == "Jyväskylä"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("paivakoti", ["pikkuiset"]),  # "Päiväkoti Pikkuiset Oy" without diacritics
        ("PÄIVÄKOTI", ["pikkuiset"]),
        ("jyvaskylan", ["jkl"]),
        ("varhais", ["jkl-varhaiskasvatus"]),
        ("50%_off", []),  # LIKE wildcards are taken literally
    ],
    ids=["no-diacritics", "upper-case", "genitive", "prefix", "wildcards"],
)
def test_search_ignores_case_and_diacritics(
    loaded_store: GraphStore, query: str, expected: list[str]
) -> None:
    page = loaded_store.find(Label.PROVIDER, Filters(q=query))
    assert [n.id for n in page.items] == expected


def test_find_filters(loaded_store: GraphStore) -> None:
    def ids(label: Label, **kw: object) -> list[str]:
        return [n.id for n in loaded_store.find(label, Filters(**kw)).items]  # type: ignore[arg-type]

    assert ids(Label.PROVIDER, sector=Sector.CITY) == ["jkl", "jkl-varhaiskasvatus"]
    # s-perhekerho and s-yksityinen serve age-0-6 through their age range only
    assert ids(Label.SERVICE, group="age-0-6") == ["s-paivakoti", "s-perhekerho", "s-yksityinen"]
    assert ids(Label.SERVICE, group="mental-health") == []
    assert ids(Label.PROVIDER, group="age-0-6") == ["jkl-varhaiskasvatus", "mll", "pikkuiset"]
    assert ids(Label.PROVIDER, need="clubs") == ["mll"]
    assert ids(Label.SERVICE, sector=Sector.COMPANY) == ["s-yksityinen"]
    assert ids(Label.NEED, group="age-0-6") == ["clubs", "early-education"]
    # a service with no area counts everywhere; one in Keltinmäki counts there only
    assert ids(Label.SERVICE, area="keltinmaki") == ["s-paivakoti", "s-perhekerho", "s-yksityinen"]
    assert ids(Label.SERVICE, area="jyvaskyla") == ["s-perhekerho", "s-yksityinen"]
    # Pikkuiset starts 2015: before that its service is not active either
    assert ids(Label.PROVIDER, as_of=date(2014, 6, 1)) == ["jkl", "jkl-varhaiskasvatus", "mll"]
    assert ids(Label.SERVICE, as_of=date(2014, 6, 1)) == ["s-paivakoti", "s-perhekerho"]


def test_find_paginates_with_total(loaded_store: GraphStore) -> None:
    page = loaded_store.find(Label.PROVIDER, limit=2, offset=1)
    assert page.total == 4
    assert [n.id for n in page.items] == ["jkl-varhaiskasvatus", "mll"]


def test_snapshot_as_of_drops_inactive(loaded_store: GraphStore) -> None:
    ds = loaded_store.snapshot(as_of=date(2022, 1, 1))
    # the project partnership ended 2021-12-31
    assert [(p.source, p.target) for p in ds.partnerships] == [("jkl-varhaiskasvatus", "pikkuiset")]
    assert len(loaded_store.snapshot(as_of=date(2014, 1, 1)).providers) == 3


def test_snapshot_of_sectors(loaded_store: GraphStore) -> None:
    ds = loaded_store.snapshot(sectors=[Sector.CITY])
    assert sorted(p.id for p in ds.providers) == ["jkl", "jkl-varhaiskasvatus"]
    assert [s.id for s in ds.services] == ["s-paivakoti"]
    assert ds.partnerships == []


def test_export_import_export_is_byte_identical(store: GraphStore, small_dataset: Dataset) -> None:
    apply_dataset(store, small_dataset)
    first = dumps(store.snapshot())
    from ingest.dataset import read_text

    apply_dataset(store, read_text(first, name="x.json", yaml_syntax=False))
    assert dumps(store.snapshot()) == first
    assert dumps(store.snapshot(), yaml_syntax=True) == dumps(
        read_text(dumps(store.snapshot(), yaml_syntax=True), name="x.yaml", yaml_syntax=True),
        yaml_syntax=True,
    )


def test_multilingual_and_nested_values_read_back_exactly(store: GraphStore) -> None:
    ds = Dataset.model_validate(
        {
            "providers": [
                {
                    "id": "p",
                    "name": {
                        "fi": "Nuorisopalvelut",
                        "en": "Youth services",
                        "sv": "Ungdomstjänster",
                    },
                    "sector": "city",
                    "tags": ["nuoret", "vapaa-aika"],
                    "languages": ["fi", "sv"],
                    "valid_from": "2019-01-01",
                    "description": {"fi": "Kuvaus", "en": "Description"},
                }
            ],
        }
    )
    apply_dataset(store, ds)
    assert store.get(Label.PROVIDER, "p") == ds.providers[0]


def test_membership_runs_from_provider_to_network(loaded_store: GraphStore) -> None:
    members = loaded_store.relationships(RelKind.MEMBER_OF).items
    assert {(r.source_label, r.source, r.target_label, r.target) for r in members} == {
        (Label.PROVIDER, "jkl-varhaiskasvatus", Label.NETWORK, "hyvinvointifoorumi"),
        (Label.PROVIDER, "mll", Label.NETWORK, "hyvinvointifoorumi"),
    }
    joins = Relationship(kind=RelKind.MEMBER_OF, source="pikkuiset", target="hyvinvointifoorumi")
    loaded_store.transact(lambda w: w.upsert_relationships([joins]))
    network = loaded_store.get(Label.NETWORK, "hyvinvointifoorumi")
    assert network.members == ["jkl-varhaiskasvatus", "mll", "pikkuiset"]  # type: ignore[attr-defined]
