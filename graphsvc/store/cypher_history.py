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


# -- the change log (see graphsvc.store.log_blocks) -------------------------------------

SET_LABEL = "ChangeSet"
BLOCK_LABEL = "ChangeBlock"
#: the first layout's node of one change (a log of it is rewritten as blocks)
CHANGE_LABEL = "Change"
LOG_SCHEMA: tuple[str, ...] = (
    f"CREATE CONSTRAINT changeset_id IF NOT EXISTS FOR (s:{SET_LABEL}) REQUIRE s.id IS UNIQUE",
    f"CREATE CONSTRAINT changeblock_id IF NOT EXISTS FOR (b:{BLOCK_LABEL}) REQUIRE b.id IS UNIQUE",
    f"CREATE INDEX changeblock_kind IF NOT EXISTS FOR (b:{BLOCK_LABEL}) ON (b.kind)",
    f"CREATE INDEX changeblock_set IF NOT EXISTS FOR (b:{BLOCK_LABEL}) ON (b.set_id)",
)
WRITE_SET = (
    f"CREATE (:{SET_LABEL} {{id: $id, at: $at, who: $who, role: $role, channel: $channel, "
    "summary: $summary, entries: $entries})"
)
WRITE_BLOCKS = f"UNWIND $rows AS row CREATE (b:{BLOCK_LABEL}) SET b = row"
#: BUMP, and the changes the write logged of each record appended to its version's
BUMP_LOGGED = (
    f"UNWIND $rows AS row MERGE (v:{VERSION_LABEL} {{rk: row.rk}}) ON CREATE SET v.version = 0 "
    "SET v.claimed = true WITH v, row "
    "SET v.version = v.version + 1, v.by = $by, v.at = $at, v.seq = $seq, "
    "v.changes = CASE WHEN row.changes IS NULL THEN v.changes "
    "WHEN v.changes IS NULL THEN row.changes ELSE v.changes + ' ' + row.changes END "
    "REMOVE v.claimed"
)
RECORD_CHANGES = (
    f"UNWIND $rks AS rk MATCH (v:{VERSION_LABEL} {{rk: rk}}) WHERE v.changes IS NOT NULL "
    "RETURN v.changes AS changes"
)
SET_INFO = (
    f"MATCH (s:{SET_LABEL} {{id: $id}}) "
    "RETURN s.at AS at, s.who AS who, s.role AS role, s.channel AS channel, "
    "s.summary AS summary"
)
BLOCK_AT = (
    f"MATCH (b:{BLOCK_LABEL}) WHERE b.id <= $id "
    "RETURN b.id AS id, b.kind AS kind, b.entries AS entries, b.body AS body "
    "ORDER BY b.id DESC LIMIT 1"
)
_SET_CONDS = (
    ("who", "s.who = $who"),
    ("since", "s.at >= $since"),
    ("until", "s.at <= $until"),
    ("change_set", "s.id = $change_set"),
)


def sets_matching(given: set[str]) -> str:
    """The ids of the change sets matching the filters given (parameters so named)."""
    conds = [cond for name, cond in _SET_CONDS if name in given] or ["true"]
    return f"MATCH (s:{SET_LABEL}) WHERE {' AND '.join(conds)} RETURN s.id AS id"


def block_sizes(kind: bool, sets: bool) -> str:
    """(id, entries) of the blocks, newest first, of kind $kind and in $sets if asked."""
    conds = [c for c, on in (("b.kind = $kind", kind), ("b.set_id IN $sets", sets)) if on]
    where = f" WHERE {' AND '.join(conds)}" if conds else ""
    return (
        f"MATCH (b:{BLOCK_LABEL}){where} RETURN b.id AS id, b.entries AS entries ORDER BY b.id DESC"
    )


#: the first layout's changes, oldest first (to rewrite them as blocks)
OLD_CHANGES = (
    f"MATCH (c:{CHANGE_LABEL}) RETURN c.set_id AS set_id, c.kind AS kind, c.key AS key, "
    "c.op AS op, c.field AS field, c.before AS before, c.after AS after "
    "ORDER BY c.set_id, c.n"
)
DELETE_OLD_CHANGES = (
    f"MATCH (c:{CHANGE_LABEL}) CALL (c) {{ DELETE c }} IN TRANSACTIONS OF 10000 ROWS"
)
APPEND_CHANGES = (
    f"UNWIND $rows AS row MATCH (v:{VERSION_LABEL} {{rk: row.rk}}) "
    "SET v.changes = CASE WHEN v.changes IS NULL THEN row.changes "
    "ELSE v.changes + ' ' + row.changes END"
)
