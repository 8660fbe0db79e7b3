"""A deck as one offline HTML file: its slides one after another, the arrow keys step.

Each slide is a view's standalone presentation page (`visual.html`), shown in an
iframe made from it (``srcdoc``); vis-network's script, the same in every slide, is in
the file once and put back into each slide as it is shown. Every slide's page arrives as
JSON inside ``<script type="application/json">`` (escaped as the views escape theirs),
and the deck's own script puts the titles and notes on screen with ``textContent``.
Nothing is fetched from anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from visual.html import _environment, _scripts, inline_script, render_html, script_json
from visual.spec import VisSpec
from visual.text import t

#: what stands for vis-network's script in a slide until it is shown
VIS_MARK = "/*graphsvc:vis-network*/"


@dataclass(frozen=True)
class DeckSlide:
    """One slide: the view to show, and the title and note to show with it."""

    spec: VisSpec
    title: str | None = None
    note: str | None = None


def render_deck(title: str, slides: list[DeckSlide], lang: str = "fi") -> str:
    """The deck as a standalone HTML document."""
    vis = _scripts()[0]
    pages = []
    for slide in slides:
        html = render_html(slide.spec, "presentation")
        pages.append(
            {
                "html": html.replace(f"<script>{vis}</script>", f"<script>{VIS_MARK}</script>", 1),
                "title": slide.title or "",
                "note": slide.note or "",
            }
        )
    data = {
        "title": title,
        "slides": pages,
        "mark": VIS_MARK,
        "text": {k: t(k, lang) for k in ("deck_prev", "deck_next", "deck_slide")},
    }
    page = (
        _environment()
        .from_string(DECK_HTML)
        .render(
            lang=lang,
            title=title,
            text=data["text"],
            data_json=Markup(script_json(data)),
            vis_json=Markup(script_json(vis)),
            deck_js=Markup(inline_script(DECK_JS)),
        )
    )
    if re.search(r"(?i)https?://", page):  # the promise of the module; never expected
        raise RuntimeError("the deck refers to a web address")
    return page


DECK_HTML = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="graphsvc">
<title>{{ title }}</title>
<style>
body:focus { outline: none; }
html, body { margin: 0; height: 100%; background: #fff; color: #1a1a1a;
  font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
body { display: grid; grid-template-rows: minmax(0, 1fr) auto; }
#deck-frame { border: 0; width: 100%; height: 100%; display: block; }
footer { display: flex; gap: 1rem; align-items: baseline; padding: .5rem 1rem;
  border-top: 1px solid #ddd; font-size: 1rem; }
footer h1 { font-size: 1rem; margin: 0; }
#deck-note { margin: 0; color: #333; flex: 1 1 auto; }
#deck-count { color: #555; white-space: nowrap; }
footer button { font: inherit; padding: .2rem .7rem; border: 1px solid #8c8c8c;
  border-radius: 4px; background: #f5f5f5; cursor: pointer; }
</style>
</head>
<body tabindex="-1">
<iframe id="deck-frame" title="{{ title }}"></iframe>
<footer>
<h1 id="deck-title"></h1>
<p id="deck-note"></p>
<span id="deck-count"></span>
<button type="button" id="deck-prev">{{ text.deck_prev }}</button>
<button type="button" id="deck-next">{{ text.deck_next }}</button>
</footer>
<script type="application/json" id="deck-data">{{ data_json }}</script>
<script type="application/json" id="deck-vis">{{ vis_json }}</script>
<script>{{ deck_js }}</script>
</body>
</html>
"""

DECK_JS = r"""
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("deck-data").textContent);
  var vis = null;
  var frame = document.getElementById("deck-frame");
  var at = -1;
  function show(i) {
    if (i < 0 || i >= data.slides.length || i === at) { return; }
    at = i;
    if (vis === null) { vis = JSON.parse(document.getElementById("deck-vis").textContent); }
    var slide = data.slides[i];
    var mark = "<script>" + data.mark + "</" + "script>";
    frame.srcdoc = slide.html.replace(mark, function () {
      return "<script>" + vis + "</" + "script>";
    });
    document.getElementById("deck-title").textContent = slide.title;
    document.getElementById("deck-note").textContent = slide.note;
    document.getElementById("deck-count").textContent =
      data.text.deck_slide + " " + (i + 1) + " / " + data.slides.length;
    document.body.setAttribute("data-slide", String(i + 1));
    // the keys come back to the deck: a slide that is still loading could not pass them
    document.body.focus({preventScroll: true});
  }
  function step(key) {
    if (key === "ArrowRight" || key === "PageDown" || key === " ") { show(at + 1); }
    else if (key === "ArrowLeft" || key === "PageUp") { show(at - 1); }
    else if (key === "Home") { show(0); }
    else if (key === "End") { show(data.slides.length - 1); }
  }
  document.addEventListener("keydown", function (event) { step(event.key); });
  // a slide has the focus after a click: it passes the keys on (see view.js)
  window.addEventListener("message", function (event) {
    var key = event.data && event.data.deckKey;
    if (event.source === frame.contentWindow && typeof key === "string") {
      step(key);
    }
  });
  document.getElementById("deck-prev").addEventListener("click", function () { show(at - 1); });
  document.getElementById("deck-next").addEventListener("click", function () { show(at + 1); });
  window.graphsvcDeck = {show: show, at: function () { return at; }, count: data.slides.length};
  show(0);
}());
"""
