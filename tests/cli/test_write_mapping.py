"""`graphsvc import --write-mapping`: the terms a registry's file uses that the mapping
does not know, most used first, as a mapping to fill in; filled in, they count."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graphsvc.cli import main

SIMPLE = Path(__file__).resolve().parents[2].parent / "shared" / "reference-data"
SIMPLE = SIMPLE / "hsds-1.x-sample-datapackage" / "simple"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """The HSDS 1.x sample (Open Referral, see shared/reference-data) with a taxonomy of
    our own: "Food bank" on two services, "Yoga" on one, "Housing" (mapped) on one."""
    folder = tmp_path / "pkg"
    shutil.copytree(SIMPLE, folder)
    services = [
        line.split(",")[0]
        for line in (folder / "services.csv").read_text(encoding="utf-8").splitlines()[1:]
    ][:4]
    (folder / "taxonomy.csv").write_text(
        "id,name\nt1,Food bank\nt2,Yoga\nt3,Housing\n", encoding="utf-8"
    )
    links = zip(services, ("t1", "t1", "t2", "t3"), strict=True)
    (folder / "services_taxonomy.csv").write_text(
        "id,service_id,taxonomy_id\n"
        + "".join(f"st{i},{s},{t}\n" for i, (s, t) in enumerate(links)),
        encoding="utf-8",
    )
    return folder


def test_the_unknown_terms_most_used_first(
    package: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    db = f"sqlite:///{tmp_path / 'g.db'}"
    out = tmp_path / "oma.yaml"
    assert (
        main(["--store", db, "import", str(package), "--dry-run", "--write-mapping", str(out)]) == 0
    )
    printed = capsys.readouterr().out
    assert "'Food bank' (2), 'Yoga' (1)" in printed
    assert f"Wrote {out} (2 unmapped term(s))." in printed
    text = out.read_text(encoding="utf-8")
    assert text.index('"food bank"') < text.index('"yoga"')
    assert '  "food bank": {needs: [], groups: []}  # 2 services' in text
    # filled in, the term counts and only Yoga is left
    out.write_text(
        text.replace('"food bank": {needs: []', '"food bank": {needs: [food-assistance]')
    )
    monkeypatch.setenv("GRAPHSVC_HSDS_MAPPING", str(out))
    assert main(["--store", db, "import", str(package), "--dry-run", "--json"]) == 0
    import json

    report = json.loads(capsys.readouterr().out)
    assert report["unmapped"] == [{"section": "terms", "term": "Yoga", "services": 1}]
    assert report["added"]["MEETS"] >= 3


def test_a_mapping_is_yaml(package: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'g.db'}"
    assert (
        main(["--store", db, "import", str(package), "--write-mapping", str(tmp_path / "x.txt")])
        == 2
    )
