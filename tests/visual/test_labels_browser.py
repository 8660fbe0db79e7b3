"""Labels in real Chromium: never on top of each other, never under 14 px on a slide,
every name of a service map slide whole (the boxes come from the view's own
`graphsvcView.labelBoxes()`)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from graphsvc.demo import demo_dataset
from visual.embed import view_spec
from visual.html import render_html
from visual.spec import ViewParams

DAY = date(2026, 6, 1)
GROUPS = [g.id for g in demo_dataset().target_groups]


def overlapping(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    out = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["y0"] < b["y1"] and b["y0"] < a["y1"]:
                out.append((a["text"], b["text"]))
    return out


def boxes_of(page: Any, write_html: Any, html: str, size: tuple[int, int]) -> list[dict[str, Any]]:
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.goto(write_html(html))
    page.wait_for_selector("body[data-state=stable]", timeout=60_000)
    boxes: list[dict[str, Any]] = page.evaluate("() => window.graphsvcView.labelBoxes()")
    assert page.console_errors == []
    return boxes


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("group", GROUPS)
def test_every_name_of_a_service_map_slide_is_whole(
    offline_page: Any, write_html: Any, group: str, lang: str
) -> None:
    spec = view_spec(demo_dataset(), ViewParams(group=group, as_of=DAY, lang=lang))
    html = render_html(spec, "presentation")
    boxes = boxes_of(offline_page, write_html, html, (1920, 1080))
    labels = [b for b in boxes if not b["heading"]]
    assert sorted(b["text"] for b in labels) == sorted(n.label for n in spec.nodes)
    assert overlapping(boxes) == []
    assert min(b["px"] for b in boxes) >= 14
    inside = [b for b in boxes if b["x0"] >= 0 and b["x1"] <= 1920 and 0 <= b["y0"] <= 1080]
    assert len(inside) == len(boxes)  # nothing drawn off the slide


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
@pytest.mark.parametrize("params", [{}, {"group": "age-7-21"}, {"view": "all"}])
def test_no_label_sits_on_another_in_the_explorer(
    offline_page: Any, write_html: Any, size: tuple[int, int], params: dict[str, str]
) -> None:
    spec = view_spec(demo_dataset(), ViewParams(as_of=DAY, **params))
    boxes = boxes_of(offline_page, write_html, render_html(spec, "embed"), size)
    assert len(boxes) >= 5  # something is named at first sight
    assert overlapping(boxes) == []
    assert min(b["px"] for b in boxes) >= 14
    # zooming in makes room for more names
    before = len(boxes)
    offline_page.evaluate(
        "() => { const n = window.graphsvcView.network;"
        " n.moveTo({scale: n.getScale() * 2.5, animation: false}); n.redraw(); }"
    )
    offline_page.wait_for_timeout(100)
    zoomed = offline_page.evaluate("() => window.graphsvcView.labelBoxes()")
    assert overlapping(zoomed) == []
    if spec.view != "map":
        assert len(zoomed) != before or len(zoomed) == len(spec.nodes)
