"""What only the embedded SQLite store has to show: files, WAL, concurrency."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from graphsvc.errors import MissingReference, StoreUnavailable
from graphsvc.model import Label, Provider, RelKind, Sector, Service, rel
from graphsvc.store import open_store
from graphsvc.store.sqlite import SQLiteStore, open_sqlite


def test_urls_choose_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert open_sqlite("sqlite:///rel.db").path == "rel.db"
    assert open_sqlite(f"sqlite:///{tmp_path}/abs.db").path == f"{tmp_path}/abs.db"
    monkeypatch.delenv("GRAPHSVC_STORE", raising=False)
    default = open_store()
    assert isinstance(default, SQLiteStore) and default.path == "graphsvc.db"
    assert (tmp_path / "graphsvc.db").exists()


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreUnavailable, match="does not exist"):
        open_store(f"sqlite:///{tmp_path}/no/such/folder/x.db")


def test_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database" * 100)
    with pytest.raises(StoreUnavailable, match="Cannot open the store"):
        open_store(f"sqlite:///{path}")


def test_wal_mode(sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    assert isinstance(store, SQLiteStore)
    mode = sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"


def test_rollback_leaves_the_file_as_it_was(sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    with store.write() as w:
        w.upsert_nodes(Label.PROVIDER, [Provider(id="keep", name="K", sector=Sector.NGO)])
    with pytest.raises(ValueError), store.write() as w:
        w.upsert_nodes(
            Label.PROVIDER, [Provider(id=f"p{i}", name="P", sector=Sector.NGO) for i in range(2000)]
        )
        raise ValueError("the last row was bad")
    store.close()
    # a second process (a fresh connection) sees only what was committed
    again = open_store(sqlite_url)
    assert [n.id for n in again.find(Label.PROVIDER).items] == ["keep"]


def test_reader_is_not_blocked_by_an_open_write(sqlite_url: str) -> None:
    writer_store = open_store(sqlite_url)
    reader_store = open_store(sqlite_url)
    with writer_store.write() as w:
        w.upsert_nodes(Label.PROVIDER, [Provider(id="a", name="A", sector=Sector.CITY)])
    in_write = threading.Event()
    release = threading.Event()
    seen: list[int] = []

    def write() -> None:
        with writer_store.write() as w:
            w.upsert_nodes(Label.PROVIDER, [Provider(id="b", name="B", sector=Sector.CITY)])
            in_write.set()
            release.wait(10)

    thread = threading.Thread(target=write)
    thread.start()
    assert in_write.wait(10)
    # while the write transaction is open, a reader reads the last committed state
    seen.append(reader_store.find(Label.PROVIDER).total)
    seen.append(len(reader_store.snapshot().providers))
    release.set()
    thread.join(10)
    seen.append(reader_store.find(Label.PROVIDER).total)
    assert seen == [1, 1, 2]


def test_version_is_shared_between_connections(sqlite_url: str) -> None:
    a, b = open_store(sqlite_url), open_store(sqlite_url)
    before = b.version()
    with a.write() as w:
        w.upsert_nodes(Label.PROVIDER, [Provider(id="x", name="X", sector=Sector.CITY)])
    assert b.version() == before + 1


def test_a_bulk_write_checks_ends_itself_and_gives_foreign_keys_back(sqlite_url: str) -> None:
    store = open_sqlite(sqlite_url)
    conn = store._conn()
    city = Provider(id="city", name="City", sector=Sector.CITY)
    lost = Service(id="s-lost", name="S", provider="nobody")
    for bad in (
        lambda w: w.add_references(Label.SERVICE, [lost]),  # its provider is nowhere
        lambda w: w.upsert_relationships(
            [rel(RelKind.PART_OF, "city", "nobody", Label.PROVIDER, Label.PROVIDER)]
        ),
    ):
        with pytest.raises(MissingReference), store.write(bulk=True) as w:
            w.upsert_nodes(Label.PROVIDER, [city])
            w.upsert_nodes(Label.SERVICE, [lost])
            bad(w)
        assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)  # given back
        assert sum(store.counts()["nodes"].values()) == 0  # and nothing was written
    # not said to be this transaction's, and not in the store either
    with pytest.raises(MissingReference, match="s-elsewhere"), store.write(bulk=True) as w:
        w.upsert_nodes(Label.PROVIDER, [city])
        w.add_references(
            Label.SERVICE, [lost.model_copy(update={"id": "s-elsewhere", "provider": "city"})]
        )
    with store.write(bulk=True) as w:
        w.upsert_nodes(Label.PROVIDER, [city])
        w.upsert_nodes(Label.SERVICE, [lost.model_copy(update={"provider": "city"})])
        w.add_references(Label.SERVICE, [lost.model_copy(update={"provider": "city"})])
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    with store.write(bulk=True) as w:  # a deletion takes its relationships, even so
        w.delete_node(Label.PROVIDER, "city")
    assert conn.execute("SELECT count(*) FROM rels").fetchone() == (0,)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
