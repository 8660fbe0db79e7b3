"""Turn HSDS rows (from CSV tables or JSON) into a graphsvc Dataset; see ingest.hsds.read."""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from graphsvc.errors import RowError
from graphsvc.model import (
    Area,
    Dataset,
    GroupKind,
    GroupNeed,
    Need,
    Provider,
    Service,
    TargetGroup,
)
from ingest.base import ended_on, first_error
from ingest.hsds.locations import Locations
from ingest.hsds.own import (
    AREA_URI,
    GROUPS_TAXONOMY,
    NEEDS_TAXONOMY,
    SECTORS_TAXONOMY,
    OwnExportFiles,
    norm,
)
from ingest.hsds.plain import plain_text
from ingest.mapping import SECTORS, Mapping, slug

if TYPE_CHECKING:
    from ingest.hsds.read import HsdsRows

INACTIVE = ("inactive", "defunct")


@dataclass(frozen=True)
class Where:
    """Where an HSDS row came from: the file, and its row (CSV) or kind of record (JSON)."""

    file: str
    location: str | None = None
    row: int | None = None

    def source(self, rid: Any) -> str:
        return f"{self.file} row {self.row}" if self.row else f"{self.file} record {rid}"


#: graphsvc's fields of a service -> the HSDS columns they come from
SERVICE_COLUMNS = {
    "provider": "organization_id",
    "min_age": "minimum_age",
    "max_age": "maximum_age",
}


#: graphsvc's fields of a provider -> the HSDS columns they come from (an HSDS 1.x
#: organization has url, not website)
ORG_COLUMNS = {"url": "website", "parent": "parent_organization_id"}


def _org_columns(org: dict[str, Any]) -> dict[str, str]:
    return ORG_COLUMNS if "website" in org else {**ORG_COLUMNS, "url": "url"}


def in_columns(message: str, columns: dict[str, str]) -> str:
    """`message` with graphsvc's field names (min_age) given as the file's (minimum_age)."""
    return re.sub(
        r"\b(" + "|".join(map(re.escape, columns)) + r")\b", lambda m: columns[m.group(1)], message
    )


@dataclass
class _Links:
    needs: dict[str, list[str]] = field(default_factory=dict)  # service id -> need ids
    groups: dict[str, list[str]] = field(default_factory=dict)  # service id -> group ids
    sectors: dict[str, str] = field(default_factory=dict)  # organization id -> sector


class HsdsBuilder(OwnExportFiles):
    """Builds one Dataset from HsdsRows with a mapping; problems become warnings."""

    def __init__(self, mapping: Mapping, file: str) -> None:
        self.m = mapping
        self.file = file
        self.warnings: list[RowError] = []
        self.terms = {norm(k): v for k, v in mapping.section("terms").items()}
        self.eligibility = {norm(k): v for k, v in mapping.section("eligibility").items()}
        self.rules = self._sector_rules(mapping.sections.get("sectors") or [])
        self.default_sector = str(mapping.sections.get("default_sector", "ngo"))
        self.name_rules = [
            (re.compile(rf"(?<!\w){re.escape(pattern)}(?!\w)"), sector)
            for pattern, sector in self._sector_rules(mapping.sections.get("name_sectors") or [])
        ]
        self.organizations = 0
        self.area_kind = str(mapping.sections.get("area_kind", "municipality"))
        #: (mapping section, term) -> how many services use it, for one warning and
        #: for `--write-mapping`
        self.unmapped: Counter[tuple[str, str]] = Counter()
        self.unmapped_codes: dict[str, str] = {}  # a term's name -> its code
        self.defaulted: list[str] = []
        self.extra_needs: dict[str, Need] = {}
        self.extra_groups: dict[str, TargetGroup] = {}
        #: service id -> (location id, its place in the file) of each service whose
        #: organization came through its location
        self.through: dict[str, tuple[str, str]] = {}

    def _sector_rules(self, rules: Any) -> list[tuple[str, str]]:
        # (load_mapping has checked them: a list of [pattern, sector])
        return [(norm(pattern), str(sector)) for pattern, sector in rules or []]

    def warn(
        self, message: str, where: Where | None, id: Any = None, field: str | None = None
    ) -> None:
        where = where or Where(self.file)
        self.warnings.append(
            RowError(
                message,
                file=where.file,
                location=where.location,
                row=where.row,
                id=str(id) if id else None,
                field=field,
            )
        )

    def build(self, rows: HsdsRows) -> tuple[Dataset, list[RowError], list[tuple[str, str, int]]]:
        service_ids = {r.get("id") for _, r in rows.services}
        org_ids = {r.get("id") for _, r in rows.organizations}
        self._read_own(rows)
        links = self._links(rows, service_ids, org_ids)
        providers, skipped = self._providers(rows, links)
        kept = {p.id for p in providers}
        # graphsvc's own export names every service's groups: nothing to derive from ages
        self.derive_ages = not rows.exact and not any(
            _taxonomy(t) == GROUPS_TAXONOMY for t in rows.terms.values()
        )
        services, areas = self._services(rows, links, skipped)
        areas = self._area_definitions(rows, areas)
        providers, services = self._validity(rows, providers, services)
        providers = self._extended("organization", providers)
        services = self._extended("service", services)
        defined = self._group_definitions(rows), self._need_definitions(rows)
        group_needs = self._group_needs(rows)
        groups, needs = self._definitions(services, group_needs, *defined)
        ds = Dataset(
            target_groups=groups,
            needs=needs,
            group_needs=group_needs,
            areas=sorted(areas.values(), key=lambda a: a.id),
            providers=providers,
            services=services,
            partnerships=self._partnerships(rows, kept),
            networks=self._networks(rows, kept),
        )
        self._unused_own()
        self._summarise()
        return ds, self.warnings, [(sec, term, n) for (sec, term), n in self.unmapped_terms()]

    def _definitions(
        self,
        services: list[Service],
        group_needs: list[GroupNeed],
        groups: set[str],
        needs: set[str],
    ) -> tuple[list[TargetGroup], list[Need]]:
        """The groups and needs used, or defined in the file (`groups`, `needs`)."""
        groups |= {g for s in services for g in s.groups} | {gn.group for gn in group_needs}
        needs |= {n for s in services for n in s.needs} | {gn.need for gn in group_needs}
        known_groups = {**self.m.groups, **self.extra_groups}
        known_needs = {**self.m.needs, **self.extra_needs}
        return (
            [g for i, g in sorted(known_groups.items()) if i in groups],
            [n for i, n in sorted(known_needs.items()) if i in needs],
        )

    # -- taxonomy terms, eligibility --------------------------------------------------

    def _links(self, rows: HsdsRows, service_ids: set[Any], org_ids: set[Any]) -> _Links:
        links = _Links()
        for where, attr in rows.attributes:
            term = rows.terms.get(attr.get("taxonomy_term_id", ""))
            link = str(attr.get("link_id", ""))
            if term is None:
                self.warn(
                    f"refers to taxonomy term {attr.get('taxonomy_term_id')!r}, which is "
                    "not in the file; ignored",
                    where,
                    attr.get("id"),
                    "taxonomy_term_id",
                )
            elif link in service_ids:
                self._attach(links, link, term)
            elif link in org_ids:
                if _taxonomy(term) == SECTORS_TAXONOMY and term.get("code") in SECTORS:
                    links.sectors[link] = term["code"]
            else:
                self.warn(
                    f"links to {link!r}, which is no service or organization in the file; ignored",
                    where,
                    attr.get("id"),
                    "link_id",
                )
        for where, row in rows.service_taxonomy:
            self._attach_id(links, rows, row.get("service_id"), row.get("taxonomy_id"), where)
        for where, service in rows.services:
            for tid in re.split(r"[,|;]", service.get("taxonomy_ids", "")):
                if tid.strip():
                    self._attach_id(links, rows, service.get("id"), tid.strip(), where)
        for _where, row in rows.eligibility:
            value = row.get("eligibility")
            if value is None or row.get("service_id") is None:
                continue
            groups = self.eligibility.get(norm(value))
            if groups is None:
                self.unmapped[("eligibility", str(value))] += 1
                continue
            ids = self.m.ids({"groups": groups}, "groups", f"eligibility {value}")
            links.groups.setdefault(row["service_id"], []).extend(ids)
        return links

    def _attach_id(
        self, links: _Links, rows: HsdsRows, service: Any, term_id: Any, where: Where
    ) -> None:
        term = rows.terms.get(term_id or "")
        if term is None:
            self.warn(
                f"refers to taxonomy {term_id!r}, which is not in the file; ignored",
                where,
                service,
                "taxonomy_id",
            )
        elif service:
            self._attach(links, service, term)

    def _attach(self, links: _Links, service: str, term: dict[str, Any]) -> None:
        taxonomy, code, name = _taxonomy(term), term.get("code"), term.get("name") or ""
        if taxonomy == NEEDS_TAXONOMY and code:
            links.needs.setdefault(service, []).append(code)
            self._define(self.extra_needs, self.m.needs, Need, code, name, {})
            return
        if taxonomy == GROUPS_TAXONOMY and code:
            links.groups.setdefault(service, []).append(code)
            self._define(
                self.extra_groups,
                self.m.groups,
                TargetGroup,
                code,
                name,
                {"kind": GroupKind.SPECIAL},
            )
            return
        if taxonomy == SECTORS_TAXONOMY:
            return
        entry = self.terms.get(norm(code)) if code else None
        if entry is None:
            entry = self.terms.get(norm(name))
        if entry is None or not (entry.get("needs") or entry.get("groups")):
            # (an entry left empty, as --write-mapping writes it, maps nothing yet)
            self.unmapped[("terms", str(name or code))] += 1
            if code and name:
                self.unmapped_codes[str(name)] = str(code)
            return
        where = f"terms.{name or code}"
        links.needs.setdefault(service, []).extend(self.m.ids(entry, "needs", where))
        links.groups.setdefault(service, []).extend(self.m.ids(entry, "groups", where))

    def _define(
        self,
        extra: dict[str, Any],
        known: dict[str, Any],
        cls: Any,
        code: str,
        name: str,
        defaults: dict[str, Any],
    ) -> None:
        """Define a need or group of graphsvc's own export. The term's name is the one the
        exporting store used: it wins over a mapping definition that names it otherwise, so
        an export read into an empty store keeps its names."""
        if code in extra:
            return
        base = known.get(code)
        if base is not None and (
            not name
            or norm(name)
            in {
                norm(v)
                for v in (base.name.values() if isinstance(base.name, dict) else [base.name])
            }
        ):
            return  # the mapping's definition says the same, in more languages
        data = base.model_dump(exclude_none=True) if base is not None else {"id": code, **defaults}
        data.update(name=name or code, source=f"{self.file} term {code}")
        extra[code] = cls.model_validate(data)

    # -- organizations ----------------------------------------------------------------

    def _providers(self, rows: HsdsRows, links: _Links) -> tuple[list[Provider], set[str]]:
        phones: dict[str, str] = {}
        for _where, phone in rows.phones:
            org = phone.get("organization_id")
            if org and phone.get("number") and (org not in phones or not phone.get("service_id")):
                phones[org] = phone["number"]
        out: dict[str, Provider] = {}
        parents: dict[str, tuple[str, Where]] = {}
        skipped: set[str] = set()
        seen: dict[str, Where] = {}
        for where, org in rows.organizations:
            oid = org.get("id")
            if not oid:
                self.warn("organization without an id; skipped", where)
                continue
            if oid in seen:
                self._duplicate("organization", oid, where, seen[oid])
                continue
            seen[oid] = where
            sector = links.sectors.get(oid) or self._sector(org)
            data = {
                "id": oid,
                "name": org.get("name"),
                "description": plain_text(org.get("description")),
                "url": org.get("website") or org.get("url"),
                "email": org.get("email"),
                "phone": phones.get(oid),
                "sector": sector or self.default_sector,
                "source": where.source(oid),
            }
            provider = self._validate(Provider, data, where, oid, _org_columns(org))
            if provider is None:
                skipped.add(oid)
                continue
            self.organizations += 1
            if sector is None:
                self.defaulted.append(oid)
            out[oid] = provider
            if org.get("parent_organization_id"):
                parents[oid] = (org["parent_organization_id"], where)
        for oid, (parent, where) in parents.items():
            if parent in out and parent != oid:
                out[oid] = out[oid].model_copy(update={"parent": parent})
            elif parent == oid:
                self.warn(
                    "parent_organization_id is the organization itself; the provider is "
                    "imported without a parent",
                    where,
                    oid,
                    "parent_organization_id",
                )
            else:
                self.warn(
                    f"parent organization {parent!r} is not in the file; the provider is "
                    "imported without its parent",
                    where,
                    oid,
                    "parent_organization_id",
                )
        return list(out.values()), skipped

    def _sector(self, org: dict[str, Any]) -> str | None:
        """The sector the mapping's patterns find in legal_status, tax_status or the
        organisation's type (`sectors`), else as a whole word of its name
        (`name_sectors`: "Oy", "ry", "kaupunki", "NHS Trust"), if any."""
        for key in ("legal_status", "tax_status", "organization_type", "type"):
            text = norm(org.get(key) or "")
            for pattern, sector in self.rules:
                if text and pattern in text:
                    return sector
        name = norm(org.get("name") or "")
        for word, sector in self.name_rules:
            if name and word.search(name):
                return sector
        return None

    # -- services and areas -----------------------------------------------------------

    def _services(
        self, rows: HsdsRows, links: _Links, skipped: set[str]
    ) -> tuple[list[Service], dict[str, Area]]:
        areas_of = self._areas(rows)
        locations = Locations(rows)
        services: dict[str, Service] = {}
        areas: dict[str, Area] = {}
        seen: dict[str, Where] = {}
        for where, row in rows.services:
            sid = row.get("id")
            if not sid:
                self.warn("service without an id; skipped", where)
                continue
            if sid in seen:
                self._duplicate("service", sid, where, seen[sid])
                continue
            seen[sid] = where
            org = self._organization(row, where, locations, skipped)
            if org is None:
                continue
            own_areas = areas_of.get(sid, [])
            data = {
                "id": sid,
                "name": row.get("name"),
                "provider": org,
                "description": plain_text(row.get("description")),
                "url": row.get("url"),
                "min_age": row.get("minimum_age"),
                "max_age": row.get("maximum_age"),
                "needs": _unique(links.needs.get(sid, [])),
                "groups": _unique(links.groups.get(sid, [])),
                "areas": _unique([a.id for a in own_areas]),
                "source": where.source(sid),
            }
            if norm(row.get("status", "")) in INACTIVE:
                data["valid_to"] = ended_on(row.get("last_modified"))
            service = self._validate(Service, data, where, sid, SERVICE_COLUMNS)
            if service is None:
                continue
            ages = self._age_groups(service) if self.derive_ages else []
            if ages:
                service = service.model_copy(update={"groups": _unique(service.groups + ages)})
            services[sid] = service
            for area in own_areas:
                areas.setdefault(area.id, area)
        return list(services.values()), areas

    def _organization(
        self, row: dict[str, Any], where: Where, locations: Locations, skipped: set[str]
    ) -> str | None:
        """The id of the service's organization, its own or (HSDS 1.0, Ohana API) its
        location's, or None with a warning saying why the service is skipped."""
        sid, org = row["id"], row.get("organization_id")
        if org:
            if org not in skipped:
                return str(org)
            self.warn(
                f"the service is skipped: its organization {org} was skipped",
                where,
                sid,
                "organization_id",
            )
            return None
        found = locations.organization(row)
        if found.org is None:
            why = "it has no organization_id" + (f", and {found.problem}" if found.problem else "")
            field = "location_id" if found.problem else "organization_id"
            self.warn(f"the service is skipped: {why}", where, sid, field)
            return None
        if found.org in skipped:
            self.warn(
                f"the service is skipped: its organization {found.org} (the organization of "
                f"its location {found.location}) was skipped",
                where,
                sid,
                "location_id",
            )
            return None
        if found.others:
            self.warn(
                f"the service's locations belong to more than one organization "
                f"({', '.join((found.org, *found.others))}); it is imported as a service of "
                f"{found.org}, the organization of its location {found.location}",
                where,
                sid,
                "location_id",
            )
        self.through[sid] = (str(found.location), str(found.source))
        return found.org

    def _duplicate(self, what: str, rid: str, where: Where, first: Where) -> None:
        at = f"row {first.row}" if first.row else "an earlier record"
        self.warn(
            f"the same {what} id appears again (first at {at} of {first.file}); this "
            "one is skipped and the first kept",
            where,
            rid,
            "id",
        )

    def _areas(self, rows: HsdsRows) -> dict[str, list[Area]]:
        out: dict[str, list[Area]] = {}
        for where, row in rows.service_areas:
            name = row.get("name") or row.get("service_area")
            uri = row.get("uri", "")
            if not row.get("service_id"):
                continue
            if not name:
                # without the row the service would look available everywhere: say so
                self.warn(
                    "the service area has no name, so it cannot become an area; the "
                    f"service {row['service_id']} is imported without it",
                    where,
                    row.get("id"),
                    "name",
                )
                continue
            area_id = uri[len(AREA_URI) :] if uri.startswith(AREA_URI) else _area_id(name)
            area = self._validate(
                Area,
                {
                    "id": area_id,
                    "name": name,
                    "kind": self.area_kind,
                    "source": where.source(row.get("id")),
                },
                where,
                row.get("id"),
            )
            if area is not None:
                out.setdefault(row["service_id"], []).append(area)
        return out

    def _age_groups(self, service: Service) -> list[str]:
        if service.min_age is None and service.max_age is None:
            return []
        return [
            g.id for g in self.m.groups.values() if g.kind is GroupKind.AGE and service.overlaps(g)
        ]

    def _validate(
        self,
        cls: Any,
        data: dict[str, Any],
        where: Where,
        rid: Any,
        columns: dict[str, str] | None = None,
    ) -> Any:
        """`cls` from `data`, or None with a warning that names the file's column (`columns`
        maps graphsvc's fields to the columns of the row they came from)."""
        try:
            return cls.model_validate({k: v for k, v in data.items() if v is not None})
        except ValidationError as exc:
            message, loc = first_error(exc)
            if columns:
                loc = columns.get(loc.split(".")[0], loc)
                message = in_columns(message, columns)
            self.warn(f"{message}; the record is skipped", where, rid, loc or None)
            return None

    def unmapped_terms(self) -> list[tuple[tuple[str, str], int]]:
        """((section, term), services) of every unmapped term, most used first."""
        return sorted(self.unmapped.items(), key=lambda kv: (-kv[1], kv[0]))

    def _summarise(self) -> None:
        if self.unmapped:
            terms = [
                f"{'eligibility ' if section == 'eligibility' else ''}{term!r} ("
                + (f"code {self.unmapped_codes[term]}; " if term in self.unmapped_codes else "")
                + f"{n})"
                for (section, term), n in self.unmapped_terms()
            ]
            shown = ", ".join(terms[:20]) + (
                f" and {len(terms) - 20} more" if len(terms) > 20 else ""
            )
            self.warn(
                f"{len(terms)} taxonomy term(s) or eligibility value(s) have no need or "
                f"group in the mapping (most used first, with the number of services): "
                f"{shown}. Add them to a mapping file (GRAPHSVC_HSDS_MAPPING; "
                "graphsvc import --write-mapping FILE writes a first one) to count them.",
                None,
            )
        if self.defaulted:
            self.warn(
                f"{len(self.defaulted)} of {self.organizations} organization(s) "
                f"({100 * len(self.defaulted) / max(1, self.organizations):.0f} %) had no "
                "sector hint in legal_status, tax_status, type or name and were given "
                f"sector {self.default_sector!r}; check them",
                None,
            )


def _taxonomy(term: dict[str, Any]) -> str:
    return str(term.get("taxonomy_id") or term.get("taxonomy") or term.get("vocabulary") or "")


def _area_id(name: str) -> str:
    return short_id(slug(name) or "area-" + _digest(name))


def short_id(text: str, limit: int = 60) -> str:
    """An id no longer than `limit`, kept unique by a short hash when cut."""
    if len(text) <= limit:
        return text
    return f"{text[: limit - 9].rstrip('-')}-{_digest(text)}"


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
