"""GraphML and GEXF export for Gephi and friends, and the CSV writer of the gap report
(reading GraphML and GEXF: ingest.network).

Every node becomes `<Label>:<id>` (ids are unique per label only) with the attributes
`type` (its label), `label` (its Finnish display name, which Gephi shows) and every
property: a multilingual name or description is flattened to name_fi, name_en, …;
lists are joined with `|`; ages are always floats so a column has one type. Every
relationship becomes an edge with `relationship` (OFFERS, PARTNERS_WITH, …), `label`
(the same, for Gephi) and its properties (a partnership's kind, since, until, note).
Control characters (NUL, a vertical tab, …), which XML 1.0 cannot hold, are removed from
every id, name and value; the WriteResult notes say how many.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphsvc.errors import InvalidData
from graphsvc.model import Dataset, Label
from ingest.base import Format, WriteResult
from ingest.network.read import looks_like_gexf, looks_like_graphml, read_gexf, read_graphml
from ingest.textfiles import XmlText, atomic_write, escape_cell

if TYPE_CHECKING:
    import networkx as nx

_FLOAT_FIELDS = frozenset({"min_age", "max_age"})


def flatten(props: Mapping[str, Any]) -> dict[str, Any]:
    """Properties as flat scalar attributes: name -> name_fi/name_en, lists -> "a|b"."""
    out: dict[str, Any] = {}
    for key, value in props.items():
        if value is None:
            continue
        if isinstance(value, Mapping):
            for lang, text in value.items():
                out[f"{key}_{lang}"] = str(text)
        elif isinstance(value, list | tuple):
            if value:
                out[key] = "|".join(str(v) for v in value)
        elif key in _FLOAT_FIELDS:
            out[key] = float(value)
        elif isinstance(value, bool | int | float | str):
            out[key] = value
        else:
            out[key] = str(value)
    return out


def node_key(label: Label | str, node_id: str) -> str:
    return f"{Label(label).value}:{node_id}"


def to_networkx(ds: Dataset, xml: XmlText) -> nx.MultiDiGraph:
    """The dataset as a networkx multigraph with flat, typed attributes, its ids, keys
    and texts cleaned by `xml` of what XML 1.0 cannot hold.

    Each node id is cleaned once and edges follow it, so they still meet their nodes;
    InvalidData when two ids become one.
    """
    import networkx as nx  # (here: choosing any format imports this module)

    def clean(attrs: Mapping[str, Any]) -> dict[str, Any]:
        return {xml.clean(k): xml.clean(v) if isinstance(v, str) else v for k, v in attrs.items()}

    keys: dict[str, str] = {}  # node key -> cleaned

    def key_of(label: Label, node_id: str) -> str:
        key = node_key(label, node_id)
        if key not in keys:
            keys[key] = xml.clean(key)
            if keys[key] in graph:
                raise InvalidData(
                    f"Node ids {keys[key]!r} and {key!r} are the same once "
                    "control characters are removed; rename one, or export "
                    "JSON instead."
                )
        return keys[key]

    graph = nx.MultiDiGraph(**clean({"name": ds.name or "graphsvc"}))
    for node in ds.iter_nodes():
        attrs = {"type": node.label.value, "label": node.display_name("fi")}
        attrs.update(flatten(node.properties()))
        attrs.pop("id", None)  # the node key holds it; GEXF would take "id" as the XML id
        graph.add_node(key_of(node.label, node.id), **clean(attrs))
    for rel in ds.relationships():
        assert rel.source_label is not None and rel.target_label is not None
        ends = []
        for label, node_id in ((rel.source_label, rel.source), (rel.target_label, rel.target)):
            key = key_of(label, node_id)
            if key not in graph:  # a reference to a node outside the dataset
                graph.add_node(key, **clean({"type": label.value, "label": node_id}))
            ends.append(key)
        attrs = {"relationship": rel.kind.value, "label": rel.kind.value}
        attrs.update(flatten(rel.properties))
        key = f"{rel.kind.value}:{rel.key}" if rel.key else rel.kind.value
        graph.add_edge(ends[0], ends[1], key=xml.clean(key), **clean(attrs))
    return graph


def write_graphml(ds: Dataset, path: Path) -> WriteResult:
    """Write GraphML (opens in Gephi, yEd, Cytoscape)."""
    import networkx as nx

    return _write_graph(
        ds,
        path,
        lambda graph, tmp: nx.write_graphml(graph, tmp, encoding="utf-8", infer_numeric_types=True),
    )


def write_gexf(ds: Dataset, path: Path) -> WriteResult:
    """Write GEXF 1.2 (Gephi's own format)."""
    import networkx as nx

    return _write_graph(ds, path, lambda graph, tmp: nx.write_gexf(graph, tmp, encoding="utf-8"))


def _write_graph(
    ds: Dataset, path: Path, write: Callable[[nx.MultiDiGraph, str], None]
) -> WriteResult:
    xml = XmlText()
    graph = to_networkx(ds, xml)
    atomic_write(path, lambda tmp: write(graph, tmp))
    return WriteResult(
        [path],
        [
            f"{graph.number_of_nodes()} nodes and "
            f"{graph.number_of_edges()} edges; node ids are "
            "<Label>:<id>.",
            *xml.notes("value(s)", "XML"),
        ],
    )


# --- the gap report as CSV -------------------------------------------------------------


def write_gap_csv(
    rows: Iterable[Mapping[str, Any]], path: Path | str, columns: Iterable[str] = ()
) -> WriteResult:
    """Write the rows of `gap_csv` to `path` (atomically)."""
    path = Path(path)
    if not path.parent.exists():
        raise InvalidData(f"{path}: the folder {path.parent} does not exist.")
    text, notes = gap_csv(rows, columns)

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
            fh.write(text)

    atomic_write(path, write)
    return WriteResult([path], notes)


def gap_csv(
    rows: Iterable[Mapping[str, Any]],
    columns: Iterable[str] = (),
    titles: Mapping[str, str] | None = None,
) -> tuple[str, list[str]]:
    """Plain dict rows as CSV text that Finnish Excel opens directly, formula-safe, and
    notes on what was changed (the CLI's file and the web page's download alike).

    Columns are `columns`, then the keys in the order they first appear, headed by their
    `titles` (for a person, in the page's language) or their names; lists are joined
    with `|`, mappings (e.g. multilingual names) written as JSON, decimals with a comma; `;`
    separates cells (write the text as UTF-8 with a BOM). Text that a spreadsheet would
    run as a formula gets a leading single quote; control characters are removed.
    """
    data = [dict(row) for row in rows]
    header = dict.fromkeys(columns)
    for row in data:
        header.update(dict.fromkeys(str(k) for k in row))
    xml = XmlText()

    def cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, float):
            text = repr(value).replace(".", ",")
        elif isinstance(value, Mapping):
            text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
        elif isinstance(value, list | tuple | set | frozenset):
            items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
            text = "|".join(str(v) for v in items)
        else:
            text = str(getattr(value, "value", value))
        return xml.cell(text)

    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    named = titles or {}
    writer.writerow([escape_cell(xml.clean(named.get(c, c))) for c in header])
    for row in data:
        writer.writerow([cell(row.get(c)) for c in header])
    notes = [f"{len(data)} row(s)."]
    if xml.escaped:
        notes.append(
            f"{xml.escaped} cell(s) were written with a leading apostrophe (') so that "
            "spreadsheets show them as text, not formulas."
        )
    return out.getvalue(), notes + xml.notes("cell(s)", "CSV files")


FORMATS = (
    Format(
        "graphml",
        (".graphml",),
        "GraphML for Gephi, yEd, Cytoscape: nodes as providers, edges as partnerships "
        "(graphsvc's own export reads back whole)",
        read_graphml,
        write_graphml,
        looks_like=looks_like_graphml,
    ),
    Format(
        "gexf",
        (".gexf",),
        "GEXF for Gephi: nodes as providers, edges as partnerships",
        read_gexf,
        write_gexf,
        looks_like=looks_like_gexf,
    ),
)
