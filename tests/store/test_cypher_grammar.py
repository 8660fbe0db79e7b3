"""Every Cypher statement the Bolt store can send, checked with Neo4j's own parser.

FalkorDB accepts some Cypher that Neo4j 5 rejects and rejects some that Neo4j needs
(the schema DDL), so passing the Bolt tests proves nothing about Neo4j's grammar. The
official Cypher 5 parser and semantic analysis (`@neo4j-cypher/language-support`,
installed under tests/cypher by `make test`) checks each statement here, with its
declared parameters: an undeclared `$x` is an error too.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from graphsvc.model import Label, RelKind
from graphsvc.store import cypher

HERE = Path(__file__).resolve().parents[1] / "cypher"
PARSER = HERE / "node_modules" / "@neo4j-cypher" / "language-support"
WORKERS = 2


def lint(statements: list[tuple[str, str, list[str]]]) -> dict[str, list[dict[str, Any]]]:
    """{name: diagnostics} from the Node script, in parallel chunks."""
    if shutil.which("node") is None:
        pytest.fail("Node.js is not installed: `make test` installs it (apt nodejs).")
    if not PARSER.is_dir():
        pytest.fail(f"{PARSER} is missing: run `make test`, which runs npm ci in tests/cypher.")
    chunks = [statements[i::WORKERS] for i in range(WORKERS)]

    def run(chunk: list[tuple[str, str, list[str]]]) -> list[dict[str, Any]]:
        doc = {
            "labels": [lbl.value for lbl in Label] + [cypher.META_LABEL],
            "relationshipTypes": [k.value for k in RelKind],
            "statements": [{"name": n, "cypher": c, "params": p} for n, c, p in chunk],
        }
        done = subprocess.run(
            ["node", str(HERE / "parse.mjs")],
            input=json.dumps(doc),
            capture_output=True,
            text=True,
            timeout=900,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        result: list[dict[str, Any]] = json.loads(done.stdout)
        return result

    with ThreadPoolExecutor(WORKERS) as pool:
        results = [r for part in pool.map(run, chunks) for r in part]
    return {r["name"]: r["diagnostics"] for r in results}


def _is_find(name: str) -> bool:
    return name.startswith("find-")


#: every filter a label takes, at once (flags: q sector group age_group need area as_of)
FULL = {"Provider": ("1110111", "1111111"), "Service": ("1110111", "1111111"), "Need": ("1010000",)}


def _covering_find(name: str) -> bool:
    """The listing shapes that together use every fragment: no filter, each filter
    alone (an age group counts as one), and every filter of the label at once."""
    label, flags = name.split("-")[1:3]
    on = [i for i, c in enumerate(flags) if c == "1"]
    return len(on) <= 1 or on == [2, 3] or flags in FULL.get(label, ())


def _check(statements: list[tuple[str, str, list[str]]]) -> None:
    diagnostics = lint(statements)
    problems = [
        f"{name}: {d['message']}\n    {text}"
        for name, text, _ in statements
        for d in diagnostics[name]
    ]
    assert not problems, "\n".join(problems)


def test_the_catalogue_holds_every_kind_of_statement() -> None:
    names = [name for name, _, _ in cypher.all_statements()]
    assert len(names) == len(set(names))
    # the Neo4j-only DDL that FalkorDB never runs is in the catalogue too
    texts = [text for _, text, _ in cypher.all_statements()]
    assert sum("CREATE CONSTRAINT" in t and "IF NOT EXISTS" in t for t in texts) == len(Label) + 1
    assert any(t.startswith("CREATE TEXT INDEX") for t in texts)
    for label in Label:
        assert f"upsert-nodes-{label.value}" in names
    for kind in RelKind:
        assert any(n.startswith(f"merge-rels-{kind.value}-") for n in names)


def test_every_statement_but_the_listing_combinations_parses_as_cypher_5() -> None:
    _check([s for s in cypher.all_statements() if not _is_find(s[0]) or _covering_find(s[0])])


@pytest.mark.slow
def test_every_listing_combination_parses_as_cypher_5() -> None:
    _check([s for s in cypher.all_statements() if _is_find(s[0]) and not _covering_find(s[0])])


def test_the_parser_catches_what_neo4j_would_refuse() -> None:
    """The check is real: Neo4j's parser rejects a typo, an unbound variable and a
    parameter the store would not send."""
    bad = [
        ("typo", "MATCH (n:Provider) RETRN n", []),
        ("unbound", "MATCH (n:Provider) RETURN m", []),
        ("param", "MATCH (n:Provider {id: $id}) RETURN n", []),
    ]
    diagnostics = lint(bad)
    assert all(diagnostics[name] for name, _, _ in bad), diagnostics
