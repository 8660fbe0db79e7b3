"""Importing a population table: its areas found among the store's (by id, name or
code), every row checked before anything is written, then stored in one transaction
(`graphsvc.store.population`)."""

from __future__ import annotations

import re

from graphsvc.errors import InvalidData, RowError
from graphsvc.importing.report import ImportReport
from graphsvc.model import Label, Population, fold
from graphsvc.model.nodes import Area
from graphsvc.store.base import GraphStore
from graphsvc.store.population import read_population, write_population
from ingest.base import PopulationTable


def _areas(store: GraphStore) -> list[Area]:
    out: list[Area] = []
    while True:
        page = store.find(Label.AREA, limit=1000, offset=len(out))
        out += [a for a in page.items if isinstance(a, Area)]
        if len(out) >= page.total or not page.items:
            return out


def _keys(area: Area) -> set[str]:
    """What a table may call the area: its id, each of its names, its code."""
    names = area.name.values() if isinstance(area.name, dict) else [area.name]
    keys = {area.id, *(fold(str(n)) for n in names)}
    if area.code:
        keys |= {area.code, area.code.lstrip("0")}
    return {k for k in keys if k}


def _candidates(label: str) -> list[str]:
    """The ways to read a table's area: "KU179 Jyväskylä" is KU179, 179 or Jyväskylä;
    "40100 Jyväskylä Keskus (Jyväskylä)" is 40100 or Jyväskylä Keskus."""
    out = [label, fold(label)]
    m = re.match(r"^(?:KU|MK|SSS)?(\d+)\s+(.*?)(?:\s*\(.*\))?$", label.strip())
    if m:
        out += [m.group(1), m.group(1).lstrip("0"), fold(m.group(2))]
        out.append(label.split()[0])
    return out


def import_population(
    store: GraphStore, table: PopulationTable, report: ImportReport, *, dry_run: bool
) -> None:
    """Resolve the table's areas and write it (unless dry_run); InvalidData, with every
    row that names no known area or repeats a band, and nothing written."""
    index: dict[str, str] = {}
    for stored_area in _areas(store):
        for key in _keys(stored_area):
            index.setdefault(key, stored_area.id)
    errors: list[RowError] = []
    rows = []
    seen: set[tuple[str, int]] = set()
    for row, line in zip(table.population.rows, table.lines, strict=True):
        area = next((index[c] for c in _candidates(row.area) if c in index), None)
        if area is None:
            errors.append(
                RowError(
                    f"no area {row.area!r} in the store (by id, name or code); import the "
                    "areas first",
                    file=table.file,
                    row=line,
                    id=row.area,
                    field=table.area_column,
                )
            )
            continue
        if (area, row.min_age) in seen:
            errors.append(
                RowError(
                    f"the age band from {row.min_age} of area {area} came before",
                    file=table.file,
                    row=line,
                    id=row.area,
                    field=table.area_column,
                )
            )
            continue
        seen.add((area, row.min_age))
        rows.append(row.model_copy(update={"area": area}))
    if errors:
        raise InvalidData.refused(table.file, errors)
    population = Population(rows=rows)
    before = read_population(store).rows
    stored, areas = set(before), {r.area for r in before}
    for r in rows:
        what = "unchanged" if r in stored else "updated" if r.area in areas else "added"
        report.counts.bump(what, "Population")
    named = {r.area for r in rows}
    if {r for r in before if r.area in named} == set(rows):
        return  # (the same table again: nothing to write, the version stays)
    if not dry_run:
        write_population(store, population)
        report.version = store.version()
