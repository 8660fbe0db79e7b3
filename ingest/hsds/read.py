"""Open Referral HSDS: 3.x tabular CSV and JSON, and 1.x data packages.

- `organization` -> Provider. HSDS has no sector: graphsvc's own export keeps it in an
  attribute (taxonomy graphsvc-sectors); otherwise the mapping's `sectors` patterns are
  matched in legal_status, then tax_status, else `default_sector`.
- `service` -> Service: `minimum_age`/`maximum_age` kept and turned into the age groups
  they overlap; `status` inactive or defunct -> not active (valid_to = the date of
  last_modified, or 1970-01-01 when the record has none, so re-imports stay identical).
- `service_area` -> Area (kind from the mapping; graphsvc's own export keeps the area id
  in the `uri` as urn:graphsvc:area:<id>).
- Taxonomy terms via `attribute` (3.x) or `services_taxonomy` / `taxonomy_ids` (1.x),
  and the 1.x `eligibility` table -> needs and groups through ingest/data/hsds_needs.yaml,
  overridable by the user's file (see `ingest.mapping`).
- Partnerships, group needs, group kinds and ages, area kinds, codes and parents, and
  the validity dates of providers and services come back from graphsvc's extension files
  (x_graphsvc_partnerships.csv, x_graphsvc_group_needs.csv, x_graphsvc_target_groups.csv,
  x_graphsvc_areas.csv, x_graphsvc_validity.csv), and so do names and descriptions in
  every language, need categories, networks, provider languages and tags and service
  channels (x_graphsvc_names.csv, x_graphsvc_needs.csv, x_graphsvc_networks.csv,
  x_graphsvc_fields.csv): graphsvc's export reads back as it was. A
  file whose groups are graphsvc-groups terms names each service's groups itself: no
  age-derived groups are added to its services.

- A service with no `organization_id` (HSDS 1.0, the Ohana API) is its location's
  organization's: `location_id`, else its `services_at_location` rows, -> the location's
  `organization_id` (see ingest.hsds.locations). Some 1.x taxonomy tables (the Ohana
  API's) are keyed by `taxonomy_id`, not `id`.

A folder (or .zip) is read by its data package or by the usual file names; locations
only when a service names no organization, and other tables (schedules, …) are not
needed and not read. A broken record (no id, no name, bad ages) is skipped whole with
a warning, as is a service whose organisation was skipped, and a second record with the
same id; a missing file or column that HSDS requires is an error. Warnings, and the
errors the import finds (HsdsPlaces), name the HSDS columns (organization_id,
minimum_age, location_id), not graphsvc's fields.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from graphsvc.errors import InvalidData, RowError
from graphsvc.model import Dataset, Label, Places
from graphsvc.model.integrity import unresolved_text
from ingest.base import (
    DEFINITIONS,
    Format,
    ImportPolicy,
    ReadResult,
    WriteResult,
    all_stamped,
    head_text,
    json_keys,
    zip_names,
)
from ingest.folders import folder_kind, hsds_packages
from ingest.hsds.build import ORG_COLUMNS, SERVICE_COLUMNS, HsdsBuilder, Where, in_columns
from ingest.jsonstream import iter_records
from ingest.mapping import Mapping, load_mapping
from ingest.textfiles import Opener, open_csv, unescape_cell

MAPPING_FILE = "hsds_needs.yaml"
MAPPING_ENV = "GRAPHSVC_HSDS_MAPPING"
MAX_ROWS = 250_000

#: Data-package resource name -> file names to look for when there is no data package.
TABLES: dict[str, tuple[str, ...]] = {
    "organization": ("organizations.csv", "organization.csv"),
    "service": ("services.csv", "service.csv"),
    "service_area": ("service_areas.csv", "service_area.csv"),
    "attribute": ("attributes.csv", "attribute.csv"),
    "taxonomy_term": ("taxonomy_terms.csv", "taxonomy_term.csv"),
    "taxonomy": ("taxonomy.csv", "taxonomies.csv"),
    "service_taxonomy": ("services_taxonomy.csv", "service_taxonomy.csv"),
    "location": ("locations.csv", "location.csv"),
    "service_at_location": ("services_at_location.csv", "service_at_location.csv"),
    "eligibility": ("eligibility.csv",),
    "phone": ("phones.csv", "phone.csv"),
    "x_graphsvc_partnership": ("x_graphsvc_partnerships.csv",),
    "x_graphsvc_group_need": ("x_graphsvc_group_needs.csv",),
    "x_graphsvc_target_group": ("x_graphsvc_target_groups.csv",),
    "x_graphsvc_area": ("x_graphsvc_areas.csv",),
    "x_graphsvc_validity": ("x_graphsvc_validity.csv",),
    "x_graphsvc_name": ("x_graphsvc_names.csv",),
    "x_graphsvc_need": ("x_graphsvc_needs.csv",),
    "x_graphsvc_field": ("x_graphsvc_fields.csv",),
    "x_graphsvc_network": ("x_graphsvc_networks.csv",),
}
REQUIRED = {
    "organization": ("id", "name"),
    "service": ("id", "name"),
    "x_graphsvc_partnership": ("source", "target"),
    "x_graphsvc_group_need": ("group", "need"),
    "x_graphsvc_target_group": ("id", "kind"),
    "x_graphsvc_area": ("id", "name", "kind"),
    "x_graphsvc_validity": ("id", "link_entity"),
    "x_graphsvc_name": ("id", "link_entity", "field", "text"),
    "x_graphsvc_need": ("id",),
    "x_graphsvc_field": ("id", "link_entity", "field", "value"),
    "x_graphsvc_network": ("id", "name"),
}


@dataclass
class HsdsRows:
    """The rows of the HSDS tables graphsvc uses, each with where it came from."""

    organizations: list[tuple[Where, dict[str, Any]]] = field(default_factory=list)
    services: list[tuple[Where, dict[str, Any]]] = field(default_factory=list)
    service_areas: list[tuple[Where, dict[str, Any]]] = field(default_factory=list)
    attributes: list[tuple[Where, dict[str, Any]]] = field(default_factory=list)
    terms: dict[str, dict[str, Any]] = field(default_factory=dict)  # taxonomy terms by id
    service_taxonomy: list[tuple[Where, dict[str, Any]]] = field(default_factory=list)
    eligibility: list[tuple[Where, dict[str, Any]]] = field(default_factory=list)
    phones: list[tuple[Where, dict[str, Any]]] = field(default_factory=list)
    #: read only when a service has no organization_id (HSDS 1.0, Ohana API): its
    #: location's organization is its provider
    locations: list[tuple[Where, dict[str, Any]]] = field(default_factory=list)
    service_at_location: list[tuple[Where, dict[str, Any]]] = field(default_factory=list)
    partnerships: list[tuple[Where, dict[str, Any]]] = field(default_factory=list)
    group_needs: list[tuple[Where, dict[str, Any]]] = field(default_factory=list)
    group_defs: list[tuple[Where, dict[str, Any]]] = field(default_factory=list)
    area_defs: list[tuple[Where, dict[str, Any]]] = field(default_factory=list)
    validity: list[tuple[Where, dict[str, Any]]] = field(default_factory=list)
    names: list[tuple[Where, dict[str, Any]]] = field(default_factory=list)
    need_defs: list[tuple[Where, dict[str, Any]]] = field(default_factory=list)
    fields: list[tuple[Where, dict[str, Any]]] = field(default_factory=list)
    networks: list[tuple[Where, dict[str, Any]]] = field(default_factory=list)
    #: the file has x_graphsvc_names.csv: graphsvc's export wrote every name and
    #: description HSDS cannot hold there, so none is taken from the mapping
    exact: bool = False
    #: the first JSON organization of each id (a copy nested elsewhere is not repeated)
    json_orgs: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add_json_org(self, file: str, org: dict[str, Any]) -> None:
        """An organization from JSON. A copy of one that came already (nested in a service,
        say) only adds the fields the first lacked; one that says otherwise is a second
        organization with the same id, which the builder reports."""
        oid = org.get("id")
        first = self.json_orgs.get(oid) if oid is not None else None
        if first is not None and all(first.get(k, v) == v for k, v in org.items()):
            for key, value in org.items():
                first.setdefault(key, value)
            return
        if oid is not None and first is None:
            self.json_orgs[oid] = org
        self.organizations.append((Where(file, "organizations"), org))


def hsds_mapping(mapping: str | Path | None = None) -> Mapping:
    # (load_mapping checks every section: default_sector, area_kind, sectors …)
    return load_mapping(MAPPING_FILE, mapping, MAPPING_ENV)


def read_hsds(path: Path, mapping: str | Path | None = None) -> ReadResult:
    """Read an HSDS folder, data package, .zip or JSON file into a Dataset."""
    if path.is_file() and path.suffix.lower() == ".zip":
        from ingest.textfiles import open_zip, zip_members

        with open_zip(str(path), path.name) as zf:
            return read_hsds_tables(zip_members(zf, path.name), path.name, mapping)
    if path.is_file() and path.name.lower() != "datapackage.json":
        return read_hsds_json(path, mapping)
    folder = path.parent if path.is_file() else path
    tables = _folder_tables(folder)
    sub = folder / "csv"  # the layout of the HSDS specification repository
    if not tables.keys() & {"organizations.csv", "services.csv"} and sub.is_dir():
        tables = {
            **_folder_tables(sub),
            **{k: v for k, v in tables.items() if k == "datapackage.json"},
        }
    packages = hsds_packages(folder)
    if (
        not tables.keys() & {"datapackage.json", "organizations.csv", "organization.csv"}
        and packages
    ):
        raise InvalidData(
            f"{folder.name}: a folder of HSDS data packages ({', '.join(packages)}); "
            "import one of them."
        )
    return read_hsds_tables(tables, folder.name, mapping)


def _folder_tables(folder: Path) -> dict[str, tuple[Opener, str]]:
    return {p.name.lower(): (_opener(p), p.name) for p in sorted(folder.iterdir()) if p.is_file()}


def _opener(path: Path) -> Opener:
    return lambda: open(path, "rb")


def read_hsds_tables(
    tables: dict[str, tuple[Opener, str]], file: str, mapping: str | Path | None = None
) -> ReadResult:
    """Read HSDS CSV tables (lower-cased file name -> (opener, label))."""
    m = hsds_mapping(mapping)
    paths = _resource_paths(tables, file)
    rows = HsdsRows()
    for resource, target in (
        ("organization", rows.organizations),
        ("service", rows.services),
        ("service_area", rows.service_areas),
        ("attribute", rows.attributes),
        ("service_taxonomy", rows.service_taxonomy),
        ("eligibility", rows.eligibility),
        ("phone", rows.phones),
        ("x_graphsvc_partnership", rows.partnerships),
        ("x_graphsvc_group_need", rows.group_needs),
        ("x_graphsvc_target_group", rows.group_defs),
        ("x_graphsvc_area", rows.area_defs),
        ("x_graphsvc_validity", rows.validity),
        ("x_graphsvc_name", rows.names),
        ("x_graphsvc_need", rows.need_defs),
        ("x_graphsvc_field", rows.fields),
        ("x_graphsvc_network", rows.networks),
    ):
        key = paths.get(resource)
        if key in tables:
            target.extend(_csv_rows(*tables[key], required=REQUIRED.get(resource, ())))
    rows.exact = paths.get("x_graphsvc_name") in tables
    if any(not row.get("organization_id") for _, row in rows.services):
        for resource, target in (
            ("location", rows.locations),
            ("service_at_location", rows.service_at_location),
        ):
            key = paths.get(resource)
            if key in tables:
                target.extend(_csv_rows(*tables[key]))
    for resource in ("taxonomy_term", "taxonomy"):
        key = paths.get(resource)
        if key in tables:
            for _where, row in _csv_rows(*tables[key]):
                term = _term(resource, row)
                if term is not None:
                    rows.terms.setdefault(term["id"], term)
    if not rows.organizations and not rows.services:
        raise InvalidData(f"{file}: no HSDS organizations.csv or services.csv found.")
    builder = HsdsBuilder(m, file)
    return _result(*builder.build(rows), through=builder.through)


def _term(resource: str, row: dict[str, Any]) -> dict[str, Any] | None:
    """A taxonomy term by its id. Some HSDS 1.x exports (the Ohana API's) key the
    taxonomy table by `taxonomy_id`, which elsewhere names a term's taxonomy: there it
    is the term's own id, not its taxonomy."""
    if row.get("id"):
        return row
    if resource == "taxonomy" and row.get("taxonomy_id"):
        return {**{k: v for k, v in row.items() if k != "taxonomy_id"}, "id": row["taxonomy_id"]}
    return None


def _result(
    ds: Dataset,
    warnings: list[RowError],
    unmapped: list[tuple[str, str, int]],
    through: dict[str, tuple[str, str]] | None = None,
) -> ReadResult:
    # need, group and area definitions only add to a store; sources name rows and records
    policy = ImportPolicy(create_only=DEFINITIONS, stamped=all_stamped(ds))
    places = HsdsPlaces(through=through or {})
    return ReadResult(ds, warnings, policy, places, unmapped=unmapped)


#: graphsvc's labels as HSDS calls them, in messages
HSDS_TERMS: dict[str, str] = {Label.PROVIDER: "organization"}
#: per dataset list, graphsvc's fields -> the HSDS columns they come from
PLACE_COLUMNS = {"services": SERVICE_COLUMNS, "providers": ORG_COLUMNS}


@dataclass
class HsdsPlaces(Places):
    """Places an error found at import by its record's source, and names the HSDS column
    (organization_id) where graphsvc's check names its own field (provider)."""

    by_source: bool = True
    #: service id -> (location id, its place in the file) of each service whose
    #: organization is its location's (the service has no organization_id)
    through: dict[str, tuple[str, str]] = field(default_factory=dict)

    def relocate(self, errors: list[RowError], ds: Dataset) -> list[RowError]:
        return super().relocate([self._in_hsds_terms(e) for e in errors], ds)

    def _in_hsds_terms(self, error: RowError) -> RowError:
        columns = PLACE_COLUMNS.get(error.location or "")
        if not columns:
            return error
        message = error.message
        if error.refers and error.refers[0] in HSDS_TERMS:
            message = unresolved_text(HSDS_TERMS[error.refers[0]], error.refers[1])
        via = self.through.get(error.id or "") if error.location == "services" else None
        if via is not None and error.field == "provider":
            # the service row has no organization_id: name the column and row that do
            location, source = via
            return replace(
                error,
                message=f"{message} (the organization_id of its location {location}, {source})",
                field="location_id",
            )
        return replace(
            error,
            message=in_columns(message, columns),
            field=columns.get(error.field or "", error.field),
        )


def _resource_paths(tables: dict[str, tuple[Opener, str]], file: str) -> dict[str, str]:
    """Resource name -> lower-cased file name, from datapackage.json or the usual names."""
    paths = {
        name: next((c for c in candidates if c in tables), candidates[0])
        for name, candidates in TABLES.items()
    }
    if "datapackage.json" not in tables:
        return paths
    opener, _label = tables["datapackage.json"]
    try:
        with opener() as fh:
            doc = json.loads(fh.read(16 * 1024 * 1024).decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        return paths  # not JSON (e.g. a symlink stored as text): use the usual names
    for res in doc.get("resources", []) if isinstance(doc, dict) else []:
        if (
            isinstance(res, dict)
            and isinstance(res.get("name"), str)
            and isinstance(res.get("path"), str)
            and res["name"] in TABLES
        ):
            candidate = res["path"].replace("\\", "/").rsplit("/", 1)[-1].lower()
            if candidate in tables:
                paths[res["name"]] = candidate
    return paths


def _csv_rows(
    opener: Opener, label: str, required: tuple[str, ...] = ()
) -> Iterator[tuple[Where, dict[str, Any]]]:
    with open_csv(opener, label) as table:
        header = [h.strip().lower().lstrip("\ufeff") for h in table.header]
        for column in required:
            if column not in header:
                raise InvalidData(
                    f"{label}: has no {column} column, which HSDS requires.",
                    details=[RowError(f"no {column} column", file=label, row=1, field=column)],
                )
        for count, (row, cells) in enumerate(table.rows, start=1):
            if count > MAX_ROWS:
                raise InvalidData(f"{label}: more than {MAX_ROWS:,} rows; split the file.")
            record = {
                h: unescape_cell(v.strip())
                for h, v in zip(header, cells, strict=False)
                if h and v.strip()
            }
            if record:
                yield Where(label, None, row), record


# --- HSDS 3 JSON -----------------------------------------------------------------------


def read_hsds_json(path: Path, mapping: str | Path | None = None) -> ReadResult:
    """Read HSDS 3 JSON: a service, an organization, a *_list page, or a list of them."""
    m = hsds_mapping(mapping)
    rows = HsdsRows()
    warnings: list[RowError] = []
    try:
        with open(path, encoding="utf-8-sig") as fh:
            # (HSDS 3 pages hold their records in contents, Open Referral UK's in content)
            for record in iter_records(fh, path.name, ("contents", "content")):
                if not _add_json(rows, record, path.name):
                    rid = record.get("id") if isinstance(record, dict) else None
                    warnings.append(
                        RowError(
                            "neither an HSDS service nor an organization; skipped",
                            file=path.name,
                            id=str(rid) if rid else None,
                        )
                    )
    except UnicodeDecodeError as exc:
        raise InvalidData(f"{path.name}: not UTF-8 text (byte {exc.start}).") from None
    if not rows.organizations and not rows.services:
        raise InvalidData(
            f"{path.name}: holds no HSDS services or organizations.", details=warnings
        )
    ds, built, unmapped = HsdsBuilder(m, path.name).build(rows)
    return _result(ds, warnings + built, unmapped)


def _add_json(rows: HsdsRows, record: Any, file: str) -> bool:
    if not isinstance(record, dict):
        return False
    if isinstance(record.get("service"), dict) and "location" in record:  # service_at_location
        return _add_json(rows, record["service"], file)
    if _SERVICE_KEYS & record.keys():
        _add_service(rows, record, file, None)
        return True
    if _ORG_KEYS & record.keys():
        org = _flat(record)
        rows.add_json_org(file, org)
        for service in record.get("services") or ():
            if isinstance(service, dict):
                _add_service(rows, service, file, org.get("id"))
        for phone in record.get("phones") or ():
            if isinstance(phone, dict):
                rows.phones.append(
                    (Where(file, "phones"), {**_flat(phone), "organization_id": org.get("id")})
                )
        return True
    return False


#: Keys only a service has (HSDS 3 requires `status`; a flat service names its organization).
_SERVICE_KEYS = {
    "status",
    "organization",
    "organization_id",
    "minimum_age",
    "maximum_age",
    "program_id",
}
_ORG_KEYS = {
    "services",
    "website",
    "legal_status",
    "tax_status",
    "year_incorporated",
    "parent_organization_id",
    "organization_identifiers",
}


def _add_service(rows: HsdsRows, record: dict[str, Any], file: str, org_id: Any) -> None:
    service = _flat(record)
    where = Where(file, "services")
    org = record.get("organization")
    if isinstance(org, dict) and org.get("id"):
        service["organization_id"] = str(org["id"])
        rows.add_json_org(file, _flat(org))
    elif org_id and "organization_id" not in service:
        service["organization_id"] = str(org_id)
    rows.services.append((where, service))
    sid = service.get("id")
    for area in record.get("service_areas") or ():
        if isinstance(area, dict):
            rows.service_areas.append((where, {**_flat(area), "service_id": sid}))
    for attr in record.get("attributes") or ():
        if not isinstance(attr, dict):
            continue
        term = attr.get("taxonomy_term")
        flat = {**_flat(attr), "link_id": sid, "link_entity": "service"}
        # a nested term needs no id to be used: its code or name stands in for one
        term_id = _term_id(term) if isinstance(term, dict) else None
        if isinstance(term, dict) and term_id:
            flat["taxonomy_term_id"] = term_id
            detail = term.get("taxonomy_detail")
            rows.terms.setdefault(
                term_id,
                {
                    **_flat(term),
                    **(
                        {"taxonomy_id": str(detail["id"])}
                        if isinstance(detail, dict) and detail.get("id")
                        else {}
                    ),
                },
            )
        rows.attributes.append((where, flat))


def _term_id(term: dict[str, Any]) -> str | None:
    for key, prefix in (("id", ""), ("code", "code:"), ("name", "name:")):
        value = term.get(key)
        if value is not None and not isinstance(value, dict | list) and str(value).strip():
            return prefix + str(value).strip()
    return None


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    """The scalar fields of a JSON object as CSV-like text values."""
    out: dict[str, Any] = {}
    for key, value in record.items():
        if isinstance(value, bool) or value is None or isinstance(value, dict | list):
            continue
        text = str(value).strip()
        if text:
            out[key] = text
    return out


def _read(path: Path) -> ReadResult:
    return read_hsds(path)


def _write(ds: Dataset, path: Path) -> WriteResult:
    from ingest.hsds.export import write_hsds

    return write_hsds(ds, path)


#: keys of HSDS (3.x and 1.x) and Open Referral UK records and pages, none of which a
#: graphsvc dataset or a PTV record has
HSDS_KEYS = frozenset(
    {
        "organization_id",
        "legal_status",
        "tax_status",
        "year_incorporated",
        "parent_organization_id",
        "organization_identifiers",
        "service_areas",
        "service_at_locations",
        "minimum_age",
        "maximum_age",
        "taxonomy_term",
        "taxonomy_detail",
        "total_items",
        "page_number",
        "contents",
        "service_taxonomys",
        "eligibilitys",
        "totalElements",
        "assured_date",
        "interpretation_services",
        "application_process",
    }
)


def looks_like_hsds_json(path: Path) -> bool:
    """HSDS 3 JSON or Open Referral UK JSON: a record or a page, by its keys."""
    if not path.is_file() or path.suffix.lower() != ".json":
        return False
    if '"graphsvc-dataset"' in head_text(path):
        return False
    return bool(json_keys(path) & HSDS_KEYS) and path.name.lower() != "datapackage.json"


def looks_like_hsds_package(path: Path) -> bool:
    """A folder or .zip of HSDS tables (a data package, organizations.csv, …)."""
    if path.is_dir():
        return folder_kind(path) == "hsds"
    if path.suffix.lower() == ".zip":
        return bool(zip_names(path) & {"organizations.csv", "datapackage.json"})
    return False


FORMATS = (
    Format(
        "hsds",
        ("datapackage.json",),
        "Open Referral HSDS: 3.x CSV + "
        "datapackage.json or 1.x data package (folder, .zip or datapackage.json); "
        "export writes HSDS 3.0 tabular CSV",
        _read,
        _write,
        is_dir=True,
        looks_like=looks_like_hsds_package,
    ),
    Format(
        "hsds-json",
        (".hsds.json",),
        "Open Referral HSDS 3.x JSON and Open Referral UK JSON (a service, an "
        "organization, a *_list page or a list)",
        read_hsds_json,
        None,
        looks_like=looks_like_hsds_json,
    ),
)
