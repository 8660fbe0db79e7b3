"""Entries that refer to what neither the file nor the store holds: left out with a
warning where a reader asks for it (PTV), an error everywhere else."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphsvc.cli import main
from graphsvc.errors import InvalidData
from graphsvc.importing import apply_dataset, import_read
from graphsvc.model import Dataset, Label, Places
from graphsvc.store import GraphStore
from ingest import ImportPolicy, read_file
from tests.ingest.helpers import PTV

DEFINITIONS = frozenset({Label.TARGET_GROUP, Label.NEED, Label.AREA})
LENIENT = frozenset({"services", "partnerships"})
LENIENT_POLICY = ImportPolicy(create_only=DEFINITIONS, skip_unresolved=LENIENT)


def _dataset() -> Dataset:
    # s-lost's provider is nowhere; only s-lost refers to need-lost, group-lost and the
    # municipality muni-lost, whose region region-lost nothing else refers to either.
    # need-shared is referred to by both services; region-idle by nothing at all.
    return Dataset.model_validate(
        {
            "needs": [{"id": i, "name": i} for i in ("need-lost", "need-shared", "need-kept")],
            "target_groups": [{"id": "group-lost", "name": "g", "kind": "special"}],
            "areas": [
                {"id": "region-lost", "name": "r", "kind": "region"},
                {"id": "muni-lost", "name": "m", "kind": "municipality", "parent": "region-lost"},
                {"id": "region-idle", "name": "r2", "kind": "region"},
            ],
            "providers": [{"id": "p1", "name": "P1", "sector": "city"}],
            "services": [
                {
                    "id": "s-lost",
                    "name": "S",
                    "provider": "p-gone",
                    "needs": ["need-lost", "need-shared"],
                    "groups": ["group-lost"],
                    "areas": ["muni-lost"],
                },
                {
                    "id": "s-kept",
                    "name": "S2",
                    "provider": "p1",
                    "needs": ["need-shared", "need-kept"],
                },
            ],
            "partnerships": [
                {"source": "p-gone", "target": "p1", "kind": "purchase"},
                {"source": "p1", "target": "p-stored", "kind": "grant"},
            ],
        }
    )


def test_without_leave_to_skip_a_dangling_reference_is_an_error(sqlite_store: GraphStore) -> None:
    with pytest.raises(InvalidData, match="neither in the file nor in the store"):
        apply_dataset(sqlite_store, _dataset())
    assert sum(sqlite_store.counts()["nodes"].values()) == 0


def test_entries_with_dangling_references_are_left_out_with_what_only_they_brought(
    sqlite_store: GraphStore,
) -> None:
    apply_dataset(
        sqlite_store,
        Dataset.model_validate(
            {"providers": [{"id": "p-stored", "name": "Stored", "sector": "ngo"}]}
        ),
    )
    report = apply_dataset(sqlite_store, _dataset(), source="f.json", policy=LENIENT_POLICY)

    assert report.warnings == []  # the left-out entries are reported by cause
    assert [c.to_dict() for c in report.causes()] == [
        {
            "cause": "missing",
            "list": name,
            "kept": False,
            "entries": 1,
            "label": "Provider",
            "missing": 1,
            "first": [{"id": "p-gone", "entries": 1}],
        }
        for name in ("partnerships", "services")
    ]
    left = {(o.list_name, o.problem.id, o.problem.field): o for o in report.left_out}
    assert set(left) == {("services", "s-lost", "provider"), ("partnerships", None, "source")}
    assert (
        "'p-gone' is neither in the file nor in the store"
        in left[("services", "s-lost", "provider")].problem.message
    )
    assert all(o.problem.file == "f.json" for o in report.left_out)
    # the partnership with a provider in the store stays; the one with p-gone does not
    assert {
        (r.source, r.target)
        for r in sqlite_store.relationships().items
        if r.kind.value == "PARTNERS_WITH"
    } == {("p1", "p-stored")}
    stored = {
        label: {n.id for n in sqlite_store.find(label, limit=100).items}
        for label in (Label.SERVICE, Label.NEED, Label.TARGET_GROUP, Label.AREA)
    }
    assert stored == {
        Label.SERVICE: {"s-kept"},
        Label.NEED: {"need-shared", "need-kept"},
        Label.TARGET_GROUP: set(),
        Label.AREA: {"region-idle"},
    }
    assert report.counts.added == {
        "Provider": 1,
        "Service": 1,
        "Need": 2,
        "Area": 1,
        "OFFERS": 1,
        "MEETS": 2,
        "PARTNERS_WITH": 1,
    }


def test_nothing_is_left_out_once_the_store_has_the_provider(sqlite_store: GraphStore) -> None:
    apply_dataset(
        sqlite_store,
        Dataset.model_validate(
            {"providers": [{"id": i, "name": i, "sector": "ngo"} for i in ("p-gone", "p-stored")]}
        ),
    )
    report = apply_dataset(sqlite_store, _dataset(), policy=LENIENT_POLICY)
    assert report.warnings == [] and report.left_out == []
    assert report.counts.added["Service"] == 2
    assert report.counts.added["PARTNERS_WITH"] == 2


def test_a_spreadsheet_row_is_still_named_after_entries_before_it_were_left_out(
    sqlite_store: GraphStore,
) -> None:
    ds = _dataset().model_copy(
        update={
            "services": [
                *_dataset().services,
                _dataset()
                .services[0]
                .model_copy(update={"id": "s-bad", "needs": ["need-nowhere"], "provider": "p1"}),
            ]
        }
    )
    places = Places({"services": [5, 9, 12]})
    with pytest.raises(InvalidData) as exc:
        apply_dataset(sqlite_store, ds, places=places, policy=ImportPolicy(create_only=DEFINITIONS))
    assert [(d.row, d.field) for d in exc.value.details if d.id == "s-bad"] == [(12, "needs")]
    # left out instead, each named by its own row, not by its place in what was left
    report = apply_dataset(
        sqlite_store,
        ds,
        places=places,
        policy=LENIENT_POLICY,
        dry_run=True,
    )
    assert sorted(
        (o.problem.row, o.problem.id) for o in report.left_out if o.list_name == "services"
    ) == [
        (5, "s-lost"),
        (12, "s-bad"),
    ]


def test_ptv_services_of_organisations_not_imported_are_reported_not_fatal(
    sqlite_store: GraphStore,
) -> None:
    services = read_file(PTV / "services", "ptv")
    report = import_read(sqlite_store, services, source="services")
    left_out = [
        o.problem for o in report.left_out if "so this service is left out" in o.problem.message
    ]
    assert len(left_out) == 30 and {w.field for w in left_out} == {"provider"}
    [cause] = report.causes()
    assert (cause.cause, cause.list_name, cause.entries, cause.missing) == (
        "missing",
        "services",
        30,
        3,
    )
    assert all(w.location and " record " in w.location for w in left_out)  # the record
    assert sum(sqlite_store.counts()["nodes"].values()) == 0  # nor their groups, needs, areas
    import_read(sqlite_store, read_file(PTV / "organizations", "ptv"), source="organizations")
    report = import_read(sqlite_store, services, source="services")
    assert report.counts.added["Service"] == 30
    assert report.left_out == []


def test_rows_of_what_is_left_are_still_the_file_rows(sqlite_store: GraphStore) -> None:
    ds = _dataset()
    ds = ds.model_copy(
        update={
            "providers": [*ds.providers, ds.providers[0].model_copy(update={"id": "p2"})],
            "partnerships": [
                ds.partnerships[0],
                *[ds.partnerships[1].model_copy(update={"target": "p2"})] * 2,
            ],
        }
    )
    places = Places({"partnerships": [20, 21, 22]})
    with pytest.raises(InvalidData) as exc:  # the p-gone partnership left out, row 20
        apply_dataset(sqlite_store, ds, places=places, policy=LENIENT_POLICY)
    assert [(d.location, d.row) for d in exc.value.details] == [("partnerships", 22)]


def test_the_import_command_says_what_was_left_out_and_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'g.db'}"
    assert main(["--store", db, "import", str(PTV / "services"), "--format", "ptv"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Imported services: 0 added, 0 updated, 0 unchanged.\n")
    # one line for the cause, not 30 near-identical lines
    assert (
        "left out: 3 providers missing: 30 services left out. Most referred to: "
        "3d1759a2-e47a-4947-9a31-cab1c1e2512b (10 services), " in out
    )
    assert out.count("left out:") == 1
    assert "so this service is left out" not in out


def test_cleared_references_drop_only_the_unknown_ids_and_keep_the_entry(
    sqlite_store: GraphStore,
) -> None:
    apply_dataset(
        sqlite_store,
        Dataset.model_validate({"areas": [{"id": "stored-area", "name": "A", "kind": "district"}]}),
    )
    ds = Dataset.model_validate(
        {
            "areas": [{"id": "file-area", "name": "B", "kind": "district"}],
            "providers": [
                {"id": "p1", "name": "P1", "sector": "city", "parent": "p-gone"},
                {"id": "p2", "name": "P2", "sector": "city", "parent": "p1"},
            ],
            "services": [
                {
                    "id": "s1",
                    "name": "S",
                    "provider": "p1",
                    "areas": ["stored-area", "area-gone", "file-area"],
                }
            ],
        }
    )
    clear = frozenset({("providers", "parent"), ("services", "areas")})
    with pytest.raises(InvalidData):  # without the rule, each is an error
        apply_dataset(sqlite_store, ds)
    report = apply_dataset(
        sqlite_store, ds, source="f.json", policy=ImportPolicy(clear_unresolved=clear)
    )
    problems = [o.problem for o in report.left_out]
    assert all(o.kept for o in report.left_out)
    assert {(w.location, w.row, w.id, w.field) for w in problems} == {
        ("providers", 1, "p1", "parent"),
        ("services", 1, "s1", "areas"),
    }
    assert all("neither in the file nor in the store" in w.message for w in problems)
    p1, p2 = (sqlite_store.get(Label.PROVIDER, i) for i in ("p1", "p2"))
    assert p1 is not None and p1.parent is None
    assert p2 is not None and p2.parent == "p1"
    service = sqlite_store.get(Label.SERVICE, "s1")
    assert service is not None and service.areas == ["file-area", "stored-area"]
