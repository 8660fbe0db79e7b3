"""What graphsvc's own HSDS export adds to HSDS, read back: its taxonomies (needs, groups
and sectors as taxonomy terms) and its extension files (partnerships, group needs, group
kinds and ages, area kinds and parents, validity dates, names and descriptions in every
language, need categories, the fields HSDS has no column for, networks); see
ingest.hsds.export."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from graphsvc.errors import RowError
from graphsvc.model import (
    Area,
    GroupKind,
    GroupNeed,
    Need,
    Network,
    Node,
    Partnership,
    Provider,
    Service,
    TargetGroup,
    pick,
)
from ingest.base import first_error

if TYPE_CHECKING:
    from ingest.hsds.build import Where
    from ingest.hsds.read import HsdsRows
    from ingest.mapping import Mapping

#: Taxonomies that graphsvc's own HSDS export writes; their term codes are graphsvc ids.
NEEDS_TAXONOMY = "graphsvc-needs"
GROUPS_TAXONOMY = "graphsvc-groups"
SECTORS_TAXONOMY = "graphsvc-sectors"
AREA_URI = "urn:graphsvc:area:"


#: link_entity -> the fields x_graphsvc_fields.csv may give it (one row per list item)
FIELDS = {"organization": ("languages", "tags"), "service": ("channel",), "network": ("members",)}
LIST_FIELDS = frozenset({"languages", "tags", "members"})
TEXT_FIELDS = ("name", "description")


def norm(text: Any) -> str:
    """Text compared loosely: spaces collapsed, case folded."""
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


def _text_key(text: str | dict[str, str] | None) -> str | None:
    return None if text is None else norm(pick(text))


@dataclass
class OwnTexts:
    """Names and descriptions (x_graphsvc_names.csv) and other fields
    (x_graphsvc_fields.csv) by (link_entity, id, field), with the row that gave each."""

    texts: dict[tuple[str, str, str], str | dict[str, str]] = field(default_factory=dict)
    fields: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    where: dict[tuple[str, ...], Where] = field(default_factory=dict)
    used: set[tuple[str, ...]] = field(default_factory=set)


class OwnExportFiles:
    """The part of HsdsBuilder that reads graphsvc's extension files."""

    if TYPE_CHECKING:  # provided by HsdsBuilder
        m: Mapping
        warnings: list[RowError]
        extra_needs: dict[str, Need]
        extra_groups: dict[str, TargetGroup]
        own: OwnTexts

        def warn(
            self, message: str, where: Where | None, id: Any = None, field: str | None = None
        ) -> None: ...

        def _validate(
            self,
            cls: Any,
            data: dict[str, Any],
            where: Where,
            rid: Any,
            columns: dict[str, str] | None = None,
        ) -> Any: ...

        def _define(
            self,
            extra: dict[str, Any],
            known: dict[str, Any],
            cls: Any,
            code: str,
            name: str,
            defaults: dict[str, Any],
        ) -> None: ...

    def _partnerships(self, rows: HsdsRows, kept: set[str]) -> list[Partnership]:
        out: dict[tuple[str, str, str], Partnership] = {}
        for where, row in rows.partnerships:
            ends = [row.get("source"), row.get("target")]
            if not all(e in kept for e in ends):
                self.warn(
                    f"partnership {ends[0]} -> {ends[1]} names an organization that is not "
                    "in the file; left out",
                    where,
                )
                continue
            p = self._validate(
                Partnership,
                {k: row.get(k) for k in ("source", "target", "kind", "since", "until", "note")},
                where,
                None,
            )
            if p is not None:
                out.setdefault((p.source, p.target, p.kind.value), p)
        return list(out.values())

    # -- graphsvc's extension files: group definitions and group needs ----------------

    def _group_definitions(self, rows: HsdsRows) -> set[str]:
        """Groups as graphsvc's export describes them: the term's name, kind and ages."""
        out: set[str] = set()
        for where, row in rows.group_defs:
            code = row.get("id", "")
            shown = (rows.terms.get(f"{GROUPS_TAXONOMY}:{code}") or {}).get("name")
            if rows.exact:  # the export's names and descriptions, none of the mapping's
                data = {
                    "name": self._text("target_group", code, "name", shown, shown is not None)
                    or code,
                    "description": self._text("target_group", code, "description", None, False),
                }
            else:
                self._define(
                    self.extra_groups,
                    self.m.groups,
                    TargetGroup,
                    code,
                    shown or "",
                    {"kind": GroupKind.SPECIAL},
                )
                base = self.extra_groups.get(code) or self.m.groups.get(code)
                data = base.model_dump(exclude_none=True) if base else {"name": code}
            data.update(
                {
                    "id": code,
                    "kind": row.get("kind"),
                    "source": where.source(code),
                    "min_age": row.get("min_age"),
                    "max_age": row.get("max_age"),
                }
            )
            group = self._validate(TargetGroup, data, where, code)
            if group is not None:
                self.extra_groups[code] = group
                out.add(code)
        return out

    def _validity(
        self, rows: HsdsRows, providers: list[Provider], services: list[Service]
    ) -> tuple[list[Provider], list[Service]]:
        """Validity dates as graphsvc's export keeps them (they win over a status)."""
        nodes: dict[str, dict[str, Any]] = {
            "organization": {p.id: p for p in providers},
            "service": {s.id: s for s in services},
        }
        for where, row in rows.validity:
            entity, rid = row.get("link_entity", ""), row.get("id", "")
            node = nodes.get(entity, {}).get(rid)
            if node is None:
                self.warn(
                    f"dates for {entity} {rid!r}, which is not in the file; ignored",
                    where,
                    rid,
                    "id",
                )
                continue
            data = {
                **node.model_dump(exclude_none=True),
                "valid_from": row.get("valid_from"),
                "valid_to": row.get("valid_to"),
            }
            changed = self._validate(type(node), data, where, rid)
            if changed is not None:
                nodes[entity][rid] = changed
        return list(nodes["organization"].values()), list(nodes["service"].values())

    def _area_definitions(self, rows: HsdsRows, areas: dict[str, Area]) -> dict[str, Area]:
        """Areas as graphsvc's export describes them: kind, code and parent."""
        defined: dict[str, Area] = {}
        parents: dict[str, tuple[str, Where]] = {}
        for where, row in rows.area_defs:
            aid = row.get("id", "")
            data = {
                "id": aid,
                "name": self._text("area", aid, "name", row.get("name")),
                "kind": row.get("kind"),
                "code": row.get("code"),
                "source": where.source(aid),
            }
            area = self._validate(Area, data, where, aid)
            if area is not None:
                defined[aid] = area
                if row.get("parent"):
                    parents[aid] = (row["parent"], where)
        out = {**areas, **defined}
        for aid, (parent, where) in parents.items():
            if parent in out and parent != aid:
                out[aid] = out[aid].model_copy(update={"parent": parent})
            else:
                self.warn(
                    f"parent area {parent!r} is not in the file; the area is imported "
                    "without its parent",
                    where,
                    aid,
                    "parent",
                )
        return out

    def _group_needs(self, rows: HsdsRows) -> list[GroupNeed]:
        out: dict[tuple[str, str], GroupNeed] = {}
        for where, row in rows.group_needs:
            group, need = row.get("group", ""), row.get("need", "")
            for code, taxonomy, extra, known, cls, defaults in (
                (
                    group,
                    GROUPS_TAXONOMY,
                    self.extra_groups,
                    self.m.groups,
                    TargetGroup,
                    {"kind": GroupKind.SPECIAL},
                ),
                (need, NEEDS_TAXONOMY, self.extra_needs, self.m.needs, Need, {}),
            ):
                term = rows.terms.get(f"{taxonomy}:{code}")
                if term is not None:
                    self._define(extra, known, cls, code, term.get("name") or "", defaults)
            missing = [
                f"{what} {code!r}"
                for what, code, defined in (
                    ("group", group, self.extra_groups.keys() | self.m.groups.keys()),
                    ("need", need, self.extra_needs.keys() | self.m.needs.keys()),
                )
                if code not in defined
            ]
            if missing:
                self.warn(
                    f"names {' and '.join(missing)}, which no taxonomy term of the file "
                    "or the mapping defines; left out",
                    where,
                    row.get("id"),
                )
                continue
            gn = self._validate(
                GroupNeed,
                {k: row.get(k) for k in ("group", "need", "priority", "note")},
                where,
                row.get("id"),
            )
            if gn is not None:
                out.setdefault((gn.group, gn.need), gn)
        return list(out.values())

    # -- graphsvc's extension files: texts in every language, other fields, networks --

    def _read_own(self, rows: HsdsRows) -> None:
        """Gather x_graphsvc_names.csv and x_graphsvc_fields.csv by node."""
        own = self.own = OwnTexts()
        for where, row in rows.names:
            entity, rid, name = (row.get(k, "") for k in ("link_entity", "id", "field"))
            if name not in TEXT_FIELDS or not row.get("text"):
                self.warn(
                    "a name row needs field name or description and a text; ignored",
                    where,
                    rid,
                    "field",
                )
                continue
            key = (entity, rid, name)
            own.where.setdefault(key, where)
            language, current = row.get("language"), own.texts.get(key)
            if language:
                own.texts[key] = {
                    **(current if isinstance(current, dict) else {}),
                    language: row["text"],
                }
            elif current is None:
                own.texts[key] = row["text"]
        for where, row in rows.fields:
            entity, rid, name = (row.get(k, "") for k in ("link_entity", "id", "field"))
            if name not in FIELDS.get(entity, ()) or not row.get("value"):
                self.warn(
                    f"{entity or 'a row'} has no field {name!r} kept here (or no value); ignored",
                    where,
                    rid,
                    "field",
                )
                continue
            values = own.fields.setdefault((entity, rid), {})
            own.where.setdefault((entity, rid), where)
            if name in LIST_FIELDS:
                values.setdefault(name, []).append(row["value"])
            else:
                values[name] = row["value"]

    def _text(self, entity: str, rid: str, name: str, shown: Any, held: bool = True) -> Any:
        """The name or description of a node as graphsvc's export kept it, in every
        language. For a `held` field, one the HSDS record holds in one language (`shown`),
        only while the record still says the same: an edited record wins."""
        key = (entity, rid, name)
        value = self.own.texts.get(key)
        if value is None:
            return shown
        self.own.used.add(key)
        if not held or _text_key(value) == _text_key(shown):
            return value
        self.warn(
            f"gives {entity} {rid} another {name} than its HSDS record does (was the "
            f"record edited?); the record's {name} is kept, in one language",
            self.own.where[key],
            rid,
            "text",
        )
        return shown

    def _extended(self, entity: str, nodes: list[Any]) -> list[Any]:
        """`nodes` with their names and descriptions in every language and the fields
        HSDS has no column for, as graphsvc's export kept them."""
        out = []
        for node in nodes:
            update = {
                name: self._text(entity, node.id, name, getattr(node, name)) for name in TEXT_FIELDS
            }
            update.update(self.own.fields.get((entity, node.id), {}))
            self.own.used.add((entity, node.id))
            out.append(self._updated(entity, node, update))
        return out

    def _updated(self, entity: str, node: Node, update: dict[str, Any]) -> Node:
        if all(getattr(node, k) == v for k, v in update.items()):
            return node
        try:
            return type(node).model_validate({**node.model_dump(exclude_none=True), **update})
        except ValidationError as exc:
            message, loc = first_error(exc)
            self.warn(
                f"{message} ({loc}); the {entity} is imported as its HSDS record says",
                self.own.where.get((entity, node.id)),
                node.id,
                "value",
            )
            return node

    def _need_definitions(self, rows: HsdsRows) -> set[str]:
        """Needs as graphsvc's export describes them (x_graphsvc_needs.csv lists every
        one): name and description in every language, and category."""
        out: set[str] = set()
        for where, row in rows.need_defs:
            code = row.get("id", "")
            shown = (rows.terms.get(f"{NEEDS_TAXONOMY}:{code}") or {}).get("name")
            data = {
                "id": code,
                "category": row.get("category"),
                "name": self._text("need", code, "name", shown, shown is not None),
                "description": self._text("need", code, "description", None, False),
                "source": where.source(code),
            }
            need = self._validate(Need, data, where, code)
            if need is not None:
                self.extra_needs[code] = need
                out.add(code)
        return out

    def _networks(self, rows: HsdsRows, kept: set[str]) -> list[Network]:
        """Networks and their members (x_graphsvc_networks.csv, x_graphsvc_fields.csv)."""
        out: dict[str, Network] = {}
        for where, row in rows.networks:
            nid = row.get("id", "")
            members = self.own.fields.get(("network", nid), {}).get("members", [])
            self.own.used.add(("network", nid))
            gone = [m for m in members if m not in kept]
            if gone:
                self.warn(
                    f"members {', '.join(gone)} are not organizations in the file; "
                    "the network is imported without them",
                    where,
                    nid,
                    "members",
                )
            data = {
                "id": nid,
                "name": self._text("network", nid, "name", row.get("name")),
                "description": self._text("network", nid, "description", None, False),
                "members": [m for m in members if m in kept],
                "source": where.source(nid),
            }
            network = self._validate(Network, data, where, nid)
            if network is not None:
                out.setdefault(nid, network)
        return list(out.values())

    def _unused_own(self) -> None:
        """Say which rows of x_graphsvc_names.csv and x_graphsvc_fields.csv name a node
        that is not in the file."""
        told: set[tuple[str, ...]] = set()
        for key, where in self.own.where.items():
            if key not in self.own.used and key[:2] not in told:
                told.add(key[:2])
                self.warn(
                    f"{key[0]} {key[1]!r} is not among the records imported from the "
                    "file; what this row says of it is ignored",
                    where,
                    key[1],
                    "id",
                )
