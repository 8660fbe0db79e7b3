"""Every importer through the one import path on a real SQLite store: dry run, all or
nothing, re-import changes nothing, every node keeps its source."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from graphsvc.cli import main
from graphsvc.errors import InvalidData
from graphsvc.importing import apply_dataset, import_file
from graphsvc.model import Dataset, Label
from graphsvc.store import GraphStore
from ingest import read_file, write_file
from tests.ingest.helpers import HSDS1, HSDS3, HSDS3_CSV, HSDS3_JSON, PTV, node_count


def _csv_folder(tmp_path: Path, name: str, **files: str) -> Path:
    """A folder `name` of CSV files (providers="id;name;…" writes providers.csv)."""
    folder = tmp_path / name
    folder.mkdir(exist_ok=True)
    for list_name, text in files.items():
        (folder / f"{list_name}.csv").write_text(text, encoding="utf-8")
    return folder


def _workbook(tmp_path: Path, small_dataset: Dataset, name: str, fmt: str | None) -> Path:
    path = tmp_path / name
    write_file(small_dataset, path, fmt)
    return path


SOURCES = [
    ("xlsx", lambda tmp, ds: (_workbook(tmp, ds, "net.xlsx", None), None)),
    ("csv", lambda tmp, ds: (_workbook(tmp, ds, "net", "csv"), None)),
    ("zip", lambda tmp, ds: (_workbook(tmp, ds, "net.zip", None), None)),
    ("hsds3-csv", lambda tmp, ds: (HSDS3_CSV, None)),
    ("hsds3-datapackage", lambda tmp, ds: (HSDS3 / "datapackage.json", None)),
    ("hsds3-json", lambda tmp, ds: (HSDS3_JSON / "organization_full.json", "hsds-json")),
    ("hsds1", lambda tmp, ds: (HSDS1 / "all_resources", None)),
    ("ptv", lambda tmp, ds: (PTV, None)),
]


@pytest.mark.parametrize("make", [m for _, m in SOURCES], ids=[n for n, _ in SOURCES])
def test_dry_run_import_and_reimport(
    make: object, tmp_path: Path, small_dataset: Dataset, sqlite_store: GraphStore
) -> None:
    path, fmt = make(tmp_path, small_dataset)  # type: ignore[operator]
    result = read_file(path, fmt)
    ds = result.dataset
    nodes = node_count(ds)
    assert nodes > 0

    dry = apply_dataset(sqlite_store, ds, dry_run=True, source=path.name)
    assert dry.counts.total("added") >= nodes
    assert sum(sqlite_store.counts()["nodes"].values()) == 0  # nothing written
    assert sqlite_store.version() == 0

    done = apply_dataset(sqlite_store, ds, source=path.name)
    assert done.counts.added == dry.counts.added
    assert sum(sqlite_store.counts()["nodes"].values()) == nodes
    # the report counts every relationship written, of every type
    stored = sqlite_store.counts()
    assert done.counts.added == {
        k: n for k, n in {**stored["nodes"], **stored["relationships"]}.items() if n
    }
    version = sqlite_store.version()

    again = apply_dataset(sqlite_store, read_file(path, fmt).dataset, source=path.name)
    assert again.counts.total("added") == again.counts.total("updated") == 0
    assert again.counts.total("unchanged") == done.counts.total("added")
    assert sqlite_store.version() == version

    stored = sqlite_store.snapshot()
    for node in stored.iter_nodes():
        assert node.source, (node.label, node.id)


def test_a_bad_reference_writes_nothing(
    tmp_path: Path, small_dataset: Dataset, sqlite_store: GraphStore
) -> None:
    broken = small_dataset.model_copy(
        update={
            "services": [
                *small_dataset.services,
                small_dataset.services[0].model_copy(update={"id": "s-orpo", "provider": "nobody"}),
            ]
        }
    )
    path = _workbook(tmp_path, broken, "net.xlsx", None)
    ds = read_file(path).dataset
    with pytest.raises(InvalidData) as exc:
        apply_dataset(sqlite_store, ds, source=path.name)
    assert any(d.id == "s-orpo" and d.field == "provider" for d in exc.value.details)
    assert sum(sqlite_store.counts()["nodes"].values()) == 0
    assert sqlite_store.version() == 0


def test_import_file_reads_and_imports_in_one_step_and_turns_the_collector_back_on(
    tmp_path: Path, small_dataset: Dataset, sqlite_store: GraphStore
) -> None:
    path = _workbook(tmp_path, small_dataset, "net.xlsx", None)
    assert gc.isenabled()
    dry = import_file(sqlite_store, path, dry_run=True)
    assert gc.isenabled()
    assert sqlite_store.version() == 0
    assert dry.source == "net.xlsx"  # the file's name, not its path
    done = import_file(sqlite_store, path)
    assert done.counts.added == dry.counts.added
    assert sum(sqlite_store.counts()["nodes"].values()) == node_count(small_dataset)

    broken = small_dataset.model_copy(
        update={"services": [small_dataset.services[0].model_copy(update={"provider": "nobody"})]}
    )
    bad = _workbook(tmp_path, broken, "bad.xlsx", None)
    version = sqlite_store.version()
    with pytest.raises(InvalidData):
        import_file(sqlite_store, bad)
    assert gc.isenabled()
    assert sqlite_store.version() == version


def test_a_new_file_name_or_a_moved_row_alone_changes_nothing(
    tmp_path: Path, small_dataset: Dataset, sqlite_store: GraphStore
) -> None:
    first = _workbook(tmp_path, small_dataset, "verkosto.xlsx", None)
    done = import_file(sqlite_store, first)
    version = sqlite_store.version()
    service = small_dataset.services[0]
    before = sqlite_store.get(Label.SERVICE, service.id)
    assert before is not None and before.source is not None
    assert before.source.startswith("verkosto.xlsx")

    # the same rows under another name, and with the services in reverse order: every
    # source differs, no data does
    moved = small_dataset.model_copy(update={"services": small_dataset.services[::-1]})
    again = import_file(sqlite_store, _workbook(tmp_path, moved, "verkosto-2.xlsx", None))
    assert again.counts.total("updated") == again.counts.total("added") == 0
    assert again.counts.total("unchanged") == done.counts.total("added")
    assert sqlite_store.version() == version
    assert sqlite_store.get(Label.SERVICE, service.id) == before  # its first source kept

    # a real change is an update, and the node then records where it came from
    renamed = moved.model_copy(
        update={
            "services": [
                s.model_copy(update={"name": "Uusi nimi"}) if s.id == service.id else s
                for s in moved.services
            ]
        }
    )
    changed = import_file(sqlite_store, _workbook(tmp_path, renamed, "verkosto-3.xlsx", None))
    assert changed.counts.updated == {"Service": 1}
    after = sqlite_store.get(Label.SERVICE, service.id)
    assert after is not None and after.name == "Uusi nimi"
    assert after.source is not None and after.source.startswith("verkosto-3.xlsx")


def test_a_source_the_file_itself_gives_is_data(tmp_path: Path, sqlite_store: GraphStore) -> None:
    folder = _csv_folder(
        tmp_path,
        "verkosto",
        providers="id;name;sector;source\na;A;city;Tilinpäätös 2018\nb;B;ngo;\n",
    )
    import_file(sqlite_store, folder)
    assert sqlite_store.get(Label.PROVIDER, "a").source == "Tilinpäätös 2018"  # type: ignore
    assert sqlite_store.get(Label.PROVIDER, "b").source == "providers.csv row 3"  # type: ignore
    _csv_folder(
        tmp_path,
        "verkosto",
        providers="id;name;sector;source\nb;B;ngo;\na;A;city;Tilinpäätös 2019\n",
    )
    report = import_file(sqlite_store, folder)
    assert report.counts.updated == {"Provider": 1}  # a's typed source; b only moved
    assert report.counts.unchanged == {"Provider": 1}
    assert sqlite_store.get(Label.PROVIDER, "a").source == "Tilinpäätös 2019"  # type: ignore
    assert sqlite_store.get(Label.PROVIDER, "b").source == "providers.csv row 3"  # type: ignore


def _stored_network(store: GraphStore) -> None:
    apply_dataset(
        store,
        Dataset.model_validate(
            {
                "needs": [{"id": "n1", "name": "N1"}, {"id": "n2", "name": "N2"}],
                "providers": [{"id": "p", "name": "P", "sector": "city"}],
                "services": [
                    {
                        "id": "s",
                        "name": {"fi": "Kerho", "en": "Club", "sv": "Klubb"},
                        "provider": "p",
                        "needs": ["n1", "n2"],
                        "min_age": 7,
                        "max_age": 12,
                        "channel": "in_person",
                        "description": {"fi": "Torstaisin"},
                    }
                ],
            }
        ),
    )


def test_columns_a_sheet_does_not_have_keep_their_stored_values(
    tmp_path: Path, sqlite_store: GraphStore
) -> None:
    _stored_network(sqlite_store)
    # a sheet of name fixes: only ids, Finnish names and providers
    folder = _csv_folder(tmp_path, "korjaukset", services="id;name_fi;provider\ns;Kerho;p\n")
    dry = import_file(sqlite_store, folder, dry_run=True)
    assert dry.counts.total("updated") == dry.counts.total("deleted") == 0
    (note,) = [w for w in dry.warnings if w.location == "services"]
    assert "has no column for " in note.message and "needs" in note.message
    assert "name in en, sv" in note.message
    assert "min_age" in note.message and "keep their stored values" in note.message

    _csv_folder(
        tmp_path,
        "korjaukset",
        services="id;name_fi;provider;channel;description_fi\ns;Kerhot;p;;\n",
    )
    report = import_file(sqlite_store, folder)
    assert report.counts.updated == {"Service": 1}
    assert report.counts.total("deleted") == 0
    service = sqlite_store.get(Label.SERVICE, "s")
    assert service is not None
    assert service.name == {"en": "Club", "fi": "Kerhot", "sv": "Klubb"}
    assert (service.needs, service.min_age, service.max_age) == (["n1", "n2"], 7, 12)
    # a blank cell in a column the sheet has clears the value: the keeper wrote it
    assert service.channel is None and service.description is None


def test_a_name_of_no_language_is_kept_as_finnish_beside_a_new_language(
    tmp_path: Path, sqlite_store: GraphStore
) -> None:
    apply_dataset(
        sqlite_store,
        Dataset.model_validate({"areas": [{"id": "hippos", "name": "Hippos", "kind": "district"}]}),
    )
    import_file(
        sqlite_store,
        _csv_folder(tmp_path, "alueet", areas="id;name_en;kind\nhippos;Hippos EN;district\n"),
    )
    area = sqlite_store.get(Label.AREA, "hippos")
    assert area is not None and area.name == {"en": "Hippos EN", "fi": "Hippos"}


def test_a_value_that_clashes_with_a_kept_one_is_an_error_on_its_row(
    tmp_path: Path, sqlite_store: GraphStore
) -> None:
    _stored_network(sqlite_store)
    folder = _csv_folder(
        tmp_path, "korjaukset", services="id;name;provider;min_age\nx;X;p;\ns;S;p;15\n"
    )
    version = sqlite_store.version()
    with pytest.raises(InvalidData) as exc:
        import_file(sqlite_store, folder)
    (error,) = exc.value.details
    assert (error.location, error.row, error.id) == ("services", 3, "s")
    assert "greater than max_age 12" in error.message
    assert not error.message.startswith("Value error")
    assert sqlite_store.version() == version


def test_ptv_services_alone_need_their_organisations_in_the_store(
    tmp_path: Path, sqlite_store: GraphStore
) -> None:
    services = read_file(PTV / "services", "ptv").dataset
    with pytest.raises(InvalidData, match="neither in the file nor in the store"):
        apply_dataset(sqlite_store, services, source="services")
    assert sum(sqlite_store.counts()["nodes"].values()) == 0  # all or nothing
    apply_dataset(sqlite_store, read_file(PTV / "organizations", "ptv").dataset)
    report = apply_dataset(sqlite_store, services, source="services")
    assert report.counts.added["Service"] == 30
    assert sqlite_store.get(Label.SERVICE, "228738ee-754a-49b7-8240-2b84c5ca2970").groups == [
        "age-7-21"
    ]


def test_import_command_reports_ptv_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'g.db'}"
    code = main(["--store", db, "import", str(PTV), "--dry-run"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Would import ptv-api-samples-kunta-api:" in out
    assert "organizations[1] (roleType Producer) has no organization" in out
    assert "Dry run: nothing was written." in out
    code = main(["--store", db, "import", str(HSDS1 / "all_resources")])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Imported all_resources: 40 added, 0 updated, 0 unchanged." in out


def test_export_command_writes_gephi_and_hsds(
    tmp_path: Path, small_dataset: Dataset, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'g.db'}"
    source = _workbook(tmp_path, small_dataset, "net.xlsx", None)
    assert main(["--store", db, "import", str(source)]) == 0
    assert main(["--store", db, "export", str(tmp_path / "net.gexf")]) == 0
    assert main(["--store", db, "export", str(tmp_path / "hsds"), "--format", "hsds"]) == 0
    out = capsys.readouterr().out
    assert "note: HSDS has no place for partnerships, group needs" in out
    assert "2 partnership(s)" in out
    assert (tmp_path / "hsds" / "x_graphsvc_partnerships.csv").exists()
    assert (tmp_path / "net.gexf").read_text(encoding="utf-8").count("<node ") == 16


def test_hsds_services_of_an_unknown_organization_write_nothing(
    tmp_path: Path, sqlite_store: GraphStore
) -> None:
    folder = tmp_path / "h"
    folder.mkdir()
    (folder / "organizations.csv").write_text("id,name\no1,Org\n", encoding="utf-8")
    (folder / "services.csv").write_text(
        "id,organization_id,name,status\ns1,o1,Ok,active\ns2,elsewhere,Lost,active\n",
        encoding="utf-8",
    )
    ds = read_file(folder).dataset
    assert [s.provider for s in ds.services] == ["o1", "elsewhere"]  # may be in the store
    with pytest.raises(InvalidData) as exc:
        apply_dataset(sqlite_store, ds, source="h")
    assert [(d.id, d.field) for d in exc.value.details] == [("s2", "provider")]
    assert sum(sqlite_store.counts()["nodes"].values()) == 0


def test_reference_errors_of_hsds_and_ptv_records_name_the_record() -> None:
    from graphsvc.model import Places, check_dataset

    ds = Dataset.model_validate(
        {
            "services": [
                {"id": "a", "name": "A", "provider": "p-missing", "source": "x.json record 17"}
            ]
        }
    )
    (plain,) = check_dataset(ds, file="x.json")
    assert (plain.location, plain.row) == ("services", 1)
    (located,) = check_dataset(ds, file="x.json", places=Places(by_source=True))
    assert (located.file, located.location, located.row, located.id) == (
        "x.json",
        "record 17",
        None,
        "a",
    )
    assert str(located).startswith("x.json, record 17 (id a), field provider: refers to")


def test_the_list_reference_fields_are_the_models_list_fields() -> None:
    from graphsvc.model import NODE_LISTS, NODE_TYPES, REFERENCES
    from graphsvc.model.integrity import LIST_REFERENCES

    labels = dict(NODE_LISTS)
    lists = {
        f
        for list_name, f, _, _ in REFERENCES
        if NODE_TYPES[labels[list_name]].model_fields[f].default_factory is list
    }
    assert lists == LIST_REFERENCES


def test_an_id_repeated_in_a_list_is_one_relationship_in_the_report_and_the_store(
    sqlite_store: GraphStore,
) -> None:
    ds = Dataset.model_validate(
        {
            "needs": [{"id": "n1", "name": "n"}, {"id": "n2", "name": "n"}],
            "providers": [{"id": "p", "name": "P", "sector": "city"}],
            "services": [
                {"id": "s", "name": "S", "provider": "p", "needs": ["n1", "n1", "n2"]},
                {"id": "t", "name": "T", "provider": "p", "needs": ["n2"]},
            ],
        }
    )
    report = apply_dataset(sqlite_store, ds, dry_run=True)
    assert report.counts.added["MEETS"] == 3
    apply_dataset(sqlite_store, ds)
    assert sqlite_store.counts()["relationships"]["MEETS"] == 3


def test_one_dry_run_lists_broken_rows_and_dangling_references_together(
    tmp_path: Path, sqlite_store: GraphStore
) -> None:
    apply_dataset(
        sqlite_store,
        Dataset.model_validate({"providers": [{"id": "stored", "name": "S", "sector": "ngo"}]}),
    )
    folder = _csv_folder(
        tmp_path,
        "verkosto",
        providers="id;name;sector\nok;OK;city\nbad;Bad;kaupunkii\n",
        services="id;name;provider\n"
        "s1;S1;ok\n"  # fine
        "s2;S2;bad\n"  # its provider's row is broken: said there, not again here
        "s3;S3;ghost\n"  # dangling: in neither the file nor the store
        "s4;S4;stored\n",
    )  # in the store
    with pytest.raises(InvalidData) as exc:
        import_file(sqlite_store, folder, dry_run=True)
    problems = [(d.location, d.row, d.field) for d in exc.value.details]
    assert problems == [("providers", 3, "sector"), ("services", 4, "provider")]
    assert "'ghost'" in exc.value.details[1].message
    assert exc.value.message.startswith("verkosto has 2 problem(s); nothing was imported")
    # (a reading that stopped at a missing column says only that: the rest is unread)
    _csv_folder(tmp_path, "verkosto", providers="id;name\nok;OK\n")
    with pytest.raises(InvalidData) as exc:
        import_file(sqlite_store, folder, dry_run=True)
    assert [d.field for d in exc.value.details] == ["sector"]
