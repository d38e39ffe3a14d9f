"""Discrepancies: differing figures found by bucket (claim, linked claims, event, actor pair)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from builder.analyse.crosssource import CrossSource
from builder.pipeline import check
from tests.test_analysis_dossier import Spec, build, quote

TEXTS = {
    "a": "At least 83 people were killed in 21 strikes, officials said.\nThe navy sank 4 boats on November 25.",
    "b": "At least 80 fatalities were recorded in over 20 strikes.\nThe navy sank 4 boats on November 26.",
    "c": "Exactly 90 people died, the ministry said.\nIt reported 3 boats sunk.",
}
ACTORS = [{"id": "navy", "kind": "armed-force"}, {"id": "ministry", "kind": "government-body"}, {"id": "official"}]


def analysed(tmp_path: Path, claims: Sequence[Spec] = (), events: Sequence[Spec] = ()) -> CrossSource:
    result = build(
        tmp_path,
        sources=[{"id": k, "text": v} for k, v in TEXTS.items()],
        actors=ACTORS,
        claims=list(claims),
        events=list(events),
    )
    assert [p.text() for p in result.problems.errors] == []
    assert result.analysis.cross is not None
    return result.analysis.cross


def toll(claim_id: str, source: str, text: str, **extra: object) -> Spec:
    return {"id": claim_id, "claimant": "official", "evidence": [quote(source, text)], **extra}


def test_linked_claims_with_different_tolls_are_a_discrepancy(tmp_path: Path) -> None:
    cross = analysed(
        tmp_path,
        [
            toll("toll-a", "a", "At least 83 people were killed in 21 strikes", differs_from=["toll-b"]),
            toll("toll-b", "b", "At least 80 fatalities were recorded in over 20 strikes"),
        ],
    )
    [deaths] = [d for d in cross.discrepancies if d.unit == "deaths"]
    assert deaths.values == [80, 83] and deaths.sources == ["b", "a"]
    assert deaths.compatible  # two lower bounds
    assert deaths.contexts == [("linked", ("toll-a", "toll-b"))]
    [strikes] = [d for d in cross.discrepancies if d.unit == "strikes"]
    assert strikes.values == [20, 21] and strikes.compatible  # "over 20" and exactly 21
    assert cross.discrepancies_of["toll-a"] == cross.discrepancies_of["toll-b"]


def test_an_exact_figure_outside_a_bound_cannot_be_right(tmp_path: Path) -> None:
    cross = analysed(
        tmp_path,
        [
            toll("low", "a", "At least 83 people were killed", contradicts=["high"]),
            toll("high", "c", "Exactly 90 people died"),
        ],
    )
    [d] = cross.discrepancies
    assert d.values == [83, 90] and d.compatible  # 90 is at least 83
    cross = analysed(tmp_path, [toll("high", "c", "3 boats", contradicts=["low"]), toll("low", "a", "4 boats")])
    [d] = cross.discrepancies
    assert d.unit == "vessels" and not d.compatible


def test_an_event_compares_its_evidence_and_the_claims_about_it(tmp_path: Path) -> None:
    event = {
        "id": "sinking",
        "evidence": [quote("a", "The navy sank 4 boats on November 25"), quote("b", "on November 26")],
    }
    cross = analysed(tmp_path, [toll("three", "c", "It reported 3 boats sunk", about=["sinking"])], [event])
    units = {d.unit: d for d in cross.discrepancies}
    assert units["vessels"].values == [3, 4]
    assert units["date"].values == [1125, 1126]
    assert units["vessels"].contexts[0] == ("event", ("sinking",))
    assert {"sinking", "three"} <= set(cross.discrepancies_of)


def test_claims_about_the_same_two_actors_compare_vocabulary_units(tmp_path: Path) -> None:
    cross = analysed(
        tmp_path,
        [
            toll("x", "a", "At least 83 people were killed", about=["navy", "ministry"]),
            toll("y", "c", "Exactly 90 people died", about=["ministry", "navy"]),
        ],
    )
    [d] = cross.discrepancies
    assert d.contexts == [("actors", ("ministry", "navy"))]


def test_one_source_or_one_value_is_no_discrepancy(tmp_path: Path) -> None:
    cross = analysed(
        tmp_path,
        [
            toll("same-source", "a", "At least 83 people were killed in 21 strikes", differs_from=["same-again"]),
            toll("same-again", "a", "The navy sank 4 boats"),
            toll("same-value", "b", "The navy sank 4 boats", differs_from=["same-again"]),
        ],
    )
    assert cross.discrepancies == []


def test_the_mini_fixture_shows_its_12_versus_14_cracks(mini: Path) -> None:
    result = check(mini)
    assert result.analysis.cross is not None
    [cracks] = result.analysis.cross.discrepancies
    assert cracks.values == [12, 14] and cracks.unit == "cracks"
    assert [o.figure.text for o in cracks.occurrences] == ["at least 12 cracks", "14 cracks"]
