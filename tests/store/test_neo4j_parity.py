"""The same network imported into SQLite and into the Bolt store exports to the same
bytes and gives the same gap report."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from graphsvc.analysis.report import gap_report
from graphsvc.importing import apply_dataset
from graphsvc.model import Dataset, Sector
from graphsvc.store import GraphStore, open_store
from ingest.dataset import dumps
from tests.bolt_server import bolt_store_url

pytestmark = pytest.mark.bolt

DAY = date(2025, 1, 1)


@pytest.fixture
def stores(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[GraphStore, GraphStore]]:
    sqlite = open_store(f"sqlite:///{tmp_path / 'parity.db'}")
    bolt = open_store(bolt_store_url(request))
    yield sqlite, bolt
    sqlite.close()
    bolt.close()


def _import_both(stores: tuple[GraphStore, GraphStore], ds: Dataset) -> None:
    for store in stores:
        report = apply_dataset(store, ds)
        assert report.counts.total("added") > 0


def _same_everywhere(stores: tuple[GraphStore, GraphStore], ds: Dataset) -> None:
    sqlite, bolt = stores
    exported = dumps(bolt.snapshot())
    assert exported == dumps(sqlite.snapshot())
    # and both are the network that went in (no store keeps a dataset's name/description)
    assert exported == dumps(ds.model_copy(update={"name": None, "description": None}))
    assert bolt.counts() == sqlite.counts()
    assert (
        gap_report(bolt.snapshot(), as_of=DAY).model_dump()
        == gap_report(sqlite.snapshot(), as_of=DAY).model_dump()
    )


def test_demo_network(stores: tuple[GraphStore, GraphStore]) -> None:
    from graphsvc.demo import demo_dataset

    ds = demo_dataset()
    _import_both(stores, ds)
    _same_everywhere(stores, ds)
    sqlite, bolt = stores
    # what the Bolt store cuts on the server (as-of dates, sectors) matches SQLite too
    for day in (date(2010, 1, 1), DAY, date(2030, 6, 1)):
        assert dumps(bolt.snapshot(as_of=day)) == dumps(sqlite.snapshot(as_of=day))
    for sectors in ([Sector.CITY], [Sector.NGO, Sector.COMPANY]):
        assert dumps(bolt.snapshot(sectors=sectors)) == dumps(sqlite.snapshot(sectors=sectors))


@pytest.mark.slow
def test_ten_thousand_provider_synthetic_network(stores: tuple[GraphStore, GraphStore]) -> None:
    from graphsvc.synth import generate

    ds = generate(10_000, seed=7)
    _import_both(stores, ds)
    _same_everywhere(stores, ds)
    sqlite, bolt = stores
    assert dumps(bolt.snapshot(as_of=DAY)) == dumps(sqlite.snapshot(as_of=DAY))
