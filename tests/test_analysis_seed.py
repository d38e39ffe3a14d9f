"""What a careful reader concludes from the seed dossier, as robust properties of the analysis.

These tests follow the annotations in `annotations/`: they name no id, count or figure that an
annotator's correction would change, only what must hold whatever is added. Expectations about particular
cases (a wire story and its rewrite, relays of one report, differing tolls) are tested on the fixture
dossier tests/fixtures/relay (tests/test_editorial.py).
"""

from __future__ import annotations

import pytest

from builder.analyse.crosssource import CrossSource
from builder.analyse.status import CORROBORATED, DISPUTED
from builder.model.dossier import Dossier
from builder.pipeline import Checked, check, render
from tests.conftest import REPO


@pytest.fixture(scope="module")
def seed() -> Checked:
    if not (REPO / "annotations" / "sources").is_dir():
        pytest.skip("the seed annotations are not there yet")
    result = check(REPO)
    assert [p.text() for p in result.problems.errors] == []
    return result


@pytest.fixture(scope="module")
def cross(seed: Checked) -> CrossSource:
    assert seed.analysis.cross is not None
    return seed.analysis.cross


def evidence_sources(dossier: Dossier, claim_id: str) -> set[str]:
    return {ev.source for ev in dossier.claims[claim_id].evidence if ev.stance != "disputes"}


def test_no_claim_is_corroborated_by_one_lineage_or_one_outlet_alone(seed: Checked, cross: CrossSource) -> None:
    """Sources of one lineage speaking in their own voice, or a claim that is an outlet's own, make one line."""
    for claim_id, status in cross.statuses.items():
        claim = seed.dossier.claims.get(claim_id)
        if claim is None:
            continue  # a relationship's status
        confirming = [ev for ev in claim.evidence if ev.stance != "disputes"]
        clusters = {cross.independence.cluster(ev.source) for ev in confirming}
        relayed = any(ev.via for ev in confirming)
        claimant = seed.dossier.actors.get(claim.claimant)
        if (len(clusters) < 2 and not relayed) or (claimant is not None and claimant.kind == "media-outlet"):
            assert status.support != CORROBORATED, claim_id


def test_an_upstream_is_one_line_however_many_sources_relay_it(cross: CrossSource) -> None:
    for entity_id, status in cross.statuses.items():
        upstreams = [u for line in status.lines for u in line.upstream]
        assert len(upstreams) == len(set(upstreams)), entity_id


def test_every_relationship_has_a_status(seed: Checked, cross: CrossSource) -> None:
    assert set(seed.dossier.relationships) <= set(cross.statuses)


def test_contradicted_claims_are_disputed_on_both_sides(seed: Checked, cross: CrossSource) -> None:
    for claim in seed.dossier.claims.values():
        if claim.contradicts:
            assert DISPUTED in cross.statuses[claim.id].statuses
            for other in claim.contradicts:
                assert DISPUTED in cross.statuses[other].statuses


def test_claims_by_unnamed_sources_are_listed_as_such(seed: Checked, cross: CrossSource) -> None:
    unnamed = {a.id for a in seed.dossier.actors.values() if a.kind == "unnamed-source"}
    by_unnamed = {c.id for c in seed.dossier.claims.values() if c.claimant in unnamed}
    assert by_unnamed and by_unnamed <= set(cross.unnamed)
    for claim_id in set(cross.unnamed) - by_unnamed:
        chains = [ev.via for ev in seed.dossier.claims[claim_id].evidence if ev.stance != "disputes"]
        assert all(set(via) & unnamed for via in chains), claim_id


def test_the_timeline_lists_every_event_once_at_its_precision(seed: Checked, cross: CrossSource) -> None:
    listed = [e.event.id for entries in cross.timeline.years.values() for e in entries]
    listed += [e.event.id for e in cross.timeline.undated]
    assert sorted(listed) == sorted(seed.dossier.events)
    for entries in cross.timeline.years.values():
        keys = [e.event.date.sort_key for e in entries if e.event.date]
        assert keys == sorted(keys)
    for entry in cross.timeline.undated:
        assert entry.event.date is None
    for entries in cross.timeline.years.values():
        for entry in entries:
            if entry.first_reported is not None:
                assert entry.first_source in {ev.source for ev in entry.event.evidence}


def test_the_seed_graph_is_small_enough_to_draw_whole(seed: Checked, cross: CrossSource) -> None:
    if len({a for r in seed.dossier.relationships.values() for a in (r.subject, r.object)}) <= 30:
        assert not cross.graph.cut


def test_the_seed_site_shows_the_analysis(seed: Checked) -> None:
    pages = render(seed).pages
    assert "{ .dossier-status .dossier-status-" in pages["claims/index.md"]
    for claim_id in seed.dossier.claims:
        assert "## Status { #status }" in pages[f"claims/{claim_id}.md"]
        assert "```{.mermaid data-search-exclude}" in pages[f"claims/{claim_id}.md"]
