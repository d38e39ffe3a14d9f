"""Every page as a reader meets it: no console error or broken image, within three clicks of the home page,
diagrams drawn, accessible (axe-core), and readable on a phone without scrolling sideways."""

from __future__ import annotations

import pytest
from site_reader import MERMAID_JS, PHONE, REPO, BuiltSite, PageReport, Reader

pytestmark = pytest.mark.browser

PAGE_TYPES = ["home", "actor", "event", "claim", "source", "index", "other"]


def test_no_page_has_a_console_error_or_a_broken_image(sweep: dict[str, PageReport]) -> None:
    problems = [p for report in sweep.values() for p in report.problems]
    problems += [f"/{path}: broken image {src}" for path, r in sweep.items() for src in r.broken_images]
    assert not problems, f"{len(problems)} problems on {len(sweep)} pages:\n" + "\n".join(problems)


def test_no_page_scrolls_sideways_on_a_phone(sweep: dict[str, PageReport]) -> None:
    wide = {path: r.phone for path, r in sweep.items() if r.phone["scroll"] > r.phone["client"]}
    lines = [
        f"/{path}: {p['scroll']} > {p['client']} px; sticking out: {'; '.join(p['wide'])}" for path, p in wide.items()
    ]
    assert not wide, f"{len(wide)} of {len(sweep)} pages are wider than a {PHONE['width']} px phone:\n" + "\n".join(
        lines
    )


def test_mermaid_diagrams_are_drawn(site: BuiltSite, sweep: dict[str, PageReport]) -> None:
    pages = {path: page.mermaid for path, page in site.pages.items() if page.mermaid}
    if not pages:
        pytest.skip("no page has a Mermaid diagram yet (relationship graph, attribution chains): nothing to draw")
    assert MERMAID_JS.is_file(), f"{MERMAID_JS.relative_to(REPO)} is missing: run `npm ci` (`make install-dev`)"
    failures = []
    for path, expected in sorted(pages.items()):
        diagrams = sweep[path].diagrams
        drawn = diagrams.count("")
        if drawn < expected:
            wrong = "; ".join(d for d in diagrams if d) or "not drawn"
            failures.append(f"/{path}: {drawn} of {expected} diagrams drawn: {wrong}")
    assert not failures, f"{len(failures)} of {len(pages)} pages with diagrams:\n" + "\n".join(failures)


def test_the_timeline_page_shows_events_in_order(reader: Reader, site: BuiltSite) -> None:
    timelines = sorted(p for p in site.pages if "timeline" in p.split("/")[-2:-1] or p.endswith("timeline/"))
    if not timelines:
        pytest.skip("the site has no timeline page yet")
    failures = []
    for path in timelines:
        reader.open(path)
        events = reader.page.locator("article a[href*='events/']")
        if not events.count() and not reader.page.locator("article a[href*='timeline/']").count():
            failures.append(f"/{path}: links to no event and no other part of the timeline")
        failures += [d for d in reader.diagrams() if d]
    failures += reader.take_problems()
    assert not failures, "\n".join(failures)


def test_every_page_is_within_three_clicks_of_the_home_page(site: BuiltSite) -> None:
    depth = {"": 0}
    frontier = [""]
    while frontier:
        following = []
        for path in frontier:
            if depth[path] == 3:
                continue
            for target in site.pages[path].links if path in site.pages else []:
                if target not in depth:
                    depth[target] = depth[path] + 1
                    following.append(target)
        frontier = following
    far = sorted(set(site.pages) - set(depth))
    assert not far, f"{len(far)} of {len(site.pages)} pages need more than three clicks from the home page:\n" + (
        "\n".join(f"/{p}" for p in far)
    )
