"""Heavily overlapping texts with no recorded tie are warned about; recorded ones are not."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.analyse import overlap
from builder.model.text import SourceText
from tests.test_analysis_dossier import build, cross_of, prose


def test_an_unrecorded_copy_is_warned_about_at_the_source_annotation(tmp_path: Path) -> None:
    story = prose(1)
    result = build(
        tmp_path,
        sources=[
            {"id": "original", "text": story},
            {"id": "copy", "text": "Breaking news\n" + story + "\nShare this article"},
            {"id": "other", "text": prose(2)},
        ],
    )
    [warning] = result.problems.warnings
    assert warning.location.path == "annotations/sources/original.yaml"
    assert "'copy'" in warning.message and "overlaps heavily" in warning.message
    assert "republishes" in warning.fix and "annotations/sources/original.yaml" in warning.fix
    assert [(o.a, o.b) for o in cross_of(result).overlaps] == [("copy", "original")]


@pytest.mark.parametrize(
    "ties",
    [
        {"relations": [{"type": "republishes", "source": "original"}]},
        {"relations": [{"type": "follows-up", "source": "original"}]},
        {"publisher": "outlet"},
    ],
)
def test_a_recorded_tie_silences_the_warning(tmp_path: Path, ties: dict[str, object]) -> None:
    story = prose(1)
    result = build(
        tmp_path,
        sources=[{"id": "original", "text": story, "publisher": "outlet"}, {"id": "copy", "text": story, **ties}],
        actors=[{"id": "outlet", "kind": "media-outlet"}],
    )
    assert result.problems.warnings == []
    assert len(cross_of(result).overlaps) == 1


def test_non_body_passages_and_different_texts_do_not_count(tmp_path: Path) -> None:
    shared = prose(3)
    result = build(
        tmp_path,
        sources=[
            {"id": "a", "text": prose(4) + "\n" + shared, "non_body": [{"kind": "faq", "paragraphs": "6-10"}]},
            {"id": "b", "text": prose(5) + "\n" + shared, "non_body": [{"kind": "faq", "paragraphs": "6-10"}]},
        ],
    )
    assert cross_of(result).overlaps == []


def test_shingles_shared_by_very_many_sources_are_skipped() -> None:
    boilerplate = prose(6)
    texts = {f"s{i:02d}": SourceText.parse(boilerplate) for i in range(overlap.MAX_SHARED + 1)}
    assert overlap.find_overlaps(texts) == []
    few = dict(list(texts.items())[:3])
    assert len(overlap.find_overlaps(few)) == 3


def test_sampling_is_stable_and_keeps_a_fair_share() -> None:
    text = SourceText.parse(prose(7, 2000))
    first, second = overlap.shingles(text), overlap.shingles(text)
    assert first == second
    assert 2000 / overlap.SAMPLE / 3 < len(first) < 2000 / overlap.SAMPLE * 3
