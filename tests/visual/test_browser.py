"""The views in a real headless Chromium, with every request outside file:// blocked."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from graphsvc.model import Dataset
from tests.visual.conftest import DAY, IMG, SCRIPT
from visual.embed import embed_html
from visual.html import render_html
from visual.network import ViewInputs, build_view
from visual.spec import ViewParams, VisSpec

pytestmark = pytest.mark.browser

Writer = Callable[[str], str]

PAINTED = """() => {
  const canvas = document.querySelector('#gv-network canvas');
  const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 0; i < data.length; i += 4) {
    const white = data[i] > 245 && data[i + 1] > 245 && data[i + 2] > 245;
    if (data[i + 3] > 0 && !white) { painted++; }
  }
  return painted;
}"""
COUNTS = "() => [window.graphsvcView.nodes.length, window.graphsvcView.edges.length]"
TOOLTIP = """() => {
  const tip = document.getElementById('gv-tooltip');
  return tip.hidden ? null : {title: tip.querySelector('h2').textContent,
                              text: tip.textContent};
}"""


def spec_of(ds: Dataset, physics: bool | None = None, **params: Any) -> VisSpec:
    params.setdefault("as_of", DAY)
    params.setdefault("size_by", "degree")
    return build_view(ds, ViewParams(**{"view": "all", **params}), physics=physics)


def load(page: Any, write_html: Writer, html: str) -> None:
    page.goto(write_html(html))
    page.wait_for_selector("body[data-state=stable]", timeout=60_000)


def assert_clean(page: Any) -> None:
    assert page.console_errors == []
    assert page.blocked_requests == []


def node_on_screen(page: Any, node: str) -> tuple[float, float]:
    """Where a node's centre is in the page, in CSS pixels."""
    x, y = page.evaluate(
        """(id) => {
      const net = window.graphsvcView.network;
      const p = net.canvasToDOM(net.getPosition(id));
      const box = document.getElementById('gv-network').getBoundingClientRect();
      return [box.left + p.x, box.top + p.y];
    }""",
        node,
    )
    return x, y


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"group": "kids"},
        {"need": "daycare"},
        {"provider": "ngo", "radius": 2},
        {"sectors": ["ngo", "city"]},
        {"area": "district"},
    ],
    ids=["whole", "group", "need", "provider", "sectors", "area"],
)
def test_draws_exactly_the_specs_nodes_and_edges(
    offline_page: Any, write_html: Writer, tiny: Dataset, params: dict[str, Any]
) -> None:
    spec = spec_of(tiny, **params)
    load(offline_page, write_html, render_html(spec))
    assert offline_page.evaluate(COUNTS) == [len(spec.nodes), len(spec.edges)]
    ids = offline_page.evaluate("() => window.graphsvcView.nodes.getIds().sort()")
    assert ids == sorted(n.id for n in spec.nodes)
    assert offline_page.evaluate(PAINTED) > 2000  # the canvas is not blank
    assert_clean(offline_page)


def test_search_ignores_case_and_diacritics(
    offline_page: Any, write_html: Writer, tiny: Dataset
) -> None:
    load(offline_page, write_html, render_html(spec_of(tiny)))
    offline_page.fill("#gv-search", "KERHO")
    results = offline_page.locator("#gv-results li")
    # a name that starts with the query ranks before one that only contains it
    assert [results.nth(i).get_attribute("data-node") for i in range(results.count())] == [
        "n:clubs",
        "s:s-club",
    ]
    assert results.first.text_content().startswith("Kerhot")
    offline_page.fill("#gv-search", "PAIVAKOTI KELTINMAKI")
    offline_page.press("#gv-search", "Enter")
    selected = offline_page.evaluate("() => window.graphsvcView.network.getSelectedNodes()")
    assert selected == ["s:s-day"]
    centre, node = offline_page.evaluate("""() => {
      const net = window.graphsvcView.network;
      return [net.getViewPosition(), net.getPosition('s:s-day')];
    }""")
    assert abs(centre["x"] - node["x"]) < 1 and abs(centre["y"] - node["y"]) < 1  # focused
    assert offline_page.evaluate(TOOLTIP)["title"] == "Päiväkoti Keltinmäki"
    offline_page.fill("#gv-search", "no such thing")
    assert offline_page.locator("#gv-results li").all_text_contents() == ["Ei osumia"]
    assert_clean(offline_page)


def test_click_shows_tooltip_and_highlights_neighbourhood(
    offline_page: Any, write_html: Writer, tiny: Dataset
) -> None:
    load(offline_page, write_html, render_html(spec_of(tiny, group="kids")))
    assert offline_page.evaluate(TOOLTIP) is None
    offline_page.mouse.click(*node_on_screen(offline_page, "p:company"))
    tip = offline_page.evaluate(TOOLTIP)
    assert tip["title"] == "Päiväkoti Pikkuiset Oy"
    assert "Kumppanit" in tip["text"] and "Varhaiskasvatuspalvelut (palveluseteli)" in tip["text"]
    assert "Yksityinen päiväkoti" in tip["text"]  # its service
    dimmed = offline_page.evaluate("() => window.graphsvcView.highlighted.nodes.slice().sort()")
    # company's neighbours are its service and its voucher partner; the other six fade
    assert dimmed == sorted(["g:kids", "n:daycare", "n:clubs", "s:s-day", "s:s-club", "p:ngo"])
    box = offline_page.locator("#gv-network").bounding_box()
    offline_page.mouse.click(box["x"] + 3, box["y"] + 3)  # empty canvas: all back
    assert offline_page.evaluate(TOOLTIP) is None
    assert offline_page.evaluate("() => window.graphsvcView.highlighted") is None
    assert_clean(offline_page)


def test_hostile_names_are_literal_text(
    offline_page: Any, write_html: Writer, hostile: Dataset
) -> None:
    dialogs: list[str] = []
    offline_page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    spec = spec_of(hostile, provider="ngo", radius=2)
    load(offline_page, write_html, render_html(spec))
    assert offline_page.text_content("#gv-title") == f"{IMG}: lähiverkosto (säde 2)"
    labels = offline_page.evaluate("""() => {
      const n = window.graphsvcView.nodes;
      const v = window.graphsvcView;
      return [v.labelText('p:ngo'), v.labelText('p:parish')];
    }""")
    assert labels[0] == IMG and labels[1] == spec.node("p:parish").label  # canvas text
    offline_page.fill("#gv-search", "<img")
    assert offline_page.locator("#gv-results li").first.text_content().startswith(IMG)
    offline_page.press("#gv-search", "Enter")
    assert offline_page.evaluate(TOOLTIP)["title"] == IMG
    offline_page.fill("#gv-search", "</script")
    offline_page.press("#gv-search", "Enter")
    assert offline_page.evaluate(TOOLTIP)["title"] == SCRIPT
    offline_page.wait_for_timeout(300)
    assert offline_page.evaluate("() => document.querySelectorAll('img').length") == 0
    assert dialogs == []
    assert offline_page.evaluate(PAINTED) > 2000
    assert_clean(offline_page)


def test_presentation_is_a_16_9_slide_without_controls(
    offline_page: Any, write_html: Writer, tiny: Dataset
) -> None:
    load(
        offline_page,
        write_html,
        render_html(spec_of(tiny, group="kids", lang="en"), "presentation"),
    )
    box = offline_page.locator("#gv-stage").bounding_box()
    assert abs(box["width"] / box["height"] - 16 / 9) < 0.01
    assert offline_page.locator("#gv-search").count() == 0
    assert offline_page.is_visible("#gv-legend") and offline_page.is_visible("#gv-title")
    assert offline_page.text_content("#gv-date") == "Data as of 2025-06-01"
    assert offline_page.evaluate(PAINTED) > 2000
    assert_clean(offline_page)


def test_embed_page(offline_page: Any, write_html: Writer, tiny: Dataset) -> None:
    html = embed_html(tiny, group="kids", as_of=DAY.isoformat(), lang="fi", today=DAY)
    load(offline_page, write_html, html)
    spec = spec_of(tiny, group="kids", view="auto")  # the group's service map
    assert spec.view == "map"
    assert offline_page.evaluate(COUNTS) == [len(spec.nodes), len(spec.edges)]
    assert not offline_page.is_visible("#gv-title")  # minimal chrome
    assert offline_page.is_visible("#gv-search")
    assert offline_page.locator("#gv-legend details").count() == 1
    assert offline_page.evaluate(PAINTED) > 2000
    assert_clean(offline_page)


def test_fixed_layout_is_the_specs_and_physics_stays_off(
    offline_page: Any, write_html: Writer, tiny: Dataset
) -> None:
    spec = spec_of(tiny, physics=False)
    load(offline_page, write_html, render_html(spec))
    positions = offline_page.evaluate("() => window.graphsvcView.network.getPositions()")
    assert set(positions) == {n.id for n in spec.nodes}
    # vis-network reports whole pixels (truncated)
    assert all(
        abs(positions[n.id]["x"] - n.x) < 1 and abs(positions[n.id]["y"] - n.y) < 1
        for n in spec.nodes
    )
    assert (
        offline_page.evaluate("() => window.graphsvcView.network.physics.options.enabled") is False
    )
    assert_clean(offline_page)


def test_same_input_same_picture(browser: Any, write_html: Writer, tiny: Dataset) -> None:
    """Physics on: two loads of the same file settle in the same places."""
    url = write_html(render_html(spec_of(tiny)))
    seen = []
    for _ in range(2):
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(url)
        page.wait_for_selector("body[data-state=stable]", timeout=60_000)
        seen.append(page.evaluate("() => window.graphsvcView.network.getPositions()"))
        page.close()
    assert seen[0] == seen[1]


@pytest.mark.slow
def test_a_large_view_draws_with_a_fixed_layout(offline_page: Any, write_html: Writer) -> None:
    from graphsvc.synth import generate
    from visual.network import PHYSICS_MAX_NODES

    ds = generate(max(100, PHYSICS_MAX_NODES // 2), seed=1)  # about 3 nodes per provider
    spec = build_view(ds, ViewParams(as_of=DAY, size_by="degree", view="all"))
    assert len(spec.nodes) > PHYSICS_MAX_NODES and spec.options.physics is False
    load(offline_page, write_html, render_html(spec))
    assert offline_page.evaluate(COUNTS) == [len(spec.nodes), len(spec.edges)]
    group = next(n for n in spec.nodes if n.kind.value == "group")
    offline_page.evaluate("(id) => window.graphsvcView.focus(id)", group.id)
    assert offline_page.evaluate(TOOLTIP)["title"] == group.name
    assert offline_page.evaluate(PAINTED) > 2000
    assert_clean(offline_page)


def test_runs_under_a_strict_content_security_policy(offline_page: Any, tiny: Dataset) -> None:
    """Scripts allowed only by their hashes, no eval, nothing fetched: the page still works
    (the service sends such a policy with every view)."""
    from visual.html import render_view

    view = render_view(spec_of(tiny, group="kids"))  # the hashes the renderer gives
    html, hashes = view.html, " ".join(view.script_hashes)
    csp = (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "img-src data:; connect-src 'none'; base-uri 'none'"
    )
    violations: list[str] = []
    offline_page.on("console", lambda m: violations.append(m.text) if "Content" in m.text else 0)
    offline_page.route(
        "http://127.0.0.1:9/view",
        lambda r: r.fulfill(
            status=200,
            body=html,
            headers={"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": csp},
        ),
    )
    offline_page.goto("http://127.0.0.1:9/view")
    offline_page.wait_for_selector("body[data-state=stable]", timeout=60_000)
    assert offline_page.evaluate(PAINTED) > 2000
    assert violations == []
    assert_clean(offline_page)


def test_a_hover_tooltip_does_not_catch_the_pointer(
    offline_page: Any, write_html: Writer, tiny: Dataset
) -> None:
    """Hovering shows the tooltip, but dragging or zooming from there still reaches the
    canvas (a tooltip that caught the pointer made large views feel stuck)."""
    load(offline_page, write_html, render_html(spec_of(tiny, group="kids")))
    offline_page.mouse.move(*node_on_screen(offline_page, "p:ngo"))
    offline_page.wait_for_function("() => !document.getElementById('gv-tooltip').hidden")
    assert offline_page.evaluate(TOOLTIP)["title"].startswith("Mannerheimin")
    under = offline_page.evaluate("""() => {
      const box = document.getElementById('gv-tooltip').getBoundingClientRect();
      const el = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return el.tagName;
    }""")
    assert under == "CANVAS"
    before = offline_page.evaluate("() => window.graphsvcView.network.getViewPosition()")
    box = offline_page.locator("#gv-network").bounding_box()
    offline_page.mouse.move(box["x"] + 20, box["y"] + 20)
    offline_page.mouse.down()
    offline_page.mouse.move(box["x"] + 120, box["y"] + 80, steps=5)
    offline_page.mouse.up()
    after = offline_page.evaluate("() => window.graphsvcView.network.getViewPosition()")
    assert (round(after["x"]), round(after["y"])) != (round(before["x"]), round(before["y"]))
    assert_clean(offline_page)


def test_a_slides_long_legend_fits_without_scrolling(
    offline_page: Any, write_html: Writer, tiny: Dataset
) -> None:
    offline_page.set_viewport_size({"width": 800, "height": 450})
    inputs = ViewInputs(
        removed_providers=frozenset({"company"}), newly_uncovered=frozenset({("kids", "daycare")})
    )
    spec = build_view(tiny, ViewParams(as_of=DAY, size_by="degree", view="all"), inputs)
    load(offline_page, write_html, render_html(spec, "presentation"))
    # the last row of the legend (a scenario mark) shows: a slide cannot be scrolled
    height, room = offline_page.evaluate(
        "() => { const l = document.getElementById('gv-legend');"
        " return [l.scrollHeight, l.clientHeight]; }"
    )
    assert height <= room + 1
    assert offline_page.is_visible("#gv-legend li[data-key=newly_uncovered]")
    assert_clean(offline_page)
