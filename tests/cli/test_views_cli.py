"""`graphsvc render` and `graphsvc heatmap`, through the real command line."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from graphsvc.cli import main
from tests.visual.conftest import tiny_document

SVG_TEXT = "{http://www.w3.org/2000/svg}text"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    url = f"sqlite:///{tmp_path / 'views.db'}"
    data = tmp_path / "tiny.json"
    data.write_text(json.dumps(tiny_document()), encoding="utf-8")
    code, _, err = run(capsys, "--store", url, "import", str(data))
    assert code == 0, err
    return url


def page_json(html: str) -> dict:  # type: ignore[type-arg]
    text = html.split('<script type="application/json" id="gv-data">')[1].split("</script>")[0]
    return json.loads(text)  # type: ignore[no-any-return]


def test_render_html_of_a_group(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    out_file = tmp_path / "kids.html"
    code, out, err = run(
        capsys,
        "--store",
        db,
        "render",
        "--group",
        "kids",
        "--as-of",
        "2025-06-01",
        "--lang",
        "en",
        "--output",
        str(out_file),
    )
    assert (code, err) == (0, "")
    # the group's service map: its two needs and the three providers that meet them
    assert out == f"Wrote {out_file} (5 nodes, 3 edges).\n"
    html = out_file.read_text(encoding="utf-8")
    assert '<h1 id="gv-title">Children 0–6: 1 need depends on one provider</h1>' in html
    assert not re.search(r"https?://", html)
    data = page_json(html)
    assert len(data["nodes"]) == 5 and len(data["edges"]) == 3
    assert 'class="gv-mode-full"' in html and 'id="gv-search"' in html


def test_render_presentation_scenario(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    out_file = tmp_path / "slide.html"
    code, out, _ = run(
        capsys,
        "--store",
        db,
        "render",
        "--group",
        "kids",
        "--remove-sector",
        "ngo",
        "--presentation",
        "--as-of",
        "2025-06-01",
        "--output",
        str(out_file),
    )
    assert code == 0 and out.startswith("Wrote")
    html = out_file.read_text(encoding="utf-8")
    assert 'class="gv-mode-presentation"' in html and 'id="gv-search"' not in html
    assert "Skenaario: Järjestö poistettu" in html
    data = page_json(html)
    assert data["info"]["n:clubs"]["t"]["lines"][-1][0] == "Uusi aukko skenaariossa"


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_render_images(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, suffix: str
) -> None:
    out_file = tmp_path / f"ngo{suffix}"
    code, out, _ = run(
        capsys,
        "--store",
        db,
        "render",
        "--provider",
        "ngo",
        "--radius",
        "2",
        "--as-of",
        "2025-06-01",
        "--output",
        str(out_file),
    )
    assert code == 0 and out == f"Wrote {out_file} (10 nodes, 11 edges).\n"
    data = out_file.read_bytes()
    if suffix == ".png":
        assert Image.open(io.BytesIO(data)).size == (1920, 1080)
    else:
        texts = ["".join(t.itertext()) for t in ET.fromstring(data).iter(SVG_TEXT)]
        assert any(t.startswith("Mannerheimin Lastensuojeluliiton") for t in texts)
        assert "Selite" in texts


def test_render_sector_and_area_filters(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    out_file = tmp_path / "f.html"
    code, out, _ = run(
        capsys,
        "--store",
        db,
        "render",
        "--view",
        "all",
        "--sector",
        "ngo",
        "--sector",
        "city",
        "--as-of",
        "2025-06-01",
        "--output",
        str(out_file),
    )
    assert code == 0 and "(17 nodes, 20 edges)" in out
    code, out, _ = run(
        capsys,
        "--store",
        db,
        "render",
        "--view",
        "all",
        "--area",
        "district",
        "--as-of",
        "2025-06-01",
        "--output",
        str(out_file),
    )
    assert code == 0 and "(15 nodes, 18 edges)" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--group", "nobody"], "Error: --group: no target group with id 'nobody'.\n"),
        (["--need", "x"], "Error: --need: no need with id 'x'.\n"),
        (["--provider", "nope"], "Error: --provider: no provider with id 'nope'.\n"),
        (["--area", "atlantis"], "Error: --area: no area with id 'atlantis'.\n"),
    ],
    ids=["group", "need", "provider", "area"],
)
def test_unknown_ids_are_a_clear_error(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, args: list[str], message: str
) -> None:
    out_file = tmp_path / "x.html"
    code, out, err = run(capsys, "--store", db, "render", *args, "--output", str(out_file))
    assert (code, out, err) == (1, "", message)
    assert not out_file.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--output", "x.pdf"], "the file name must end in .html, .png, .svg"),
        (["--radius", "2", "--output", "x.html"], "--radius needs --provider"),
        (["--provider", "ngo", "--group", "kids", "--output", "x.html"], "cannot be combined"),
        (["--lang", "sv", "--output", "x.html"], "use fi or en"),
        (["--sector", "pirates", "--output", "x.html"], "pirates"),
        (["--size-by", "height", "--output", "x.html"], "use betweenness or degree"),
    ],
    ids=["suffix", "radius", "combination", "lang", "sector", "size"],
)
def test_usage_errors(
    capsys: pytest.CaptureFixture[str], db: str, args: list[str], message: str
) -> None:
    code, _, err = run(capsys, "--store", db, "render", *args)
    assert code == 2 and message in " ".join(err.split())


@pytest.mark.parametrize("suffix", [".svg", ".png", ".html"])
def test_heatmap(capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path, suffix: str) -> None:
    out_file = tmp_path / f"heat{suffix}"
    code, out, _ = run(
        capsys,
        "--store",
        db,
        "heatmap",
        "--as-of",
        "2025-06-01",
        "--lang",
        "en",
        "--output",
        str(out_file),
    )
    assert code == 0 and out == f"Wrote {out_file} (2 groups × 4 needs).\n"
    data = out_file.read_bytes()
    if suffix == ".html":
        html = data.decode()
        assert html.count('data-status="uncovered"') == 1 and "<table" in html
    elif suffix == ".svg":
        texts = ["".join(t.itertext()) for t in ET.fromstring(data).iter(SVG_TEXT)]
        assert "Coverage of needs by target group" in texts and "Children 0–6" in texts
    else:
        assert Image.open(io.BytesIO(data)).size == (1920, 1080)


def test_heatmap_errors(capsys: pytest.CaptureFixture[str], db: str) -> None:
    code, _, err = run(capsys, "--store", db, "heatmap", "--area", "x", "--output", "h.svg")
    assert (code, err) == (1, "Error: --area: no area with id 'x'.\n")
    code, _, err = run(capsys, "--store", db, "heatmap", "--output", "h.gif")
    assert code == 2 and "must end in .svg, .png, .html" in " ".join(err.split())


@pytest.mark.parametrize("command", ["render", "heatmap"])
@pytest.mark.parametrize(
    ("where", "message"),
    [
        ("missing/x.svg", "does not exist; create it first"),
        (".", "is a directory"),
    ],
    ids=["no-folder", "a-directory"],
)
def test_an_output_that_cannot_be_written_is_one_clear_line(
    capsys: pytest.CaptureFixture[str],
    db: str,
    tmp_path: Path,
    command: str,
    where: str,
    message: str,
) -> None:
    code, out, err = run(capsys, "--store", db, command, "--output", str(tmp_path / where))
    assert (code, out) == (2, "") and message in " ".join(err.split())
    assert "unexpected" not in err and "Traceback" not in err


def test_render_removes_a_provider(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    out_file = tmp_path / "without-ngo.html"
    code, out, err = run(
        capsys,
        "--store",
        db,
        "render",
        "--remove-provider",
        "ngo",
        "--as-of",
        "2025-06-01",
        "--output",
        str(out_file),
    )
    assert (code, err) == (0, "") and out.startswith(f"Wrote {out_file} (")
    html = out_file.read_text(encoding="utf-8")
    assert "Skenaario: Mannerheimin Lastensuojeluliiton Keski-Suomen piiri ry poistettu" in html
    code, _, err = run(
        capsys, "--store", db, "render", "--remove-provider", "x", "--output", str(out_file)
    )
    assert (code, err) == (1, "Error: --remove-provider: no provider with id 'x'.\n")


def test_an_empty_view_is_said_to_be_empty(
    capsys: pytest.CaptureFixture[str], db: str, tmp_path: Path
) -> None:
    out_file = tmp_path / "empty.svg"
    code, out, err = run(
        capsys,
        "--store",
        db,
        "render",
        "--provider",
        "ngo",
        "--sector",
        "parish",
        "--as-of",
        "2025-06-01",
        "--output",
        str(out_file),
    )
    assert code == 0 and out == f"Wrote {out_file} (0 nodes, 0 edges).\n"
    assert err == "Note: the view is empty; nothing matches these options (the file says so).\n"
    texts = ["".join(t.itertext()) for t in ET.fromstring(out_file.read_bytes()).iter(SVG_TEXT)]
    assert "Näkymässä ei ole mitään näytettävää." in texts


def test_render_help_names_its_values(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "render", "--help")
    help_text = " ".join(out.split())
    assert code == 0
    assert "--sector SECTOR" in help_text and "--group ID" in help_text
    assert "list[" not in help_text and "<str>" not in help_text
