"""The coverage heatmap: groups × needs by status, as a spec, HTML table and images."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from PIL import Image

from graphsvc.analysis.results import Status
from graphsvc.model import Dataset
from tests.visual.conftest import DAY, hostile_document
from visual.embed import heatmap_spec
from visual.heatmap import build_heatmap, heatmap_page, heatmap_table, render_heatmap
from visual.spec import CoverageCell
from visual.style import STATUS_COLORS

CELLS = {
    ("kids", "daycare"): CoverageCell(status=Status.COVERED, providers=2),
    ("kids", "clubs"): CoverageCell(status=Status.FRAGILE, providers=1),
    ("mh", "therapy"): CoverageCell(status=Status.FRAGILE, providers=1),
    ("mh", "digital"): CoverageCell(status=Status.UNCOVERED, providers=0),
}


class Cells(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.cells: list[dict[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "td":
            self.cells.append(dict(attrs))


def test_rows_columns_and_cells(tiny: Dataset) -> None:
    spec = build_heatmap(tiny, CELLS, lang="fi", day=DAY)
    assert [g.id for g in spec.groups] == ["kids", "mh"]  # age groups first
    assert [n.name for n in spec.needs] == ["Digituki", "Kerhot", "Terapia", "Varhaiskasvatus"]
    assert spec.cell("kids", "digital") is None  # not a need of kids
    cell = spec.cell("mh", "digital")
    assert cell is not None and (cell.status, cell.providers) == (Status.UNCOVERED, 0)
    assert cell.color == STATUS_COLORS[Status.UNCOVERED] and cell.label == "Ei toimijaa"
    assert [i.key for s in spec.legend.sections for i in s.items] == [
        "uncovered",
        "fragile",
        "covered",
    ]


def test_from_the_coverage_analysis(tiny: Dataset) -> None:
    spec = heatmap_spec(tiny, as_of=DAY, lang="en")
    statuses = {(g.id, n.id): spec.cell(g.id, n.id) for g in spec.groups for n in spec.needs}
    got = {k: (c.status.value, c.providers) for k, c in statuses.items() if c is not None}
    # daycare: the city's unit and the company (two sectors); clubs and therapy: the NGO
    assert got == {
        ("kids", "daycare"): ("covered", 2),
        ("kids", "clubs"): ("fragile", 1),
        ("mh", "therapy"): ("fragile", 1),
        ("mh", "digital"): ("uncovered", 0),
    }
    assert spec.data_date_text == "Data as of 2025-06-01"


def test_html_table(tiny: Dataset) -> None:
    html = str(heatmap_table(build_heatmap(tiny, CELLS, day=DAY)))
    cells = Cells(html).cells
    assert len(cells) == 8
    statuses = [c.get("data-status") for c in cells]
    assert statuses.count(None) == 4 and statuses.count("fragile") == 2
    [uncovered] = [c for c in cells if c.get("data-status") == "uncovered"]
    assert uncovered["data-group"] == "mh" and uncovered["data-need"] == "digital"
    assert f"background:{STATUS_COLORS[Status.UNCOVERED]}" in (uncovered["style"] or "")


def test_names_escaped_in_html(tiny: Dataset) -> None:
    ds = Dataset.model_validate(hostile_document())
    page = heatmap_page(build_heatmap(ds, CELLS, day=DAY))
    assert "<i>" not in page and "https://" not in page and "&lt;i&gt;" in page
    assert "<script" not in page


def test_images(tiny: Dataset) -> None:
    spec = build_heatmap(tiny, CELLS, lang="en", day=DAY)
    svg = render_heatmap(spec, "svg")
    texts = [
        "".join(t.itertext()) for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
    ]
    for text in (
        spec.title,
        spec.data_date_text,
        "Children 0–6",
        "Digital support",
        "No provider",
        "0",
        "2",
    ):
        assert text in texts
    png = Image.open(io.BytesIO(render_heatmap(spec, "png")))
    assert png.size == (1920, 1080)
    red = tuple(int(STATUS_COLORS[Status.UNCOVERED][i : i + 2], 16) for i in (1, 3, 5))
    assert red in {c for _, c in png.convert("RGB").getcolors(1 << 20) or []}


def test_uncovered_cells_frame_is_not_painted_over(tiny: Dataset) -> None:
    image = Image.open(io.BytesIO(render_heatmap(build_heatmap(tiny, CELLS, day=DAY), "png")))
    rgb = image.convert("RGB")
    # mh × Digituki is the first cell of the second row; its right edge, where the next
    # cell (drawn later) begins, is at x = 1920 × (0.17 + 0.68 / 4), half-way down the row
    x, y = round(1920 * (0.17 + 0.68 / 4)), round(1080 - 1080 * (0.05 + 0.55 / 4))
    # the frame is 3 px wide, centred on the edge: its outer half must show too
    assert [sum(rgb.getpixel((x + dx, y))) < 100 for dx in (-1, 0, 1)] == [True] * 3
