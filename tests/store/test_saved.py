"""Saved views and decks in each store: stored beside the graph, in its snapshot and
export, written in the import's one transaction, and the version moves with them."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from graphsvc.errors import Conflict, InvalidData, MissingReference, UnknownId
from graphsvc.importing import apply_dataset
from graphsvc.model import Dataset, Deck, SavedView
from graphsvc.serving import saved
from graphsvc.store import GraphStore

KIDS = SavedView(name="lapset", title="Lasten palvelukartta", query={"group": "age-0-6"})
DECK = Deck(name="foorumi", title="Foorumi", slides=[{"view": "lapset", "note": "Katettu"}])


def test_save_list_replace_and_delete(loaded_store: GraphStore) -> None:
    store = loaded_store
    before = store.version()
    assert saved.list_views(store) == []
    assert saved.save_view(store, KIDS) is True
    assert store.version() == before + 1
    assert saved.get_view(store, "lapset") == KIDS
    # the same again changes nothing; a new title replaces it
    assert saved.save_view(store, KIDS) is False and store.version() == before + 1
    renamed = KIDS.model_copy(update={"title": "Lapset 0–6"})
    assert saved.save_view(store, renamed) is False
    assert saved.list_views(store) == [renamed] and store.version() == before + 2
    assert saved.save_deck(store, DECK) is True
    with pytest.raises(Conflict, match="deck"):
        saved.delete_view(store, "lapset")  # the deck shows it
    saved.delete_deck(store, "foorumi")
    saved.delete_view(store, "lapset")
    assert saved.list_views(store) == [] and saved.list_decks(store) == []
    with pytest.raises(UnknownId):
        saved.get_view(store, "lapset")


def test_a_saved_view_must_name_a_view(loaded_store: GraphStore) -> None:
    with pytest.raises(InvalidData, match="service map"):
        saved.save_view(loaded_store, SavedView(name="x", title="X", query={"view": "map"}))
    with pytest.raises(ValidationError, match="radius"):
        SavedView.model_validate({"name": "x", "title": "X", "query": {"radius": 99}})
    with pytest.raises(InvalidData, match="provider"):
        both = {"provider": "mll", "group": "age-0-6"}
        saved.save_view(loaded_store, SavedView(name="x", title="X", query=both))
    with pytest.raises(InvalidData, match="zoom"):
        saved.save_view(loaded_store, SavedView(name="x", title="X", query={"zoom": "2"}))
    with pytest.raises(MissingReference, match="nobody"):
        saved.save_deck(loaded_store, Deck(name="d", title="D", slides=[{"view": "nobody"}]))
    assert saved.list_views(loaded_store) == [] and saved.list_decks(loaded_store) == []


def test_snapshot_export_and_import_carry_them(
    loaded_store: GraphStore, small_dataset: Dataset, store_url: str
) -> None:
    saved.save_view(loaded_store, KIDS)
    saved.save_deck(loaded_store, DECK)
    snap = loaded_store.snapshot()
    assert snap.views == [KIDS] and snap.decks == [DECK]
    doc = snap.to_document()
    assert doc["views"] == [
        {"name": "lapset", "title": "Lasten palvelukartta", "query": {"group": "age-0-6"}}
    ]
    # into another store: one import, graph and documents together
    other = small_dataset.model_copy(update={"views": [KIDS], "decks": [DECK]})
    for view in saved.list_views(loaded_store):
        saved.delete_deck(loaded_store, "foorumi")
        saved.delete_view(loaded_store, view.name)
    report = apply_dataset(loaded_store, other)
    assert report.counts.total("added") >= 2
    assert saved.list_decks(loaded_store) == [DECK]


def test_an_import_refuses_a_deck_of_an_unknown_view(
    loaded_store: GraphStore, small_dataset: Dataset
) -> None:
    bad = small_dataset.model_copy(
        update={"decks": [Deck(name="d", title="D", slides=[{"view": "nowhere"}])]}
    )
    version = loaded_store.version()
    with pytest.raises(InvalidData, match="nowhere"):
        apply_dataset(loaded_store, bad)
    assert loaded_store.version() == version and saved.list_decks(loaded_store) == []
