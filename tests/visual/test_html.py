"""VisSpec -> offline HTML: standalone, escaped, no web address (parsed, not browsed)."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from graphsvc.model import Dataset
from tests.visual.conftest import DAY, IMG, SCRIPT
from visual import style
from visual.html import inline_script, render_html, script_json, vis_js, vis_node
from visual.network import build_view
from visual.spec import ViewParams, VisSpec


class Page(HTMLParser):
    """The parts of a page the tests look at: elements, texts, scripts."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.texts: dict[str, str] = {}
        self._stack: list[tuple[str, dict[str, str | None]]] = []
        self._data: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "h1", "title", "p", "span"):
            self._stack.append((tag, dict(attrs)))
            self._data = []

    def handle_endtag(self, tag: str) -> None:
        if self._stack and self._stack[-1][0] == tag:
            _, attrs = self._stack.pop()
            text = "".join(self._data)
            if tag == "script":
                self.scripts.append((attrs, text))
            elif attrs.get("id"):
                self.texts[str(attrs["id"])] = text
            elif tag == "title":
                self.texts["title"] = text

    def handle_data(self, data: str) -> None:
        self._data.append(data)


def spec_of(ds: Dataset, **params: object) -> VisSpec:
    params.setdefault("as_of", DAY)
    return build_view(ds, ViewParams(**{"view": "all", **params}))  # type: ignore[arg-type]


def page_data(html: str) -> dict:  # type: ignore[type-arg]
    page = Page(html)
    [(_, text)] = [s for s in page.scripts if s[0].get("type") == "application/json"]
    return json.loads(text)  # type: ignore[no-any-return]


@pytest.mark.parametrize("mode", ["full", "embed", "presentation"])
def test_standalone_and_offline(tiny: Dataset, mode: str) -> None:
    html = render_html(spec_of(tiny), mode)  # type: ignore[arg-type]
    assert not re.search(r"(?i)https?://", html)
    page = Page(html)
    # nothing is fetched: no src or href anywhere, no stylesheet link, no @import
    assert not [t for t, a in page.tags if "src" in a or "href" in a]
    assert "@import" not in html and "url(" not in html.replace("url(data:", "")
    assert [a.get("type") for a, _ in page.scripts] == ["application/json", None, None]
    assert "vis.Network" in page.scripts[2][1] and len(page.scripts[1][1]) > 400_000
    assert ("body", {"class": f"gv-mode-{mode}", "data-state": "loading"}) in page.tags


def test_the_pages_data_are_the_spec(tiny: Dataset) -> None:
    spec = spec_of(tiny, group="kids")
    data = page_data(render_html(spec))
    assert [n[0] for n in data["nodes"]] == [n.id for n in spec.nodes]
    assert [n[1:5] for n in data["nodes"]] == [
        [n.label, n.x, n.y, round(n.size, 1)] for n in spec.nodes
    ]
    ids = [n[0] for n in data["nodes"]]
    assert [(ids[e[0]], ids[e[1]]) for e in data["edges"]] == [
        (e.source, e.target) for e in spec.edges
    ]
    # packed looks: one style per distinct look, each the unpacked node's own
    company = next(n for n in data["nodes"] if n[0] == "p:company")
    unpacked = vis_node(spec.node("p:company"))
    look = {k: v for k, v in unpacked.items() if k not in ("id", "label", "x", "y", "size")}
    # the view draws labels itself, in the label's colour
    look["labelColor"] = look.pop("font")["color"]
    assert data["nodeStyles"][company[5]] == look
    assert len(data["edgeStyles"]) == len({e.kind for e in spec.edges})
    assert data["options"]["physics"]["enabled"] is spec.options.physics
    ngo = data["info"]["p:ngo"]
    assert ngo["n"] == spec.node("p:ngo").name and ngo["t"]["title"] == ngo["n"]


def test_hostile_names_are_escaped_everywhere(hostile: Dataset) -> None:
    spec = spec_of(hostile, provider="ngo", radius=2)
    html = render_html(spec)
    assert IMG not in html and SCRIPT not in html
    assert "b=<i>" not in html  # (vis-network's own code holds a "<i>" of its label markup)
    assert html.count("</script>") == 3  # the three script elements' own end tags
    assert "<!-- not a comment" not in html
    assert not re.search(r"(?i)https?://", html)
    page = Page(html)
    assert page.texts["gv-title"] == f"{IMG}: lähiverkosto (säde 2)"  # literal, as text
    assert page.texts["title"] == spec.title
    data = page_data(html)
    labels = {n[0]: n[1] for n in data["nodes"]}
    assert data["info"]["p:ngo"]["n"] == IMG and labels["p:ngo"] == IMG
    assert data["info"]["p:parish"]["t"]["title"] == SCRIPT
    assert data["info"]["n:therapy"]["n"] == "Terapia"
    assert not [t for t, _ in page.tags if t in ("img", "i", "b")]


def test_hostile_need_and_group_names(hostile: Dataset) -> None:
    spec = spec_of(hostile, group="mh")
    html = render_html(spec)
    data = page_data(html)
    assert data["info"]["n:digital"]["n"] == "https://evil.example/?a=1&b=<i>"
    assert Page(html).texts["gv-title"] == "\"quoted\" & 'single' \u2028 line: palveluverkosto"
    assert "\u2028" not in html.split('id="gv-data">')[1].split("</script>")[0]


def test_script_json_escapes() -> None:
    text = script_json({"a": "</script><!--&x", "u": "http://x"})
    assert "<" not in text and ">" not in text and "&" not in text and "://" not in text
    assert json.loads(text) == {"a": "</script><!--&x", "u": "http://x"}


def test_vis_network_is_inlined_without_web_addresses() -> None:
    raw = vis_js()
    assert "vis-network" in raw[:200] and re.search(r"https?://", raw)  # the licence header
    js = inline_script(raw)
    assert not re.search(r"(?i)https?://", js) and "</script" not in js.lower()
    assert "http:\\/\\/www.w3.org/2000/svg" in js  # a string: the same value in JavaScript
    assert len(js) - len(raw) == js.count("\\/\\/") * 2


def test_legend_and_header(tiny: Dataset) -> None:
    spec = spec_of(tiny, lang="en")
    html = render_html(spec, "presentation")
    page = Page(html)
    assert page.texts["gv-title"] == "The whole service network"
    assert page.texts["gv-date"] == "Data as of 2025-06-01"
    sections = [a.get("data-section") for t, a in page.tags if t == "ul" and "data-section" in a]
    assert sections == ["sector", "kind", "edge"]  # no coverage given: no status section
    keys = [a["data-key"] for t, a in page.tags if t == "li" and "data-key" in a]
    assert keys[:4] == ["city", "ngo", "company", "parish"]
    assert f'fill="{style.SECTOR_COLORS["ngo"]}"' in html  # type: ignore[index]
    assert not [t for t, a in page.tags if a.get("id") == "gv-search"]  # no controls
    full = Page(render_html(spec, "full"))
    assert [t for t, a in full.tags if a.get("id") == "gv-search"] == ["input"]


def test_same_spec_same_bytes(tiny: Dataset) -> None:
    assert render_html(spec_of(tiny)) == render_html(spec_of(tiny))


def test_bad_mode(tiny: Dataset) -> None:
    with pytest.raises(ValueError, match="mode must be one of"):
        render_html(spec_of(tiny), "poster")  # type: ignore[arg-type]
