"""igraph and networkx give the same betweenness; igraph loads without matplotlib."""

from __future__ import annotations

import subprocess
import sys

import networkx as nx
import pytest

from graphsvc.analysis.centrality import betweenness, has_igraph


@pytest.mark.skipif(not has_igraph(), reason="igraph is not installed")
@pytest.mark.parametrize("k", [None, 5])
def test_both_backends_agree(k: int | None) -> None:
    graph = nx.les_miserables_graph()
    ours = betweenness(graph, k=k, backend="igraph")
    reference = nx.betweenness_centrality(graph, k=k, seed=42)
    assert ours.keys() == reference.keys()
    assert all(ours[v] == pytest.approx(reference[v], abs=1e-12) for v in graph)


@pytest.mark.skipif(not has_igraph(), reason="igraph is not installed")
def test_the_cli_loads_igraph_without_matplotlib_and_matplotlib_still_works() -> None:
    code = (
        "import sys\n"
        "from graphsvc.analysis.centrality import load_igraph\n"
        "load_igraph()\n"
        "assert 'igraph' in sys.modules and 'matplotlib' not in sys.modules\n"
        "import matplotlib.pyplot, igraph\n"  # the views still draw; igraph still counts
        "print(igraph.Graph.Ring(5).betweenness())\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[1.0, 1.0, 1.0, 1.0, 1.0]"
