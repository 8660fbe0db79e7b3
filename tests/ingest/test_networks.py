"""Networks in: GraphML, GEXF, GML and edge-list CSV as providers and partnerships.

Real files written by others are in tests/ingest/networks/ (README.md there names each
one's repository, path, commit and licence); the broken ones are made here by hand.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from graphsvc.demo import demo_dataset
from graphsvc.errors import InvalidData
from graphsvc.importing import apply_dataset, import_file
from graphsvc.store import GraphStore, open_store
from ingest import read_file, write_file

NETWORKS = Path(__file__).parent / "networks"


def _counts(store: GraphStore) -> dict[str, int]:
    c = store.counts()
    return {k: v for part in ("nodes", "relationships") for k, v in c[part].items() if v}


def _ties(ds: object) -> list[str]:
    return sorted(p.model_dump_json() for p in ds.partnerships)  # type: ignore[attr-defined]


@pytest.mark.parametrize("suffix", [".graphml", ".gexf"], ids=["graphml", "gexf"])
def test_own_export_round_trips(store: GraphStore, tmp_path: Path, suffix: str) -> None:
    source = open_store(f"sqlite:///{tmp_path / 'exported-from.db'}")
    apply_dataset(source, demo_dataset(), source="demo")
    before = source.snapshot()
    source.close()
    path = tmp_path / f"net{suffix}"
    write_file(before, path)

    report = import_file(store, path)

    after = store.snapshot()
    assert len(after.providers) == 94
    assert {p.id: p.model_dump() for p in after.providers} == {
        p.id: p.model_dump() for p in before.providers
    }
    assert _ties(after) == _ties(before) and len(after.partnerships) == 247
    assert after.services == [] and after.needs == []  # a network brings no more
    assert report.counts.added == {"Provider": 94, "PART_OF": 44, "PARTNERS_WITH": 247}
    assert [w.message for w in report.warnings] == [
        "not read (a network import brings providers and partnerships): "
        "102 AVAILABLE_IN relationship, 12 Area, 103 HAS_NEED relationship, "
        "279 MEETS relationship, 52 MEMBER_OF relationship, 41 Need, 3 Network, "
        "191 OFFERS relationship, 11 PART_OF relationship, 227 SERVES relationship, "
        "191 Service, 9 TargetGroup."
    ]
    again = import_file(store, path)  # the same file again changes nothing
    assert again.counts.total("added") == again.counts.total("updated") == 0


def test_real_graphml_with_self_ties_is_refused_whole(store: GraphStore) -> None:
    # etc/groups' networks.gml: GraphML under a .gml name, the key "type" declared once
    # for nodes and once for edges, four edges from an organisation to itself
    path = NETWORKS / "etcgroups-networks.gml"
    with pytest.raises(InvalidData) as exc:
        import_file(store, path)
    assert [(d.row, d.location, d.field) for d in exc.value.details] == [
        (444, "partnerships", "target"),
        (456, "partnerships", "target"),
        (476, "partnerships", "target"),
        (480, "partnerships", "target"),
    ]
    assert str(exc.value.details[0]) == (
        "etcgroups-networks.gml, partnerships row 444, field target: "
        "the <edge> on line 444: a tie of '13' with itself"
    )
    assert _counts(store) == {}


def test_real_graphml_skip_invalid_leaves_out_the_self_ties(store: GraphStore) -> None:
    report = import_file(store, NETWORKS / "etcgroups-networks.gml", skip_invalid=True)
    # 24 nodes, 47 edges: 4 ties with themselves left out, 1 repeated tie merged
    assert _counts(store) == {"Provider": 24, "PARTNERS_WITH": 42}
    assert [(c.cause, c.list_name, c.entries) for c in report.causes()] == [
        ("invalid", "partnerships", 4)
    ]
    ds = store.snapshot()
    assert {p.sector.value for p in ds.providers} == {"ngo"}
    assert {p.kind.value for p in ds.partnerships} == {"network"}  # Collaborates with, Knows …
    assert next(p for p in ds.providers if p.id == "14").name == "Statewatch"
    assert [w.message for w in report.warnings] == [
        "sector: 24 providers given the default ngo; 24 have no attribute sector or "
        "sektori or actor_type or organisation_type or organization_type.",
        "1 tie(s) repeated in the file (the same two providers and kind) merged into one.",
    ]


def test_real_graphml_small(store: GraphStore) -> None:
    import_file(store, NETWORKS / "etcgroups-movnet.gml")
    assert _counts(store) == {"Provider": 8, "PARTNERS_WITH": 9}


def test_real_gexf_web_atlas(store: GraphStore, tmp_path: Path) -> None:
    # the EuroSiS web atlas: 1,285 actors of science in society, 7,524 undirected links
    path = tmp_path / "WebAtlas_EuroSiS.gexf"
    with gzip.open(NETWORKS / "WebAtlas_EuroSiS.gexf.gz") as src, open(path, "wb") as dst:
        shutil.copyfileobj(src, dst)
    report = import_file(store, path)
    assert _counts(store) == {"Provider": 1285, "PARTNERS_WITH": 6462}
    sectors: dict[str, int] = {}
    for p in store.snapshot().providers:
        sectors[p.sector.value] = sectors.get(p.sector.value, 0) + 1
    assert sectors == {
        "ngo": 184 + 40 + 1 + 47 + 136,  # NGO-CSO, networks, International, unknown values
        "education": 177 + 229 + 25 + 3 + 116 + 8,
        "company": 43 + 91,
        "state": 67 + 6 + 32 + 7,
        "city": 24 + 7,
        "project": 42,
    }
    assert [w.message for w in report.warnings] == [
        "sector: 1149 from actor_type; 136 providers given the default ngo; 3 value(s) "
        "not known: 'Portal or other independent Websites' (109), 'Personal websites' "
        "(25), 'personal websites' (2) (map them under sector_values in "
        "GRAPHSVC_NETWORK_MAPPING).",
        "partnership kind: 7524 ties given the default other; 7524 have no attribute "
        "kind or laji or partnership_kind or relationship_kind or type.",
        "1062 tie(s) repeated in the file (the same two providers and kind, either way "
        "round) merged into one.",
    ]


GRAPHML = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="d0" for="node" attr.name="label" attr.type="string"/>
  <key id="d1" for="node" attr.name="sektori" attr.type="string"/>
  <graph edgedefault="undirected">
    <node id="jkl"><data key="d0">Jyväskylän kaupunki</data><data key="d1">kunta</data></node>
    <node id="mll"><data key="d0">MLL Keski-Suomi</data><data key="d1">ngo</data></node>
    <node id="k-s"><data key="d0">Keski-Suomen hyvinvointialue</data>
      <data key="d1">Hyvinvointialue</data></node>
    <edge source="jkl" target="mll"><data key="laji">avustus</data></edge>
    <edge source="mll" target="jkl"><data key="laji">avustus</data></edge>
    <edge source="mll" target="jkl"><data key="laji">hanke</data></edge>
    <edge source="k-s" target="jkl"><data key="laji">ostopalvelu</data></edge>
  </graph>
</graphml>
"""


def test_hand_made_graphml_undeclared_key_and_merged_ties(
    store: GraphStore, tmp_path: Path
) -> None:
    path = tmp_path / "verkosto.graphml"
    path.write_text(GRAPHML, "utf-8")
    report = import_file(store, path)
    ds = store.snapshot()
    assert {p.id: p.sector.value for p in ds.providers} == {
        "jkl": "city",
        "mll": "ngo",
        "k-s": "wellbeing_county",
    }
    # undirected: mll–jkl grant is jkl–mll grant again; the project tie is another kind
    assert sorted((p.source, p.target, p.kind.value) for p in ds.partnerships) == [
        ("jkl", "mll", "grant"),
        ("k-s", "jkl", "purchase"),
        ("mll", "jkl", "project"),
    ]
    assert [w.message for w in report.warnings] == [
        "1 tie(s) repeated in the file (the same two providers and kind, either way "
        "round) merged into one.",
        "attribute(s) laji used without a declaration: read under that name.",
    ]


@pytest.mark.parametrize(
    "change,message",
    [
        (
            ('<edge source="k-s" target="jkl">', '<edge id="e9" source="k-s" target="oulu">'),
            "verkosto.graphml, partnerships row 13 (id e9), field target: the <edge> on "
            "line 13: its target 'oulu' is no node of the file",
        ),
        (
            ('<node id="mll">', '<node id="jkl">'),
            "verkosto.graphml, providers row 7 (id jkl), field id: the <node> on line 7: "
            "a second node with id 'jkl' (the first is on line 6)",
        ),
    ],
    ids=["edge-to-nowhere", "same-id-twice"],
)
def test_a_broken_element_is_named_by_line_and_id_and_nothing_written(
    store: GraphStore, tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = tmp_path / "verkosto.graphml"
    path.write_text(GRAPHML.replace(*change), "utf-8")
    with pytest.raises(InvalidData) as exc:
        import_file(store, path)
    assert str(exc.value.details[0]) == message
    assert _counts(store) == {}


def test_xml_that_is_not_well_formed_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "rikki.graphml"
    path.write_text(GRAPHML.replace('</node>\n    <node id="mll">', '\n<node id="mll">'), "utf-8")
    with pytest.raises(
        InvalidData,
        match=r"rikki.graphml, line 14, column 5: not well-formed XML \(mismatched tag\)",
    ):
        read_file(path)


def test_a_dtd_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dtd.gexf"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE gexf [<!ENTITY a "aaaa">]>\n<gexf><graph/></gexf>',
        "utf-8",
    )
    with pytest.raises(InvalidData, match=r"dtd.gexf, line 2: a DTD"):
        read_file(path)


# Gephi writes GML with `Creator` first, a label beside each numeric id and repeated
# edges without `multigraph 1`, which networkx alone refuses
GML = """Creator "Gephi"
graph
[
  directed 0
  node [ id 1 label "Jyväskylän kaupunki" sector "city" graphics [ x 1.0 y 2.0 ] ]
  node [ id 2 label "Kaupunkiseurakunta" sector "seurakunta" ]
  node [ id 3 label "Nuorisoasema" ]
  edge [ source 1 target 2 kind "network" ]
  edge [ source 2 target 1 kind "network" ]
  edge [ source 3 target 1 ]
]
"""


def test_gephi_gml(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "verkosto.gml"
    path.write_text(GML, "utf-8")
    report = import_file(store, path)
    ds = store.snapshot()
    assert {(p.id, str(p.name), p.sector.value) for p in ds.providers} == {
        ("1", "Jyväskylän kaupunki", "city"),
        ("2", "Kaupunkiseurakunta", "parish"),
        ("3", "Nuorisoasema", "ngo"),
    }
    assert sorted((p.source, p.target, p.kind.value) for p in ds.partnerships) == [
        ("1", "2", "network"),
        ("1", "3", "other"),  # (undirected: networkx gives the ends in its order)
    ]
    assert len(report.warnings) == 3  # a sector and a kind defaulted, a tie merged


def test_edge_list_csv_sniffed_by_its_header(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "kumppanit.csv"
    path.write_text(
        "Source;Target;Type;kind\n"
        "Jyväskylän kaupunki;MLL;Undirected;grant\n"
        "MLL;Jyväskylän kaupunki;Undirected;grant\n"
        "MLL;Nuorisoasema;Directed;referral\n"
        "\n",
        "utf-8",
    )
    import_file(store, path)
    ds = store.snapshot()
    assert sorted(p.id for p in ds.providers) == ["Jyväskylän kaupunki", "MLL", "Nuorisoasema"]
    assert sorted((p.source, p.target, p.kind.value) for p in ds.partnerships) == [
        ("Jyväskylän kaupunki", "MLL", "grant"),
        ("MLL", "Nuorisoasema", "referral"),
    ]


def test_edge_list_without_ends_says_what_it_needs(tmp_path: Path) -> None:
    path = tmp_path / "x.edges.csv"
    path.write_text("a,b\n1,2\n", "utf-8")
    with pytest.raises(InvalidData, match=r"x.edges.csv, row 1: an edge list needs columns"):
        read_file(path)
