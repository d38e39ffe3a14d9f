"""Anchoring: quotes are found exactly, never approximately."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.anchor.match import fold, fold_quote, occurrences
from tests.conftest import Write, checked, messages

CLAIM = """id: {id}
statement: S.
claimant: ana-lopez
evidence:
  - source: planet-bridge
{evidence}
"""


def claim(write: Write, evidence: str, claim_id: str = "test-claim") -> None:
    write(f"annotations/claims/{claim_id}.yaml", CLAIM.format(id=claim_id, evidence=evidence))


def test_folding_keeps_offsets() -> None:
    text = "“Quoted”\u00a0— text’s"
    assert len(fold(text)) == len(text)
    assert fold(text) == '"Quoted" - text\'s'


@pytest.mark.parametrize(
    "quote", ['"the bridge is safe"', "“the bridge  is\nsafe”", "at least 12 cracks were found - more"]
)
def test_whitespace_quotes_and_dashes_are_forgiven(write: Write, mini: Path, quote: str) -> None:
    claim(write, f"    quote: {quote!r}".replace("\\n", "\n      "))
    result = checked(mini)
    assert messages(result) == []
    anchor = result.dossier.claims["test-claim"].evidence[0].anchor
    assert anchor is not None
    text = result.dossier.texts["planet-bridge"].text
    assert fold_quote(text[anchor.start : anchor.end]) == fold_quote(quote)


@pytest.mark.parametrize("quote", ["the bridge is safee", "The Bridge Is Safe", "the bridge was closed on Tuesday"])
def test_near_misses_are_refused_with_the_closest_passage(write: Write, mini: Path, quote: str) -> None:
    claim(write, f"    quote: {quote}")
    [problem] = checked(mini).problems.errors
    assert "is not in the source" in problem.message
    assert "closest passage is in paragraph" in problem.message
    assert problem.location.line == 6


def test_ambiguous_quote_needs_prefix_or_suffix(write: Write, mini: Path) -> None:
    claim(write, "    quote: the bridge is safe")
    [problem] = checked(mini).problems.errors
    assert "occurs 2 times in the article body (paragraphs 3, 5)" in problem.message
    claim(write, "    quote: the bridge is safe\n    prefix: The mayor said")
    result = checked(mini)
    assert messages(result) == []
    assert result.dossier.claims["test-claim"].evidence[0].anchor.paragraph == 5  # type: ignore[union-attr]
    claim(write, "    quote: the bridge is safe\n    suffix: ” and promised")
    assert checked(mini).dossier.claims["test-claim"].evidence[0].anchor.paragraph == 3  # type: ignore[union-attr]


def test_quote_in_non_body_passage_is_refused(write: Write, mini: Path) -> None:
    claim(write, "    quote: Other stories")
    [problem] = checked(mini).problems.errors
    assert "marked as related-headlines, not article body" in problem.message


def test_quote_across_paragraphs_is_refused(write: Write, mini: Path) -> None:
    claim(write, "    quote: more than expected. The mayor said")
    [problem] = checked(mini).problems.errors
    assert "runs across two paragraphs" in problem.message


def test_occurrences_are_found_overlapping() -> None:
    assert [o.start for o in occurrences("aaaa", "aa")] == [0, 1, 2]
    assert [(o.start, o.end) for o in occurrences("one  two three", "one two")] == [(0, 8)]
