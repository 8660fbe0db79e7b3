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


# -- the change log ---------------------------------------------------------------------

SET_LABEL = "ChangeSet"
CHANGE_LABEL = "Change"
LOG_SCHEMA: tuple[str, ...] = (
    f"CREATE CONSTRAINT changeset_id IF NOT EXISTS FOR (s:{SET_LABEL}) REQUIRE s.id IS UNIQUE",
    f"CREATE INDEX change_set IF NOT EXISTS FOR (c:{CHANGE_LABEL}) ON (c.set_id)",
    f"CREATE INDEX change_record IF NOT EXISTS FOR (c:{CHANGE_LABEL}) ON (c.kind, c.key)",
)
WRITE_SET = (
    f"CREATE (:{SET_LABEL} {{id: $id, at: $at, who: $who, role: $role, channel: $channel, "
    "summary: $summary, entries: $entries})"
)
WRITE_CHANGES = f"UNWIND $rows AS row CREATE (c:{CHANGE_LABEL}) SET c = row"
_CONDS = (
    ("label", "c.kind = $label"),
    ("id", "c.key = $id"),
    ("who", "c.who = $who"),
    ("since", "c.at >= $since"),
    ("until", "c.at <= $until"),
    ("change_set", "c.set_id = $change_set"),
)


def list_changes(given: set[str], *, count: bool) -> str:
    """Changes matching the filters given (parameters of the same names), newest first."""
    conds = [cond for name, cond in _CONDS if name in given]
    where = f" WHERE {' AND '.join(conds)}" if conds else ""
    if count:
        return f"MATCH (c:{CHANGE_LABEL}){where} RETURN count(c) AS n"
    return (
        f"MATCH (c:{CHANGE_LABEL}){where} WITH c ORDER BY c.set_id DESC, c.n DESC "
        f"SKIP $offset LIMIT $limit OPTIONAL MATCH (s:{SET_LABEL} {{id: c.set_id}}) "
        "RETURN c.set_id AS set_id, c.n AS n, c.at AS at, c.who AS who, c.role AS role, "
        "c.channel AS channel, c.kind AS kind, c.key AS key, c.op AS op, c.field AS field, "
        "c.before AS before, c.after AS after, s.summary AS summary"
    )
