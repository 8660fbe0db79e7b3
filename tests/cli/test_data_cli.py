"""The data commands, through the real command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from graphsvc.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture
def data_file(tmp_path: Path, small_doc: dict[str, Any]) -> Path:
    path = tmp_path / "small.json"
    path.write_text(json.dumps(small_doc), encoding="utf-8")
    return path


def test_import_stats_list_show_export(
    capsys: pytest.CaptureFixture[str], db: str, data_file: Path, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, "--store", db, "import", str(data_file))
    assert code == 0
    assert "Imported small.json: 34 added, 0 updated, 0 unchanged." in out
    code, out, _ = run(capsys, "--store", db, "stats", "--json")
    stats = json.loads(out)
    assert stats["nodes"]["Provider"] == 4 and stats["relationships"]["OFFERS"] == 3
    code, out, _ = run(capsys, "--store", db, "list", "Provider", "--search", "paivakoti", "--json")
    assert [i["id"] for i in json.loads(out)["items"]] == ["pikkuiset"]
    code, out, _ = run(capsys, "--store", db, "list", "providers", "--sector", "city", "--json")
    assert json.loads(out)["total"] == 2
    code, out, _ = run(capsys, "--store", db, "show", "Service", "s-paivakoti", "--json")
    shown = json.loads(out)
    assert shown["node"]["provider"] == "jkl-varhaiskasvatus"
    assert {"kind": "OFFERS", "source": "jkl-varhaiskasvatus", "target": "s-paivakoti"} in (
        shown["relationships"]
    )
    out_file = tmp_path / "out.yaml"
    code, out, _ = run(capsys, "--store", db, "export", str(out_file))
    assert code == 0 and out_file.read_text(encoding="utf-8").startswith(
        "format: graphsvc-dataset\nversion: 1\n"
    )


def test_second_import_and_dry_run_change_nothing(
    capsys: pytest.CaptureFixture[str], db: str, data_file: Path
) -> None:
    run(capsys, "--store", db, "import", str(data_file))
    code, out, _ = run(capsys, "--store", db, "import", str(data_file), "--dry-run", "--json")
    report = json.loads(out)
    assert code == 0 and report["dry_run"] is True
    assert report["totals"] == {"added": 0, "updated": 0, "unchanged": 34, "deleted": 0}


def test_bad_input_exits_1_with_one_clear_line(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, small_doc: dict[str, Any]
) -> None:
    small_doc["services"][0]["needs"] = ["early-education", "no-such-need"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(small_doc), encoding="utf-8")
    code, out, err = run(capsys, "--store", db, "import", str(bad))
    assert code == 1
    assert err.startswith("Error: bad.json has 1 problem(s); nothing was imported.")
    assert "services row 1 (id s-paivakoti), field needs: refers to Need 'no-such-need'" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "code", "text"),
    [
        (["list", "Unicorn"], 2, "'Unicorn' is not a label"),
        (["list", "Provider", "--sector", "mafia"], 2, "mafia"),
        (["export", "x.docx"], 1, "Cannot tell the format of 'x.docx'"),
        (["show", "Provider", "nobody"], 1, "No Provider with id 'nobody'."),
        (["list", "Service", "--group", "no-group"], 1, "--group: no target group with id"),
        (["frobnicate"], 2, "No such command"),
        (["list", "Provider", "--as-of", "yesterday"], 2, "'yesterday' is not a date"),
    ],
    ids=[
        "unknown-label",
        "unknown-sector",
        "unknown-format",
        "unknown-id",
        "unknown-group",
        "unknown-command",
        "bad-date",
    ],
)
def test_exit_codes(
    capsys: pytest.CaptureFixture[str], db: str, args: list[str], code: int, text: str
) -> None:
    got, out, err = run(capsys, "--store", db, *args)
    assert got == code
    assert text in out + err
    assert "Traceback" not in out + err


def test_unknown_store_url_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--store", "postgres://x", "stats")
    assert code == 1
    assert "Unknown store URL 'postgres://x'" in err


def test_store_from_environment(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db: str,
    data_file: Path,
) -> None:
    monkeypatch.setenv("GRAPHSVC_STORE", db)
    run(capsys, "import", str(data_file))
    code, out, _ = run(capsys, "--store", db, "stats", "--json")
    assert json.loads(out)["nodes"]["Need"] == 3


def test_console_script_runs_and_never_shows_a_traceback(tmp_path: Path) -> None:
    junk = tmp_path / "junk.yaml"
    junk.write_bytes(b"\x00\xff" * 1000)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "graphsvc",
            "--store",
            f"sqlite:///{tmp_path / 'x.db'}",
            "import",
            str(junk),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 1
    assert "junk.yaml" in proc.stderr and "Traceback" not in proc.stderr


def test_every_command_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    import typer

    from graphsvc.cli.common import app

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"graphsvc {name} has no help"
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"graphsvc {name} {param.name} has no help"


def test_store_and_debug_options_work_after_the_command_too(
    capsys: pytest.CaptureFixture[str], db: str, data_file: Path
) -> None:
    code, out, err = run(capsys, "import", str(data_file), "--store", db)
    assert code == 0, err
    code, out, _ = run(capsys, "stats", "--json", f"--store={db}", "--debug")
    assert code == 0 and json.loads(out)["nodes"]["Provider"] == 4


def test_the_store_option_after_the_command_wins_and_nothing_after_a_double_dash_is_an_option(
    capsys: pytest.CaptureFixture[str], db: str, data_file: Path, tmp_path: Path
) -> None:
    run(capsys, "import", str(data_file), "--store", db)
    other = f"sqlite:///{tmp_path / 'other.db'}"
    # the command's own --store is the later one: the empty store, not the imported one
    code, out, _ = run(capsys, "--store", db, "stats", "--json", "--store", other)
    assert code == 0 and json.loads(out)["nodes"]["Provider"] == 0
    code, _, err = run(capsys, "show", "Provider", "--store", db, "--", "--store")
    assert code == 1 and "No Provider with id '--store'" in err


def test_show_keeps_the_relationship_type_of_a_partnership(
    capsys: pytest.CaptureFixture[str], db: str, data_file: Path
) -> None:
    run(capsys, "--store", db, "import", str(data_file))
    code, out, _ = run(capsys, "--store", db, "show", "Provider", "pikkuiset", "--json")
    assert code == 0
    # the partnership's kind (voucher) used to overwrite the type PARTNERS_WITH
    assert {
        "kind": "PARTNERS_WITH",
        "source": "jkl-varhaiskasvatus",
        "target": "pikkuiset",
        "properties": {"kind": "voucher", "since": "2018-01-01"},
    } in (json.loads(out)["relationships"])
    code, out, _ = run(capsys, "--store", db, "show", "Provider", "pikkuiset")
    assert "PARTNERS_WITH" in out and "kind=voucher" in out


def test_show_prints_a_name_in_each_language_not_a_python_dict(
    capsys: pytest.CaptureFixture[str], db: str, data_file: Path
) -> None:
    run(capsys, "--store", db, "import", str(data_file))
    code, out, _ = run(capsys, "--store", db, "show", "TargetGroup", "age-0-6")
    assert code == 0
    assert " name     fi: 0–6-vuotiaat; en: Children 0–6" in out
    assert "{'" not in out


def test_list_says_which_page_it_shows(
    capsys: pytest.CaptureFixture[str], db: str, data_file: Path
) -> None:
    run(capsys, "--store", db, "import", str(data_file))
    code, out, _ = run(capsys, "--store", db, "list", "Provider", "--limit", "2")
    assert code == 0
    assert out.splitlines()[0] == "Provider: 4, showing 1–2; next page: --offset 2"
    _, out, _ = run(capsys, "--store", db, "list", "Provider", "--limit", "2", "--offset", "2")
    assert out.splitlines()[0] == "Provider: 4, showing 3–4"
    _, out, _ = run(capsys, "--store", db, "list", "Provider", "--offset", "9")
    assert out.splitlines()[0] == "Provider: 4, none from --offset 9"
    _, out, _ = run(capsys, "--store", db, "list", "Provider")
    assert out.splitlines()[0] == "Provider: 4"


def test_unknown_sector_in_list_is_one_clean_line(
    capsys: pytest.CaptureFixture[str], db: str
) -> None:
    code, out, err = run(capsys, "--store", db, "list", "Provider", "--sector", "sote")
    assert code == 2
    assert err.splitlines()[-1] == (
        "Error: Invalid value for --sector: 'sote' is not a sector; use one of city, "
        "wellbeing_county, state, ngo, company, education, parish, project, informal"
    )


def test_export_to_an_import_only_name_is_refused(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    # x.ptv.json used to get a graphsvc dataset, which a re-import read as PTV: nothing
    target = tmp_path / "x.ptv.json"
    code, _, err = run(capsys, "--store", db, "export", str(target))
    assert code == 1 and not target.exists()
    assert err.startswith("Error: 'x.ptv.json': its name chooses the format ptv")
    assert "can only be imported" in err


def test_token_list_says_when_there_are_none(
    capsys: pytest.CaptureFixture[str],
    db: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    monkeypatch.setenv("GRAPHSVC_TOKENS_DB", str(tmp_path / "tokens.db"))
    code, out, err = run(capsys, "--store", db, "token", "list")
    assert code == 0 and out == ""
    assert err.startswith("No tokens yet; create one with graphsvc token create")


def test_a_file_that_cannot_be_read_says_so_as_json_and_leaves_no_store(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    broken = tmp_path / "verkosto"
    broken.mkdir()
    (broken / "providers.csv").write_text(
        "id;name;sector\njkl;Jyväskylä;kaupunkii\n", encoding="utf-8"
    )
    store = tmp_path / "new.db"
    code, out, err = run(
        capsys, "--store", f"sqlite:///{store}", "import", str(broken), "--dry-run", "--json"
    )
    assert code == 1
    error = json.loads(out)["error"]
    assert error["code"] == "invalid-data" and "nothing was imported" in error["message"]
    (detail,) = error["details"]
    assert (detail["file"], detail["row"], detail["field"]) == ("verkosto", 2, "sector")
    assert err.startswith("Error: verkosto has 1 problem(s)")
    # a file that is no CSV at all fails before the store is opened: none is left behind
    (broken / "providers.csv").write_bytes(b"\x00\x01\x02 not text")
    other = tmp_path / "other.db"
    code, _, err = run(capsys, "--store", f"sqlite:///{other}", "import", str(broken))
    assert code == 1 and "NUL bytes" in err
    assert not other.exists()


@pytest.mark.parametrize("option", ["--offset", "--limit"])
def test_a_listing_bound_past_the_stores_integers_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], db: str, option: str
) -> None:
    code, out, err = run(capsys, "--store", db, "list", "Provider", option, str(2**63))
    assert code == 2 and option in err and "1000000000" in err
    assert "Traceback" not in out + err and "unexpected" not in err
    code, _, _ = run(capsys, "--store", db, "list", "Provider", option, "1000000000")
    assert code == 0


def test_export_with_history_writes_the_change_log_beside(
    capsys: pytest.CaptureFixture[str], db: str, data_file: Path, tmp_path: Path
) -> None:
    assert run(capsys, "--store", db, "import", str(data_file))[0] == 0
    target = tmp_path / "out.json"
    code, out, _ = run(capsys, "--store", db, "export", str(target), "--with-history")
    assert code == 0
    log = tmp_path / "out.history.jsonl"
    lines = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert f"Wrote {log} ({len(lines)} change(s))." in out
    assert len(lines) > 10
    assert [c["id"] for c in lines[:2]] == ["1-1", "1-2"]  # oldest first
    first = lines[0]
    assert (first["who"], first["channel"], first["op"]) == ("cli", "import", "add")
    assert first["summary"].startswith("import of small.json")
    assert set(first) == {
        "id",
        "change_set",
        "at",
        "who",
        "role",
        "channel",
        "label",
        "key",
        "op",
        "field",
        "before",
        "after",
        "summary",
    }
