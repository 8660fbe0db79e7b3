"""Brokers: betweenness (exact and sampled, networkx and igraph), cross-sector ties, E-I."""

from __future__ import annotations

import networkx as nx
import pytest

from graphsvc.analysis import brokers, gap_report, group_ei, network_report
from graphsvc.analysis.centrality import betweenness, has_igraph
from graphsvc.analysis.graph import prepare
from graphsvc.errors import InvalidData
from tests.analysis.conftest import DAY, build, run_doctests

# a – b – c – d – e, sectors city city ngo ngo state
PATH = build(
    providers=[("a", "city"), ("b", "city"), ("c", "ngo"), ("d", "ngo"), ("e", "state")],
    ties=[("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")],
)


def test_exact_up_to_5000_providers() -> None:
    from graphsvc.analysis.brokers import EXACT_LIMIT

    assert EXACT_LIMIT == 5_000


def test_exact_betweenness_on_a_path() -> None:
    result = brokers(PATH, as_of=DAY, top=None)
    scores = {b.provider: b.betweenness for b in result.brokers}
    # c lies on a–d, a–e, b–d, b–e: 4 of the C(4, 2) = 6 pairs of the others
    assert scores["c"] == pytest.approx(4 / 6)
    assert scores["b"] == pytest.approx(3 / 6)  # a–c, a–d, a–e
    assert scores["a"] == 0.0
    assert [b.provider for b in result.brokers] == ["c", "b", "d", "a", "e"]
    assert (result.exact, result.sample_size) == (True, None)


def test_cross_sector_share_per_provider() -> None:
    rows = {b.provider: b for b in brokers(PATH, as_of=DAY, top=None).brokers}
    assert (rows["b"].degree, rows["b"].cross_sector_ties) == (2, 1)  # b–c crosses
    assert rows["b"].cross_sector_share == 0.5
    assert rows["a"].cross_sector_share == 0.0
    assert rows["e"].cross_sector_share == 1.0
    lonely = build(providers=["x"])
    assert brokers(lonely, as_of=DAY).brokers[0].cross_sector_share is None


def test_top_and_among_limit_the_list() -> None:
    assert [b.provider for b in brokers(PATH, as_of=DAY, top=2).brokers] == ["c", "b"]
    among = brokers(PATH, as_of=DAY, top=1, among={"a", "d", "ghost"}).brokers
    assert [(b.provider, b.betweenness) for b in among] == [("d", pytest.approx(3 / 6))]


@pytest.mark.parametrize(
    "call",
    [
        lambda top: brokers(PATH, as_of=DAY, top=top),
        lambda top: network_report(PATH, as_of=DAY, top_brokers=top),
        lambda top: gap_report(PATH, as_of=DAY, top_brokers=top),
    ],
    ids=["brokers", "network_report", "gap_report"],
)
def test_a_negative_top_is_an_error_not_a_shorter_list(call) -> None:
    # PATH has 5 providers; top=-1 used to slice ranked[:-1] and list 4 of them
    # (`graphsvc network --top -1` dropped the last broker without a word)
    with pytest.raises(InvalidData, match="--top: list 0 or more brokers, not -1"):
        call(-1)
    assert call(0) is not None  # 0 is a valid (empty) list


def test_sampled_above_the_limit_with_a_fixed_seed() -> None:
    result = brokers(PATH, as_of=DAY, top=None, exact_limit=3, sample_size=2, seed=7)
    assert (result.exact, result.sample_size) == (False, 2)
    expected = nx.betweenness_centrality(prepare(PATH, as_of=DAY).graph, k=2, seed=7)
    assert {b.provider: b.betweenness for b in result.brokers} == pytest.approx(expected)


def test_e_i_index_of_group_networks() -> None:
    ds = build(
        demand=[("youth", "n"), ("adults", "n"), ("kids", "n")],
        providers=[("c1", "city"), ("c2", "city"), ("o", "ngo"), ("k", "city")],
        services=[{"provider": p, "needs": "n", "groups": "youth"} for p in ("c1", "c2", "o")]
        + [
            {"provider": "c1", "needs": "n", "groups": "adults"},
            {"provider": "k", "needs": "n", "groups": "kids"},
        ],
        ties=[("c1", "c2"), ("c2", "o"), ("o", "c1"), ("k", "c1")],
    )
    ei = {g.group: g for g in group_ei(ds, as_of=DAY)}
    # youth: c1–c2 internal, c2–o and o–c1 external: (2 − 1) / 3
    assert (ei["youth"].internal, ei["youth"].external) == (1, 2)
    assert ei["youth"].ei_index == pytest.approx(1 / 3)
    assert ei["adults"].ei_index is None  # one provider, no ties
    assert ei["kids"].ei_index is None  # k's only tie goes to c1, outside the kids' network


@pytest.mark.skipif(not has_igraph(), reason="igraph is not installed")
@pytest.mark.parametrize("k", [None, 5, 39], ids=["exact", "sampled", "n-1"])
def test_igraph_gives_the_same_numbers_as_networkx(k) -> None:
    g = nx.relabel_nodes(nx.gnm_random_graph(40, 70, seed=1), lambda i: f"p{i:02d}")
    nxs = betweenness(g, k, 3, backend="networkx")
    igs = betweenness(g, k, 3, backend="igraph")
    assert igs == pytest.approx(nxs, abs=1e-12)
    assert max(nxs.values()) > 0


def test_docstring_examples() -> None:
    run_doctests("graphsvc.analysis.brokers")
    run_doctests("graphsvc.analysis.centrality")
