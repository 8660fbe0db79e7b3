"""The network formats' readers and sniffers (GraphML and GEXF are written by
ingest.graphml, which declares those two formats with these readers)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from ingest.base import Format, ReadResult, head_text
from ingest.mapping import load_mapping
from ingest.network.build import build_network
from ingest.network.parse import (
    RawGraph,
    edge_columns,
    parse_edge_list,
    parse_gexf,
    parse_gml,
    parse_graphml,
)
from ingest.textfiles import sniff_delimiter

MAPPING_FILE = "network_mapping.yaml"
MAPPING_ENV = "GRAPHSVC_NETWORK_MAPPING"


def _reader(parse: Callable[[Path], RawGraph]) -> Callable[[Path], ReadResult]:
    def read(path: Path, mapping: str | Path | None = None) -> ReadResult:
        m = load_mapping(MAPPING_FILE, mapping, MAPPING_ENV)  # (a bad mapping: before the file)
        return build_network(parse(path), m)

    read.__doc__ = f"Read a network file ({parse.__name__}) as providers and partnerships."
    return read


read_graphml = _reader(parse_graphml)
read_gexf = _reader(parse_gexf)
read_gml = _reader(parse_gml)
read_edge_list = _reader(parse_edge_list)


def _xml_root(path: Path) -> str:
    """The name of the first element of an XML file ("" if it is none)."""
    if not path.is_file():
        return ""
    text = re.sub(r"<\?.*?\?>|<!--.*?-->", "", head_text(path, 8192), flags=re.S).lstrip()
    found = re.match(r"<(?:[\w.-]+:)?([\w.-]+)", text)
    return found.group(1).lower() if found else ""


def looks_like_graphml(path: Path) -> bool:
    """A file whose first element is <graphml> (prefuse writes GraphML as .gml)."""
    return _xml_root(path) == "graphml"


def looks_like_gexf(path: Path) -> bool:
    return _xml_root(path) == "gexf"


_GML_TOKEN = re.compile(r'"[^"]*"|\[|\]|[^\s\["\]]+')
_KEY = re.compile(r"\w+")


def looks_like_gml(path: Path) -> bool:
    """GML: keys and values, then `graph [` (Gephi puts `Creator "Gephi"` first).

    Read token by token (a regular expression of repeated key-value pairs backtracks
    exponentially on a CSV that is no GML)."""
    if not path.is_file():
        return False
    text = "\n".join(
        line for line in head_text(path, 8192).splitlines() if not line.lstrip().startswith("#")
    )
    tokens = _GML_TOKEN.findall(text)
    for i in range(0, min(len(tokens), 200), 2):
        if tokens[i] == "graph":
            return i + 1 < len(tokens) and tokens[i + 1] == "["
        if not _KEY.fullmatch(tokens[i]) or i + 1 >= len(tokens) or tokens[i + 1] in "[]":
            return False
    return False


def looks_like_edge_list(path: Path) -> bool:
    """A CSV whose header names the two ends (Source, Target …) and that is not named
    after a workbook list (partnerships.csv has source and target too)."""
    from ingest.workbook.columns import SHEETS

    if not path.is_file() or path.stem.lower() in SHEETS:
        return False
    first = head_text(path, 4096).splitlines()[:1]
    if not first:
        return False
    return edge_columns(first[0].split(sniff_delimiter(first[0]))) is not None


FORMATS = (
    Format(
        "gml",
        (".gml",),
        "GML network (Gephi, igraph, networkx): nodes as providers, edges as partnerships",
        read_gml,
        None,
        looks_like=looks_like_gml,
    ),
    Format(
        "edgelist",
        (".edges.csv", ".edgelist.csv"),
        "Edge list CSV (Source;Target and any kind column): names as providers, rows as "
        "partnerships",
        read_edge_list,
        None,
        looks_like=looks_like_edge_list,
    ),
)
