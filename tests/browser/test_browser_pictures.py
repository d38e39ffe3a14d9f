"""The network and timeline pictures as a reader uses them: click an actor -> its page, click a relationship ->
the quotes behind it with their sources, the date filter, a name searched, an actor's neighbourhood from its own
small file, the timeline at each event's precision opening on the latest events, the keyboard, and printing.
Screenshots of each are saved in test-artifacts/screenshots/ (pictures-*.png)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from site_reader import PHONE, BuiltSite, Reader

from builder.model.dossier import Dossier

pytestmark = pytest.mark.browser

NETWORK = "analysis/relationships/"
TIMELINE = "analysis/timeline/"


def data(site: BuiltSite, path: str) -> Any:
    return json.loads((site.out / path).read_text(encoding="utf-8"))


def click_on_canvas(reader: Reader, selector: str, script: str, arg: object = None) -> None:
    """Click, with the mouse, where `script` (given the widget's Cytoscape instance) says an element is drawn."""
    box = reader.page.locator(selector).first
    box.locator(".dossier-network-canvas").evaluate("c => c.scrollIntoView({block: 'center'})")
    point = box.evaluate(f"(box, arg) => {{ const cy = box.cy; {script} }}", arg)
    canvas = box.locator(".dossier-network-canvas").bounding_box()
    assert canvas is not None
    reader.page.mouse.click(canvas["x"] + point["x"], canvas["y"] + point["y"])


def drawn_edges(reader: Reader) -> list[str]:
    return reader.page.locator(".dossier-network").first.evaluate("box => box.cy.edges().map(e => e.data('rel'))")


def test_clicking_an_actor_opens_its_page(reader: Reader, site: BuiltSite) -> None:
    reader.open(NETWORK)
    reader.screenshot("pictures-network")
    top = data(site, "data/network.json")["nodes"][0]
    script = "const n = cy.getElementById(arg); cy.center(n); return n.renderedPosition();"
    click_on_canvas(reader, ".dossier-network", script, top["id"])
    reader.page.wait_for_url(f"**/{top['page']}")
    assert reader.path() == top["page"]
    assert not reader.take_problems()


def test_clicking_a_relationship_shows_its_quotes_and_sources(
    reader: Reader, site: BuiltSite, dossier: Dossier
) -> None:
    reader.open(NETWORK)
    network = data(site, "data/network.json")
    edge = next(e for e in network["edges"] if e["source"] != e["target"])
    # Zoomed onto the edge, its middle is far from both actors.
    script = "const e = cy.getElementById('r:' + arg); cy.fit(e, 120); return e.renderedMidpoint();"
    click_on_canvas(reader, ".dossier-network", script, edge["id"])
    panel = reader.page.locator(".dossier-network-panel")
    panel.locator("blockquote").first.wait_for()
    relationship = dossier.relationships[edge["id"]]
    shown = panel.locator("blockquote").all_inner_texts()
    assert shown == [ev.quote for ev in relationship.evidence]
    sources = panel.locator(".dossier-network-cite a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    assert sources == [f"../../sources/{ev.source}/" for ev in relationship.evidence]
    status = network["statuses"][edge["status"]]
    assert f"Rests on: {status} · {edge['standing']['support'].replace('-', ' ')}" in panel.inner_text()
    reader.screenshot("pictures-relationship-quotes")
    panel.locator(".dossier-network-cite a").first.click()
    reader.page.wait_for_url(f"**/sources/{relationship.evidence[0].source}/")
    assert not reader.take_problems()


def test_each_relationship_is_drawn_by_what_it_rests_on(reader: Reader, site: BuiltSite) -> None:
    reader.open(NETWORK)
    styles = reader.page.locator(".dossier-network").first.evaluate(
        "box => box.cy.edges().map(e => [e.data('status'), e.style('line-style'), e.style('line-color')])"
    )
    lines = {status: (style, colour) for status, style, colour in styles}
    expected = {"stated": "solid", "reported": "dashed", "unnamed": "dotted", "disputed": "dashed"}
    assert lines, "no relationship drawn"
    for status, (style, _) in lines.items():
        assert style == expected[status], status
    if "reported" in lines and "disputed" in lines:
        assert lines["reported"][1] != lines["disputed"][1]
    legend = reader.page.locator(".dossier-network-legend").inner_text()
    assert all(text in legend for text in data(site, "data/network.json")["statuses"].values())


def test_the_date_filter_shows_the_network_as_of_a_period(reader: Reader, site: BuiltSite) -> None:
    reader.open(NETWORK)
    network = data(site, "data/network.json")
    before = drawn_edges(reader)
    assert sorted(before) == sorted(e["id"] for e in network["edges"])  # the seed's network is drawn whole
    to = reader.page.locator("#dossier-network-to")
    to.focus()
    to.press("Home")  # the first month: relationships dated or first reported then, or before
    reader.page.wait_for_function(
        "n => document.querySelector('.dossier-network').cy.edges().length !== n", arg=len(before)
    )
    first = int(to.get_attribute("min") or 0)

    def month(iso: str) -> int:
        parts = iso.split("-")
        return int(parts[0]) * 12 + (int(parts[1]) - 1 if len(parts) > 1 else 0)

    expected = [e["id"] for e in network["edges"] if not e["from"] or month(e["from"]) <= first]
    assert sorted(drawn_edges(reader)) == sorted(expected) and len(expected) < len(before)
    status = reader.page.inner_text(".dossier-network-status")
    assert f"of {len(network['edges'])} relationships pass the filters" in status
    reader.screenshot("pictures-network-date-filter")
    assert not reader.take_problems()


def test_searching_a_name_focuses_its_neighbourhood(reader: Reader, site: BuiltSite) -> None:
    reader.open(NETWORK)
    network = data(site, "data/network.json")
    actor = network["nodes"][1]
    box = reader.page.locator("#dossier-network-search")
    box.fill(actor["name"])
    box.press("Enter")
    reader.page.wait_for_function(
        "() => document.querySelector('.dossier-network-canvas') && "
        "document.querySelector('.dossier-network').cy.$('node.focus').length === 1"
    )
    nodes = reader.page.locator(".dossier-network").first.evaluate("box => box.cy.nodes().map(n => n.id())")
    near = {actor["id"]} | {
        other
        for e in network["edges"]
        for a, other in ((e["source"], e["target"]), (e["target"], e["source"]))
        if a == actor["id"]
    }
    assert set(nodes) == near
    assert f"The neighbourhood of {actor['name']}" in reader.page.inner_text(".dossier-network-status")
    assert not reader.take_problems()


def test_the_network_answers_the_keyboard(reader: Reader) -> None:
    reader.open(NETWORK)
    canvas = reader.page.locator(".dossier-network-canvas")
    zoom = canvas.evaluate("c => c.parentElement.cy.zoom()")
    canvas.focus()
    canvas.press("+")
    assert canvas.evaluate("c => c.parentElement.cy.zoom()") > zoom
    pan = canvas.evaluate("c => c.parentElement.cy.pan().x")
    canvas.press("ArrowLeft")
    assert canvas.evaluate("c => c.parentElement.cy.pan().x") != pan


def test_an_actor_page_loads_only_its_neighbourhood(reader: Reader, site: BuiltSite) -> None:
    network = data(site, "data/network.json")
    actor = network["nodes"][0]
    asked: list[str] = []
    reader.page.on("request", lambda request: asked.append(request.url))
    reader.open(actor["page"])
    mine = data(site, f"data/network/{actor['id']}.json")
    assert any(url.endswith(f"data/network/{actor['id']}.json") for url in asked)
    assert not any(url.endswith("data/network.json") for url in asked), "an actor page loads the whole network"
    nodes = reader.page.locator(".dossier-network").first.evaluate("box => box.cy.nodes().map(n => n.id())")
    assert sorted(nodes) == sorted(n["id"] for n in mine["nodes"])
    reader.page.locator(".dossier-network").scroll_into_view_if_needed()
    reader.screenshot("pictures-actor-neighbourhood")
    other = next(n for n in mine["nodes"] if n["id"] != actor["id"])
    script = "const n = cy.getElementById(arg); cy.center(n); return n.renderedPosition();"
    click_on_canvas(reader, ".dossier-network", script, other["id"])
    reader.page.wait_for_url(f"**/{other['page']}")
    assert not reader.take_problems()


def test_the_timeline_draws_each_event_at_its_precision_and_opens_on_the_latest(
    reader: Reader, site: BuiltSite, dossier: Dossier
) -> None:
    reader.open(TIMELINE)
    slides = data(site, "data/timeline.json")["events"]
    drawn = reader.page.locator(".dossier-timeline .vis-item")
    assert drawn.count() > 0
    reader.screenshot("pictures-timeline")
    for slide in slides:
        event = dossier.events[slide["unique_id"]]
        date = event.placed
        assert date is not None
        classes = reader.page.evaluate(
            "id => { const el = [...document.querySelectorAll('.vis-item')].find(e => e.dataset.id === id);"
            " return el ? el.className : null; }",
            slide["unique_id"],
        )
        if classes is None:
            continue  # outside the opening window
        one_of = event.date is None or date.one_of  # a day between bounds, or under way as of a date
        unsure = one_of or any(p.approximate or p.uncertain for p in (date.start, date.end) if p)
        assert ("dossier-unsure" in classes) == unsure, slide["unique_id"]
        if event.date is None or (date.interval and (date.start is None or date.end is None)):
            assert "dossier-open-" in classes, slide["unique_id"]
        elif date.precision == "day" and not date.interval:
            assert "vis-box" in classes, slide["unique_id"]
        else:
            assert "vis-range" in classes, slide["unique_id"]
    latest = max(slides, key=lambda s: dossier.events[s["unique_id"]].placed.sort_key)  # type: ignore[union-attr]
    item = reader.page.locator(f".vis-item[data-id='{latest['unique_id']}']")
    assert item.count() == 1, "the latest event is not in the opening window"
    item.click()
    panel = reader.page.locator(".dossier-timeline .dossier-network-panel")
    panel.wait_for()
    quotes = panel.locator("a", has_text="The quotes it rests on")
    assert quotes.get_attribute("href") == f"../../{latest['page']}#what-the-sources-say"
    reader.screenshot("pictures-timeline-event")
    quotes.click()
    reader.page.wait_for_url(f"**/{latest['page']}#what-the-sources-say")
    assert not reader.take_problems()


def test_printing_shows_the_text_not_a_canvas(reader: Reader) -> None:
    for path, lists in ((NETWORK, "Best-connected actors"), (TIMELINE, "2025")):
        reader.open(path)
        reader.page.emulate_media(media="print")
        box = reader.page.locator(".dossier-network, .dossier-timeline").first
        assert not box.is_visible()
        assert reader.page.get_by_role("heading", name=lists).first.is_visible()
        reader.page.emulate_media(media="screen")


def test_the_pictures_fit_a_phone(reader: Reader) -> None:
    for path in (NETWORK, TIMELINE):
        reader.open(path, PHONE)
        width = reader.page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"/{path} is {width} px wide on a {PHONE['width']} px phone"
        box = reader.page.locator(".dossier-network-canvas, .dossier-timeline-canvas").first.bounding_box()
        assert box is not None and box["width"] > 250 and box["height"] > 250
        reader.screenshot("pictures-" + path.strip("/").replace("/", "-") + "-phone")
    assert not reader.take_problems()
