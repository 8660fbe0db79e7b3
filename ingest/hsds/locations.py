"""HSDS 1.0 and Ohana API services that name no organization: their provider is the
organization of their location (`service.location_id`, or the 1.1 `services_at_location`
rows, -> `location.organization_id`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ingest.hsds.build import Where
    from ingest.hsds.read import HsdsRows


@dataclass(frozen=True)
class ByLocation:
    """What a service's locations say of its organization: `org` (None when they say
    nothing), the location it came through and that location's place in the file, or
    `problem`, why the service has no organization, worded for a warning."""

    org: str | None
    location: str | None = None
    source: str | None = None
    problem: str | None = None
    #: the other organizations the service's other locations belong to
    others: tuple[str, ...] = ()


class Locations:
    """The locations of an HSDS file, by id (the first row of an id), and the locations
    the services_at_location rows give each service."""

    def __init__(self, rows: HsdsRows) -> None:
        self.rows: dict[str, tuple[Where, dict[str, Any]]] = {}
        for where, row in rows.locations:
            if row.get("id"):
                self.rows.setdefault(row["id"], (where, row))
        self.at: dict[str, list[str]] = {}
        for _where, row in rows.service_at_location:
            if row.get("service_id") and row.get("location_id"):
                self.at.setdefault(row["service_id"], []).append(row["location_id"])

    def organization(self, service: dict[str, Any]) -> ByLocation:
        """The organization of a service that has no organization_id, through its own
        location_id first, then its services_at_location rows in their order."""
        ids = list(dict.fromkeys([service.get("location_id"), *self.at.get(service["id"], [])]))
        ids = [i for i in ids if i]
        if not ids:
            return ByLocation(None)
        found = [(lid, self.rows[lid]) for lid in ids if lid in self.rows]
        owned = [
            (lid, w, r["organization_id"]) for lid, (w, r) in found if r.get("organization_id")
        ]
        if owned:
            lid, where, org = owned[0]
            others = tuple(dict.fromkeys(o for _, _, o in owned if o != org))
            return ByLocation(org, lid, where.source(lid), others=others)
        lid = ids[0]
        if lid not in self.rows:
            return ByLocation(None, lid, problem=f"its location {lid} is not in the file")
        return ByLocation(
            None,
            lid,
            self.rows[lid][0].source(lid),
            problem=f"its location {lid} has no organization_id either",
        )
