"""Turn PTV records into a graphsvc Dataset with warnings; see ingest.ptv.read."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from graphsvc.errors import InvalidData, RowError
from graphsvc.model import Area, Dataset, Partnership, Places, Provider, Service
from ingest.base import DEFINITIONS, ImportPolicy, ReadResult, all_stamped, ended_on, first_error
from ingest.mapping import Mapping, data_json, slug

NATIONWIDE = (
    "Nationwide",
    "NationwideExceptAlandIslands",
    "WholeCountry",
    "WholeCountryExceptAlandIslands",
)
#: publishingStatus of a record that was published and no longer is: imported as ended
ENDED = ("Deleted", "Archived")
_GUID = re.compile(r"[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
#: a code at the end of a code list URI (http://uri.suomi.fi/codelist/ptv/…/code/P5.7)
_URI_CODE = re.compile(r"/code/([A-Za-z]+[0-9][0-9.]*)/?$")


def _texts(items: Any, types: tuple[str, ...] = ("Name",)) -> dict[str, str]:
    """Language -> text of PTV's [{language, value, type}] lists (first of each language)."""
    out: dict[str, str] = {}
    for wanted in types:
        for item in items if isinstance(items, list) else ():
            if not isinstance(item, dict):
                continue
            lang, value = item.get("language"), item.get("value")
            kind = item.get("type", wanted)
            lang = lang.strip().lower() if isinstance(lang, str) else None
            if (
                kind == wanted
                and lang
                and isinstance(value, str)
                and value.strip()
                and lang not in out
            ):
                out[lang] = value.strip()
    return out


def _finnish_first(items: Any, key: str) -> dict[str, Any] | None:
    """The first item in Finnish that has text under `key`, else the first that has."""
    found = [
        item
        for item in (items if isinstance(items, list) else ())
        if isinstance(item, dict) and isinstance(item.get(key), str) and item[key].strip()
    ]
    return next(
        (item for item in found if item.get("language") == "fi"), found[0] if found else None
    )


def _first(items: Any, key: str) -> str | None:
    """`key` of the first item in Finnish, else of the first item that has it."""
    item = _finnish_first(items, key)
    return str(item[key]).strip() if item else None


@dataclass
class _Org:
    provider: Provider
    parent: str | None
    where: str


@dataclass
class _Svc:
    data: dict[str, Any]
    where: str
    municipalities: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)
    producers: list[tuple[str, str]] = field(default_factory=list)  # (org id, kind)


class PtvBuilder:
    """Collects PTV records and turns them into one Dataset with warnings."""

    def __init__(self, mapping: Mapping, file: str) -> None:
        self.mapping = mapping
        self.file = file
        self.codes = data_json("ptv_codes.json")
        self.places = data_json("municipalities.json")
        self.orgs: dict[str, _Org] = {}
        self.skipped_orgs: set[str] = set()
        self.services: dict[str, _Svc] = {}
        self.warnings: list[RowError] = []
        self.unmapped: dict[str, set[str]] = {"targetGroups": set(), "serviceClasses": set()}
        self.stubs: dict[str, int] = {}  # file -> records with only an id and a name
        self.recognised = 0  # records with serviceNames or organizationNames
        self.org_types = mapping.section("organization_types")
        self.provision = mapping.section("provision_types")
        self.tg_map = mapping.section("target_groups")
        self.sc_map = mapping.section("service_classes")

    def warn(
        self,
        message: str,
        where: str,
        location: str | None = None,
        id: str | None = None,
        field: str | None = None,
    ) -> None:
        self.warnings.append(RowError(message, file=where, location=location, id=id, field=field))

    # -- records ----------------------------------------------------------------------

    def add(self, record: Any, where: str) -> None:
        if not isinstance(record, dict):
            self.warn(f"a {type(record).__name__} where a PTV record was expected; skipped", where)
        elif "serviceNames" in record:
            self.recognised += 1
            self._service(record, where)
        elif "organizationNames" in record:
            self.recognised += 1
            self._organization(record, where)
        elif _id(record) and set(record) <= {"id", "name"}:
            # the list endpoints (GET /api/v11/Service?page=…) return only ids and names
            self.stubs.setdefault(where, 0)
            self.stubs[where] += 1
        else:
            self.warn(
                "neither a PTV service (serviceNames) nor an organisation "
                "(organizationNames); skipped",
                where,
                id=_id(record),
            )

    def page(self, envelope: dict[str, Any], where: str) -> None:
        """A list response that is one page of several says so: the others are missing."""
        number, count = envelope.get("pageNumber"), envelope.get("pageCount")
        if type(count) is int and count > 1 and where not in self.stubs:  # (they get theirs)
            of = f"page {number} of {count}" if type(number) is int else f"one of {count} pages"
            self.warn(
                f"this is {of} of a PTV list response; the records of the other pages "
                "are not in this file: fetch and import them too",
                where,
            )

    def _common(
        self, record: dict[str, Any], where: str, location: str, names_key: str
    ) -> tuple[str, dict[str, str]] | None:
        rid = _id(record)
        if rid is None:
            raw = record.get("id")
            self.warn(
                "the record has no id; skipped"
                if raw in (None, "")
                else f"the record's id {raw!r} is not text (PTV ids are GUIDs); skipped",
                where,
                location,
            )
            return None
        if rid in (self.orgs if location == "organizations" else self.services):
            first = (
                self.orgs[rid].where if location == "organizations" else self.services[rid].where
            )
            self.warn(
                f"the same id appears again; the first record (in {first}) is kept",
                where,
                location,
                rid,
            )
            return None
        status = record.get("publishingStatus")
        if status not in (None, "Published", *ENDED):
            self.warn(
                f"publishingStatus is {status!r}, not Published; skipped",
                where,
                location,
                rid,
                "publishingStatus",
            )
            return None
        names = _texts(record.get(names_key))
        if not names:
            self.warn(
                "the record has no name in any language; skipped", where, location, rid, names_key
            )
            return None
        if "fi" not in names:
            self.warn(
                f"no Finnish name; imported with its {'/'.join(sorted(names))} name",
                where,
                location,
                rid,
                names_key,
            )
        return rid, names

    def _organization(self, record: dict[str, Any], where: str) -> None:
        common = self._common(record, where, "organizations", "organizationNames")
        if common is None:
            rid = _id(record)
            if rid and rid not in self.orgs:
                self.skipped_orgs.add(rid)
            return
        rid, names = common
        kind = record.get("organizationType")
        sector = self.org_types.get(kind) if isinstance(kind, str) else None
        if sector is None:
            self.skipped_orgs.add(rid)
            self.warn(
                f"organizationType {kind!r} has no sector in the mapping (add it under "
                "organization_types); skipped",
                where,
                "organizations",
                rid,
                "organizationType",
            )
            return
        phone = _finnish_first(record.get("phoneNumbers"), "number")
        number = (
            "".join(str(phone.get(k) or "") for k in ("prefixNumber", "number")) if phone else None
        )
        data = {
            "id": rid,
            "name": names,
            "sector": sector,
            "source": f"{where} record {rid}",
            "description": _texts(
                record.get("organizationDescriptions"), ("Summary", "Description")
            )
            or None,
            "url": _first(record.get("webPages"), "url"),
            "email": _first(record.get("emails"), "value"),
            "phone": number or None,
            "valid_to": self._ended(record, where, "organizations", rid),
        }
        provider = self._validate(Provider, data, where, "organizations", rid)
        if provider is None:
            self.skipped_orgs.add(rid)
            return
        parent = record.get("parentOrganizationId") or record.get("parentOrganization")
        self.orgs[rid] = _Org(provider, _guid(parent) if isinstance(parent, str) else None, where)
        # a draft or broken copy of this organisation may have come first: this one counts
        self.skipped_orgs.discard(rid)

    def _service(self, record: dict[str, Any], where: str) -> None:
        common = self._common(record, where, "services", "serviceNames")
        if common is None:
            return
        rid, names = common
        responsible, producers = self._organizations(record, where, rid)
        candidates = responsible or [p for p, _ in producers]
        if not candidates:
            self.warn(
                "no responsible or producing organisation; the service is skipped",
                where,
                "services",
                rid,
                "organizations",
            )
            return
        provider = candidates[0]
        if len(set(responsible)) > 1:
            self.warn(
                f"{len(set(responsible))} Responsible organisations; graphsvc keeps one "
                f"provider per service, the first ({provider}); the others are left out",
                where,
                "services",
                rid,
                "organizations",
            )
        groups, needs = self._codes(record, where, rid)
        svc = _Svc(
            {
                "id": rid,
                "name": names,
                "provider": provider,
                "description": _texts(record.get("serviceDescriptions"), ("Summary",)) or None,
                "needs": needs,
                "groups": groups,
                "source": f"{where} record {rid}",
                "valid_to": self._ended(record, where, "services", rid),
            },
            where,
        )
        svc.producers = [(org, kind) for org, kind in producers if org != provider]
        self._areas(record, svc, rid)
        self.services[rid] = svc

    def _organizations(
        self, record: dict[str, Any], where: str, rid: str
    ) -> tuple[list[str], list[tuple[str, str]]]:
        responsible: list[str] = []
        producers: list[tuple[str, str]] = []
        entries = record.get("organizations")
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            if not isinstance(entry, dict):
                continue
            org = entry.get("organization")
            role = entry.get("roleType")
            org_id = org.get("id") if isinstance(org, dict) else entry.get("organizationId")
            if not isinstance(org_id, str) or not org_id.strip():
                self.warn(
                    f"organizations[{i}] (roleType {role}) has no organization (it is "
                    "null); that entry is left out",
                    where,
                    "services",
                    rid,
                    f"organizations[{i}].organization",
                )
                continue
            org_id = _guid(org_id)
            if role == "Responsible":
                responsible.append(org_id)
            elif role in ("Producer", "OtherResponsible"):
                provision = entry.get("provisionType")
                kind = (
                    self.provision.get(provision, "other")
                    if isinstance(provision, str)
                    else "other"
                )
                producers.append((org_id, kind))
        return responsible, producers

    def _codes(self, record: dict[str, Any], where: str, rid: str) -> tuple[list[str], list[str]]:
        tg_groups: list[str] = []
        class_groups: list[str] = []
        needs: list[str] = []
        for key, table, known in (
            ("targetGroups", self.tg_map, "target_groups"),
            ("serviceClasses", self.sc_map, "service_classes"),
        ):
            items = record.get(key)
            if items is not None and not isinstance(items, list):
                self.warn(
                    f"{key} is a {type(items).__name__}, not a list of codes; it is left out",
                    where,
                    "services",
                    rid,
                    key,
                )
            for item in items if isinstance(items, list) else ():
                code = _code(item)
                if code is None:
                    self.warn(
                        f"a {key} entry has no code (nor a code list URI that ends in "
                        "one); it is left out",
                        where,
                        "services",
                        rid,
                        key,
                    )
                    continue
                if code not in table:
                    if code in self.codes[known]:
                        self.unmapped[key].add(code)
                    else:
                        self.warn(
                            f"{key} code {code!r} is not in the PTV code list; it is left out",
                            where,
                            "services",
                            rid,
                            key,
                        )
                    continue
                entry = table[code]
                where_map = f"{key[:-1]} {code}"
                groups = self.mapping.ids(entry, "groups", where_map)
                (tg_groups if key == "targetGroups" else class_groups).extend(groups)
                needs.extend(self.mapping.ids(entry, "needs", where_map))
        if any(self._is_age(g) for g in class_groups):
            tg_groups = [g for g in tg_groups if not self._is_age(g)]
        return _unique(tg_groups + class_groups), _unique(needs)

    def _ended(self, record: dict[str, Any], where: str, location: str, rid: str) -> Any:
        """valid_to of a record that PTV says is Deleted or Archived, with a warning."""
        status = record.get("publishingStatus")
        if status not in ENDED:
            return None
        day = ended_on(record.get("modified"))
        self.warn(
            f"publishingStatus is {status!r}: imported as ended (valid_to {day}), so "
            "that it no longer counts as active",
            where,
            location,
            rid,
            "publishingStatus",
        )
        return day

    def _is_age(self, group: str) -> bool:
        definition = self.mapping.groups.get(group)
        return definition is not None and definition.kind.value == "age"

    def _areas(self, record: dict[str, Any], svc: _Svc, rid: str) -> None:
        # Only an explicit nationwide areaType makes a service available everywhere: a
        # record without areaType (older API versions, hand-made files) keeps its areas.
        if record.get("areaType") in NATIONWIDE:
            return
        areas = record.get("areas")
        if areas is not None and not isinstance(areas, list):
            self.warn(
                f"areas is a {type(areas).__name__}, not a list of areas; the service "
                "is imported without areas, so it counts as available everywhere",
                svc.where,
                "services",
                rid,
                "areas",
            )
            return
        for i, area in enumerate(areas or []):
            if not isinstance(area, dict):
                self.warn(
                    f"areas[{i}] is a {type(area).__name__}, not an area; it is left out",
                    svc.where,
                    "services",
                    rid,
                    f"areas[{i}]",
                )
                continue
            kind = area.get("type")
            if kind == "Province" and isinstance(area.get("code"), str | int):
                self._place(svc, rid, area["code"], "regions", "Province")
                continue
            members = area.get("municipalities") or []
            if not isinstance(members, list) or not all(isinstance(m, dict) for m in members):
                self.warn(
                    f"areas[{i}].municipalities is not a list of municipalities "
                    "({code, name}); that area is left out",
                    svc.where,
                    "services",
                    rid,
                    f"areas[{i}].municipalities",
                )
                continue
            codes = [m.get("code") for m in members]
            if kind == "Municipality" and not codes and area.get("code"):
                codes = [area.get("code")]
            if not codes:
                self.warn(
                    f"areas[{i}] ({kind} {area.get('code')!r}) lists no municipalities; "
                    "that area is left out",
                    svc.where,
                    "services",
                    rid,
                    f"areas[{i}]",
                )
            for code in codes:
                self._place(svc, rid, code, "municipalities", kind)
        limited = record.get("areaType") not in (None, *NATIONWIDE) or bool(areas)
        if limited and not svc.municipalities and not svc.regions:
            self.warn(
                f"areaType is {record.get('areaType')!r}, but none of its areas could be "
                "read; the service is imported without areas, so it counts as "
                "available everywhere",
                svc.where,
                "services",
                rid,
                "areas",
            )

    def _place(self, svc: _Svc, rid: str, code: Any, table: str, kind: Any) -> None:
        text = str(code).strip() if code is not None else ""
        if text.isdigit():
            text = text.zfill(3 if table == "municipalities" else 2)
        if text not in self.places[table]:
            self.warn(
                f"{kind} area code {code!r} is not in the code list; that area is left out",
                svc.where,
                "services",
                rid,
                "areas",
            )
            return
        target = svc.municipalities if table == "municipalities" else svc.regions
        if text not in target:
            target.append(text)

    def _validate(self, cls: Any, data: dict[str, Any], where: str, location: str, rid: str) -> Any:
        try:
            return cls.model_validate({k: v for k, v in data.items() if v is not None})
        except ValidationError as exc:
            message, loc = first_error(exc)
            self.warn(f"{message}; the record is skipped", where, location, rid, loc or None)
            return None

    # -- the dataset ------------------------------------------------------------------

    def result(self) -> ReadResult:
        if not self.recognised and not self.stubs:
            raise InvalidData(
                f"{self.file}: holds no PTV organisation or service (a record with "
                "organizationNames or serviceNames); is it a Suomi.fi PTV open API file?",
                details=self.warnings,
            )
        providers = [self._with_parent(org) for _, org in sorted(self.orgs.items())]
        services: list[Service] = []
        partnerships: dict[tuple[str, str, str], Partnership] = {}
        municipalities: set[str] = set()
        regions: set[str] = set()
        for rid, svc in sorted(self.services.items()):
            if svc.data["provider"] in self.skipped_orgs:
                self.warn(
                    f"its organisation {svc.data['provider']} was skipped, so the service "
                    "is skipped too",
                    svc.where,
                    "services",
                    rid,
                    "organizations",
                )
                continue
            svc.data["areas"] = [self._municipality_id(c) for c in svc.municipalities] + [
                self._region_id(c) for c in svc.regions
            ]
            service = self._validate(Service, svc.data, svc.where, "services", rid)
            if service is None:
                continue
            services.append(service)
            municipalities.update(svc.municipalities)
            regions.update(svc.regions)
            self._partnerships(svc, rid, partnerships)
        regions.update(self.places["municipalities"][c][2] for c in municipalities)
        areas = [self._region(c) for c in sorted(regions)] + [
            self._municipality(c) for c in sorted(municipalities)
        ]
        used_groups = {g for s in services for g in s.groups}
        used_needs = {n for s in services for n in s.needs}
        self._summarise_unmapped()
        for where, count in self.stubs.items():
            self.warn(
                f"{count} record(s) hold only an id and a name: this is a page of the PTV "
                "list endpoint, which leaves the records out. Fetch the records themselves "
                "(e.g. GET /api/v11/Service/list?guids=… or /api/v11/Organization/{id}) "
                "and import those; these are skipped",
                where,
            )
        ds = Dataset(
            target_groups=[g for i, g in sorted(self.mapping.groups.items()) if i in used_groups],
            needs=[n for i, n in sorted(self.mapping.needs.items()) if i in used_needs],
            areas=areas,
            providers=providers,
            services=services,
            partnerships=list(partnerships.values()),
        )
        policy = ImportPolicy(
            create_only=DEFINITIONS,
            skip_unresolved=frozenset({"services", "partnerships"}),
            clear_unresolved=frozenset({("providers", "parent")}),
            stamped=all_stamped(ds),
        )
        return ReadResult(ds, self.warnings, policy, Places(by_source=True))

    def _with_parent(self, org: _Org) -> Provider:
        parent = org.parent
        if parent and parent == org.provider.id:
            self.warn(
                "parentOrganizationId is the organisation itself; the provider is "
                "imported without a parent",
                org.where,
                "organizations",
                org.provider.id,
                "parentOrganizationId",
            )
            return org.provider
        if parent and parent in self.skipped_orgs:
            self.warn(
                f"parent organisation {parent} was skipped (see its record); the "
                "provider is imported without its parent",
                org.where,
                "organizations",
                org.provider.id,
                "parentOrganizationId",
            )
            return org.provider
        # (a parent in neither this import nor the store is dropped on import, with a
        # warning: ReadResult.clear_unresolved)
        return org.provider.model_copy(update={"parent": parent}) if parent else org.provider

    def _partnerships(
        self, svc: _Svc, rid: str, out: dict[tuple[str, str, str], Partnership]
    ) -> None:
        source = svc.data["provider"]
        for target, kind in svc.producers:
            # (a producer in neither this import nor the store leaves its partnership out
            # on import, with a warning: ReadResult.skip_unresolved)
            if target in self.skipped_orgs:
                self.warn(
                    f"producing organisation {target} was skipped (see its record); "
                    f"the {kind} partnership with it is left out",
                    svc.where,
                    "services",
                    rid,
                    "organizations",
                )
                continue
            key = (source, target, kind)
            if key not in out:
                out[key] = Partnership.model_validate(
                    {
                        "source": source,
                        "target": target,
                        "kind": kind,
                        "note": "Suomi.fi PTV: producer of a service",
                    }
                )

    def _municipality_id(self, code: str) -> str:
        return slug(self.places["municipalities"][code][0])

    def _region_id(self, code: str) -> str:
        return slug(self.places["regions"][code][0])

    def _municipality(self, code: str) -> Area:
        fi, sv, region = self.places["municipalities"][code]
        return Area.model_validate(
            {
                "id": slug(fi),
                "name": {"fi": fi, "sv": sv},
                "kind": "municipality",
                "code": code,
                "parent": self._region_id(region),
                "source": f"PTV code list municipality {code}",
            }
        )

    def _region(self, code: str) -> Area:
        fi, sv = self.places["regions"][code]
        return Area.model_validate(
            {
                "id": slug(fi),
                "name": {"fi": fi, "sv": sv},
                "kind": "region",
                "code": code,
                "source": f"PTV code list region {code}",
            }
        )

    def _summarise_unmapped(self) -> None:
        for key, codes in self.unmapped.items():
            if not codes:
                continue
            table = "target_groups" if key == "targetGroups" else "service_classes"
            listed = ", ".join(f"{c} {self.codes[table][c]}" for c in sorted(codes, key=_code_key))
            what = "groups" if key == "targetGroups" else "needs"
            self.warn(
                f"{len(codes)} {key} code(s) have no {what} in the mapping, so services "
                f"get no {what} from them: {listed}. Add them under {table} in a mapping "
                f"file to count them.",
                self.file,
                field=key,
            )


def _id(record: dict[str, Any]) -> str | None:
    rid = record.get("id")
    return _guid(rid) if isinstance(rid, str) and rid.strip() else None


def _guid(value: str) -> str:
    """An id as PTV writes it: GUIDs in lower case (they are the same in any case)."""
    value = value.strip()
    return value.lower() if _GUID.fullmatch(value) else value


def _code(item: Any) -> str | None:
    """A KR or P code of a targetGroups or serviceClasses entry: its `code`, or else the
    code its code list URI ends in; in upper case, as the code lists write them."""
    if not isinstance(item, dict):
        return None
    code = item.get("code")
    if isinstance(code, str) and code.strip():
        return code.strip().upper()
    uri = item.get("uri")
    match = _URI_CODE.search(uri.strip()) if isinstance(uri, str) else None
    return match.group(1).upper() if match else None


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _code_key(code: str) -> tuple[str, list[int]]:
    head = code.rstrip("0123456789.")
    try:
        return head, [int(p) for p in code[len(head) :].split(".")]
    except ValueError:
        return code, []
