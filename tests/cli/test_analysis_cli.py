"""The analysis commands (gaps, coverage, network, scenario) on a real SQLite store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graphsvc.cli.common import Cli, app, console
from graphsvc.model import NODE_LISTS, Dataset
from graphsvc.store import GraphWriter, open_store
from graphsvc.words import Words
from tests.analysis.conftest import build

AS_OF = ["--as-of", "2025-06-01"]

# youth/n: y alone (fragile); adults/n: a and b, both ngo (single sector);
# y – hub – a – b: hub and a are articulation points; y and a are not tied directly,
# so youth → adults breaks for n. "old" ended in 2024 and is left out.
DATA = build(
    demand=[("youth", "n", 1), ("adults", "n", 2)],
    providers=[
        ("y", "city"),
        ("a", "ngo"),
        ("b", "ngo"),
        ("hub", "state"),
        {"id": "old", "sector": "company", "valid_to": "2024-12-31"},
    ],
    services=[
        {"provider": "y", "needs": "n", "groups": "youth"},
        *({"provider": p, "needs": "n", "groups": "adults"} for p in ("a", "b", "old")),
    ],
    ties=[("y", "hub"), ("hub", "a"), ("a", "b")],
)


def load(url: str, ds: Dataset) -> None:
    store = open_store(url)
    try:

        def work(w: GraphWriter) -> None:
            for list_name, label in NODE_LISTS:
                w.upsert_nodes(label, getattr(ds, list_name))
            w.upsert_relationships(ds.relationships())

        store.transact(work)
    finally:
        store.close()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    load(url, DATA)
    yield url


def invoke(db: str, *args: str):
    run = Cli()  # what `main` makes: the run's settings and store, closed after it
    try:
        return CliRunner().invoke(app, ["--store", db, *args], obj=run)
    finally:
        run.close()


def test_gaps_json(db: str) -> None:
    result = invoke(db, "gaps", *AS_OF, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2025-06-01"
    assert [
        (r["group"], r["need"], r["status"], r["providers"], r["sectors"]) for r in data["coverage"]
    ] == [
        ("adults", "n", "single_sector", ["a", "b"], ["ngo"]),
        ("youth", "n", "fragile", ["y"], ["city"]),
    ]
    assert {c["provider"]: c["reasons"] for c in data["critical_providers"]} == {
        "y": ["sole_provider"],
        "a": ["articulation_point"],
        "hub": ["articulation_point"],
    }
    assert [(t["from_group"], t["to_group"], t["need"]) for t in data["transition_gaps"]] == [
        ("youth", "adults", "n")
    ]
    assert data["area_gaps"] == []
    assert [
        (g["kind"], g["severity"], g["group"], g["need"], g["providers"]) for g in data["ranked"]
    ] == [
        ("fragile", 14, "youth", "n", ["y"]),
        ("transition", 12, "youth", "n", ["a", "b", "y"]),
        ("single_sector", 9, "adults", "n", ["a", "b"]),  # 3 + (3 - 2) × 4 + (4 - 2)
    ]
    assert data["ranked"][0]["message"] == (
        "Tarpeeseen »tarve n« ryhmässä »ryhmä youth« vastaa vain yksi toimija, »tuottaja y«."
    )


def test_gaps_table_in_english(db: str) -> None:
    result = invoke(db, "gaps", *AS_OF, "--group", "youth", "--lang", "en")
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first == (
        "Gap report as of 2025-06-01 — group youth. Coverage: 0 uncovered, "
        "1 fragile, 0 single-sector, 0 covered. Transition gaps: 1, area gaps: "
        "0, critical providers: 1."
    )
    assert 'Only one provider meets the need "need n"' in result.stdout
    assert "Critical providers" in result.stdout


def test_as_of_decides_what_counts(db: str) -> None:
    data = json.loads(invoke(db, "coverage", "--as-of", "2024-06-01", "--json").stdout)
    assert data["coverage"][0]["providers"] == ["a", "b", "old"]  # old was still active
    assert data["coverage"][0]["sectors"] == ["company", "ngo"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["gaps", "--group", "nope"], "Error: --group: no target group with id 'nope'."),
        (["gaps", "--need", "nope"], "Error: --need: no need with id 'nope'."),
        (["coverage", "--area", "nope"], "Error: --area: no area with id 'nope'."),
        (["network", "--group", "nope"], "Error: --group: no target group with id 'nope'."),
        (["scenario", "--remove-provider", "ghost"], "Error: no provider with id 'ghost'."),
        (["scenario", "--remove-sector", "cty"], "Error: 'cty' is not a sector; use one of"),
        (["scenario", "--move-sector", "y"], "Error: 'y': write a move as PROVIDER_ID=SECTOR"),
        (["scenario", "--add-partnership", "y"], "Error: 'y': write a partnership as ID_A,ID_B"),
    ],
    ids=["group", "need", "area", "network-group", "provider", "sector", "move", "pair"],
)
def test_unknown_ids_and_bad_values_exit_1(db: str, args: list[str], message: str) -> None:
    result = invoke(db, *args)
    assert result.exit_code == 1
    assert result.stderr.startswith(message)
    assert result.stdout == ""


@pytest.mark.parametrize("args", [["gaps", "--as-of", "June"], ["gaps", "--lang", "sv"]])
def test_bad_options_are_usage_errors(db: str, args: list[str]) -> None:
    assert invoke(db, *args).exit_code == 2


def test_coverage_table(db: str) -> None:
    result = invoke(db, "coverage", *AS_OF, "--need", "n")
    assert result.exit_code == 0
    assert result.stdout.startswith("Coverage as of 2025-06-01\n")
    assert "single_sector" in result.stdout and "fragile" in result.stdout


def test_network_json_and_table(db: str) -> None:
    data = json.loads(invoke(db, "network", *AS_OF, "--json").stdout)
    assert data["network"]["providers"] == 4 and data["network"]["ties"] == 3
    assert data["articulation_points"] == ["a", "hub"]
    assert data["bridges"] == [["a", "b"], ["a", "hub"], ["hub", "y"]]
    assert data["brokers"]["exact"] is True
    # a and hub both lie on 2 of the 3 pairs of the others: 2/3 each
    assert [(b["provider"], round(b["betweenness"], 3)) for b in data["brokers"]["brokers"]][
        :2
    ] == [("a", 0.667), ("hub", 0.667)]
    group = json.loads(invoke(db, "network", *AS_OF, "--group", "adults", "--json").stdout)
    assert [c["group"] for c in group["collaboration"]] == ["adults"]
    assert group["articulation_points"] == ["a"]
    table = invoke(db, "network", *AS_OF).stdout
    assert table.startswith(
        "Partnership network as of 2025-06-01: 4 providers, 3 ties, "
        "1 components (largest 4, 0 isolated)"
    )


def test_scenario_json_and_table(db: str) -> None:
    result = invoke(db, "scenario", *AS_OF, "--remove-provider", "b", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["changes"]["remove_providers"] == ["b"]
    assert [
        (c["group"], c["need"], c["before"], c["after"]) for c in data["diff"]["newly_fragile"]
    ] == [("adults", "n", "single_sector", "fragile")]
    assert data["diff"]["new_critical_providers"] == []  # a was critical already
    assert {"before", "after", "diff"} <= set(data)
    # a moves to the city: a (city) and b (ngo) now cover adults/n from two sectors
    result = invoke(
        db,
        "scenario",
        *AS_OF,
        "--remove-provider",
        "hub",
        "--move-sector",
        "a=city",
        "--add-partnership",
        "y,b",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "Scenario as of 2025-06-01: uncovered 0 → 0, fragile 1 → 1, single-sector 1 → 0, "
        "components 1 → 1."
    )


def test_scenario_remove_partnership_splits(db: str) -> None:
    data = json.loads(
        invoke(db, "scenario", *AS_OF, "--remove-partnership", "a,hub", "--json").stdout
    )
    assert data["diff"]["split_components"] == [
        {"anchor": "a", "providers": 4, "into": 2, "piece_sizes": [2, 2]}
    ]


def test_gaps_say_so_when_no_group_has_needs(tmp_path: Path, db: str) -> None:
    url = f"sqlite:///{tmp_path / 'bare.db'}"
    load(
        url,
        build(
            demand=[],
            providers=[("y", "city")],
            services=[{"provider": "y", "needs": "n", "groups": "youth"}],
        ),
    )
    result = invoke(url, "gaps", "--group", "youth")
    assert result.exit_code == 0, result.output
    assert "group youth has no needs listed" in result.stdout
    assert "group_needs" in result.stdout
    # one line, in the report's language, naming the command that adds a demand side
    whole = invoke(url, "gaps", "--lang", "en").stdout
    assert Words("en")("gaps.no_demand") in whole.replace("\n", " ")
    assert "graphsvc demand apply statutory" in Words("fi")("gaps.no_demand")
    assert "demand apply" not in invoke(db, "gaps").stdout  # (DATA has group needs)
    assert "needs listed" not in invoke(db, "gaps").stdout


# Long ids, as real networks have: in an 80-column table they used to end in "…".
LONG = build(
    groups=[("long-term-unemployed-adults", "special")],
    demand=[("long-term-unemployed-adults", "mental-health-and-substance-abuse", 1)],
    providers=[("jkl-aikuissosiaalityo", "wellbeing_county"), ("a-klinikka", "ngo")],
    services=[
        {
            "provider": p,
            "needs": "mental-health-and-substance-abuse",
            "groups": "long-term-unemployed-adults",
        }
        for p in ("jkl-aikuissosiaalityo", "a-klinikka")
    ],
    ties=[("jkl-aikuissosiaalityo", "a-klinikka")],
)


@pytest.mark.parametrize(
    "args",
    [
        ["coverage"],
        ["network"],
        ["scenario", "--move-sector", "a-klinikka=wellbeing_county"],
    ],
    ids=["coverage", "network", "scenario"],
)
def test_tables_fold_long_ids_rather_than_cut_them(tmp_path: Path, args: list[str]) -> None:
    url = f"sqlite:///{tmp_path / 'long.db'}"
    load(url, LONG)
    result = invoke(url, *args, *AS_OF)
    assert result.exit_code == 0, result.output
    assert "…" not in result.stdout
    assert (
        max(len(line) for line in result.stdout.splitlines() if line.startswith(("┃", "│"))) <= 80
    )
    # every character of the ids is there, folded onto the next lines at worst
    rows = [line.split("│") for line in result.stdout.splitlines() if line.startswith("│")]
    rows = [row for row in rows if len(row) == len(rows[0])]  # the first table
    columns = ["".join(row[i].strip() for row in rows) for i in range(1, len(rows[0]) - 1)]
    assert any("long-term-unemployed-adults" in column for column in columns)


def test_scenario_without_changes_is_a_usage_error(db: str) -> None:
    result = invoke(db, "scenario", *AS_OF)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: give at least one change: --remove-provider")


def test_scenario_that_changes_no_status_says_so(db: str) -> None:
    # y and a are already tied through hub; a direct tie changes no (group, need) status
    result = invoke(db, "scenario", *AS_OF, "--add-partnership", "y,a")
    assert result.exit_code == 0, result.output
    assert "No need of any group changes its coverage status." in result.stdout
    assert "┏" not in result.stdout  # no empty table


def test_gaps_write_the_ranked_list_as_csv_for_finnish_excel(db: str, tmp_path: Path) -> None:
    out = tmp_path / "aukot.csv"
    result = invoke(db, "gaps", *AS_OF, "--json", "--csv", str(out))
    assert result.exit_code == 0, result.output
    ranked = json.loads(result.stdout)["ranked"]  # stdout stays pure JSON
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "severity;kind;priority;group;need;to_group;area;providers;message"
    assert len(lines) == 1 + len(ranked) > 1
    # the kind in the words of the pages' badges (the JSON keeps the code)
    kind = Words("fi").finding
    assert [line.split(";")[:5] for line in lines[1:]] == [
        [
            str(g["severity"]),
            kind(g["kind"], capital=True),
            str(g["priority"]),
            g["group"],
            g["need"],
        ]
        for g in ranked
    ]
    assert {line.split(";")[1] for line in lines[1:]} <= {
        "Ei toimijaa",
        "Yhden toimijan varassa",
        "Yhden sektorin varassa",
        "Siirtymäaukko",
        "Alueellinen aukko",
    }
    bad = invoke(db, "gaps", *AS_OF, "--csv", str(tmp_path / "nope" / "x.csv"))
    assert bad.exit_code == 1 and "does not exist" in bad.output


def test_scenario_tables_name_groups_needs_and_providers(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(console, "width", 200)  # (one line a row)
    result = invoke(db, "scenario", *AS_OF, "--remove-provider", "b")
    assert result.exit_code == 0, result.output
    # adults' n was met by a and b (one sector): without b, by a alone; in Finnish
    [row] = [line for line in result.stdout.splitlines() if "newly fragile" in line]
    cells = [c.strip() for c in row.split("│")[1:-1]]
    assert cells == [
        "newly fragile",
        "ryhmä adults",
        "tarve n",
        "yhden sektorin varassa",
        "yhden toimijan varassa",
        "tuottaja a",
    ]
