"""Pieces of the Neo4j store that need no server: the URL, the flat property encoding,
and the reads that both the store and its writer run inside a transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import parse_qs, quote, unquote, urlsplit

from graphsvc.errors import StoreUrlError
from graphsvc.model import (
    NODE_TYPES,
    Label,
    Node,
    Relationship,
    RelKind,
    node_references,
)
from graphsvc.store import cypher
from graphsvc.store.base import StoreAuth, chunked

SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
DEFAULT_PORT = 7687
#: Separates a field from a language in the flat encoding: name__fi, name__en.
LANG_SEP = "__"
#: Rows per statement: an UNWIND of ids, or of rows to write (measured in bench/store.py).
BATCH_ROWS = 5_000


# -- the URL ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BoltTarget:
    """Where and as whom to connect, parsed from a store URL and the environment."""

    uri: str  # what the driver gets: scheme://host:port
    user: str | None
    password: str | None
    database: str | None
    display: str  # the URL to show in messages: the password replaced by ***

    @property
    def auth(self) -> tuple[str, str] | None:
        if self.user is None and self.password is None:
            return None
        return (self.user or "neo4j", self.password or "")


def parse_url(url: str, auth: StoreAuth | None = None) -> BoltTarget:
    """Parse bolt://, bolt+s://, neo4j://, neo4j+s:// URLs.

    User and password come from the URL (``bolt://user:pass@host:7687``) or else from
    `auth`; with neither, no authentication is sent. The database comes from
    ``?database=`` or else `auth` (default: the server's default).
    """
    auth = auth or StoreAuth()
    try:
        parts = urlsplit(url)
        port = parts.port or DEFAULT_PORT
    except ValueError as exc:
        raise StoreUrlError(f"Cannot read the store URL {_redact(url)}: {exc}.") from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise StoreUrlError(
            f"{_redact(url)} is not a Neo4j URL: use one of "
            f"{', '.join(s + '://' for s in SCHEMES)}."
        )
    if not parts.hostname:
        raise StoreUrlError(
            f"The store URL {_redact(url)} names no host: use e.g. bolt://localhost:7687."
        )
    if parts.path not in ("", "/"):
        raise StoreUrlError(
            f"The store URL {_redact(url)} has a path {parts.path!r}; give "
            "the database as ?database=NAME instead."
        )
    query = parse_qs(parts.query, keep_blank_values=True)
    unknown = sorted(set(query) - {"database"})
    if unknown:
        raise StoreUrlError(
            f"The store URL {_redact(url)} has unknown option(s) "
            f"{', '.join(unknown)}: the only option is ?database=NAME."
        )
    database = (query.get("database") or [""])[-1] or auth.database or None
    user = unquote(parts.username) if parts.username else auth.user or None
    password = unquote(parts.password) if parts.password is not None else auth.password or None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    uri = f"{scheme}://{host}:{port}"
    shown = f"{scheme}://"
    if user:
        shown += quote(user, safe="") + (":***" if password else "") + "@"
    shown += f"{host}:{port}" + (f"?database={quote(database, safe='')}" if database else "")
    return BoltTarget(uri, user, password, database, shown)


def _redact(url: str) -> str:
    try:
        parts = urlsplit(url)
        if parts.password is not None:
            return url.replace(f":{parts.password}@", ":***@", 1)
    except ValueError:
        pass
    return url


# -- the flat encoding -----------------------------------------------------------------


def encode_node(node: Node) -> dict[str, Any]:
    """The node's properties as Neo4j can hold them: scalars and lists of strings.

    A multilingual value {"fi": "…", "en": "…"} becomes name__fi / name__en; a plain
    string stays under its own key, so the two
    read back as what they were. Dates are already ISO strings (properties() dumps
    JSON-ready values).
    """
    flat: dict[str, Any] = {}
    for key, value in node.properties().items():
        if isinstance(value, dict):
            for lang, text in value.items():
                flat[f"{key}{LANG_SEP}{lang}"] = text
        else:
            flat[key] = value
    flat[cypher.SEARCH] = node.search_text()
    return flat


def decode_props(flat: Mapping[str, Any]) -> dict[str, Any]:
    """The inverse of encode_node (model fields never contain the separator). Neo4j
    gives a node's properties in no fixed order: a multilingual value's languages
    come back in the model's own order (sorted by code), whatever the server's."""
    props: dict[str, Any] = {}
    texts: dict[str, dict[str, Any]] | None = None
    for key, value in flat.items():
        if LANG_SEP in key:
            field, _, lang = key.partition(LANG_SEP)
            if texts is None:
                texts = {}
            by_lang = texts.get(field)
            if by_lang is None:
                texts[field] = {lang: value}
            else:
                by_lang[lang] = value
        elif key != cypher.SEARCH:
            props[key] = value
    if texts:
        for field, by_lang in texts.items():
            props[field] = (
                by_lang
                if len(by_lang) == 1
                else {lang: by_lang[lang] for lang in sorted(by_lang, key=str.strip)}
            )
    return props


def target_label(kind: RelKind, source: Label) -> Label:
    """The label a reference relationship of `kind` leaving `source` points at."""
    return next(dst for k, src, dst in cypher.REF_TYPES if k is kind and src is source)


def source_label(kind: RelKind, target: Label) -> Label:
    """The label at the source end of an incoming reference relationship `kind`."""
    return next(src for k, src, dst in cypher.REF_TYPES if k is kind and dst is target)


def model_label(labels: Iterable[str]) -> Label:
    for name in labels:
        if name in Label._value2member_map_:
            return Label(name)
    raise ValueError(f"no graphsvc label among {list(labels)}")


def relationship(
    kind: RelKind,
    source: str,
    target: str,
    source_label: Label,
    target_label: Label,
    props: Mapping[str, Any] | None = None,
) -> Relationship:
    return Relationship.model_construct(
        kind=kind,
        source=source,
        target=target,
        source_label=source_label,
        target_label=target_label,
        properties=dict(props or {}),
    )


# -- reads inside one transaction ------------------------------------------------------


class Tx(Protocol):
    def run(self, query: str, parameters: dict[str, Any] | None = None) -> Any: ...


class TxReader:
    """Statements of one transaction, every id list cut into batches of `batch_rows`."""

    def __init__(self, tx: Tx, batch_rows: int = BATCH_ROWS) -> None:
        self.tx = tx
        self.batch_rows = batch_rows

    def run(self, query: str, params: dict[str, Any]) -> Any:
        return self.tx.run(query, params)

    def rows(self, query: str, **params: Any) -> list[dict[str, Any]]:
        return [dict(r) for r in self.tx.run(query, params)]

    def id_batches(self, ids: Iterable[Any]) -> Iterable[list[Any]]:
        return chunked(ids, self.batch_rows)

    def props_many(self, label: Label, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Raw (flat) properties of the nodes of those ids that exist."""
        out: dict[str, dict[str, Any]] = {}
        for chunk in self.id_batches(dict.fromkeys(ids)):
            for row in self.run(cypher.node_props(label), {"ids": chunk}):
                out[row["id"]] = dict(row["props"])
        return out

    def exists(self, label: Label, ids: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for chunk in self.id_batches(dict.fromkeys(ids)):
            found.update(r["id"] for r in self.run(cypher.node_ids(label), {"ids": chunk}))
        return found

    def outgoing(self, label: Label, ids: list[str]) -> list[Relationship]:
        """The relationships that make up the nodes' reference fields."""
        rels: list[Relationship] = []
        for chunk in self.id_batches(ids):
            if cypher.REF_KINDS[label]:
                for row in self.run(cypher.outgoing_refs(label), {"ids": chunk}):
                    kind = RelKind(row["kind"])
                    rels.append(
                        relationship(
                            kind, row["source"], row["target"], label, target_label(kind, label)
                        )
                    )
            if cypher.INCOMING_KINDS[label]:
                for row in self.run(cypher.incoming_refs(label), {"ids": chunk}):
                    kind = RelKind(row["kind"])
                    rels.append(
                        relationship(
                            kind, row["source"], row["target"], source_label(kind, label), label
                        )
                    )
        return rels

    def get_many(self, label: Label, ids: Iterable[str]) -> dict[str, Node]:
        raw = self.props_many(label, ids)
        if not raw:
            return {}
        refs = node_references(self.outgoing(label, list(raw)))
        cls = NODE_TYPES[label]
        return {
            i: cls.model_validate({**decode_props(p), **refs.get((label, i), {})})
            for i, p in raw.items()
        }
