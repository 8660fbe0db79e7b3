"""`graphsvc demand list | show | apply`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from graphsvc.cli.common import Cli, app


def invoke(url: str, *args: str):
    run = Cli()
    try:
        return CliRunner().invoke(app, ["--store", url, *args], obj=run)
    finally:
        run.close()


def test_list_names_every_profile(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    rows = json.loads(invoke(url, "demand", "list", "--json").stdout)
    assert [(r["name"], r["group_needs"]) for r in rows] == [
        ("statutory", 28),
        ("jyvaskyla-forum", 103),
    ]
    assert rows[0]["title"] == "Lakisääteiset palvelutarpeet"


def test_show_gives_the_act_of_each_need(tmp_path: Path) -> None:
    result = invoke(f"sqlite:///{tmp_path / 'x.db'}", "demand", "show", "statutory", "--json")
    assert result.exit_code == 0, result.output
    pairs = json.loads(result.stdout)["group_needs"]
    assert pairs[0] == {
        "group": "age-0-6",
        "need": "early-education",
        "priority": 1,
        "note": "Varhaiskasvatuslaki 540/2018. Järjestää: kunta.",
    }


def test_apply_twice_then_an_unknown_profile(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    first = invoke(url, "demand", "apply", "statutory")
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("Imported demand:statutory: 52 added, 0 updated, 0 unchanged.")
    again = invoke(url, "demand", "apply", "statutory")
    assert again.stdout.startswith("Imported demand:statutory: 0 added, 0 updated, 52 unchanged.")
    wrong = invoke(url, "demand", "apply", "lakisaateinen")
    assert wrong.exit_code == 1
    assert "no demand profile 'lakisaateinen'" in wrong.output
