"""What graphsvc's own HSDS export adds to HSDS, read back: its taxonomies (needs, groups
and sectors as taxonomy terms) and its extension files (partnerships, group needs, group
kinds and ages, area kinds and parents, validity dates); see ingest.hsds_export."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graphsvc.errors import RowError
from graphsvc.model import (
    Area,
    GroupKind,
    GroupNeed,
    Need,
    Partnership,
    Provider,
    Service,
    TargetGroup,
)

if TYPE_CHECKING:
    from ingest.hsds import HsdsRows
    from ingest.hsds_build import Where
    from ingest.mapping import Mapping

#: Taxonomies that graphsvc's own HSDS export writes; their term codes are graphsvc ids.
NEEDS_TAXONOMY = "graphsvc-needs"
GROUPS_TAXONOMY = "graphsvc-groups"
SECTORS_TAXONOMY = "graphsvc-sectors"
AREA_URI = "urn:graphsvc:area:"


class OwnExportFiles:
    """The part of HsdsBuilder that reads graphsvc's extension files."""

    if TYPE_CHECKING:  # provided by HsdsBuilder
        m: Mapping
        warnings: list[RowError]
        extra_needs: dict[str, Need]
        extra_groups: dict[str, TargetGroup]

        def warn(self, message: str, where: Where | None, id: Any = None,
                 field: str | None = None) -> None: ...

        def _validate(self, cls: Any, data: dict[str, Any], where: Where, rid: Any) -> Any: ...

        def _define(self, extra: dict[str, Any], known: dict[str, Any], cls: Any, code: str,
                    name: str, defaults: dict[str, Any]) -> None: ...

    def _partnerships(self, rows: HsdsRows, kept: set[str]) -> list[Partnership]:
        out: dict[tuple[str, str, str], Partnership] = {}
        for where, row in rows.partnerships:
            ends = [row.get("source"), row.get("target")]
            if not all(e in kept for e in ends):
                self.warn(f"partnership {ends[0]} -> {ends[1]} names an organization that is not "
                          "in the file; left out", where)
                continue
            p = self._validate(Partnership, {k: row.get(k) for k in (
                "source", "target", "kind", "since", "until", "note")}, where, None)
            if p is not None:
                out.setdefault((p.source, p.target, p.kind.value), p)
        return list(out.values())

    # -- graphsvc's extension files: group definitions and group needs ----------------

    def _group_definitions(self, rows: HsdsRows) -> set[str]:
        """Groups as graphsvc's export describes them: the term's name, kind and ages."""
        out: set[str] = set()
        for where, row in rows.group_defs:
            code = row.get("id", "")
            term = rows.terms.get(f"{GROUPS_TAXONOMY}:{code}") or {}
            self._define(self.extra_groups, self.m.groups, TargetGroup, code,
                         term.get("name") or "", {"kind": GroupKind.SPECIAL})
            base = self.extra_groups.get(code) or self.m.groups.get(code)
            data = {**(base.model_dump(exclude_none=True) if base else {"name": code}),
                    "id": code, "kind": row.get("kind"), "source": where.source(code)}
            data.pop("min_age", None), data.pop("max_age", None)
            data.update({k: row[k] for k in ("min_age", "max_age") if k in row})
            group = self._validate(TargetGroup, data, where, code)
            if group is not None:
                self.extra_groups[code] = group
                out.add(code)
        return out

    def _validity(self, rows: HsdsRows, providers: list[Provider], services: list[Service]
                  ) -> tuple[list[Provider], list[Service]]:
        """Validity dates as graphsvc's export keeps them (they win over a status)."""
        nodes: dict[str, dict[str, Any]] = {"organization": {p.id: p for p in providers},
                                            "service": {s.id: s for s in services}}
        for where, row in rows.validity:
            entity, rid = row.get("link_entity", ""), row.get("id", "")
            node = nodes.get(entity, {}).get(rid)
            if node is None:
                self.warn(f"dates for {entity} {rid!r}, which is not in the file; ignored",
                          where, rid, "id")
                continue
            data = {**node.model_dump(exclude_none=True), "valid_from": row.get("valid_from"),
                    "valid_to": row.get("valid_to")}
            changed = self._validate(type(node), data, where, rid)
            if changed is not None:
                nodes[entity][rid] = changed
        return (list(nodes["organization"].values()),  # type: ignore[arg-type]
                list(nodes["service"].values()))  # type: ignore[arg-type]

    def _area_definitions(self, rows: HsdsRows, areas: dict[str, Area]) -> dict[str, Area]:
        """Areas as graphsvc's export describes them: kind, code and parent."""
        defined: dict[str, Area] = {}
        parents: dict[str, tuple[str, Where]] = {}
        for where, row in rows.area_defs:
            aid = row.get("id", "")
            data = {"id": aid, "name": row.get("name"), "kind": row.get("kind"),
                    "code": row.get("code"), "source": where.source(aid)}
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
                self.warn(f"parent area {parent!r} is not in the file; the area is imported "
                          "without its parent", where, aid, "parent")
        return out

    def _group_needs(self, rows: HsdsRows) -> list[GroupNeed]:
        out: dict[tuple[str, str], GroupNeed] = {}
        for where, row in rows.group_needs:
            group, need = row.get("group", ""), row.get("need", "")
            for code, taxonomy, extra, known, cls, defaults in (
                    (group, GROUPS_TAXONOMY, self.extra_groups, self.m.groups, TargetGroup,
                     {"kind": GroupKind.SPECIAL}),
                    (need, NEEDS_TAXONOMY, self.extra_needs, self.m.needs, Need, {})):
                term = rows.terms.get(f"{taxonomy}:{code}")
                if term is not None:
                    self._define(extra, known, cls, code, term.get("name") or "", defaults)
            missing = [f"{what} {code!r}" for what, code, defined in (
                ("group", group, self.extra_groups.keys() | self.m.groups.keys()),
                ("need", need, self.extra_needs.keys() | self.m.needs.keys()))
                if code not in defined]
            if missing:
                self.warn(f"names {' and '.join(missing)}, which no taxonomy term of the file "
                          "or the mapping defines; left out", where, row.get("id"))
                continue
            gn = self._validate(GroupNeed, {k: row.get(k) for k in (
                "group", "need", "priority", "note")}, where, row.get("id"))
            if gn is not None:
                out.setdefault((gn.group, gn.need), gn)
        return list(out.values())
