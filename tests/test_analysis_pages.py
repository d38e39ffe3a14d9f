"""The analysis on the site: status badges and reasons, pictures, discrepancy and analysis pages, all escaped."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from builder.pipeline import check, render
from tests.conftest import Write
from tests.sitecheck import broken_links
from tests.test_site import mkdocs_build

ANALYSIS_PAGES = [
    "analysis/index.md",
    "analysis/independence.md",
    "analysis/timeline/index.md",
    "analysis/discrepancies.md",
    "analysis/relationships.md",
    "analysis/unnamed-sources.md",
]
HOSTILE = 'Evil "]) --> x; click n0 call alert(1) %% ``` <script>alert(1)</script> | #'


def pages(root: Path) -> dict[str, str]:
    result = check(root)
    assert [p.text() for p in result.problems.errors] == []
    return render(result).pages


def widgets(markdown: str) -> list[str]:
    """The network and timeline widgets of a page: their HTML, which names a data file and holds nothing else."""
    return re.findall(r'^<div class="dossier-(?:network|timeline)"[^\n]*</div>$', markdown, re.M)


def test_every_analysis_page_is_generated(mini: Path) -> None:
    generated = pages(mini)
    assert set(ANALYSIS_PAGES) <= set(generated)
    assert "analysis/timeline/2025.md" in generated


def test_a_claim_page_shows_its_status_with_reasons_and_its_attribution_chains(mini: Path) -> None:
    page = pages(mini)["claims/twelve-cracks.md"]
    status = page[page.index("## Status { #status }") : page.index("## How it reached the sources")]
    assert "[single source](twelve-cracks.md#status){ .dossier-status .dossier-status-single-source }" in status
    assert "[disputed](twelve-cracks.md#status)" in status
    assert "cannot both be true" in status and "(fourteen-cracks.md)" in status
    assert "**Rests only on unnamed sources:**" in status
    assert "](../analysis/discrepancies.md#d-cracks-fourteen-cracks)" in status
    assert "[the rules](../analysis/index.md#claim-status)" in status
    chains = page[page.index("## How it reached the sources") : page.index("## Evidence")]
    assert (
        "- [Bridge closed](../sources/planet-bridge.md) ([Daily Planet](../actors/daily-planet.md), 26 November 2025)"
        " → [An unnamed engineer](../actors/unnamed-engineer.md)\n"
    ) in chains
    assert "mermaid" not in page and widgets(page) == []


def test_the_claims_index_shows_badges_linking_to_the_reasons(mini: Path) -> None:
    index = pages(mini)["claims/index.md"]
    assert "[corroborated](../claims/bridge-is-safe.md#status)" in index or "(bridge-is-safe.md#status)" in index
    assert index.count("{ .dossier-status ") >= 3


def test_the_rewrite_does_not_corroborate_in_the_mini_fixture(mini: Path) -> None:
    page = pages(mini)["claims/bridge-is-safe.md"]
    assert ".dossier-status-single-source" in page and "corroborated" not in page.split("## Status")[1][:200]
    assert "rewrites" in page


def test_the_discrepancies_page_quotes_each_side_and_links_its_paragraph(mini: Path) -> None:
    page = pages(mini)["analysis/discrepancies.md"]
    assert "## cracks&#58; 12 / 14 { #d-cracks-fourteen-cracks }" in page
    assert "> at least 12 cracks were found" in page and "> after 14 cracks were found" in page
    assert re.search(r"\]\(\.\./sources/planet-bridge\.md#q\d+-\d+\)", page)
    assert re.search(r"\]\(\.\./sources/gazette-bridge\.md#q\d+-\d+\)", page)


def test_event_and_actor_pages_link_to_the_timeline_and_draw_neighbourhoods(mini: Path) -> None:
    generated = pages(mini)
    assert (
        "- **On the timeline:** [24 November 2025](../analysis/timeline/2025.md#m2025-11)"
        in generated["events/bridge-closed.md"]
    )
    [widget] = widgets(generated["actors/ana-lopez.md"])
    assert 'data-root="../../" data-src="data/network/ana-lopez.json" data-focus="ana-lopez"' in widget
    [widget] = widgets(generated["analysis/relationships.md"])
    assert 'data-root="../../" data-src="data/network.json"' in widget
    [widget] = widgets(generated["analysis/timeline/index.md"])
    assert 'data-root="../../" data-src="data/timeline.json"' in widget


def hostile(write: Write) -> None:
    write("annotations/actors/evil.yaml", f"id: evil\nname: {HOSTILE!r}\nkind: unnamed-source\n")
    write(
        "annotations/relationships/evil-threatens-lopez.yaml",
        "id: evil-threatens-lopez\nsubject: evil\ntype: threatens\nobject: ana-lopez\n"
        "evidence:\n  - source: planet-bridge\n    quote: promised it would reopen\n",
    )
    write(
        "annotations/claims/evil-claim.yaml",
        "id: evil-claim\nstatement: x\nclaimant: evil\nevidence:\n"
        "  - source: gazette-bridge\n    quote: the Gazette reports\n    via: [daily-planet]\n",
    )


def test_annotation_text_never_reaches_a_widget_s_html(mini: Path, write: Write) -> None:
    """A widget's HTML names its data file and nothing else: annotation text reaches the picture only as JSON,
    which the scripts put on the page as text (textContent), never as HTML."""
    hostile(write)
    generated = pages(mini)
    drawn = 0
    for path in ("claims/evil-claim.md", "actors/evil.md", "actors/ana-lopez.md", "analysis/relationships.md"):
        for widget in widgets(generated[path]):
            drawn += 1
            assert "Evil" not in widget and "alert" not in widget
            assert re.fullmatch(
                r'<div class="dossier-network" data-root="[./]*" data-src="[\w/.-]+"[ \w"=-]*></div>', widget
            )
    assert drawn == 3


@pytest.mark.slow
def test_the_analysis_pages_build_strictly_with_every_link_resolving(mini: Path, write: Write, tmp_path: Path) -> None:
    hostile(write)
    write(
        "annotations/events/bridge-inspected.yaml",
        "id: bridge-inspected\ntitle: Inspection\ndate: 2025-11\nevidence:\n  - source: gazette-bridge\n"
        "    quote: after 14 cracks were found\n",
    )
    site = tmp_path / "site"
    result = mkdocs_build(mini / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    assert broken_links(site) == []
    html = (site / "claims" / "evil-claim" / "index.html").read_text("utf-8")
    assert "<script>alert" not in html and "mermaid" not in html
    shutil.rmtree(site)
