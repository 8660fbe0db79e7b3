"""Residents by area and age, stored beside the graph (not in it): a table of its own in
SQLite, nodes of their own label in Neo4j. Nothing else in the store reads them; the
analyses get them as a `Population` beside the snapshot.

Writing a table replaces what was stored for the areas it names and leaves the other
areas, in one transaction that moves the store's version on (cached reports go stale);
the change log has an entry for each area whose residents changed (label Population,
key the area, its rows before and after: min_age, max_age, residents).
"""

from __future__ import annotations

from typing import Any

from graphsvc.model import Population, PopulationRow
from graphsvc.model.population import merged
from graphsvc.store.base import GraphStore, GraphWriter, chunked
from graphsvc.store.history import POPULATION_LABEL, dumps

_SQL_TABLE = """CREATE TABLE IF NOT EXISTS population (
    area TEXT NOT NULL, min_age INTEGER NOT NULL, max_age INTEGER,
    residents INTEGER NOT NULL, PRIMARY KEY (area, min_age)
) WITHOUT ROWID"""
_NEO_LABEL = "PopulationBand"
_NEO_READ = (
    f"MATCH (p:{_NEO_LABEL}) RETURN p.area AS area, p.min_age AS min_age, "
    "p.max_age AS max_age, p.residents AS residents ORDER BY area, min_age"
)
_NEO_AREAS = (
    f"UNWIND $areas AS a MATCH (p:{_NEO_LABEL} {{area: a}}) RETURN p.area AS area, "
    "p.min_age AS min_age, p.max_age AS max_age, p.residents AS residents"
)
_NEO_DELETE = f"UNWIND $areas AS a MATCH (p:{_NEO_LABEL} {{area: a}}) DELETE p"
_NEO_CREATE = f"UNWIND $rows AS r CREATE (p:{_NEO_LABEL}) SET p = r"


def _is_sqlite(store: GraphStore) -> bool:
    return type(store).__name__ == "SQLiteStore"


def read_population(store: GraphStore) -> Population:
    """What the store holds of residents by area and age (empty when nothing)."""
    if _is_sqlite(store):
        conn = store._conn()  # type: ignore[attr-defined]
        has = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='population'"
        ).fetchone()[0]
        rows: list[Any] = (
            conn.execute(
                "SELECT area, min_age, max_age, residents FROM population ORDER BY area, min_age"
            ).fetchall()
            if has
            else []
        )
        names = ("area", "min_age", "max_age", "residents")
        found = [dict(zip(names, r, strict=True)) for r in rows]
    else:
        found = store._read(lambda r: r.rows(_NEO_READ))  # type: ignore[attr-defined]
    return Population(rows=[PopulationRow.model_validate(r) for r in found])


def write_population(store: GraphStore, population: Population) -> int:
    """Replace the stored rows of `population`'s areas with its rows; the number written.
    The change log has one entry per area whose residents changed."""
    rows = [r.model_dump() for r in population.rows]
    areas = sorted(population.areas())

    def work(writer: GraphWriter) -> None:
        replace_areas(store, writer, areas, rows)
        writer.counts.bump("updated", "Population", len(rows))

    store.transact(work)
    return len(rows)


def replace_areas(
    store: GraphStore, writer: GraphWriter, areas: list[str], rows: list[dict[str, Any]]
) -> None:
    """In `writer`'s transaction: the residents of `areas` become `rows` (none: the
    areas have no residents stored), each area's change entered in the log."""
    before = _area_rows(store, writer, areas)
    if _is_sqlite(store):
        conn = writer.conn  # type: ignore[attr-defined]
        conn.execute(_SQL_TABLE)
        conn.executemany("DELETE FROM population WHERE area = ?", [(a,) for a in areas])
        conn.executemany(
            "INSERT OR REPLACE INTO population (area, min_age, max_age, residents) "
            "VALUES (:area, :min_age, :max_age, :residents)",
            rows,
        )
    else:
        run = writer.read.run  # type: ignore[attr-defined]
        run(_NEO_DELETE, {"areas": areas}).consume()
        run(_NEO_CREATE, {"rows": rows}).consume()
    after = _by_area(rows)
    for area in areas:
        writer.journal.whole(
            POPULATION_LABEL, area, _text(before.get(area)), _text(after.get(area))
        )


def area_rows(store: GraphStore, area: str) -> list[dict[str, Any]] | None:
    """The rows stored of one area's residents, as the log keeps them (None: none)."""
    rows = [r.model_dump() for r in read_population(store).rows if r.area == area]
    return _by_area(rows).get(area)


def _area_rows(
    store: GraphStore, writer: GraphWriter, areas: list[str]
) -> dict[str, list[dict[str, Any]]]:
    """The rows stored of these areas, read in the writer's transaction."""
    names = ("area", "min_age", "max_age", "residents")
    if _is_sqlite(store):
        conn = writer.conn  # type: ignore[attr-defined]
        conn.execute(_SQL_TABLE)
        found: list[Any] = [
            dict(zip(names, r, strict=True))
            for chunk in chunked(areas, 500)
            for r in conn.execute(
                "SELECT area, min_age, max_age, residents FROM population "
                f"WHERE area IN ({','.join('?' * len(chunk))})",
                chunk,
            )
        ]
    else:
        found = writer.read.rows(_NEO_AREAS, areas=areas)  # type: ignore[attr-defined]
    return _by_area([PopulationRow.model_validate(r).model_dump() for r in found])


def _by_area(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda r: (r["area"], r["min_age"])):
        out.setdefault(row["area"], []).append(
            {k: row[k] for k in ("min_age", "max_age", "residents")}
        )
    return out


def _text(rows: list[dict[str, Any]] | None) -> str | None:
    return None if not rows else dumps(rows)


def with_population(old: Population, new: Population) -> Population:
    """What the store holds after writing `new` over `old`."""
    return Population(rows=merged(old.rows, new))
