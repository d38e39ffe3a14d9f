"""Independence of sources and claim status, on tiny hand-made dossiers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from builder.analyse.crosssource import CrossSource
from builder.analyse.status import CORROBORATED, DISPUTED, OVERTAKEN, SINGLE_SOURCE, UNSUPPORTED
from tests.test_analysis_dossier import Spec, build, quote

TEXT = "The mayor said the bridge is safe.\nEngineers found cracks in the bridge.\n"
OUTLETS = [
    {"id": "wire", "kind": "media-outlet"},
    {"id": "paper-a", "kind": "media-outlet"},
    {"id": "paper-b", "kind": "media-outlet"},
    {"id": "mayor"},
    {"id": "insider", "kind": "unnamed-source", "name": "An insider"},
]


def analysed(tmp_path: Path, sources: list[Spec], claims: list[Spec], **more: Any) -> CrossSource:
    result = build(tmp_path, sources=sources, actors=OUTLETS, claims=claims, **more)
    assert [p.text() for p in result.problems.errors] == []
    assert result.analysis.cross is not None
    return result.analysis.cross


def src(source_id: str, **fields: Any) -> Spec:
    return {"id": source_id, "text": TEXT, **fields}


def safe(*evidence: Spec, claimant: str = "mayor", **extra: Any) -> Spec:
    return {"id": "bridge-safe", "claimant": claimant, "evidence": list(evidence), **extra}


def test_two_independent_sources_corroborate(tmp_path: Path) -> None:
    cross = analysed(
        tmp_path,
        [src("a", publisher="paper-a"), src("b", publisher="paper-b")],
        [safe(quote("a", "the bridge is safe"), quote("b", "the bridge is safe"))],
    )
    status = cross.statuses["bridge-safe"]
    assert status.statuses == [CORROBORATED]
    assert len(status.lines) == 2


def test_two_carriers_of_one_wire_story_count_once(tmp_path: Path) -> None:
    cross = analysed(
        tmp_path,
        [
            src("wire-story", publisher="wire"),
            src("carrier", relations=[{"type": "republishes", "source": "wire-story"}]),
        ],
        [safe(quote("wire-story", "the bridge is safe"), quote("carrier", "the bridge is safe"))],
    )
    assert cross.statuses["bridge-safe"].statuses == [SINGLE_SOURCE]


def test_lineage_is_transitive_but_follow_ups_are_independent(tmp_path: Path) -> None:
    cross = analysed(
        tmp_path,
        [
            src("original"),
            src("copy", relations=[{"type": "republishes", "source": "original"}]),
            src("rewrite", relations=[{"type": "rewrites", "source": "copy"}]),
            src("later", relations=[{"type": "follows-up", "source": "original"}]),
        ],
        [safe(quote("rewrite", "the bridge is safe"), quote("original", "the bridge is safe"))],
    )
    assert cross.independence.same("original", "rewrite")
    assert not cross.independence.same("original", "later")
    assert cross.statuses["bridge-safe"].support == SINGLE_SOURCE


def test_relaying_the_same_outlet_is_one_line(tmp_path: Path) -> None:
    cross = analysed(
        tmp_path,
        [src("a", publisher="paper-a"), src("b", publisher="paper-b")],
        [safe(quote("a", "the bridge is safe", via=["wire"]), quote("b", "the bridge is safe", via=["wire"]))],
    )
    [line] = cross.statuses["bridge-safe"].lines
    assert line.upstream == ["wire"] and line.sources == ["a", "b"]


def test_an_outlets_own_account_is_one_line_however_many_carry_it(tmp_path: Path) -> None:
    cross = analysed(
        tmp_path,
        [src("a", publisher="paper-a"), src("b", publisher="paper-b")],
        [safe(quote("a", "the bridge is safe"), quote("b", "the bridge is safe"), claimant="wire")],
    )
    assert cross.statuses["bridge-safe"].support == SINGLE_SOURCE


def test_same_publisher_and_citations_tie_sources_only_within_a_claim(tmp_path: Path) -> None:
    cross = analysed(
        tmp_path,
        [
            src("a1", publisher="paper-a"),
            src("a2", publisher="paper-a"),
            src("b", publisher="paper-b", relations=[{"type": "cites", "source": "a1"}]),
            src("c"),
        ],
        [
            safe(quote("a1", "the bridge is safe"), quote("a2", "the bridge is safe")),
            {"id": "cited", "claimant": "mayor", "evidence": [quote("a1", "cracks"), quote("b", "cracks")]},
            {"id": "apart", "claimant": "mayor", "evidence": [quote("a2", "cracks"), quote("c", "cracks")]},
        ],
    )
    assert cross.statuses["bridge-safe"].support == SINGLE_SOURCE
    assert cross.statuses["cited"].support == SINGLE_SOURCE
    # b cites a1, and a1 shares a publisher with a2, but that chain is not followed: a2 and c are independent.
    assert not cross.independence.same("a2", "b")
    assert cross.statuses["apart"].support == CORROBORATED


def test_a_source_citing_the_relayed_outlet_joins_its_line(tmp_path: Path) -> None:
    cross = analysed(
        tmp_path,
        [src("a", publisher="paper-a", cites=["wire"]), src("b", publisher="paper-b")],
        [safe(quote("a", "the bridge is safe"), quote("b", "the bridge is safe", via=["wire"]))],
    )
    [line] = cross.statuses["bridge-safe"].lines
    assert line.merged_by_cites == ["a"]


def test_one_source_is_never_two_lines(tmp_path: Path) -> None:
    cross = analysed(
        tmp_path,
        [src("a", publisher="paper-a")],
        [safe(quote("a", "the bridge is safe", via=["wire"]), quote("a", "cracks"))],
    )
    assert cross.statuses["bridge-safe"].support == SINGLE_SOURCE


def test_disputes_make_a_claim_disputed_and_never_count_as_support(tmp_path: Path) -> None:
    cross = analysed(
        tmp_path,
        [src("a", publisher="paper-a"), src("b", publisher="paper-b")],
        [
            safe(quote("a", "the bridge is safe"), quote("b", "cracks", stance="disputes")),
            {"id": "only-disputed", "claimant": "mayor", "evidence": [quote("b", "cracks", stance="disputes")]},
        ],
    )
    status = cross.statuses["bridge-safe"]
    assert status.statuses == [SINGLE_SOURCE, DISPUTED]
    assert [ev.source for ev in status.disputing] == ["b"]
    assert cross.statuses["only-disputed"].statuses == [UNSUPPORTED, DISPUTED]


def test_contradicts_disputes_both_sides_but_differs_from_does_not(tmp_path: Path) -> None:
    cross = analysed(
        tmp_path,
        [src("a"), src("b")],
        [
            {"id": "one", "claimant": "mayor", "evidence": [quote("a", "cracks")], "contradicts": ["two"]},
            {"id": "two", "claimant": "mayor", "evidence": [quote("b", "cracks")]},
            {"id": "three", "claimant": "mayor", "evidence": [quote("b", "safe")], "differs_from": ["two"]},
        ],
    )
    assert DISPUTED in cross.statuses["one"].statuses
    assert cross.statuses["two"].contradicts == ["one"] and DISPUTED in cross.statuses["two"].statuses
    assert DISPUTED not in cross.statuses["three"].statuses
    assert cross.statuses["two"].differs == ["three"]


def test_overtaken_by_events(tmp_path: Path) -> None:
    cross = analysed(
        tmp_path,
        [src("a")],
        [safe(quote("a", "the bridge is safe"), overtaken_by=["collapse"])],
        events=[{"id": "collapse", "date": "2025-12", "evidence": [quote("a", "cracks")]}],
    )
    assert cross.statuses["bridge-safe"].statuses == [SINGLE_SOURCE, OVERTAKEN]
