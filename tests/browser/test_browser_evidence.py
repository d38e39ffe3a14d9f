"""Following the evidence both ways: from a quote to its paragraph in the source, and back from a passage to
whatever cites it."""

from __future__ import annotations

import pytest

from builder.model.dossier import Dossier

pytestmark = pytest.mark.browser

# Where an element is, seen from the reader's window, and whether the dossier's CSS highlights it.
PLACE = """el => {
  const box = el.getBoundingClientRect();
  const header = document.querySelector('.md-header');
  const covered = header ? header.getBoundingClientRect().bottom : 0;
  const style = getComputedStyle(el);
  return {top: box.top, bottom: box.bottom, covered, height: window.innerHeight,
          outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0};
}"""


def in_view(place: dict) -> bool:
    below_header = place["top"] >= place["covered"] - 2
    return below_header and place["bottom"] > place["covered"] and place["top"] < place["height"]


def test_an_evidence_link_lands_on_the_quoted_paragraph_scrolled_to_and_highlighted(reader, dossier: Dossier) -> None:
    quotes = [(c, ev) for c in sorted(dossier.claims.values(), key=lambda c: c.id) for ev in c.evidence if ev.anchor]
    assert quotes, "no claim quotes a source"
    # the quote deepest into its source (the most scrolling), then a spread of others
    deepest = max(range(len(quotes)), key=lambda i: quotes[i][1].anchor.paragraph)
    chosen = [quotes[i] for i in dict.fromkeys([deepest, *range(0, len(quotes), max(1, len(quotes) // 5))])][:6]
    failures = []
    for claim, ev in chosen:
        reader.open(f"claims/{claim.id}/")
        href_end = f"sources/{ev.source}/#{ev.anchor.slug}"
        link = reader.page.locator(f'p.dossier-cite a[href$="{href_end}"]').first
        link.click()
        reader.page.wait_for_url(f"**/{href_end}")
        reader.page.wait_for_function("() => document.querySelector(':target') !== null")
        reader.page.wait_for_timeout(100)  # let the browser finish scrolling
        where = f"claims/{claim.id}/ → {href_end}"
        if reader.path() != f"sources/{ev.source}/" or reader.fragment() != ev.anchor.slug:
            failures.append(f"{where}: landed on {reader.page.url}")
            continue
        # the quoted words start in view, below the sticky header, and their paragraph is outlined
        quoted = reader.page.locator(f"#{ev.anchor.slug} ~ mark").first
        place = quoted.evaluate(PLACE) if quoted.count() else {}
        if not place or not in_view(place):
            failures.append(f"{where}: the quoted words are not in view: {place}")
        paragraph = reader.page.locator(f"#{ev.anchor.slug}").locator("xpath=ancestor::p[1]")
        place = paragraph.evaluate(PLACE)
        if place["outline"] == "none" or place["outlineWidth"] <= 0:
            failures.append(f"{where}: paragraph ¶{ev.anchor.paragraph} is not highlighted: {place}")
        if (claim, ev) == chosen[0]:
            reader.screenshot("evidence-landing-desktop")
    assert not failures, "\n".join(failures)
    assert not reader.take_problems()


def test_a_quoted_passage_links_to_what_cites_it(reader, dossier: Dossier) -> None:
    source = max(sorted(dossier.sources), key=lambda s: sum(1 for ev in dossier.evidence() if ev.source == s))
    reader.open(f"sources/{source}/")
    cites = reader.page.locator("p.dossier-para sup.dossier-cites a")
    links = cites.evaluate_all(
        """links => links.map((a, i) => ({i, label: a.textContent.trim(), href: a.getAttribute('href'),
              anchors: [...a.closest('p').querySelectorAll('.dossier-anchor')].map(s => s.id)}))"""
    )
    assert links, f"sources/{source}/ highlights no passage"
    by_label: dict[str, list[dict]] = {}
    for link in links:
        by_label.setdefault(link["label"], []).append(link)
    # one link of each kind (claim, event, role, relationship), and the last one on the page
    chosen = list({id(x): x for x in [group[0] for group in by_label.values()] + [links[-1]]}.values())
    failures = []
    for link in chosen:
        reader.open(f"sources/{source}/")
        cites.nth(link["i"]).click()
        reader.page.wait_for_load_state("load")
        target = link["href"].split("#")[0].replace("../", "")
        where = f"sources/{source}/ {link['label']} link {link['href']}"
        if not reader.path().endswith(target):
            failures.append(f"{where}: landed on {reader.page.url}")
            continue
        back = [f'a[href$="sources/{source}/#{anchor}"]' for anchor in link["anchors"]]
        if not reader.page.locator(", ".join(back)).count():
            failures.append(f"{where}: the page reached does not quote the passage (no link back to it)")
        if reader.fragment():
            reader.page.wait_for_timeout(100)
            place = reader.page.locator(f"[id='{reader.fragment()}']").evaluate(PLACE)
            if not in_view(place):
                failures.append(f"{where}: #{reader.fragment()} is not in view: {place}")
    assert not failures, "\n".join(failures)
    assert not reader.take_problems()
