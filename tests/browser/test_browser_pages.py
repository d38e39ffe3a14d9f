"""Every page as a reader meets it: no console error or broken image, within three clicks of the home page,
pictures drawn, accessible (axe-core), and readable on a phone without scrolling sideways."""

from __future__ import annotations

import pytest
from site_reader import DESKTOP, PHONE, BuiltSite, PageReport, Reader

from builder.model.dossier import Dossier

pytestmark = pytest.mark.browser

PAGE_TYPES = ["home", "actor", "event", "claim", "source", "index", "other"]  # "other": hand-written, analysis

# axe-core's serious and critical violations, with up to three of the elements at fault.
AXE = """async known => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  for (const v of result.violations) v.nodes = v.nodes.filter(n => !(known[v.id] || []).includes(n.target.join(' ')));
  const serious = result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
  return serious.filter(v => v.nodes.length).map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' [' + (n.failureSummary || '').replace(/\\s+/g, ' ')
      .slice(0, 160) + ']').join('; ') + (v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : ''),
  }));
}"""
# Violations in Material's own HTML that no file of this project can fix, by rule and element.
KNOWN = {
    # Material's search box is role="dialog" with no name; naming it needs a theme override (custom_dir).
    "aria-dialog-name": [".md-search"],
}


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


def test_every_picture_is_drawn(site: BuiltSite, sweep: dict[str, PageReport]) -> None:
    pages = {path: page.pictures for path, page in site.pages.items() if page.pictures}
    assert "analysis/relationships/" in pages and "analysis/timeline/" in pages
    failures = []
    for path, expected in sorted(pages.items()):
        diagrams = sweep[path].diagrams
        drawn = diagrams.count("")
        if drawn < expected:
            wrong = "; ".join(d for d in diagrams if d) or "not drawn"
            failures.append(f"/{path}: {drawn} of {expected} pictures drawn: {wrong}")
    assert not failures, f"{len(failures)} of {len(pages)} pages with pictures:\n" + "\n".join(failures)


def test_the_timeline_page_lists_events_in_date_order(reader: Reader, site: BuiltSite, dossier: Dossier) -> None:
    timelines = sorted(p for p in site.pages if p.rstrip("/").rsplit("/", 1)[-1] == "timeline")
    if not timelines:
        pytest.skip("the site has no timeline page yet")
    failures = []
    for path in timelines:
        reader.open(path)
        hrefs = reader.page.locator("article a[href*='events/']").evaluate_all("as => as.map(a => a.href)")
        ids = [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs if "/events/" in h]
        events = [dossier.events[i] for i in ids if i in dossier.events]
        if not events:
            failures.append(f"/{path}: links to no event")
        years = [e.date.sort_key[0] for e in events if e.date]
        if years != sorted(years):
            failures.append(f"/{path}: events are not in date order: years {years}")
        failures += [f"/{path}: diagram: {d}" for d in reader.diagrams() if d]
    failures += reader.take_problems()
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_screenshots_of_each_page_type(kind: str, reader: Reader, site: BuiltSite) -> None:
    """Not a check: pictures of each page type at desktop and phone width, in test-artifacts/screenshots/."""
    pages = site.sample(kind)
    if not pages:
        pytest.skip(f"the site has no {kind} page")
    for page in pages if kind in ("index", "other") else pages[:1]:
        name = kind + ("-" + page.path.strip("/").replace("/", "-") if kind in ("index", "other") else "")
        for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
            reader.open(page.path, viewport)
            reader.screenshot(f"{name}-{width}")
    assert not reader.take_problems()


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_serious_or_critical_accessibility_violation(
    kind: str, reader: Reader, site: BuiltSite, axe_source: str
) -> None:
    """axe-core on each page type, in the light and the dark colour scheme."""
    pages = site.sample(kind)
    if not pages:
        pytest.skip(f"the site has no {kind} page")
    found: dict[str, list[str]] = {}  # violation -> pages
    for page in pages:
        reader.open(page.path)
        reader.page.add_script_tag(content=axe_source)
        for scheme in ("light", "dark"):
            if scheme == "dark":  # as Material's own toggle does
                reader.page.evaluate("() => document.body.setAttribute('data-md-color-scheme', 'slate')")
            for v in reader.page.evaluate(AXE, KNOWN):
                found.setdefault(f"{v['impact']} {v['id']}: {v['help']}: {v['nodes']}", []).append(
                    f"/{page.path} ({scheme})"
                )
    assert not found, f"{len(found)} violations:\n" + "\n".join(f"{v}\n    on {', '.join(p)}" for v, p in found.items())
    assert not reader.take_problems()


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
