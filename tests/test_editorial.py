"""Who said it, through whom, and as of when: the editorial model on a small fixture dossier.

The fixture (tests/fixtures/relay) has two articles relaying one outlet's report that the dossier does not
hold, an article crediting two outlets in parallel, a wire story's copy carried by another site and a rewrite
of it, and relationships and roles reported "as of" a date. The expectations live here, not on the seed
dossier, so that an annotator's correction of the seed cannot fail a code test.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from builder.analyse.attribution import evidence_chains
from builder.analyse.status import CORROBORATED, SINGLE_SOURCE
from builder.export import export_files
from builder.pipeline import Checked, check, render
from tests.conftest import FIXTURES

RELAY = FIXTURES / "relay"


@pytest.fixture(scope="module")
def relay() -> Checked:
    result = check(RELAY)
    assert [p.text() for p in result.problems.items] == []
    return result


@pytest.fixture(scope="module")
def pages(relay: Checked) -> dict[str, str]:
    return render(relay).pages


@pytest.fixture(scope="module")
def exports(relay: Checked) -> dict[str, str]:
    return export_files(relay.dossier, relay.analysis.cross)


def statuses(relay: Checked) -> dict:
    assert relay.analysis.cross is not None
    return relay.analysis.cross.statuses


def copy(tmp_path: Path) -> Path:
    root = tmp_path / "relay"
    shutil.copytree(RELAY, root)
    return root


# Lines of reporting -------------------------------------------------------------


def test_two_articles_relaying_one_report_are_one_line(relay: Checked) -> None:
    status = statuses(relay)["dam-will-fail"]
    assert status.support == SINGLE_SOURCE
    [line] = status.lines
    assert line.upstream == ["courier-report"]
    assert set(line.sources) == {"herald-dam", "tribune-dam"}


def test_parallel_attribution_is_one_line_for_each_outlet(relay: Checked) -> None:
    status = statuses(relay)["spillway-cracked"]
    assert status.support == CORROBORATED
    assert sorted(u for line in status.lines for u in line.upstream) == ["courier-report", "gazette-report"]
    assert all(line.sources == ["tribune-dam"] for line in status.lines)


def test_a_wire_copy_and_a_rewrite_of_the_wire_story_are_one_voice(relay: Checked) -> None:
    assert statuses(relay)["mayor-met-builder"].support == SINGLE_SOURCE


def test_an_outlets_own_voice_and_the_report_it_relays_are_one_line(tmp_path: Path) -> None:
    root = copy(tmp_path)
    claim = root / "annotations/claims/dam-will-fail.yaml"
    claim.write_text(
        claim.read_text(encoding="utf-8")
        + "  - source: herald-dam\n    quote: The mayor opposes the builder's plan\n    stance: supports\n",
        encoding="utf-8",
    )
    result = check(root)
    assert not result.problems.errors
    assert statuses(result)["dam-will-fail"].support == SINGLE_SOURCE  # the Herald is never two lines of its own


def test_a_carrier_is_chained_through_the_original_with_its_own_date(relay: Checked, pages: dict[str, str]) -> None:
    claim = relay.dossier.claims["mayor-met-builder"]
    [chain] = evidence_chains(claim.evidence[0], claim.claimant, relay.dossier)
    assert chain.actors == ("newswire-story", "two-sources")
    page = pages["claims/mayor-met-builder.md"]
    assert "([Newswire](../actors/newswire.md), 9 March 2025, not held)" in page
    assert "10 March 2025" in page  # the carrier's own date


def test_relationships_are_shown_as_reported_with_their_status(pages: dict[str, str], relay: Checked) -> None:
    assert statuses(relay)["mayor-opposes-builder"].support == CORROBORATED
    assert statuses(relay)["mayor-meets-builder"].support == SINGLE_SOURCE
    page = pages["actors/mayor.md"]
    assert "### Reported: [The mayor](mayor.md) opposes [The builder](builder.md)" in page
    assert ".dossier-status-corroborated" in page and ".dossier-status-single-source" in page
    assert "**Rests only on unnamed sources:** every chain passes through [Two sources](two-sources.md)." in page


def test_the_analysis_page_counts_claims_and_relationships_apart(pages: dict[str, str], relay: Checked) -> None:
    text = pages["analysis/index.md"]
    claims = [s for k, s in statuses(relay).items() if k in relay.dossier.claims]
    assert f"Of {len(relay.dossier.claims)} claims:" in text
    assert f"- **corroborated:** {sum(s.support == CORROBORATED for s in claims)}\n" in text
    assert f"Of\n{len(relay.dossier.relationships)} relationships:" in text


def test_relationship_and_claim_statuses_are_exported(exports: dict[str, str]) -> None:
    data = json.loads(exports["data/dossier.json"])
    meets = data["relationships"]["mayor-meets-builder"]["status"]
    assert meets["support"] == SINGLE_SOURCE and meets["unnamed_only"] is True
    assert len(meets["lines"]) == 1
    opposes = data["relationships"]["mayor-opposes-builder"]["status"]
    assert opposes == {
        "support": CORROBORATED,
        "disputed": False,
        "lines": [{"sources": ["herald-dam"], "through": []}, {"sources": ["wire-copy"], "through": []}],
        "unnamed_only": False,
    }
    spillway = data["claims"]["spillway-cracked"]["status"]
    assert spillway["support"] == CORROBORATED and spillway["unnamed_only"] is True
    header, *rows = exports["data/claims.csv"].splitlines()
    assert "status" in header.split(",") and "unnamed_only" in header.split(",")
    assert any(row.startswith("spillway-cracked,") and ",corroborated,2,yes," in row for row in rows)


# As of, on or before, until ------------------------------------------------------


def test_as_of_is_shown_as_reported_never_as_an_end(pages: dict[str, str], exports: dict[str, str]) -> None:
    mayor = pages["actors/mayor.md"]
    assert "**Reported as of 10 March 2025**" in mayor
    assert "reported as of 9 March 2025" in mayor  # the role
    assert "until" not in mayor
    data = json.loads(exports["data/dossier.json"])
    assert data["relationships"]["mayor-opposes-builder"]["as_of"] == "2025-03-10"
    links = [json.loads(line) for line in exports["data/ftm.ndjson"].splitlines()]
    [link] = [e for e in links if e["id"] == "mayor-opposes-builder"]
    assert "endDate" not in link["properties"] and "startDate" not in link["properties"]
    assert link["properties"]["summary"] == ["Reported as of 2025-03-10; when it began or ended is not stated."]


def test_an_event_under_way_is_placed_as_of_its_report(pages: dict[str, str], exports: dict[str, str]) -> None:
    slides = {s["unique_id"]: s for s in json.loads(exports["data/timeline.json"])["events"]}
    assert slides["dam-works"]["display_date"] == "reported as of 10 March 2025"
    assert "end_date" not in slides["dam-works"]
    assert slides["evacuation"]["display_date"] == "on or before 9 March 2025"
    assert "end_date" not in slides["evacuation"]
    timeline = "".join(text for path, text in pages.items() if path.startswith("analysis/timeline/"))
    assert "**reported as of 10 March 2025**" in timeline and "**on or before 9 March 2025**" in timeline


# Sources not held ----------------------------------------------------------------


def test_a_cited_document_has_a_page_that_says_it_is_not_held(pages: dict[str, str]) -> None:
    page = pages["sources/courier-report.md"]
    assert "**Not held:**" in page
    assert "## Text" not in page and "**File:**" not in page
    assert "[Dam may fail](herald-dam.md) cites it" in page
    assert "Relayed in the claim [The dam will fail within weeks.](../claims/dam-will-fail.md)" in page
    assert "(cited, not held)" in pages["sources/index.md"]


@pytest.mark.parametrize(
    ("path", "old", "new", "error"),
    [
        (
            "claims/dam-will-fail.yaml",
            "source: herald-dam\n    quote: Engineers",
            "source: courier-report\n    quote: Engineers",
            "the source 'courier-report' is a cited document the dossier does not hold",
        ),
        ("sources/tribune-dam.yaml", "language: en\n", "", "has 'file' but no 'language'"),
        ("claims/spillway-cracked.yaml", "    via: [courier-report]\n", "", "there is no `via`"),
        (
            "relationships/mayor-opposes-builder.yaml",
            "as_of: '2025-03-10'",
            "as_of: '2025-03/2025-04'",
            "not the interval",
        ),
        (
            "sources/courier-report.yaml",
            "publisher: courier\n",
            "publisher: courier\nnon_body: [{kind: masthead, paragraphs: '1'}]\n",
            "not held",
        ),
    ],
)
def test_what_the_model_cannot_say_is_refused(tmp_path: Path, path: str, old: str, new: str, error: str) -> None:
    root = copy(tmp_path)
    file = root / "annotations" / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")
    found = [p.text() for p in check(root).problems.errors]
    assert any(error in message for message in found), found


# Discrepancies (moved here from the seed dossier's tests) ------------------------


def test_differing_figures_are_listed_side_by_side(relay: Checked, pages: dict[str, str]) -> None:
    assert relay.analysis.cross is not None
    found = [d for d in relay.analysis.cross.discrepancies if {80, 83} <= set(d.values)]
    assert found, [(d.unit, d.values) for d in relay.analysis.cross.discrepancies]
    assert "80" in pages["analysis/discrepancies.md"] and "83" in pages["analysis/discrepancies.md"]
