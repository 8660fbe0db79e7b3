"""GraphML and GEXF export (every property kept) and the gap-report CSV writer."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from graphsvc.errors import InvalidData
from graphsvc.model import Dataset
from ingest import write_file
from ingest.graphml import flatten, node_key, write_gap_csv
from ingest.textfiles import XML_ILLEGAL_RE


@pytest.mark.parametrize(
    "suffix,reader",
    [(".graphml", nx.read_graphml), (".gexf", nx.read_gexf)],
    ids=["graphml", "gexf"],
)
def test_every_node_edge_and_property_is_kept(
    tmp_path: Path, small_dataset: Dataset, suffix: str, reader: object
) -> None:
    path = tmp_path / f"net{suffix}"
    result = write_file(small_dataset, path)
    assert result.paths == [path]
    graph = reader(path)  # type: ignore[operator]
    nodes = list(small_dataset.iter_nodes())
    assert graph.number_of_nodes() == len(nodes)
    assert graph.number_of_edges() == len(list(small_dataset.relationships()))
    for node in nodes:
        attrs = graph.nodes[node_key(node.label, node.id)]
        assert attrs["type"] == node.label.value
        assert attrs["label"] == node.display_name("fi")
        expected = flatten(node.properties())
        expected.pop("id")
        for key, value in expected.items():
            assert attrs[key] == value, (node.id, key)
    service = graph.nodes["Service:s-paivakoti"]
    assert (service["name_fi"], service["name_en"]) == ("Päiväkoti Keltinmäki", "Day care")
    assert graph.nodes["Provider:mll"]["tags"] == "perhe|lapset"
    assert graph.nodes["Service:s-perhekerho"]["min_age"] == 0.0
    project = [d for _, _, d in graph.edges(data=True) if d.get("kind") == "project"]
    assert len(project) == 1
    assert project[0]["relationship"] == "PARTNERS_WITH"
    assert (project[0]["since"], project[0]["until"], project[0]["note"]) == (
        "2019-03-01",
        "2021-12-31",
        "Perhekahvilat",
    )


def test_same_id_under_two_labels_stays_two_nodes(tmp_path: Path) -> None:
    ds = Dataset.model_validate(
        {
            "needs": [{"id": "x", "name": "Tarve"}],
            "target_groups": [{"id": "x", "name": "Ryhmä", "kind": "special"}],
        }
    )
    write_file(ds, tmp_path / "g.gexf")
    assert set(nx.read_gexf(tmp_path / "g.gexf").nodes) == {"Need:x", "TargetGroup:x"}


def _controls() -> Dataset:
    # PTV text holds Word's vertical tabs and stray NULs, which XML 1.0 cannot
    return Dataset.model_validate(
        {
            "providers": [
                {
                    "id": "mll\x00",
                    "name": "MLL\x0b Keski-Suomi",
                    "sector": "ngo",
                    "description": "Avoin\x00 kaikille",
                },
                {"id": "jkl", "name": "Jyväskylä", "sector": "city"},
            ],
            "services": [
                {
                    "id": "s",
                    "name": {"fi": "Perhe\x0bkerho", "en": "Family club"},
                    "provider": "mll\x00",
                    "description": "Joka\x00 viikko\x0b",
                }
            ],
            "partnerships": [
                {
                    "source": "mll\x00",
                    "target": "jkl",
                    "kind": "project",
                    "note": "Perhe\x00kahvilat",
                }
            ],
        }
    )


@pytest.mark.parametrize(
    "suffix,reader",
    [(".graphml", nx.read_graphml), (".gexf", nx.read_gexf)],
    ids=["graphml", "gexf"],
)
def test_control_characters_are_removed_and_edges_follow_the_cleaned_ids(
    tmp_path: Path, suffix: str, reader: object
) -> None:
    path = tmp_path / f"net{suffix}"
    result = write_file(_controls(), path)
    assert any("control characters" in n and "removed" in n for n in result.notes)
    assert not XML_ILLEGAL_RE.search(path.read_text(encoding="utf-8"))
    ET.parse(path)  # well-formed XML
    graph = reader(path)  # type: ignore[operator]
    assert set(graph.nodes) == {"Provider:mll", "Provider:jkl", "Service:s"}
    provider, service = graph.nodes["Provider:mll"], graph.nodes["Service:s"]
    assert (provider["name"], provider["description"]) == ("MLL Keski-Suomi", "Avoin kaikille")
    assert (service["name_fi"], service["description"]) == ("Perhekerho", "Joka viikko")
    # the id held the NUL: both edges must still start at the one cleaned node
    assert {(u, v, d["relationship"]) for u, v, d in graph.edges(data=True)} == {
        ("Provider:mll", "Service:s", "OFFERS"),
        ("Provider:mll", "Provider:jkl", "PARTNERS_WITH"),
    }
    assert [d["note"] for *_, d in graph.edges(data=True) if "note" in d] == ["Perhekahvilat"]


def test_ids_that_become_one_once_cleaned_are_refused(tmp_path: Path) -> None:
    ds = Dataset.model_validate({"needs": [{"id": "x\x00", "name": "A"}, {"id": "x", "name": "B"}]})
    with pytest.raises(InvalidData, match="same once control characters are removed"):
        write_file(ds, tmp_path / "g.graphml")
    assert not (tmp_path / "g.graphml").exists()


def test_gap_csv_is_formula_safe_and_opens_in_finnish_excel(tmp_path: Path) -> None:
    rows = [
        {
            "group": "age-7-21",
            "need": '=HYPERLINK("http://e")',
            "providers": ["a", "b"],
            "share": 0.25,
        },
        {
            "group": "age-0-6",
            "status": "uncovered",
            "name": {"fi": "Kerhot", "en": "Clubs"},
            "critical": True,
            "count": 0,
        },
    ]
    path = tmp_path / "gaps.csv"
    result = write_gap_csv(rows, path)
    assert any("apostrophe" in n for n in result.notes)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert table[0] == [
        "group",
        "need",
        "providers",
        "share",
        "status",
        "name",
        "critical",
        "count",
    ]
    assert table[1][:4] == ["age-7-21", '\'=HYPERLINK("http://e")', "a|b", "0,25"]
    assert table[2][4:] == ["uncovered", '{"en": "Clubs", "fi": "Kerhot"}', "true", "0"]
    for row in table:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@"))


def test_gap_csv_holds_no_control_characters(tmp_path: Path) -> None:
    result = write_gap_csv(
        [{"group": "age\x00-7-21", "need": "=Ker\x0bhot"}], tmp_path / "gaps.csv"
    )
    assert any("2 cell(s) held control characters" in n for n in result.notes)
    text = (tmp_path / "gaps.csv").read_text(encoding="utf-8-sig")
    assert list(csv.reader(io.StringIO(text), delimiter=";"))[1] == ["age-7-21", "'=Kerhot"]


def test_gap_csv_needs_an_existing_folder(tmp_path: Path) -> None:
    with pytest.raises(InvalidData, match="does not exist"):
        write_gap_csv([{"a": 1}], tmp_path / "nope" / "gaps.csv")
    write_gap_csv([], tmp_path / "empty.csv")
    assert (tmp_path / "empty.csv").read_bytes() == b"\xef\xbb\xbf\r\n"
