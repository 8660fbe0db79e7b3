"""VisSpec -> PNG/SVG with matplotlib: 1920×1080, title and legend as text, not blank."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from PIL import Image

from graphsvc.analysis.results import Status
from graphsvc.demo import demo_dataset
from graphsvc.model import Dataset, Sector
from tests.visual.conftest import DAY, IMG, SCRIPT, tiny_document
from visual import style
from visual.embed import view_spec
from visual.network import ViewInputs, build_view
from visual.spec import CoverageCell, ViewParams, VisSpec
from visual.static import LABEL_PX, fit_text, last_label_boxes, render_image, texts_of, write_image

SVG = "{http://www.w3.org/2000/svg}"


def spec_of(ds: Dataset, **params: object) -> VisSpec:
    params.setdefault("as_of", DAY)
    params.setdefault("size_by", "degree")
    return build_view(ds, ViewParams(**{"view": "all", **params}))  # type: ignore[arg-type]


def svg_texts(data: bytes) -> list[str]:
    root = ET.fromstring(data)
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


def test_png_is_1920_by_1080_and_not_blank(tiny: Dataset) -> None:
    image = Image.open(io.BytesIO(render_image(spec_of(tiny, group="kids"), "png")))
    assert image.size == (1920, 1080)
    rgb = image.convert("RGB")
    colours = rgb.getcolors(maxcolors=1 << 20)
    assert colours is not None
    white = sum(n for n, c in colours if c == (255, 255, 255))
    assert 1920 * 1080 - white > 20_000  # something is drawn
    orange = tuple(int(style.SECTOR_COLORS[Sector.NGO][i : i + 2], 16) for i in (1, 3, 5))
    assert any(c == orange for _, c in colours)  # the NGO's node, in the palette's colour


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_svg_has_title_date_and_legend_as_text(tiny: Dataset, lang: str) -> None:
    spec = spec_of(tiny, lang=lang)
    data = render_image(spec, "svg")
    root = ET.fromstring(data)
    # 19.2 × 10.8 inches: 1920 × 1080 at 100 dpi
    assert (root.get("width"), root.get("height")) == ("1382.4pt", "777.6pt")
    texts = svg_texts(data)
    assert spec.title in texts and texts_of(spec)[1] in " ".join(texts)
    for text in spec.legend.texts():
        assert text in texts
    assert ("Sector" if lang == "en" else "Sektori") in texts


def test_names_are_literal_in_the_image(hostile: Dataset) -> None:
    spec = spec_of(hostile, provider="ngo", radius=2)
    data = render_image(spec, "svg")
    texts = svg_texts(data)
    assert f"{IMG}: lähiverkosto (säde 2)" in texts and IMG in texts
    assert spec.node("p:parish").label in texts and SCRIPT.startswith(
        spec.node("p:parish").label.rstrip("…")
    )
    assert b"<img" not in data and b"<script" not in data


def test_dollar_signs_are_not_mathtext(tiny: Dataset) -> None:
    doc = tiny_document()
    doc["providers"][2]["name"] = r"Kerho $x^2$ \alpha $"
    spec = spec_of(Dataset.model_validate(doc), provider="ngo")
    assert r"Kerho $x^2$ \alpha $" in svg_texts(render_image(spec, "svg"))


def test_same_spec_same_bytes(tiny: Dataset) -> None:
    spec = spec_of(tiny)
    assert render_image(spec, "svg") == render_image(spec, "svg")
    assert render_image(spec, "png") == render_image(spec, "png")


def test_write_image_chooses_format_by_suffix(tiny: Dataset, tmp_path) -> None:  # type: ignore[no-untyped-def]
    spec = spec_of(tiny)
    assert write_image(spec, tmp_path / "a.svg").read_bytes().startswith(b"<?xml")
    assert write_image(spec, tmp_path / "a.PNG").read_bytes().startswith(b"\x89PNG")
    with pytest.raises(ValueError, match="must end in .png or .svg"):
        write_image(spec, tmp_path / "a.pdf")


def test_an_empty_view_says_so(tiny: Dataset) -> None:
    spec = spec_of(tiny, provider="ngo", sectors=["parish"])  # the ngo itself is filtered out
    texts = svg_texts(render_image(spec, "svg"))
    assert "Näkymässä ei ole mitään näytettävää." in texts
    assert "Selite" not in texts  # no legend heading over nothing


def test_a_long_title_is_shortened_to_fit_the_slide(tiny: Dataset) -> None:
    doc = tiny_document()
    doc["providers"][2]["name"] = "Keski-Suomen Mielenterveys- ja Päihdetyön " * 5 + "ry"
    spec = spec_of(Dataset.model_validate(doc), provider="ngo")
    title = svg_texts(render_image(spec, "svg"))[-2]  # the header is drawn last
    assert title.startswith("Keski-Suomen") and title.endswith("…: lähiverkosto (säde 1)")
    assert fit_text(title, 1920 * 0.72 * 0.97, 20, smallest=20, weight="bold")[0] == title


def test_labels_give_way_except_groups_and_gaps(tiny: Dataset) -> None:
    uncovered = CoverageCell(status=Status.UNCOVERED, providers=0)
    inputs = ViewInputs(coverage={("mh", "digital"): uncovered})
    spec = build_view(tiny, ViewParams(as_of=DAY, size_by="degree", view="all"), inputs)
    # every node on one spot: only the groups and the uncovered need keep their names
    piled = spec.model_copy(
        update={"nodes": tuple(n.model_copy(update={"x": 0.0, "y": 0.0}) for n in spec.nodes)}
    )
    texts = set(svg_texts(render_image(piled, "svg"))) - set(spec.legend.texts())
    kept = {n.label for n in piled.nodes if n.label in texts}
    # every node on one spot: the most important label (a group's) is drawn, and only
    # as many others as find room beside it (a big node's label hangs lower)
    assert kept & {"Lapset 0–6", "Mielenterveyskuntoutujat"}
    assert len(kept) <= 3 and overlaps(last_label_boxes()) == 0


def overlaps(boxes: list[tuple[float, float, float, float]]) -> int:
    return sum(
        1
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
        if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
    )


@pytest.mark.parametrize("group", [g.id for g in demo_dataset().target_groups])
def test_a_service_map_slide_names_everyone_whole(group: str) -> None:
    spec = view_spec(demo_dataset(), ViewParams(group=group, as_of=date(2026, 6, 1)))
    svg = render_image(spec, "svg")
    texts = " ".join(svg_texts(svg))
    # every name whole (wrapped lines joined back), none on top of another, none cut
    for node in spec.nodes:
        assert all(word in texts for word in node.label.split()), node.label
    boxes = last_label_boxes()
    assert len(boxes) == len(spec.nodes) + len(spec.headings)
    assert overlaps(boxes) == 0
    assert LABEL_PX >= 14 and "…" not in texts
