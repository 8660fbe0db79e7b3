"""The arrows of the code run one way: no module of graphsvc, ingest or visual imports
itself back, directly or through others (an import inside a function counts too; one
under `if TYPE_CHECKING:` does not, since it never runs)."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("graphsvc", "ingest", "visual")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


def _imported(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:  # relative: from the module's package, up level - 1
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join([*package, *([node.module] if node.module else [])])
    else:
        base = node.module or ""
    # (a name that is not a module of its own is found in `base` by the caller)
    return [f"{base}.{alias.name}" for alias in node.names]


def _imports(module: str, path: Path) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def import_graph() -> nx.DiGraph:
    modules = _modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for module, path in modules.items():
        for node in _imports(module, path):
            for name in _imported(module, path, node):
                while name and name not in modules and "." in name:
                    name = name.rsplit(".", 1)[0]
                if name in modules and name != module:
                    graph.add_edge(module, name)
    return graph


def test_the_graph_is_read_at_all() -> None:
    graph = import_graph()
    assert graph.number_of_nodes() > 80
    # a few arrows that must be there (the check would pass vacuously without them)
    assert graph.has_edge("ingest.registry", "ingest.workbook.tabular")
    assert graph.has_edge("graphsvc.store.neo4j", "graphsvc.store.neo4j_write")
    assert graph.has_edge("ingest.workbook.tabular", "ingest.hsds.read")  # a lazy import counts


def test_no_module_imports_itself_back() -> None:
    cycles = [sorted(c) for c in nx.strongly_connected_components(import_graph()) if len(c) > 1]
    assert cycles == []


def test_ingest_imports_no_web_api_or_cli() -> None:
    graph = import_graph()
    wrong = [
        (a, b)
        for a, b in graph.edges
        if a.startswith(("ingest", "visual"))
        and b.startswith(("graphsvc.api", "graphsvc.web", "graphsvc.cli"))
    ]
    assert wrong == []


def _arrows_out_of(graph: nx.DiGraph, prefix: str) -> set[str]:
    return {b for a, b in graph.edges if a.startswith(prefix) and not b.startswith(prefix)}


def test_readers_know_only_the_model() -> None:
    # the import use-case (graphsvc.importing) sits above both readers and stores
    out = _arrows_out_of(import_graph(), "ingest")
    assert out and all(
        m.startswith(("graphsvc.model", "graphsvc.errors", "graphsvc.perf")) for m in out
    ), out


def test_stores_know_no_reader_no_import_use_case_and_no_edge() -> None:
    out = _arrows_out_of(import_graph(), "graphsvc.store")
    assert "graphsvc.model" in out
    wrong = {
        m
        for m in out
        if m.startswith(
            (
                "ingest",
                "graphsvc.importing",
                "graphsvc.api",
                "graphsvc.web",
                "graphsvc.cli",
                "visual",
            )
        )
    }
    assert wrong == set()


def test_the_import_use_case_is_above_readers_and_stores() -> None:
    out = _arrows_out_of(import_graph(), "graphsvc.importing")
    assert {"ingest.base", "ingest.registry", "graphsvc.store.base"} <= out


def test_the_api_and_the_pages_never_import_each_other() -> None:
    graph = import_graph()
    api_to_web = _arrows_out_of(graph, "graphsvc.api") & set(_modules_under("graphsvc.web"))
    web_to_api = _arrows_out_of(graph, "graphsvc.web") & set(_modules_under("graphsvc.api"))
    assert api_to_web == set() and web_to_api == set()
    # what they share sits below both, and only the composition root knows both
    assert (
        _arrows_out_of(graph, "graphsvc.serving")
        & set(_modules_under("graphsvc.api") + _modules_under("graphsvc.web"))
        == set()
    )
    knows_both = {
        a
        for a in graph
        if any(b.startswith("graphsvc.api") for b in graph.successors(a))
        and any(b.startswith("graphsvc.web") for b in graph.successors(a))
    }
    assert knows_both == {"graphsvc.app"}


def test_the_cli_builds_the_service_only_through_the_composition_root() -> None:
    out = _arrows_out_of(import_graph(), "graphsvc.cli")
    assert "graphsvc.app" in out
    assert {m for m in out if m.startswith(("graphsvc.api", "graphsvc.web"))} == set()


def _modules_under(prefix: str) -> list[str]:
    return [m for m in _modules() if m == prefix or m.startswith(prefix + ".")]


def test_the_word_catalogue_is_below_analysis_views_and_pages() -> None:
    graph = import_graph()
    out = _arrows_out_of(graph, "graphsvc.words")
    assert all(m.startswith("graphsvc.model") for m in out), out
    # and they all read their words from it
    users = {a for a, b in graph.edges if b.startswith("graphsvc.words")}
    assert {"graphsvc.analysis.ranking", "visual.style", "graphsvc.web.i18n"} <= users
