"""Residents by area and age band: the other half of the demand side.

A table of Statistics Finland (or any) gives residents per area and age band; a target
group's residents in an area are the residents of the bands its ages overlap, a band
that the group covers only in part counted by the share of its years it covers (people
spread evenly over a band's years). An open top band ("85 -") counts as ten years wide
for a group with an upper age, and whole for a group with none.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from graphsvc.model.types import Id

#: how many years an open top band ("85 -") is taken to span for a group with an upper age
OPEN_BAND_YEARS = 10


class PopulationRow(BaseModel):
    """Residents of one area in one age band (ends inclusive; max_age None: and older)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    area: Id
    min_age: int = Field(ge=0, le=130)
    max_age: int | None = Field(default=None, ge=0, le=130)
    residents: int = Field(ge=0)


class Population(BaseModel):
    """Residents by area and age band (what `graphsvc import --format population` stores)."""

    model_config = ConfigDict(extra="forbid")

    rows: list[PopulationRow] = Field(default_factory=list)

    def areas(self) -> set[str]:
        return {r.area for r in self.rows}

    def residents(self, area: str, min_age: float | None, max_age: float | None) -> float:
        """Residents of `area` aged min_age..max_age (ends inclusive, whole years; None:
        open), bands covered in part counted by their share."""
        return sum(_share(r, min_age, max_age) * r.residents for r in self.rows if r.area == area)

    def by_area(self) -> dict[str, list[PopulationRow]]:
        out: dict[str, list[PopulationRow]] = {}
        for r in self.rows:
            out.setdefault(r.area, []).append(r)
        return out


def _share(band: PopulationRow, lo: float | None, hi: float | None) -> float:
    """The share of a band's years that a group's ages lo..hi cover."""
    group_lo = 0 if lo is None else int(lo)
    if band.max_age is None:
        if hi is None and group_lo <= band.min_age:
            return 1.0
        band_hi = band.min_age + OPEN_BAND_YEARS - 1
    else:
        band_hi = band.max_age
    group_hi = band_hi if hi is None else int(hi)
    years = min(band_hi, group_hi) - max(band.min_age, group_lo) + 1
    return max(0, years) / (band_hi - band.min_age + 1)


def merged(old: Iterable[PopulationRow], new: Population) -> list[PopulationRow]:
    """`old` with the areas of `new` replaced by its rows: a table replaces what an earlier
    one said of its areas and leaves the others."""
    replaced = new.areas()
    return [r for r in old if r.area not in replaced] + list(new.rows)
