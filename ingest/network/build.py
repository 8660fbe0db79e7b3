"""A network as read (`RawGraph`) becomes providers and partnerships.

- Every node is a provider (its id the node's id, its name the first of the mapping's
  `name_attributes` it has), every edge a partnership, unless the file is graphsvc's own
  export: its nodes say their `type`, so only `Provider` nodes (ids `Provider:<id>`) and
  `PARTNERS_WITH` edges are read, `PART_OF` between providers gives the parent, and every
  property comes back as it was (name_fi, name_en, …, languages split at `|`).
- Sector and kind come from the mapping's `sector_attributes` and `kind_attributes`: a
  value that is a sector (kind) itself or is listed in `sector_values` (`kind_values`);
  otherwise the default, and the report says how many and which values.
- Ties repeated in the file are merged (in an undirected file a–b and b–a are one tie),
  and the report says how many. A second node with an id, an edge whose end is no node
  of the file, a provider's tie with itself or a bad date refuse the file, each named by
  its line, element and id; `--skip-invalid` leaves them out.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from pydantic import ValidationError

from graphsvc.errors import InvalidData, RowError
from graphsvc.model import (
    Dataset,
    Label,
    Partnership,
    PartnershipKind,
    Places,
    Provider,
    Sector,
    fold,
)
from ingest.base import ImportPolicy, InvalidRows, ReadResult, first_error
from ingest.mapping import Mapping
from ingest.network.parse import RawEdge, RawGraph, RawNode

PROVIDER_PREFIX = f"{Label.PROVIDER.value}:"
#: the provider properties graphsvc's export writes as they are
_PLAIN = ("url", "email", "phone", "source", "valid_from", "valid_to", "sector")
_LISTS = ("languages", "tags")
_LANG = re.compile(r"^(name|description)_([a-z]{2,3})$")
_SECTORS = {s.value for s in Sector}
_KINDS = {k.value for k in PartnershipKind}


class _Choice:
    """Sector or kind of each entry: from which attribute, or the default and why."""

    def __init__(
        self, attributes: list[str], values: dict[str, Any], allowed: set[str], default: str
    ):
        self.attributes = attributes
        self.values = {fold(k).strip(): v for k, v in values.items()}
        self.allowed = allowed
        self.default = default
        self.used: Counter[str] = Counter()  # attribute -> entries it gave
        self.missing = 0
        self.unmapped: Counter[str] = Counter()  # value -> entries

    def of(self, attrs: dict[str, str]) -> str:
        for name in self.attributes:
            value = attrs.get(name)
            if value is None:
                continue
            key = fold(value).strip()
            if key in self.allowed:
                self.used[name] += 1
                return key
            mapped = self.values.get(key)
            if mapped is not None:
                self.used[name] += 1
                return str(mapped)
            self.unmapped[value] += 1
            return self.default
        self.missing += 1
        return self.default

    def report(self, what: str, entries: str, section: str) -> str | None:
        defaulted = self.missing + sum(self.unmapped.values())
        if not defaulted:
            return None
        given = ", ".join(f"{n} from {a}" for a, n in self.used.most_common())
        parts = [
            f"{what}: {given + '; ' if given else ''}{defaulted} {entries} given the "
            f"default {self.default}"
        ]
        if self.missing:
            parts.append(f"{self.missing} have no attribute {' or '.join(self.attributes)}")
        if self.unmapped:
            top = ", ".join(f"{v!r} ({n})" for v, n in self.unmapped.most_common(8))
            more = len(self.unmapped) - 8
            parts.append(
                f"{len(self.unmapped)} value(s) not known: {top}"
                + (f" and {more} more" if more > 0 else "")
                + f" (map them under {section} in GRAPHSVC_NETWORK_MAPPING)"
            )
        return "; ".join(parts) + "."


class NetworkBuilder:
    def __init__(self, raw: RawGraph, mapping: Mapping) -> None:
        self.raw = raw
        self.file = raw.file
        self.m = mapping
        self.own = any(n.attrs.get("type") == Label.PROVIDER.value for n in raw.nodes.values())
        self.sectors = _Choice(
            list(mapping.section("sector_attributes") or []) if not self.own else ["sector"],
            mapping.section("sector_values"),
            _SECTORS,
            str(mapping.sections.get("default_sector", "ngo")),
        )
        self.kinds = _Choice(
            list(mapping.section("kind_attributes") or []) if not self.own else ["kind"],
            mapping.section("kind_values"),
            _KINDS,
            str(mapping.sections.get("default_kind", "other")),
        )
        self.problems: list[RowError] = list(raw.problems)
        self.failed: set[str] = set()
        self.pid: dict[str, str] = {}  # node id -> provider id
        self.providers: dict[str, Provider] = {}
        self.others: Counter[str] = Counter()  # own export: nodes and edges not read
        self.given: set[str] = {"name"}

    # -- nodes ----------------------------------------------------------------------

    def nodes(self) -> None:
        for node in self.raw.nodes.values():
            if self.own:
                kind = node.attrs.get("type", "")
                if kind != Label.PROVIDER.value:
                    self.others[kind or "(no type)"] += 1
                    continue
            pid = node.id[len(PROVIDER_PREFIX) :] if self.own else node.id
            if self.own and not node.id.startswith(PROVIDER_PREFIX):
                pid = node.id
            self.pid[node.id] = pid
            self._provider(node, pid)

    def _provider(self, node: RawNode, pid: str) -> None:
        a = node.attrs
        doc: dict[str, Any] = {"id": pid, "name": self._text(a, "name") or self._name(a, pid)}
        description = self._text(a, "description")
        if description:
            doc["description"] = description
        if self.own:
            for key in _PLAIN:
                if a.get(key):
                    doc[key] = a[key]
            for key in _LISTS:
                if a.get(key):
                    doc[key] = a[key].split("|")
            self.given.update(k for k in doc if k != "id")
        else:
            url = a.get("url") or a.get("website")
            if url:
                doc["url"] = url
            doc["source"] = f"{self.file} line {node.line}" if node.line else self.file
        doc["sector"] = self.sectors.of(a)
        self.given.update(k for k in doc if k not in ("id", "source"))
        try:
            self.providers[pid] = Provider.model_validate(doc)
        except ValidationError as exc:
            message, loc = first_error(exc)
            self._problem("node", node.line, node.id, message, loc or None)
            self.failed.add(pid)

    def _text(self, a: dict[str, str], field: str) -> Any:
        """A name or description in languages (name_fi, name_en …) or as one text."""
        langs = {
            m.group(2): v for k, v in a.items() if (m := _LANG.match(k)) and m.group(1) == field
        }
        if langs:
            return langs
        return a.get(field) if self.own or field == "description" else None

    def _name(self, a: dict[str, str], pid: str) -> str:
        for name in self.m.section("name_attributes") or ["name", "label"]:
            if a.get(name):
                return a[name]
        return pid

    # -- edges ----------------------------------------------------------------------

    def edges(self) -> tuple[list[Partnership], list[int], int]:
        ties: dict[tuple[Any, ...], tuple[Partnership, int]] = {}
        merged = 0
        for edge in self.raw.edges:
            if self.own:
                rel = edge.attrs.get("relationship", "")
                if rel == "PART_OF" and edge.source in self.pid and edge.target in self.pid:
                    self._parent(edge)
                    continue
                if rel != "PARTNERS_WITH":
                    self.others[f"{rel or '(no relationship)'} relationship"] += 1
                    continue
            tie = self._tie(edge)
            if tie is None:
                continue
            directed = edge.directed if edge.directed is not None else self.raw.directed
            ends: Any = (
                (tie.source, tie.target) if directed else frozenset((tie.source, tie.target))
            )
            key = (ends, tie.kind)
            if key in ties:
                merged += 1
                continue
            ties[key] = (tie, edge.line or 0)
        return [t for t, _ in ties.values()], [line for _, line in ties.values()], merged

    def _tie(self, edge: RawEdge) -> Partnership | None:
        for end, name in ((edge.source, "source"), (edge.target, "target")):
            if not end:
                self._problem("edge", edge.line, edge.id, f"the edge has no {name}", name)
                return None
            if end not in self.pid and end not in self.raw.nodes:
                self._problem(
                    "edge", edge.line, edge.id, f"its {name} {end!r} is no node of the file", name
                )
                return None
            if end not in self.pid:  # a node that is not a provider, or one refused
                return None
        s, t = self.pid[edge.source], self.pid[edge.target]
        if s == t:
            self._problem("edge", edge.line, edge.id, f"a tie of {s!r} with itself", "target")
            return None
        doc: dict[str, Any] = {"source": s, "target": t, "kind": self.kinds.of(edge.attrs)}
        for key in ("since", "until", "note"):
            if edge.attrs.get(key):
                doc[key] = edge.attrs[key]
        try:
            return Partnership.model_validate(doc)
        except ValidationError as exc:
            message, loc = first_error(exc)
            self._problem("edge", edge.line, edge.id, message, loc or None)
            return None

    def _parent(self, edge: RawEdge) -> None:
        child = self.providers.get(self.pid[edge.source])
        if child is not None:
            self.providers[child.id] = child.model_copy(update={"parent": self.pid[edge.target]})
            self.given.add("parent")

    def _problem(
        self, element: str, line: int | None, id: str | None, message: str, field: str | None
    ) -> None:
        # (located as the list the entry would be in, its row the file's line: the
        # report groups what it leaves out by list)
        where = f"the <{element}> on line {line}" if line else f"the {element}"
        self.problems.append(
            RowError(
                f"{where}: {message}",
                file=self.file,
                location="providers" if element == "node" else "partnerships",
                row=line,
                id=id,
                field=field,
            )
        )

    # -- the result -----------------------------------------------------------------

    def result(self) -> ReadResult:
        self.nodes()
        partnerships, lines, merged = self.edges()
        providers = [p for p in self.providers.values() if p.id not in self.failed]
        ds = Dataset.model_construct(None, providers=providers, partnerships=partnerships)
        policy = ImportPolicy(
            stamped={} if self.own else {"providers": {p.id for p in providers}},
            given={"providers": frozenset(self.given)},
        )
        result = ReadResult(
            ds, self._warnings(merged), policy, Places({"partnerships": lines}, by_source=False)
        )
        if self.problems:
            refused = InvalidData.refused(self.file, self.problems)
            raise InvalidRows(
                refused.message,
                details=self.problems,
                file=self.file,
                partial=result,
                failed={Label.PROVIDER: self.failed},
            )
        return result

    def _warnings(self, merged: int) -> list[RowError]:
        notes: list[str | None] = [
            self.sectors.report("sector", "providers", "sector_values"),
            self.kinds.report("partnership kind", "ties", "kind_values"),
        ]
        if merged:
            notes.append(
                f"{merged} tie(s) repeated in the file (the same two providers and kind"
                f"{'' if self.raw.directed else ', either way round'}) merged into one."
            )
        if self.raw.undeclared:
            notes.append(
                f"attribute(s) {', '.join(sorted(self.raw.undeclared))} used without a "
                "declaration: read under that name."
            )
        if self.others:
            notes.append(
                "not read (a network import brings providers and partnerships): "
                + ", ".join(f"{n} {k}" for k, n in sorted(self.others.items()))
                + "."
            )
        return [RowError(n, file=self.file) for n in notes if n]


def build_network(raw: RawGraph, mapping: Mapping) -> ReadResult:
    return NetworkBuilder(raw, mapping).result()
