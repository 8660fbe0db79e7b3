"""Residents by area and age: a hand-made table of two districts whose answer was worked
out by hand, through the reader, both stores and the gap report."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graphsvc.analysis import gap_report
from graphsvc.errors import InvalidData
from graphsvc.importing import apply_dataset, import_file
from graphsvc.model import Dataset
from graphsvc.store.base import GraphStore
from graphsvc.store.population import read_population
from ingest.population import parse_band

DAY = date(2025, 6, 1)

# Statistics Finland's PxWeb CSV as it writes it: a title, Finnish headers, semicolons,
# quotes, five-year bands, an open top band and a total row (skipped), in Windows-1252.
TABLE = """"Väestö 31.12.2024 muuttujina Alue ja Ikä"

"Alue";"Ikä";"Väkiluku"
"Pohjoinen";"0-4";"200"
"Pohjoinen";"5-9";"100"
"Pohjoinen";"65-69";"50"
"Pohjoinen";"85 -";"30"
"Etelä";"Yhteensä";"270"
"Etelä";"0 - 4";"100"
"Etelä";"5 - 9";"50"
"Etelä";"65 - 69";"100"
"Etelä";"85 -";"20"
"""

# By hand. Children 0-6: Pohjoinen 200 + 2/5 of 100 = 240, Etelä 100 + 2/5 of 50 = 120.
# Over 65 (66-): Pohjoinen 4/5 of 50 + 30 = 70, Etelä 4/5 of 100 + 20 = 100.
NETWORK = {
    "target_groups": [
        {"id": "lapset", "name": "Lapset", "kind": "age", "min_age": 0, "max_age": 6},
        {"id": "ikaihmiset", "name": "Ikäihmiset", "kind": "age", "min_age": 66},
    ],
    "needs": [
        {"id": "paivahoito", "name": "Päivähoito"},
        {"id": "perhekerho", "name": "Perhekerho"},
        {"id": "kotihoito", "name": "Kotihoito"},
    ],
    "group_needs": [
        {"group": "lapset", "need": "paivahoito", "priority": 1},
        {"group": "lapset", "need": "perhekerho", "priority": 1},
        {"group": "ikaihmiset", "need": "kotihoito", "priority": 1},
    ],
    "areas": [
        {"id": "kaupunki", "name": "Kaupunki", "kind": "municipality"},
        {"id": "pohjoinen", "name": "Pohjoinen", "kind": "district", "parent": "kaupunki"},
        {"id": "etela", "name": "Etelä", "kind": "district", "parent": "kaupunki"},
    ],
    "providers": [
        {"id": "city", "name": "Kaupunki", "sector": "city"},
        {"id": "mll", "name": "MLL", "sector": "ngo"},
    ],
    "services": [
        # day care only in the north: the south's 120 children have none
        {
            "id": "pk1",
            "name": "PK 1",
            "provider": "city",
            "needs": ["paivahoito"],
            "groups": ["lapset"],
            "areas": ["pohjoinen"],
        },
        {
            "id": "pk2",
            "name": "PK 2",
            "provider": "mll",
            "needs": ["paivahoito"],
            "groups": ["lapset"],
            "areas": ["pohjoinen"],
        },
        # family clubs only in the south: the north's 240 children have none
        {
            "id": "kerho1",
            "name": "Kerho 1",
            "provider": "mll",
            "needs": ["perhekerho"],
            "groups": ["lapset"],
            "areas": ["etela"],
        },
        {
            "id": "kerho2",
            "name": "Kerho 2",
            "provider": "city",
            "needs": ["perhekerho"],
            "groups": ["lapset"],
            "areas": ["etela"],
        },
        # home care everywhere, and one more in the south
        {
            "id": "koti1",
            "name": "Koti 1",
            "provider": "city",
            "needs": ["kotihoito"],
            "groups": ["ikaihmiset"],
        },
        {
            "id": "koti2",
            "name": "Koti 2",
            "provider": "mll",
            "needs": ["kotihoito"],
            "groups": ["ikaihmiset"],
            "areas": ["etela"],
        },
    ],
}


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "vaesto.csv"
    path.write_bytes(TABLE.encode("cp1252"))
    return path


def _load(store: GraphStore, table: Path) -> None:
    apply_dataset(store, Dataset.model_validate(NETWORK))
    report = import_file(store, table, "population")
    assert report.to_dict()["added"] == {"Population": 8}


def test_residents_affected_and_services_per_1000(store: GraphStore, table: Path) -> None:
    _load(store, table)
    assert len(read_population(store).rows) == 8
    report = gap_report(store.snapshot(), as_of=DAY, lang="en", population=read_population(store))
    # most residents first: the clubs' gap (240) before the day care's (120), though
    # "paivahoito" comes before "perhekerho"
    assert [(g.need, g.area, g.residents) for g in report.area_gaps] == [
        ("perhekerho", "pohjoinen", 240),
        ("paivahoito", "etela", 120),
    ]
    ranked = [(g.kind.value, g.need, g.area, g.residents) for g in report.ranked]
    assert ranked == [
        ("area", "perhekerho", "pohjoinen", 240),
        ("area", "paivahoito", "etela", 120),
    ]
    assert report.ranked[0].message.endswith("Residents of the group there: 240.")
    # services serving the group counted there (a service with no area counts everywhere)
    assert [(r.group, r.area, r.residents, r.services, r.per_1000) for r in report.group_areas] == [
        ("ikaihmiset", "etela", 100, 2, 20.0),
        ("ikaihmiset", "pohjoinen", 70, 1, 14.29),
        ("lapset", "etela", 120, 2, 16.67),
        ("lapset", "pohjoinen", 240, 2, 8.33),
    ]


def test_without_a_table_nothing_changes(sqlite_store: GraphStore) -> None:
    apply_dataset(sqlite_store, Dataset.model_validate(NETWORK))
    report = gap_report(
        sqlite_store.snapshot(), as_of=DAY, population=read_population(sqlite_store)
    )
    assert [(g.need, g.residents) for g in report.area_gaps] == [
        ("paivahoito", None),
        ("perhekerho", None),
    ]
    assert report.group_areas == []


def test_the_same_table_again_changes_nothing(sqlite_store: GraphStore, table: Path) -> None:
    _load(sqlite_store, table)
    version = sqlite_store.version()
    again = import_file(sqlite_store, table, "population")
    assert again.to_dict()["unchanged"] == {"Population": 8}
    assert sqlite_store.version() == version


def test_an_unknown_area_is_refused_with_file_row_field_and_id(
    sqlite_store: GraphStore, table: Path
) -> None:
    apply_dataset(sqlite_store, Dataset.model_validate(NETWORK))
    table.write_bytes(TABLE.replace('"Etelä";"85 -"', '"Itä";"85 -"').encode("cp1252"))
    with pytest.raises(InvalidData) as caught:
        import_file(sqlite_store, table, "population")
    [problem] = caught.value.details
    assert (problem.file, problem.row, problem.field, problem.id) == (
        "vaesto.csv",
        12,  # the file's line: title, blank line, header, then the rows
        "Alue",
        "Itä",
    )
    assert read_population(sqlite_store).rows == []  # nothing written


def test_a_bad_band_or_count_is_refused(sqlite_store: GraphStore, table: Path) -> None:
    table.write_bytes(
        TABLE.replace('"5-9";"100"', '"viisi";"100"').replace('"50"', '"n/a"', 1).encode("cp1252")
    )
    with pytest.raises(InvalidData) as caught:
        import_file(sqlite_store, table, "population")
    assert [(p.row, p.field) for p in caught.value.details] == [(5, "Ikä"), (6, "Väkiluku")]


@pytest.mark.parametrize(
    "text, band",
    [
        ("0-4", (0, 4)),
        ("0 - 4", (0, 4)),
        ("85 -", (85, None)),
        ("100 -", (100, None)),
        ("85+", (85, None)),
        ("7", (7, 7)),
        ("Yhteensä", None),
        ("", None),
    ],
    ids=repr,
)
def test_age_bands_as_pxweb_writes_them(text: str, band: tuple[int, int | None] | None) -> None:
    assert parse_band(text) == band
