"""Cypher of the Neo4j store's versions and change log (see graphsvc.store.history):
nodes of labels of their own, never matched by the graph's queries."""

from __future__ import annotations

VERSION_LABEL = "RecordVersion"
#: between a record's kind and key in its `rk` property
SEP = "\u001f"

SCHEMA: tuple[str, ...] = (
    f"CREATE CONSTRAINT recordversion_rk IF NOT EXISTS FOR (v:{VERSION_LABEL}) "
    "REQUIRE v.rk IS UNIQUE",
    f"CREATE INDEX recordversion_seq IF NOT EXISTS FOR (v:{VERSION_LABEL}) ON (v.seq)",
)

_FIELDS = "v.rk AS rk, v.version AS version, v.by AS by, v.at AS at, v.seq AS seq"

#: take the record's write lock (held to the commit): a second writer waits here
CLAIM = (
    f"MERGE (v:{VERSION_LABEL} {{rk: $rk}}) ON CREATE SET v.version = 0, v.seq = 0 "
    "SET v.claimed = true"
)
VERSIONS = f"UNWIND $rks AS rk MATCH (v:{VERSION_LABEL} {{rk: rk}}) RETURN {_FIELDS}"
CHANGED_SINCE = f"MATCH (v:{VERSION_LABEL}) WHERE v.seq > $seq RETURN {_FIELDS}"
#: (the lock first, then the read: no two writers add one to the same number)
BUMP = (
    f"UNWIND $rks AS rk MERGE (v:{VERSION_LABEL} {{rk: rk}}) ON CREATE SET v.version = 0 "
    "SET v.claimed = true WITH v "
    "SET v.version = v.version + 1, v.by = $by, v.at = $at, v.seq = $seq "
    "REMOVE v.claimed"
)


def delete_rel_returning(kind: str, src: str, dst: str, partnership: bool) -> str:
    key = " WHERE r.kind = $key" if partnership else ""
    return (
        f"MATCH (a:{src} {{id: $source}})-[r:{kind}]->(b:{dst} {{id: $target}}){key} "
        "WITH r, properties(r) AS props DELETE r RETURN props"
    )


def touching(label: str) -> str:
    """Every relationship of one node, with both ends' labels and its properties."""
    return (
        f"MATCH (n:{label} {{id: $id}})-[r]-() "
        "RETURN type(r) AS kind, labels(startNode(r))[0] AS src_label, "
        "startNode(r).id AS src, labels(endNode(r))[0] AS dst_label, endNode(r).id AS dst, "
        "properties(r) AS props"
    )
