"""Networks as other tools write them — GraphML, GEXF, GML, an edge-list CSV — read into
one plain shape, `RawGraph`: nodes and edges with their attributes as text, each with
the line it is on, so that a message can name the line, the element and the id.

GraphML and GEXF are read here with expat, streaming, not with networkx: networkx
refuses a file whose `<data>` names a key that was never declared, keeps one of two
keys that share an id (one for nodes, one for edges), and says no line in its errors;
its read_gexf cannot read a GEXF 1.1draft file (the EuroSiS atlas), and on a 10 MB
GraphML it takes 4.0 s to expat's 2.2 s (docs/formats.md). GML is read by networkx
(`parse_gml`), whose errors name the line.
A DTD is refused: no network format needs one, and it is the way to entity tricks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.parsers import expat

from graphsvc.errors import InvalidData, RowError
from ingest.textfiles import open_csv


@dataclass
class RawNode:
    id: str
    line: int | None
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass
class RawEdge:
    source: str
    target: str
    line: int | None
    id: str | None = None
    directed: bool | None = None  # None: the graph's default
    attrs: dict[str, str] = field(default_factory=dict)


@dataclass
class RawGraph:
    """A network as read: nodes by id (in file order), edges in file order."""

    file: str
    kind: str  # "GraphML", "GEXF", "GML", "CSV"
    directed: bool = False
    nodes: dict[str, RawNode] = field(default_factory=dict)
    edges: list[RawEdge] = field(default_factory=list)
    #: problems that leave one node or edge out (a second node with an id, an edge
    #: without an end); the builder reports them as refused rows
    problems: list[RowError] = field(default_factory=list)
    #: attribute names used without a declaration (GraphML keys, GEXF attributes)
    undeclared: set[str] = field(default_factory=set)

    def add_node(self, node: RawNode) -> None:
        if node.id in self.nodes:
            first = self.nodes[node.id].line
            self.problems.append(
                RowError(
                    f"the <node> on line {node.line}: a second node with id {node.id!r} "
                    f"(the first is on line {first})",
                    file=self.file,
                    location="providers",
                    row=node.line,
                    id=node.id,
                    field="id",
                )
            )
            return
        self.nodes[node.id] = node


def _local(tag: str) -> str:
    """A tag without its namespace prefix ("y:NodeLabel" -> "NodeLabel")."""
    return tag.rsplit(":", 1)[-1]


class _Xml:
    """Streaming expat parsing with the file's name and line in every error."""

    def __init__(self, path: Path, kind: str) -> None:
        self.path = path
        self.graph = RawGraph(path.name, kind)
        self.parser = expat.ParserCreate()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.text
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.buffer_text = True

    @property
    def line(self) -> int:
        return int(self.parser.CurrentLineNumber)

    def _doctype(self, *_: Any) -> None:
        raise InvalidData(
            f"{self.path.name}, line {self.line}: a DTD (<!DOCTYPE …>) is not read in a "
            f"{self.graph.kind} file; remove it."
        )

    def fail(self, element: str, message: str, id: str | None = None) -> None:
        where = f"<{element}> at line {self.line}" + (f" (id {id})" if id else "")
        raise InvalidData(f"{self.path.name}, {where}: {message}.")

    def start(self, tag: str, attrs: dict[str, str]) -> None:  # pragma: no cover
        raise NotImplementedError

    def end(self, tag: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass

    def run(self) -> RawGraph:
        try:
            with open(self.path, "rb") as fh:
                self.parser.ParseFile(fh)
        except expat.ExpatError as exc:
            raise InvalidData(
                f"{self.path.name}, line {exc.lineno}, column {exc.offset + 1}: not "
                f"well-formed XML ({expat.ErrorString(exc.code)}); is it a whole "
                f"{self.graph.kind} file?"
            ) from None
        return self.graph


@dataclass
class _Key:
    name: str
    domain: str  # node, edge, graph, all


class _GraphMl(_Xml):
    """GraphML: <key>s, <node>s with <data>, <edge>s with <data>; nested graphs' nodes
    count as nodes of the one graph. A <data> whose key was not declared takes the key
    as its name; a key id declared once for nodes and once for edges means either."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, "GraphML")
        self.keys: dict[tuple[str, str], _Key] = {}
        self.item: RawNode | RawEdge | None = None
        self.data_key: str | None = None
        self.buf: list[str] = []
        self.seen_root = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        tag = _local(tag)
        if not self.seen_root:
            self.seen_root = True
            if tag != "graphml":
                self.fail(tag, "the file does not start with <graphml>: not GraphML")
        if tag == "key":
            key_id = attrs.get("id")
            if not key_id:
                self.fail("key", "a key without an id")
            name = attrs.get("attr.name") or attrs.get("yfiles.type") or str(key_id)
            self.keys[(attrs.get("for", "all"), str(key_id))] = _Key(name, attrs.get("for", "all"))
        elif tag == "graph" and not self.graph.nodes and not self.graph.edges:
            self.graph.directed = attrs.get("edgedefault", "directed") == "directed"
        elif tag == "node" and self.item is None:
            node_id = attrs.get("id", "").strip()
            if not node_id:
                self.fail("node", "a node without an id")
            self.item = RawNode(node_id, self.line)
        elif tag == "edge" and self.item is None:
            directed = attrs.get("directed")
            self.item = RawEdge(
                attrs.get("source", "").strip(),
                attrs.get("target", "").strip(),
                self.line,
                attrs.get("id"),
                None if directed is None else directed == "true",
            )
        elif tag == "data" and self.item is not None and self.data_key is None:
            self.data_key = attrs.get("key", "")
            self.buf = []

    def text(self, data: str) -> None:
        if self.data_key is not None:
            self.buf.append(data)

    def end(self, tag: str) -> None:
        tag = _local(tag)
        if tag == "data" and self.data_key is not None and self.item is not None:
            domain = "node" if isinstance(self.item, RawNode) else "edge"
            key = self.keys.get((domain, self.data_key)) or self.keys.get(("all", self.data_key))
            if key is None:
                self.graph.undeclared.add(self.data_key)
                name = self.data_key
            else:
                name = key.name
            value = " ".join("".join(self.buf).split())
            if value:
                self.item.attrs[name] = value
            self.data_key = None
        elif tag == "node" and isinstance(self.item, RawNode):
            self.graph.add_node(self.item)
            self.item = None
        elif tag == "edge" and isinstance(self.item, RawEdge):
            self.graph.edges.append(self.item)
            self.item = None


class _Gexf(_Xml):
    """GEXF 1.1–1.3: <attributes class="node|edge">, <node id label> with <attvalue
    for value>, <edge id source target type label weight kind>. An attvalue whose
    `for` names no declared attribute takes `for` as its name."""

    def __init__(self, path: Path) -> None:
        super().__init__(path, "GEXF")
        self.titles: dict[tuple[str, str], str] = {}
        self.klass = "node"
        self.item: RawNode | RawEdge | None = None
        self.seen_root = False

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        tag = _local(tag)
        if not self.seen_root:
            self.seen_root = True
            if tag != "gexf":
                self.fail(tag, "the file does not start with <gexf>: not GEXF")
        if tag == "graph":
            self.graph.directed = attrs.get("defaultedgetype", "undirected") == "directed"
        elif tag == "attributes":
            self.klass = attrs.get("class", "node")
        elif tag == "attribute":
            attr_id = attrs.get("id", "")
            self.titles[(self.klass, attr_id)] = attrs.get("title") or attr_id
        elif tag == "node" and self.item is None:
            node_id = attrs.get("id", "").strip()
            if not node_id:
                self.fail("node", "a node without an id")
            node = RawNode(node_id, self.line)
            if attrs.get("label", "").strip():
                node.attrs["label"] = attrs["label"].strip()
            self.item = node
        elif tag == "edge" and self.item is None:
            kind = attrs.get("type")
            edge = RawEdge(
                attrs.get("source", "").strip(),
                attrs.get("target", "").strip(),
                self.line,
                attrs.get("id"),
                None if kind is None else kind == "directed",
            )
            for name in ("label", "kind"):
                if attrs.get(name, "").strip():
                    edge.attrs[name] = attrs[name].strip()
            self.item = edge
        elif tag == "attvalue" and self.item is not None:
            klass = "node" if isinstance(self.item, RawNode) else "edge"
            key = attrs.get("for") or attrs.get("id") or ""
            title = self.titles.get((klass, key))
            if title is None:
                self.graph.undeclared.add(key)
            value = " ".join(attrs.get("value", "").split())
            if value:
                self.item.attrs[title or key] = value

    def end(self, tag: str) -> None:
        tag = _local(tag)
        if tag == "node" and isinstance(self.item, RawNode):
            self.graph.add_node(self.item)
            self.item = None
        elif tag == "edge" and isinstance(self.item, RawEdge):
            self.graph.edges.append(self.item)
            self.item = None


def parse_graphml(path: Path) -> RawGraph:
    return _GraphMl(path).run()


def parse_gexf(path: Path) -> RawGraph:
    return _Gexf(path).run()


def parse_gml(path: Path) -> RawGraph:
    """GML by networkx; a file with repeated edges and no `multigraph 1` (Gephi writes
    such) is read as a multigraph, its repeats merged later like any other."""
    import networkx as nx

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        text = path.read_text(encoding="latin-1")
    graph = RawGraph(path.name, "GML")
    try:
        try:
            g = nx.parse_gml(text, label=None)
        except nx.NetworkXError as exc:
            if "duplicated" not in str(exc):
                raise
            g = nx.parse_gml(
                re.sub(r"\bgraph\s*\[", "graph [ multigraph 1", text, count=1), label=None
            )
    except (nx.NetworkXError, ValueError) as exc:
        raise InvalidData(f"{path.name}: not readable GML ({_gml_error(exc)}).") from None
    graph.directed = g.is_directed()
    for node, data in g.nodes(data=True):
        graph.add_node(RawNode(str(node), None, _flat(data)))
    for u, v, data in g.edges(data=True):
        graph.edges.append(RawEdge(str(u), str(v), None, None, None, _flat(data)))
    return graph


def _gml_error(exc: Exception) -> str:
    text = str(exc).rstrip(".")
    return text[:300]


def _flat(data: dict[str, Any]) -> dict[str, str]:
    """GML attributes as text; nested lists (graphics) are left out."""
    return {
        str(k): " ".join(str(v).split())
        for k, v in data.items()
        if not isinstance(v, dict | list) and str(v).strip()
    }


#: header names of an edge list's two ends (folded)
SOURCE_NAMES = ("source", "from", "lahde", "lähde", "mista")
TARGET_NAMES = ("target", "to", "kohde", "mihin")


def edge_columns(header: list[str]) -> tuple[int, int] | None:
    """The columns of the two ends in an edge list's header, or None."""
    folded = [h.strip().casefold() for h in header]
    src = next((i for i, h in enumerate(folded) if h in SOURCE_NAMES), None)
    tgt = next((i for i, h in enumerate(folded) if h in TARGET_NAMES), None)
    return (src, tgt) if src is not None and tgt is not None else None


def parse_edge_list(path: Path) -> RawGraph:
    """An edge list: a header naming the two ends (Source;Target, from,to, lähde;kohde)
    and any other columns (kind, Type, weight …); ends are names, a node made of each."""
    graph = RawGraph(path.name, "CSV")

    def opener() -> Any:
        return open(path, "rb")

    with open_csv(opener, path.name) as table:
        cols = edge_columns(table.header)
        if cols is None:
            raise InvalidData(
                f"{path.name}, row 1: an edge list needs columns named Source and Target "
                f"(or from/to, lähde/kohde); found {', '.join(table.header) or 'none'}."
            )
        names = [h.strip() for h in table.header]
        directed_col = next((i for i, h in enumerate(names) if h.casefold() == "type"), None)
        for row, cells in table.rows:
            cells = [*cells, *[""] * (len(names) - len(cells))]
            src, tgt = cells[cols[0]].strip(), cells[cols[1]].strip()
            if not src and not tgt and not any(c.strip() for c in cells):
                continue
            attrs = {
                names[i]: c.strip() for i, c in enumerate(cells) if i not in cols and c.strip()
            }
            directed = None
            if directed_col is not None and cells[directed_col].strip().casefold() in (
                "directed",
                "undirected",
            ):
                directed = cells[directed_col].strip().casefold() == "directed"
                attrs.pop(names[directed_col], None)
            for end in (src, tgt):
                if end and end not in graph.nodes:
                    graph.nodes[end] = RawNode(end, row, {"label": end})
            graph.edges.append(RawEdge(src, tgt, row, None, directed, attrs))
    return graph
