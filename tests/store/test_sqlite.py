"""What only the embedded SQLite store has to show: files, WAL, concurrency."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from graphsvc.errors import MissingReference, StoreUnavailable
from graphsvc.model import Label, Provider, RelKind, Sector, Service, rel
from graphsvc.store import GraphWriter, log_blocks, open_store
from graphsvc.store.history import Actor, ChangeFilters, acting
from graphsvc.store.sqlite import SQLiteStore, open_sqlite
from tests.store.log_layout import first_layout, two_writes


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
    store.transact(
        lambda w: w.upsert_nodes(Label.PROVIDER, [Provider(id="keep", name="K", sector=Sector.NGO)])
    )

    def fails(w: GraphWriter) -> None:
        w.upsert_nodes(
            Label.PROVIDER, [Provider(id=f"p{i}", name="P", sector=Sector.NGO) for i in range(2000)]
        )
        raise ValueError("the last row was bad")

    with pytest.raises(ValueError):
        store.transact(fails)
    store.close()
    # a second process (a fresh connection) sees only what was committed
    again = open_store(sqlite_url)
    assert [n.id for n in again.find(Label.PROVIDER).items] == ["keep"]


def test_reader_is_not_blocked_by_an_open_write(sqlite_url: str) -> None:
    writer_store = open_store(sqlite_url)
    reader_store = open_store(sqlite_url)
    writer_store.transact(
        lambda w: w.upsert_nodes(Label.PROVIDER, [Provider(id="a", name="A", sector=Sector.CITY)])
    )
    in_write = threading.Event()
    release = threading.Event()
    seen: list[int] = []

    def work(w: GraphWriter) -> None:
        w.upsert_nodes(Label.PROVIDER, [Provider(id="b", name="B", sector=Sector.CITY)])
        in_write.set()
        release.wait(10)

    thread = threading.Thread(target=writer_store.transact, args=(work,))
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
    a.transact(
        lambda w: w.upsert_nodes(Label.PROVIDER, [Provider(id="x", name="X", sector=Sector.CITY)])
    )
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

        def work(w: GraphWriter, bad: Callable[[GraphWriter], int] = bad) -> None:
            w.upsert_nodes(Label.PROVIDER, [city])
            w.upsert_nodes(Label.SERVICE, [lost])
            bad(w)

        with pytest.raises(MissingReference):
            store.transact(work, bulk=True)
        assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)  # given back
        assert sum(store.counts()["nodes"].values()) == 0  # and nothing was written

    # not said to be this transaction's, and not in the store either
    def elsewhere(w: GraphWriter) -> None:
        w.upsert_nodes(Label.PROVIDER, [city])
        w.add_references(
            Label.SERVICE, [lost.model_copy(update={"id": "s-elsewhere", "provider": "city"})]
        )

    with pytest.raises(MissingReference, match="s-elsewhere"):
        store.transact(elsewhere, bulk=True)

    def offered(w: GraphWriter) -> None:
        w.upsert_nodes(Label.PROVIDER, [city])
        w.upsert_nodes(Label.SERVICE, [lost.model_copy(update={"provider": "city"})])
        w.add_references(Label.SERVICE, [lost.model_copy(update={"provider": "city"})])

    store.transact(offered, bulk=True)
    assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
    # a deletion takes its relationships, even so
    store.transact(lambda w: w.delete_node(Label.PROVIDER, "city"), bulk=True)
    assert conn.execute("SELECT count(*) FROM rels").fetchone() == (0,)
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


# the change log's first layout: a row per change, each with its set's who and when
_LOG_V1 = """
DROP TABLE change_blocks;
ALTER TABLE record_versions DROP COLUMN changes;
CREATE TABLE changes (
    set_id INTEGER NOT NULL, n INTEGER NOT NULL, at TEXT NOT NULL, who TEXT NOT NULL,
    role TEXT NOT NULL, channel TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL,
    op TEXT NOT NULL, field TEXT, before TEXT, after TEXT, PRIMARY KEY (set_id, n)
) WITHOUT ROWID;
CREATE INDEX changes_record ON changes (kind, key);
"""


def test_a_change_log_of_the_first_layout_is_kept_when_opened(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/old.db"
    store = open_sqlite(url)
    before = two_writes(store)
    store.close()
    conn = sqlite3.connect(tmp_path / "old.db")
    conn.executescript(_LOG_V1)
    conn.executemany(
        "INSERT INTO changes VALUES (:set_id, :n, :at, :who, :role, :channel, :kind, :key, "
        ":op, :field, :before, :after)",
        first_layout(before),
    )
    conn.commit()
    conn.close()

    reopened = open_sqlite(url)
    assert reopened.changes().items == before
    assert [c.id for c in reopened.changes(ChangeFilters(id="kyt", change_set=2)).items] == [
        "2-2",
        "2-1",
    ]
    reopened.transact(
        lambda w: w.upsert_nodes(
            Label.PROVIDER, [Provider(id="kyt", name="KYT", sector=Sector.NGO)]
        )
    )
    assert [c.id for c in reopened.changes().items][:2] == ["3-1", "2-2"]


def test_the_log_reads_the_same_across_its_blocks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listings, pages and filters of a log kept in many small blocks give exactly the
    changes a listing of everything gives, filtered and sliced by hand."""
    monkeypatch.setattr(log_blocks, "BLOCK", 7)
    store = open_sqlite(f"sqlite:///{tmp_path}/blocks.db")
    ids = [f"p{i:02}" for i in range(30)]

    def first(w: GraphWriter) -> None:
        w.upsert_nodes(
            Label.PROVIDER, [Provider(id=i, name=f"N {i}", sector=Sector.NGO) for i in ids]
        )
        w.upsert_relationships(
            [
                rel(
                    RelKind.PARTNERS_WITH,
                    a,
                    b,
                    Label.PROVIDER,
                    Label.PROVIDER,
                    {"kind": "purchase"},
                )
                for a, b in zip(ids, ids[1:], strict=False)
            ]
        )

    with acting(Actor("anna", "editor", "import"), "tuonti"):
        store.transact(first)
    with acting(Actor("ben", "editor", "api")):
        store.transact(
            lambda w: w.upsert_nodes(
                Label.PROVIDER, [Provider(id="p03", name="Uusi", sector=Sector.CITY)]
            )
        )
    everything = store.changes(limit=1000).items
    assert len(everything) == 30 + 29 + 2
    assert [c.id for c in everything[:3]] == ["2-2", "2-1", "1-59"]
    assert everything[-1].id == "1-1" and everything[-1].after["name"] == "N p00"
    assert {c.op for c in everything} == {"add", "update"}

    def listed(f: ChangeFilters, limit: int, offset: int) -> tuple[list[str], int]:
        page = store.changes(f, limit=limit, offset=offset)
        return [c.id for c in page.items], page.total

    for f, keep in (
        (ChangeFilters(), lambda c: True),
        (ChangeFilters(label="PARTNERS_WITH"), lambda c: c.label == "PARTNERS_WITH"),
        (ChangeFilters(label="Provider"), lambda c: c.label == "Provider"),
        (ChangeFilters(who="ben"), lambda c: c.who == "ben"),
        (ChangeFilters(change_set=1), lambda c: c.change_set == 1),
        (ChangeFilters(id="p03"), lambda c: c.key == "p03"),
        (ChangeFilters(id="p03", who="anna"), lambda c: c.key == "p03" and c.who == "anna"),
        (ChangeFilters(label="Provider", id="p03"), lambda c: c.key == "p03"),
    ):
        expected = [c.id for c in everything if keep(c)]
        for limit, offset in ((5, 0), (5, 3), (9, 6), (100, 0), (4, len(expected) - 2)):
            assert listed(f, limit, offset) == (expected[offset : offset + limit], len(expected))
    assert [c.field for c in store.changes(ChangeFilters(id="p03")).items] == [
        "sector",
        "name",
        None,
    ]
