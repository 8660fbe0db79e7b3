"""Every Cypher statement the Bolt store sends, built only from the model's enums.

Labels and relationship types are interpolated from `Label` / `RelKind` (never from
user text); every value travels as a parameter. Dates are stored as ISO strings
(`YYYY-MM-DD`), which compare in date order and export byte for byte as they came.
"""

from __future__ import annotations

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
SCHEMA_VERSION = 4  # 2: record versions, 3: the change log, 4: its blocks (cypher_history)


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
    label: tuple(k for k, _, dst in REF_TYPES if dst is label and k in INCOMING) for label in Label
}


def _rel_pattern(kind: RelKind) -> str:
    # a partnership is told apart from another between the same two providers by its kind
    return (
        f"[r:{kind.value} {{kind: row.key}}]"
        if kind is RelKind.PARTNERS_WITH
        else f"[r:{kind.value}]"
    )


def seek(var: str, label: Label) -> str:
    """A hint to find `var` through the unique index on id. Without it, a statement
    planned while a database is empty (the first import into it: one transaction,
    whose nodes the statistics do not see yet) scans the whole index for every row."""
    return f"USING INDEX {var}:{label.value}(id)"


# -- nodes ------------------------------------------------------------------------------


def node_props(label: Label) -> str:
    return (
        f"UNWIND $ids AS id MATCH (n:{label.value} {{id: id}}) {seek('n', label)} "
        "RETURN n.id AS id, properties(n) AS props"
    )


def node_ids(label: Label) -> str:
    return (
        f"UNWIND $ids AS id MATCH (n:{label.value} {{id: id}}) {seek('n', label)} RETURN n.id AS id"
    )


def create_nodes(label: Label) -> str:
    """New nodes (the unique constraint on id refuses one that exists after all)."""
    return f"UNWIND $rows AS row CREATE (n:{label.value}) SET n = row.props"


def update_nodes(label: Label) -> str:
    return (
        f"UNWIND $rows AS row MATCH (n:{label.value} {{id: row.id}}) {seek('n', label)} "
        "SET n += row.props"
    )


def node_columns(label: Label) -> tuple[RelKind, ...]:
    """The reference kinds whose id lists follow a node's properties in `all_nodes`."""
    return (*REF_KINDS[label], *INCOMING_KINDS[label])


def _in_chunks(collected: str, row: str) -> str:
    # many rows per record: the driver's cost is per record (a Bolt message each), and
    # collecting nodes keeps only their references on the server until each chunk is
    # projected
    return (
        f"WITH collect({collected}) AS xs UNWIND range(0, size(xs) - 1, $chunk) AS i "
        f"RETURN [x IN xs[i..i + $chunk] | {row}] AS rows"
    )


def all_nodes(label: Label) -> str:
    """Every node of a label as [properties, ids of each `node_columns` kind], $chunk
    nodes per record. Providers and services can be cut to those active on $day,
    providers to $sectors, on the server; null means no cut."""
    where = ""
    if label in (Label.PROVIDER, Label.SERVICE):
        where = f" WHERE ($day IS NULL OR {_active('n')})"
        if label is Label.PROVIDER:
            where += " AND ($sectors IS NULL OR n.sector IN $sectors)"
    refs = "".join(
        f", [(x)-[:{k.value}]->(m) | m.id]"
        if k in REF_KINDS[label]
        else f", [(x)<-[:{k.value}]-(m) | m.id]"
        for k in node_columns(label)
    )
    return f"MATCH (n:{label.value}){where} " + _in_chunks("n", f"[properties(x){refs}]")


def count_nodes(label: Label) -> str:
    return f"MATCH (n:{label.value}) RETURN count(n) AS n"


def node_rel_counts(label: Label) -> str:
    return (
        f"MATCH (n:{label.value} {{id: $id}})-[r]-() {seek('n', label)} "
        "RETURN type(r) AS kind, count(r) AS n"
    )


def delete_node(label: Label) -> str:
    return (
        f"MATCH (n:{label.value} {{id: $id}}) {seek('n', label)} "
        "DETACH DELETE n RETURN count(n) AS n"
    )


OWNED_SERVICES = (
    f"MATCH (p:Provider {{id: $id}})-[:OFFERS]->(s) {seek('p', Label.PROVIDER)} "
    "RETURN s.id AS id ORDER BY id"
)
AREA_ANCESTORS = (
    f"MATCH (a:Area {{id: $id}})-[:PART_OF*1..50]->(p) {seek('a', Label.AREA)} "
    "RETURN DISTINCT p.id AS id"
)
GROUP_RANGE = (
    f"MATCH (g:TargetGroup {{id: $id}}) {seek('g', Label.TARGET_GROUP)} "
    "RETURN g.kind AS kind, g.min_age AS min_age, g.max_age AS max_age"
)


# -- references and relationships -----------------------------------------------------


def outgoing_refs(label: Label) -> str:
    """The relationships that make up the reference fields of nodes of `label`."""
    types = "|".join(k.value for k in REF_KINDS[label])
    return (
        f"UNWIND $ids AS id MATCH (n:{label.value} {{id: id}})-[r:{types}]->(m) "
        f"{seek('n', label)} "
        "RETURN type(r) AS kind, n.id AS source, m.id AS target"
    )


def incoming_refs(label: Label) -> str:
    """The relationships that enter nodes of `label` for their reference fields."""
    types = "|".join(k.value for k in INCOMING_KINDS[label])
    return (
        f"UNWIND $ids AS id MATCH (n:{label.value} {{id: id}})<-[r:{types}]-(m) "
        f"{seek('n', label)} "
        "RETURN type(r) AS kind, m.id AS source, n.id AS target"
    )


def rel_props(kind: RelKind, src: Label, dst: Label) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:{src.value} {{id: row.source}})"
        f"-{_rel_pattern(kind)}->(b:{dst.value} {{id: row.target}}) {seek('a', src)} "
        "RETURN row.source AS source, row.target AS target, row.key AS key, "
        "properties(r) AS props"
    )


def merge_rels(kind: RelKind, src: Label, dst: Label) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:{src.value} {{id: row.source}}) {seek('a', src)} "
        f"MATCH (b:{dst.value} {{id: row.target}}) {seek('b', dst)} "
        f"MERGE (a)-{_rel_pattern(kind)}->(b) SET r += row.props"
    )


def create_rels(kind: RelKind, src: Label, dst: Label) -> str:
    """Relationships of nodes this transaction created (none can exist yet)."""
    return (
        f"UNWIND $rows AS row MATCH (a:{src.value} {{id: row.source}}) {seek('a', src)} "
        f"MATCH (b:{dst.value} {{id: row.target}}) {seek('b', dst)} CREATE (a)-[:{kind.value}]->(b)"
    )


#: Single-valued references: a new one replaces the old (a service has one provider,
#: a provider or an area one parent).
REPLACE_OFFERS = (
    "UNWIND $rows AS row MATCH (s:Service {id: row.target})<-[r:OFFERS]-(p) "
    "USING INDEX s:Service(id) "
    "WHERE p.id <> row.source DELETE r"
)


def replace_parent(label: Label) -> str:
    return (
        f"UNWIND $rows AS row MATCH (a:{label.value} {{id: row.source}})"
        f"-[r:PART_OF]->(b) {seek('a', label)} WHERE b.id <> row.target DELETE r"
    )


def delete_rel(kind: RelKind, src: Label, dst: Label) -> str:
    key = " WHERE r.kind = $key" if kind is RelKind.PARTNERS_WITH else ""
    return (
        f"MATCH (a:{src.value} {{id: $source}})-[r:{kind.value}]->"
        f"(b:{dst.value} {{id: $target}}) {seek('a', src)}{key} DELETE r RETURN count(r) AS n"
    )


#: The relationships that carry data of their own rather than stand for a reference.
DATA_RELS: tuple[tuple[RelKind, Label, Label], ...] = (
    (RelKind.HAS_NEED, Label.TARGET_GROUP, Label.NEED),
    (RelKind.PARTNERS_WITH, Label.PROVIDER, Label.PROVIDER),
)


def all_rels(kind: RelKind, src: Label, dst: Label) -> str:
    """Every relationship of one type as [source id, target id, properties], $chunk per
    record; partnerships can be cut to those active on $day."""
    where = ""
    if kind is RelKind.PARTNERS_WITH:
        where = (
            " WHERE ($day IS NULL OR ((r.since IS NULL OR r.since <= $day) AND "
            "(r.until IS NULL OR r.until >= $day)))"
        )
    return f"MATCH (a:{src.value})-[r:{kind.value}]->(b:{dst.value}){where} " + _in_chunks(
        "r", "[startNode(x).id, endNode(x).id, properties(x)]"
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
AWAIT_INDEXES = "CALL db.awaitIndexes(300)"

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


def schema() -> list[str]:
    """A uniqueness constraint on id per label (its index serves every id look-up),
    range indexes on the filtered properties, text indexes for search (CONTAINS)."""
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
    out.append(
        f"CREATE CONSTRAINT document_key IF NOT EXISTS FOR (d:{DOCUMENT_LABEL}) "
        "REQUIRE d.key IS UNIQUE"
    )
    return out


# --- documents: saved views and decks, stored beside the graph ---------------------

#: A document (a saved view, a deck) is a node outside the model, its body JSON text;
#: `key` is "kind:name", unique.
DOCUMENT_LABEL = "GraphsvcDocument"
DOCUMENTS = (
    f"MATCH (d:{DOCUMENT_LABEL} {{kind: $kind}}) RETURN d.name AS name, d.body AS body "
    "ORDER BY d.name"
)
DOCUMENT_BODY = f"MATCH (d:{DOCUMENT_LABEL} {{key: $key}}) RETURN d.body AS body"
PUT_DOCUMENT = (
    f"MERGE (d:{DOCUMENT_LABEL} {{key: $key}}) SET d.kind = $kind, d.name = $name, d.body = $body"
)
DELETE_DOCUMENT = f"MATCH (d:{DOCUMENT_LABEL} {{key: $key}}) DETACH DELETE d RETURN count(*) AS n"


def _active(var: str) -> str:
    return (
        f"({var}.valid_from IS NULL OR {var}.valid_from <= $day) AND "
        f"({var}.valid_to IS NULL OR {var}.valid_to >= $day)"
    )
