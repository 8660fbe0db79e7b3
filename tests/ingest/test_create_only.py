"""A PTV import brings group and need definitions along, but must not rename a forum's."""

from __future__ import annotations

from graphsvc.demo import demo_dataset
from graphsvc.importing import apply_dataset
from graphsvc.model import Label, pick
from graphsvc.store import GraphStore
from ingest import read_file
from tests.ingest.helpers import PTV


def test_ptv_import_keeps_the_stored_group_names(sqlite_store: GraphStore) -> None:
    apply_dataset(sqlite_store, demo_dataset())
    before = sqlite_store.get(Label.TARGET_GROUP, "age-0-6")
    result = read_file(PTV, "ptv")
    brought = {g.id: g for g in result.dataset.target_groups}
    assert "age-0-6" in brought and brought["age-0-6"] != before  # it would rename it
    report = apply_dataset(sqlite_store, result.dataset, policy=result.policy)
    assert report.counts.updated.get("TargetGroup", 0) == 0
    assert sqlite_store.get(Label.TARGET_GROUP, "age-0-6") == before
    assert pick(sqlite_store.get(Label.TARGET_GROUP, "age-0-6").name) == pick(before.name)
    assert report.counts.added["Provider"] >= 3  # the providers themselves did land
