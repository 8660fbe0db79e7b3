"""Every Cypher statement the Bolt store sends, built only from the model's enums.

Labels and relationship types are interpolated from `Label` / `RelKind` (never from
user text); every value travels as a parameter. The statements stay inside the subset
of Cypher that both Neo4j 5 and FalkorDB 4 understand: pattern predicates in WHERE,
pattern comprehensions only in projections, no EXISTS/COUNT subqueries, no temporal
values (dates are ISO strings). `all_statements()` lists every text the store can
send, so that a test can check each one with Neo4j's own Cypher 5 parser.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product

from graphsvc.model import (
    ENDPOINTS,
    INCOMING,
    LABEL_OF_LIST,
    REFERENCES,
    Label,
    RelKind,
)

#: The one node outside the model: a counter of changes and the schema version.
META_LABEL = "GraphsvcMeta"
META_ID = "graphsvc"
#: A node property that holds `Node.search_text()` (folded id and names) for search.
SEARCH = "_search"
SCHEMA_VERSION = 1

def _ref_type(list_name: str, kind: RelKind, target: Label) -> tuple[RelKind, Label, Label]:
    # as model.outgoing() draws them: from the node to what it names, except the
    # INCOMING ones (OFFERS, MEMBER_OF), which run from the named node to it
    if kind in INCOMING:
        return kind, target, LABEL_OF_LIST[list_name]
    return kind, LABEL_OF_LIST[list_name], target


#: (kind, source label, target label) of the relationships that reference fields stand for.
REF_TYPES: tuple[tuple[RelKind, Label, Label], ...] = tuple(
    _ref_type(lst, kind, target) for lst, _, kind, target in REFERENCES
)
#: ... and of every relationship the store may hold: those, and what ENDPOINTS allows.
REL_TYPES: tuple[tuple[RelKind, Label, Label], ...] = tuple(
    dict.fromkeys(
        [*REF_TYPES, *((kind, src, dst) for kind, pairs in ENDPOINTS.items() for src, dst in pairs)]
    )
)
#: The reference relationships that leave a node of each label ...
REF_KINDS: dict[Label, tuple[RelKind, ...]] = {
    label: tuple(k for k, src, _ in REF_TYPES if src is label and k not in INCOMING)
    for label in Label
}
#: ... and those that enter it (OFFERS enters a Service, MEMBER_OF a Network).
INCOMING_KINDS: dict[Label, tuple[RelKind, ...]] = {
    label: tuple(k for k, _, dst in REF_TYPES if dst is label and k in INCOMING)
    for label in Label
}


def _rel_pattern(kind: RelKind) -> str:
    # a partnership is told apart from another between the same two providers by its kind
    return (
        f"[r:{kind.value} {{kind: row.key}}]"
        if kind is RelKind.PARTNERS_WITH
        else f"[r:{kind.value}]"
    )


# -- nodes ------------------------------------------------------------------------------


def node_props(label: Label) -> str:
    return (
        f"UNWIND $ids AS id MATCH (n:{label.value} {{id: id}}) "
        "RETURN n.id AS id, properties(n) AS props"
    )


def node_ids(label: Label) -> str:
    return f"UNWIND $ids AS id MATCH (n:{label.value} {{id: id}}) RETURN n.id AS id"


def upsert_nodes(label: Label) -> str:
    return f"UNWIND $rows AS row MERGE (n:{label.value} {{id: row.id}}) SET n += row.props"


def all_nodes(label: Label) -> str:
    """Every node of a label with the ids its reference relationships point at (one
    record per node, not one per relationship). Providers and services can be cut to
    those active on $day, providers to $sectors, on the server; null means no cut."""
    where = ""
    if label in (Label.PROVIDER, Label.SERVICE):
        where = f" WHERE ($day IS NULL OR {_active('n')})"
        if label is Label.PROVIDER:
            where += " AND ($sectors IS NULL OR n.sector IN $sectors)"
    # (a variable of its own in each comprehension: FalkorDB mixes up reused ones)
    refs = "".join(
        f", [(n)-[:{k.value}]->(m{i}) | m{i}.id] AS {k.value}"
        for i, k in enumerate(REF_KINDS[label])
    )
    refs += "".join(
        f", [(n)<-[:{k.value}]-(q{i}) | q{i}.id] AS {k.value}"
        for i, k in enumerate(INCOMING_KINDS[label])
    )
    return f"MATCH (n:{label.value}){where} RETURN properties(n) AS props{refs}"


def count_nodes(label: Label) -> str:
    return f"MATCH (n:{label.value}) RETURN count(n) AS n"


def node_rel_counts(label: Label) -> str:
    return f"MATCH (n:{label.value} {{id: $id}})-[r]-() RETURN type(r) AS kind, count(r) AS n"


def delete_node(label: Label) -> str:
    return f"MATCH (n:{label.value} {{id: $id}}) DETACH DELETE n RETURN count(n) AS n"


OWNED_SERVICES = "MATCH (p:Provider {id: $id})-[:OFFERS]->(s) RETURN s.id AS id ORDER BY id"
AREA_ANCESTORS = "MATCH (a:Area {id: $id})-[:PART_OF*1..50]->(p) RETURN DISTINCT p.id AS id"
GROUP_RANGE = (
    "MATCH (g:TargetGroup {id: $id}) "
    "RETURN g.kind AS kind, g.min_age AS min_age, g.max_age AS max_age"
)


# -- references and relationships -----------------------------------------------------


def outgoing_refs(label: Label) -> str:
    """The relationships that make up the reference fields of nodes of `label`."""
    types = "|".join(k.value for k in REF_KINDS[label])
    return (
        f"UNWIND $ids AS id MATCH (n:{label.value} {{id: id}})-[r:{types}]->(m) "
        "RETURN type(r) AS kind, n.id AS source, m.id AS target"
    )


# (each statement starts from the node its parameters name and leaves the far end
# unlabelled -- the relationship type fixes it -- or FalkorDB's planner scans every
# node of the far label instead of using the id index)
def incoming_refs(label: Label) -> str:
    """The relationships that enter nodes of `label` for their reference fields."""
    types = "|".join(k.value for k in INCOMING_KINDS[label])
    return (
        f"UNWIND $ids AS id MATCH (n:{label.value} {{id: id}})<-[r:{types}]-(m) "
        "RETURN type(r) AS kind, m.id AS source, n.id AS target"
    )


def rel_props(kind: RelKind, src: Label, dst: Label) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:{src.value} {{id: row.source}})"
        f"-{_rel_pattern(kind)}->(b:{dst.value} {{id: row.target}}) "
        "RETURN row.source AS source, row.target AS target, row.key AS key, "
        "properties(r) AS props"
    )


def merge_rels(kind: RelKind, src: Label, dst: Label) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:{src.value} {{id: row.source}}) "
        f"MATCH (b:{dst.value} {{id: row.target}}) "
        f"MERGE (a)-{_rel_pattern(kind)}->(b) SET r += row.props"
    )


#: Single-valued references: a new one replaces the old (a service has one provider,
#: a provider or an area one parent).
REPLACE_OFFERS = (
    "UNWIND $rows AS row MATCH (s:Service {id: row.target})<-[r:OFFERS]-(p) "
    "WHERE p.id <> row.source DELETE r"
)


def replace_parent(label: Label) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:{label.value} {{id: row.source}})"
        "-[r:PART_OF]->(b) WHERE b.id <> row.target DELETE r"
    )


def delete_rel(kind: RelKind, src: Label, dst: Label) -> str:
    key = " WHERE r.kind = $key" if kind is RelKind.PARTNERS_WITH else ""
    return (
        f"MATCH (a:{src.value} {{id: $source}})-[r:{kind.value}]->"
        f"(b:{dst.value} {{id: $target}}){key} DELETE r RETURN count(r) AS n"
    )


#: The relationships that carry data of their own rather than stand for a reference.
DATA_RELS: tuple[tuple[RelKind, Label, Label], ...] = (
    (RelKind.HAS_NEED, Label.TARGET_GROUP, Label.NEED),
    (RelKind.PARTNERS_WITH, Label.PROVIDER, Label.PROVIDER),
)


def all_rels(kind: RelKind, src: Label, dst: Label) -> str:
    """Every relationship of one type; partnerships can be cut to those active on $day."""
    where = ""
    if kind is RelKind.PARTNERS_WITH:
        where = (
            " WHERE ($day IS NULL OR ((r.since IS NULL OR r.since <= $day) AND "
            "(r.until IS NULL OR r.until >= $day)))"
        )
    return (
        f"MATCH (a:{src.value})-[r:{kind.value}]->(b:{dst.value}){where} "
        "RETURN a.id AS source, b.id AS target, properties(r) AS props"
    )


def count_rels(kind: RelKind) -> str:
    return f"MATCH ()-[r:{kind.value}]->() RETURN count(r) AS n"


def list_rels(*, kind: RelKind | None, node: bool, page: bool, count: bool) -> str:
    """Relationships of one type (or of every model type) touching $node, by page."""
    pattern = f"(a)-[r:{kind.value}]->(b)" if kind else "(a)-[r]->(b)"
    conds = [] if kind else ["type(r) IN $kinds"]
    if node:
        conds.append("(a.id = $node OR b.id = $node)")
    where = f" WHERE {' AND '.join(conds)}" if conds else ""
    if count:
        return f"MATCH {pattern}{where} RETURN count(r) AS n"
    tail = " SKIP $offset LIMIT $limit" if page else ""
    return (
        f"MATCH {pattern}{where} RETURN type(r) AS kind, labels(a) AS source_labels, "
        "a.id AS source, labels(b) AS target_labels, b.id AS target, "
        "properties(r) AS props, coalesce(r.kind, '') AS key "
        f"ORDER BY kind, source, target, key{tail}"
    )


# -- meta and schema -------------------------------------------------------------------

META = f"MATCH (m:{META_LABEL} {{id: $meta}}) RETURN m.version AS version, m.schema AS schema"
BUMP_VERSION = f"MERGE (m:{META_LABEL} {{id: $meta}}) SET m.version = coalesce(m.version, 0) + 1"
SET_SCHEMA = f"MERGE (m:{META_LABEL} {{id: $meta}}) SET m.schema = $schema"
PING = "RETURN 1 AS ok"
NEO4J_COMPONENTS = (
    "CALL dbms.components() YIELD name, versions, edition RETURN name, versions, edition"
)
FALKORDB_PROCEDURES = "CALL dbms.procedures() YIELD name RETURN name"

_SCHEMA_LABELS: tuple[str, ...] = (*(label.value for label in Label), META_LABEL)
#: Properties that listings filter on (besides id and the search text).
FILTERED: tuple[tuple[Label, str], ...] = (
    (Label.PROVIDER, "sector"),
    (Label.PROVIDER, "valid_from"),
    (Label.PROVIDER, "valid_to"),
    (Label.SERVICE, "valid_from"),
    (Label.SERVICE, "valid_to"),
    (Label.TARGET_GROUP, "kind"),
)


def neo4j_schema() -> list[str]:
    """Neo4j 5: a uniqueness constraint on id per label, range indexes on the filtered
    properties, text indexes for search (CONTAINS)."""
    out = [
        f"CREATE CONSTRAINT {lbl.lower()}_id IF NOT EXISTS FOR (n:{lbl}) REQUIRE n.id IS UNIQUE"
        for lbl in _SCHEMA_LABELS
    ]
    out += [
        f"CREATE INDEX {label.value.lower()}_{prop} IF NOT EXISTS "
        f"FOR (n:{label.value}) ON (n.{prop})"
        for label, prop in FILTERED
    ]
    out += [
        f"CREATE TEXT INDEX {label.value.lower()}_search IF NOT EXISTS "
        f"FOR (n:{label.value}) ON (n.{SEARCH})"
        for label in Label
    ]
    return out


def falkordb_schema() -> list[str]:
    """FalkorDB: only the plain `CREATE INDEX FOR (n:L) ON (n.p)` form (no IF NOT EXISTS,
    no constraints); re-creating an index is an error, which the store ignores there."""
    out = [f"CREATE INDEX FOR (n:{lbl}) ON (n.id)" for lbl in _SCHEMA_LABELS]
    out += [f"CREATE INDEX FOR (n:{label.value}) ON (n.{prop})" for label, prop in FILTERED]
    return out


def _active(var: str) -> str:
    return (
        f"({var}.valid_from IS NULL OR {var}.valid_from <= $day) AND "
        f"({var}.valid_to IS NULL OR {var}.valid_to >= $day)"
    )


# -- the catalogue ---------------------------------------------------------------------


def all_statements() -> Iterator[tuple[str, str, list[str]]]:
    """(name, Cypher text, parameter names) of every statement the store can send."""
    from graphsvc.store.cypher_listing import find, find_params, find_shapes

    meta = ["meta"]
    yield "ping", PING, []
    yield "neo4j-components", NEO4J_COMPONENTS, []
    yield "falkordb-procedures", FALKORDB_PROCEDURES, []
    yield "meta", META, meta
    yield "bump-version", BUMP_VERSION, meta
    yield "set-schema", SET_SCHEMA, [*meta, "schema"]
    for i, text in enumerate(neo4j_schema()):
        yield f"neo4j-schema-{i}", text, []
    for i, text in enumerate(falkordb_schema()):
        yield f"falkordb-schema-{i}", text, []
    yield "owned-services", OWNED_SERVICES, ["id"]
    yield "area-ancestors", AREA_ANCESTORS, ["id"]
    yield "group-range", GROUP_RANGE, ["id"]
    yield "replace-offers", REPLACE_OFFERS, ["rows"]
    for label in Label:
        v = label.value
        yield f"node-props-{v}", node_props(label), ["ids"]
        yield f"node-ids-{v}", node_ids(label), ["ids"]
        yield f"upsert-nodes-{v}", upsert_nodes(label), ["rows"]
        yield f"all-nodes-{v}", all_nodes(label), ["day", "sectors"]
        yield f"count-nodes-{v}", count_nodes(label), []
        yield f"node-rel-counts-{v}", node_rel_counts(label), ["id"]
        yield f"delete-node-{v}", delete_node(label), ["id"]
        if REF_KINDS[label]:
            yield f"outgoing-refs-{v}", outgoing_refs(label), ["ids"]
        if INCOMING_KINDS[label]:
            yield f"incoming-refs-{v}", incoming_refs(label), ["ids"]
    for label in (Label.PROVIDER, Label.AREA):
        yield f"replace-parent-{label.value}", replace_parent(label), ["rows"]
    for kind, src, dst in REL_TYPES:
        name = f"{kind.value}-{src.value}-{dst.value}"
        yield f"rel-props-{name}", rel_props(kind, src, dst), ["rows"]
        yield f"merge-rels-{name}", merge_rels(kind, src, dst), ["rows"]
        yield f"delete-rel-{name}", delete_rel(kind, src, dst), ["source", "target", "key"]
    for kind, src, dst in DATA_RELS:
        yield f"all-rels-{kind.value}", all_rels(kind, src, dst), ["day"]
    for kind in RelKind:
        yield f"count-rels-{kind.value}", count_rels(kind), []
    for k, node, page, count in product(
        (None, *RelKind), (False, True), (False, True), (False, True)
    ):
        if count and page:
            continue
        params = (
            ([] if k else ["kinds"])
            + (["node"] if node else [])
            + (["offset", "limit"] if page else [])
        )
        name = f"list-rels-{k or 'any'}-{int(node)}{int(page)}{int(count)}"
        yield name, list_rels(kind=k, node=node, page=page, count=count), params
    for shape in find_shapes():
        flags = "".join(
            str(int(getattr(shape, f)))
            for f in ("q", "sector", "group", "age_group", "need", "area", "as_of")
        )
        params = find_params(shape)
        yield f"find-{shape.label.value}-{flags}-count", find(shape, count=True), params
        yield (
            f"find-{shape.label.value}-{flags}",
            find(shape, count=False),
            [*params, "offset", "limit"],
        )
