"""Export to Open Referral HSDS 3.0 tabular form: CSV files and a datapackage.json.

What HSDS holds is written in its own tables (organizations, services, service_areas,
phones); needs, target groups and sectors become taxonomy terms (taxonomies
graphsvc-needs, graphsvc-groups, graphsvc-sectors) linked by attributes, so that
graphsvc's HSDS import gets them back exactly. What HSDS has no home for, but a gap
analysis needs, goes to extension files listed in the data package (HSDS tools ignore
them, graphsvc reads them back): partnerships (x_graphsvc_partnerships.csv), the needs
of each target group (x_graphsvc_group_needs.csv), each group's kind and ages
(x_graphsvc_target_groups.csv), each area's kind, code and parent (x_graphsvc_areas.csv)
and the validity dates (x_graphsvc_validity.csv). So does what keeps the export lossless
for graphsvc: names and descriptions in every language (x_graphsvc_names.csv; HSDS holds
one), need categories (x_graphsvc_needs.csv), networks (x_graphsvc_networks.csv) and
provider languages and tags, service channels and network members
(x_graphsvc_fields.csv): exported and imported again, a store is unchanged. The
WriteResult notes say so, and what is left out.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path
from typing import Any

from graphsvc.errors import InvalidData
from graphsvc.model import Dataset, Provider, Service, pick
from ingest.base import WriteResult
from ingest.hsds.own import (
    AREA_URI,
    FIELDS,
    GROUPS_TAXONOMY,
    NEEDS_TAXONOMY,
    SECTORS_TAXONOMY,
    TEXT_FIELDS,
)
from ingest.textfiles import XmlText, atomic_write

#: Columns of each HSDS 3.0 table written, in the order of the HSDS 3.0 data package.
COLUMNS: dict[str, tuple[str, ...]] = {
    "organization": (
        "id",
        "name",
        "alternate_name",
        "description",
        "email",
        "website",
        "tax_status",
        "tax_id",
        "year_incorporated",
        "legal_status",
        "logo",
        "uri",
        "parent_organization_id",
    ),
    "service": (
        "id",
        "organization_id",
        "program_id",
        "name",
        "alternate_name",
        "description",
        "url",
        "email",
        "status",
        "interpretation_services",
        "application_process",
        "fees_description",
        "wait_time",
        "fees",
        "accreditations",
        "eligibility_description",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "assurer_email",
        "licenses",
        "alert",
        "last_modified",
    ),
    "service_area": ("id", "service_id", "name", "description", "extent", "extent_type", "uri"),
    "phone": (
        "id",
        "location_id",
        "service_id",
        "organization_id",
        "contact_id",
        "service_at_location_id",
        "number",
        "extension",
        "type",
        "description",
    ),
    "taxonomy": ("id", "name", "description", "uri", "version"),
    "taxonomy_term": (
        "id",
        "code",
        "name",
        "description",
        "parent_id",
        "taxonomy",
        "language",
        "taxonomy_id",
        "term_uri",
    ),
    "attribute": ("id", "link_id", "taxonomy_term_id", "link_type", "link_entity", "value"),
    "x_graphsvc_partnership": ("id", "source", "target", "kind", "since", "until", "note"),
    "x_graphsvc_group_need": ("id", "group", "need", "priority", "note"),
    "x_graphsvc_target_group": ("id", "kind", "min_age", "max_age"),
    "x_graphsvc_area": ("id", "name", "kind", "code", "parent"),
    "x_graphsvc_validity": ("id", "link_entity", "valid_from", "valid_to"),
    "x_graphsvc_name": ("id", "link_entity", "field", "language", "text"),
    "x_graphsvc_need": ("id", "category"),
    "x_graphsvc_field": ("id", "link_entity", "field", "value"),
    "x_graphsvc_network": ("id", "name"),
}
FILES = {
    "organization": "organizations.csv",
    "service": "services.csv",
    "service_area": "service_areas.csv",
    "phone": "phones.csv",
    "taxonomy": "taxonomies.csv",
    "taxonomy_term": "taxonomy_terms.csv",
    "attribute": "attributes.csv",
    "x_graphsvc_partnership": "x_graphsvc_partnerships.csv",
    "x_graphsvc_group_need": "x_graphsvc_group_needs.csv",
    "x_graphsvc_target_group": "x_graphsvc_target_groups.csv",
    "x_graphsvc_area": "x_graphsvc_areas.csv",
    "x_graphsvc_validity": "x_graphsvc_validity.csv",
    "x_graphsvc_name": "x_graphsvc_names.csv",
    "x_graphsvc_need": "x_graphsvc_needs.csv",
    "x_graphsvc_field": "x_graphsvc_fields.csv",
    "x_graphsvc_network": "x_graphsvc_networks.csv",
}
#: What each extension file holds, for the data package.
EXTENSIONS = {
    "x_graphsvc_partnership": "partnerships between organizations (source and target are "
    "organization ids; kind is purchase, framework_agreement, voucher, grant, project, "
    "referral, network, co_location or other)",
    "x_graphsvc_group_need": "the needs of each target group, the demand side of the gap "
    "analysis (group and need are the codes of graphsvc-groups and graphsvc-needs terms; "
    "priority 1 = most important, 3 = least)",
    "x_graphsvc_target_group": "each target group's kind (age or special) and age range "
    "(id is the code of its graphsvc-groups term)",
    "x_graphsvc_area": "every area with its kind (district, municipality or region), code "
    "and parent area (id as in the urn:graphsvc:area: uri of service areas)",
    "x_graphsvc_validity": "when an organization or a service is active: valid_from and "
    "valid_to (YYYY-MM-DD, inclusive; empty = open); link_entity is organization or service",
    "x_graphsvc_name": "names and descriptions as graphsvc holds them, where HSDS cannot: "
    "one row per language of a text in several languages (the HSDS tables hold the Finnish "
    "one), and a text in no language (empty language) that no HSDS column holds; "
    "link_entity is organization, service, need, target_group, area or network",
    "x_graphsvc_need": "every need with its category (id is the code of its graphsvc-needs term)",
    "x_graphsvc_field": "fields HSDS has no column for, one row per value: an "
    "organization's languages and tags, a service's channel (in_person, online, phone or "
    "outreach) and a network's members (organization ids)",
    "x_graphsvc_network": "networks (forums, working groups) of organizations; their "
    "members are in x_graphsvc_fields.csv",
}
TAXONOMIES = (
    (NEEDS_TAXONOMY, "graphsvc needs", "Service needs of the graphsvc network (code = need id)"),
    (
        GROUPS_TAXONOMY,
        "graphsvc target groups",
        "Target groups of the graphsvc network (code = group id)",
    ),
    (SECTORS_TAXONOMY, "graphsvc sectors", "Sector of an organization in graphsvc"),
)


def write_hsds(ds: Dataset, path: Path) -> WriteResult:
    """Write HSDS 3.0 CSV files and datapackage.json into a folder (`path`, or its parent
    when `path` is a datapackage.json)."""
    folder = path.parent if path.name.lower() == "datapackage.json" else path
    if folder.exists() and not folder.is_dir():
        raise InvalidData(
            f"{folder.name}: HSDS export writes a folder of CSV files; give a "
            "folder name or …/datapackage.json."
        )
    folder.mkdir(exist_ok=True)
    tables = _tables(ds)
    xml = XmlText()  # (a NUL byte makes a CSV file unreadable, also to graphsvc)
    paths = []
    for table, rows in tables.items():
        target = folder / FILES[table]
        _write_table(target, COLUMNS[table], rows, xml)
        paths.append(target)
    package = folder / "datapackage.json"
    package.write_text(json.dumps(_datapackage(), indent=2) + "\n", encoding="utf-8")
    paths.append(package)
    return WriteResult(paths, _notes(ds, xml.escaped) + xml.notes("cell(s)", "CSV files"))


Tables = dict[str, list[dict[str, Any]]]


def _tables(ds: Dataset) -> Tables:
    t: Tables = {name: [] for name in COLUMNS}
    ds = ds.sorted()
    _organizations_and_services(ds, t)
    _terms(ds, t)
    _extensions(ds, t)
    _texts_and_fields(ds, t)
    return t


def _organizations_and_services(ds: Dataset, t: Tables) -> None:
    today = date.today()
    for p in ds.providers:
        t["organization"].append(
            {
                "id": p.id,
                "name": pick(p.name),
                "description": pick(p.description),
                "email": p.email,
                "website": p.url,
                "parent_organization_id": p.parent,
            }
        )
        if p.phone:
            t["phone"].append({"id": f"{p.id}:phone", "organization_id": p.id, "number": p.phone})
        _attribute(t, p.id, "organization", SECTORS_TAXONOMY, p.sector.value)
    areas = {a.id: a for a in ds.areas}
    for s in ds.services:
        ended = s.valid_to is not None and s.valid_to < today
        t["service"].append(
            {
                "id": s.id,
                "organization_id": s.provider,
                "name": pick(s.name),
                "description": pick(s.description),
                "url": s.url,
                "status": "inactive" if ended else "active",
                "minimum_age": _number(s.min_age),
                "maximum_age": _number(s.max_age),
            }
        )
        for area_id in s.areas:
            area = areas.get(area_id)
            t["service_area"].append(
                {
                    "id": f"{s.id}:{area_id}",
                    "service_id": s.id,
                    "name": pick(area.name) if area else area_id,
                    "uri": AREA_URI + area_id,
                }
            )
        for need in s.needs:
            _attribute(t, s.id, "service", NEEDS_TAXONOMY, need)
        for group in s.groups:
            _attribute(t, s.id, "service", GROUPS_TAXONOMY, group)


def _terms(ds: Dataset, t: Tables) -> None:
    names = {("need", n.id): n for n in ds.needs} | {("group", g.id): g for g in ds.target_groups}
    for taxonomy, name, description in TAXONOMIES:
        t["taxonomy"].append({"id": taxonomy, "name": name, "description": description})
    # every need and group gets its term, whether a service links to it or not: a need
    # no service meets is the first thing a gap report shows
    terms = {(r["taxonomy_term_id"], r["link_type"]) for r in t["attribute"]}
    terms |= {(f"{NEEDS_TAXONOMY}:{n.id}", "need") for n in ds.needs}
    terms |= {(f"{GROUPS_TAXONOMY}:{g.id}", "group") for g in ds.target_groups}
    for term in sorted(terms):
        term_id, link_type = term
        taxonomy, code = term_id.split(":", 1)
        node = names.get((link_type, code))
        t["taxonomy_term"].append(
            {
                "id": term_id,
                "code": code,
                "name": pick(node.name) if node else code,
                "description": pick(node.description)
                if node and getattr(node, "description", None)
                else (pick(node.name, "en") if node else code),
                "taxonomy": taxonomy,
                "taxonomy_id": taxonomy,
            }
        )


def _extensions(ds: Dataset, t: Tables) -> None:
    """What a gap analysis needs and HSDS has no home for."""
    for i, tie in enumerate(ds.partnerships, start=1):
        t["x_graphsvc_partnership"].append(
            {
                "id": str(i),
                "source": tie.source,
                "target": tie.target,
                "kind": tie.kind.value,
                "since": tie.since,
                "until": tie.until,
                "note": tie.note,
            }
        )
    for i, gn in enumerate(ds.group_needs, start=1):
        t["x_graphsvc_group_need"].append(
            {
                "id": str(i),
                "group": gn.group,
                "need": gn.need,
                "priority": gn.priority,
                "note": gn.note,
            }
        )
    for g in ds.target_groups:
        t["x_graphsvc_target_group"].append(
            {
                "id": g.id,
                "kind": g.kind.value,
                "min_age": _number(g.min_age),
                "max_age": _number(g.max_age),
            }
        )
    dated: list[tuple[str, Provider | Service]] = [
        *(("organization", p) for p in ds.providers),
        *(("service", s) for s in ds.services),
    ]
    for entity, item in dated:
        if item.valid_from or item.valid_to:
            t["x_graphsvc_validity"].append(
                {
                    "id": item.id,
                    "link_entity": entity,
                    "valid_from": item.valid_from,
                    "valid_to": item.valid_to,
                }
            )
    for a in ds.areas:
        t["x_graphsvc_area"].append(
            {
                "id": a.id,
                "name": pick(a.name),
                "kind": a.kind.value,
                "code": a.code,
                "parent": a.parent,
            }
        )


#: link_entity of each node list in x_graphsvc_names.csv and x_graphsvc_fields.csv
ENTITIES = (
    ("providers", "organization"),
    ("services", "service"),
    ("needs", "need"),
    ("target_groups", "target_group"),
    ("areas", "area"),
    ("networks", "network"),
)
#: the texts whose plain (one-language) form an HSDS column or a term holds as it is
HELD = {(entity, "name") for _, entity in ENTITIES} | {
    ("organization", "description"),
    ("service", "description"),
}


def _texts_and_fields(ds: Dataset, t: Tables) -> None:
    """What keeps the export lossless for graphsvc: names and descriptions in every
    language, need categories, provider languages and tags, service channels, networks."""
    for list_name, entity in ENTITIES:
        for node in getattr(ds, list_name):
            for field in TEXT_FIELDS:
                value = getattr(node, field, None)
                texts = (
                    value.items()
                    if isinstance(value, dict)
                    else [(None, value)]
                    if (value is not None and (entity, field) not in HELD)
                    else []
                )
                t["x_graphsvc_name"].extend(
                    {
                        "id": node.id,
                        "link_entity": entity,
                        "field": field,
                        "language": lang,
                        "text": text,
                    }
                    for lang, text in texts
                )
    t["x_graphsvc_need"].extend({"id": n.id, "category": n.category} for n in ds.needs)
    t["x_graphsvc_network"].extend({"id": n.id, "name": pick(n.name)} for n in ds.networks)
    for list_name, entity in ENTITIES:  # (a row per list item: FIELDS)
        for node in getattr(ds, list_name) if entity in FIELDS else ():
            for field in FIELDS[entity]:
                value = getattr(node, field)
                t["x_graphsvc_field"].extend(
                    {
                        "id": node.id,
                        "link_entity": entity,
                        "field": field,
                        "value": getattr(v, "value", v),
                    }
                    for v in (value if isinstance(value, list) else [value] if value else [])
                )


def _attribute(t: Tables, link: str, entity: str, taxonomy: str, code: str) -> None:
    kind = {NEEDS_TAXONOMY: "need", GROUPS_TAXONOMY: "group", SECTORS_TAXONOMY: "sector"}
    term_id = f"{taxonomy}:{code}"
    t["attribute"].append(
        {
            "id": f"{link}:{term_id}",
            "link_id": link,
            "link_entity": entity,
            "taxonomy_term_id": term_id,
            "link_type": kind[taxonomy],
        }
    )


def _number(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else str(value)


def _write_table(
    path: Path, columns: tuple[str, ...], rows: list[dict[str, Any]], xml: XmlText
) -> None:
    def cell(value: Any) -> str:
        return "" if value is None or value == "" else xml.cell(str(value))

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow([cell(row.get(c)) for c in columns])

    atomic_write(path, write)


def _datapackage() -> dict[str, Any]:
    resources = []
    for table, file in FILES.items():
        res: dict[str, Any] = {
            "name": table,
            "path": file,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {
                "fields": [{"name": c, "type": "string"} for c in COLUMNS[table]],
                "primaryKey": "id",
            },
        }
        if table in EXTENSIONS:
            res["description"] = f"graphsvc extension, not part of HSDS: {EXTENSIONS[table]}."
        resources.append(res)
    return {
        "name": "graphsvc-hsds-export",
        "title": "graphsvc network as Open Referral HSDS",
        "profile": "tabular-data-package",
        "version": "3.0.0",
        "homepage": "http://docs.openreferral.org",
        "resources": resources,
    }


def _notes(ds: Dataset, escaped: int) -> list[str]:
    notes = [
        f"HSDS has no place for partnerships, group needs, group ages, area kinds and "
        f"parents or validity dates: {len(ds.partnerships)} partnership(s), "
        f"{len(ds.group_needs)} group need(s), {len(ds.target_groups)} group(s), "
        f"{len(ds.areas)} area(s) and the dates of providers and services were written "
        "to the extension files x_graphsvc_partnerships.csv, x_graphsvc_group_needs.csv, "
        "x_graphsvc_target_groups.csv, x_graphsvc_areas.csv and x_graphsvc_validity.csv "
        "(listed in datapackage.json); HSDS tools ignore them, graphsvc reads them back.",
        "HSDS holds one language: names and descriptions are in the HSDS files in Finnish "
        "where there is a Finnish text, and in every language in x_graphsvc_names.csv; "
        f"need categories, {len(ds.networks)} network(s), provider languages and tags "
        "and service channels are in x_graphsvc_needs.csv, x_graphsvc_networks.csv and "
        "x_graphsvc_fields.csv, so graphsvc reads the export back as it was.",
    ]
    left = []
    if ds.name or ds.description:
        left.append("the dataset's own name and description")
    if any(n.source for n in ds.iter_nodes()):
        left.append(
            "where each node came from (`source`; an import of the export records "
            "the export's files and rows instead)"
        )
    if left:
        notes.append("Not carried and left out: " + "; ".join(left) + ".")
    if escaped:
        notes.append(
            f"{escaped} cell(s) start with = + - @, a tab or a line break and were "
            "written with a leading apostrophe (') so that spreadsheets show them as "
            "text; graphsvc removes it on import."
        )
    return notes
