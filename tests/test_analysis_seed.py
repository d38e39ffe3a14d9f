"""What a careful reader concludes from the seed dossier, as robust properties of the analysis.

These tests follow the annotations in `annotations/`: they name no count that a new
claim would change, only what must hold whatever is added.
"""

from __future__ import annotations

import pytest

from builder.analyse.crosssource import CrossSource
from builder.analyse.status import CORROBORATED, DISPUTED
from builder.model.dossier import Dossier
from builder.pipeline import Checked, check, render
from tests.conftest import REPO

REUTERS = "reuters-2025-12-05-cuba-outreach"


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


def test_the_wire_story_and_its_rewrite_are_one_voice(seed: Checked, cross: CrossSource) -> None:
    rewrites = [s for s in seed.dossier.sources.values() if any(r.source == REUTERS for r in s.relations)]
    assert rewrites, "the seed has a rewrite of the Reuters story"
    both = [c for c in seed.dossier.claims if {REUTERS, rewrites[0].id} <= evidence_sources(seed.dossier, c)]
    assert both, "some claims are carried by the Reuters story and its rewrite"
    for claim_id in both:
        if evidence_sources(seed.dossier, claim_id) <= {REUTERS, rewrites[0].id}:
            assert cross.statuses[claim_id].support != CORROBORATED, claim_id


def test_no_claim_is_corroborated_by_sources_of_one_lineage_or_one_outlet(seed: Checked, cross: CrossSource) -> None:
    for claim_id, status in cross.statuses.items():
        clusters = {cross.independence.cluster(s) for s in evidence_sources(seed.dossier, claim_id)}
        claimant = seed.dossier.actors.get(seed.dossier.claims[claim_id].claimant)
        if len(clusters) < 2 or (claimant is not None and claimant.kind == "media-outlet"):
            assert status.support != CORROBORATED, claim_id


def test_relaying_axios_twice_is_not_corroboration(seed: Checked, cross: CrossSource) -> None:
    relayed = [
        c
        for c in seed.dossier.claims.values()
        if sum(1 for ev in c.evidence if "axios" in ev.via) >= 1 and len(evidence_sources(seed.dossier, c.id)) > 1
    ]
    for claim in relayed:
        through_axios = [line for line in cross.statuses[claim.id].lines if "axios" in line.upstream]
        assert len(through_axios) == 1, claim.id


def test_the_southern_spear_tolls_show_up_as_a_discrepancy(cross: CrossSource) -> None:
    deaths = [d for d in cross.discrepancies if d.unit == "deaths" and {80, 83} <= set(d.values)]
    assert deaths, [(d.unit, d.values) for d in cross.discrepancies]
    [toll] = deaths
    assert len(toll.sources) >= 2
    assert {o.figure.bound for o in toll.occurrences} == {"min"} and toll.compatible  # "at least" both times


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
        assert "## How it reached the sources" in pages[f"claims/{claim_id}.md"]
    assert "80" in pages["analysis/discrepancies.md"] and "83" in pages["analysis/discrepancies.md"]
