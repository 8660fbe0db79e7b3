"""A deck as one offline file: it steps with the arrow keys (also from inside a slide)
and makes no outside request; a view saved where it was zoomed reopens there."""

from __future__ import annotations

from datetime import date
from typing import Any

from graphsvc.demo import demo_dataset
from visual.deck import DeckSlide, render_deck
from visual.embed import view_spec
from visual.html import render_html, vis_js
from visual.spec import ViewParams

DAY = date(2026, 6, 1)


def test_a_deck_steps_with_the_arrow_keys(offline_page: Any, write_html: Any) -> None:
    ds = demo_dataset()
    slides = [
        DeckSlide(view_spec(ds, ViewParams(group="age-7-21", as_of=DAY)), note="Nuoret"),
        DeckSlide(view_spec(ds, ViewParams(as_of=DAY)), title="Yhteistyö"),
        DeckSlide(view_spec(ds, ViewParams(group="age-66-plus", as_of=DAY))),
    ]
    html = render_deck("Foorumi", slides)
    # vis-network once for the whole deck, not once a slide
    vis = len(vis_js().encode())
    assert len(html.encode()) < 2 * vis  # (three copies would be three times as big)
    page = offline_page
    page.goto(write_html(html))
    frame = page.frame_locator("#deck-frame")
    frame.locator("body[data-state=stable]").wait_for(timeout=30_000)
    assert page.get_attribute("body", "data-slide") == "1"
    assert page.text_content("#deck-note") == "Nuoret"
    assert page.text_content("#deck-count") == "Dia 1 / 3"
    assert "7–21" in frame.locator("#gv-title").text_content()
    page.keyboard.press("ArrowRight")
    # (the frame's old page is stable too until the new one replaces it)
    frame.locator("#gv-title", has_text="Yhteistyöverkosto").wait_for(timeout=30_000)
    frame.locator("body[data-state=stable]").wait_for(timeout=30_000)
    assert page.get_attribute("body", "data-slide") == "2"
    assert page.text_content("#deck-title") == "Yhteistyö"
    # a click puts the focus in the slide; the keys still step the deck
    page.locator("#deck-frame").click(position={"x": 600, "y": 400})
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.body.getAttribute('data-slide') === '3'")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("document.body.getAttribute('data-slide') === '2'")
    page.keyboard.press("Home")
    page.wait_for_function("document.body.getAttribute('data-slide') === '1'")
    page.keyboard.press("ArrowLeft")  # nothing before the first
    assert page.get_attribute("body", "data-slide") == "1"
    assert page.console_errors == []
    assert page.blocked_requests == []  # nothing asked from outside


def test_a_view_reopens_where_it_was_zoomed(offline_page: Any, write_html: Any) -> None:
    ds = demo_dataset()
    page = offline_page
    page.set_viewport_size({"width": 1366, "height": 768})
    page.goto(write_html(render_html(view_spec(ds, ViewParams(as_of=DAY)), "embed")))
    page.wait_for_selector("body[data-state=stable]")
    page.evaluate(
        "() => { const n = window.graphsvcView.network;"
        " n.moveTo({position: {x: 120, y: -80}, scale: 1.7, animation: false}); n.redraw(); }"
    )
    page.wait_for_timeout(100)
    place = page.evaluate("() => window.graphsvcView.place()")
    labels = page.evaluate("() => window.graphsvcView.labelBoxes()")
    saved = ViewParams(as_of=DAY, zoom=place["zoom"], x=place["x"], y=place["y"])
    page.goto(write_html(render_html(view_spec(ds, saved), "embed")))
    page.wait_for_selector("body[data-state=stable]")
    again = page.evaluate("() => window.graphsvcView.place()")
    assert again == place
    assert page.evaluate("() => window.graphsvcView.labelBoxes()") == labels
