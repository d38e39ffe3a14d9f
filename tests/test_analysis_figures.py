"""Figures read from quotes: the number, what it counts, and how exact it is said to be."""

from __future__ import annotations

import pytest

from builder.analyse.figures import figures


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "at least 83 individuals have perished in 21 missile attacks",
            [(83, "deaths", "min"), (21, "strikes", "exact")],
        ),
        (
            "destroyed over 20 vessels, resulting in at least 80 fatalities",
            [(20, "vessels", "min"), (80, "deaths", "min")],
        ),
        ("the carrier group plus eight warships and F-35 aircraft", [(8, "warships", "exact")]),
        ("More than twenty-one boats", [(21, "vessels", "min")]),
        ("32 Cubans were killed", [(32, "deaths", "exact")]),
        ("killing 12", [(12, "deaths", "exact")]),
        ("a $1.5 million bribe and 3 billion dollars", [(1_500_000, "USD", "exact"), (3_000_000_000, "USD", "exact")]),
        ("up to 40% of the vote", [(40, "percent", "max")]),
        ("about 4,127 people", [(4127, "people", "about")]),
        ("citing four sources familiar with the call", [(4, "sources", "exact")]),
        ("Since Hugo Chávez's death in 2013", [(2013, "year", "exact")]),
        ("Cuba issued a statement on November 25", [(1125, "date", "exact")]),
        ("11:48 JST, December 6, 2025", [(1206, "date", "exact")]),
    ],
)
def test_figures_are_read_with_their_unit_and_bound(text: str, expected: list[tuple[float, str, str]]) -> None:
    assert [(f.value, f.unit, f.bound) for f in figures(text)] == expected


@pytest.mark.parametrize(
    "text",
    ["one of Trump's advisors", "G2 Cuban officers", "an F-35 jet", "dozens of bodyguards", "no numbers here", ""],
)
def test_names_times_and_vague_amounts_are_not_figures(text: str) -> None:
    assert figures(text) == []


def test_the_words_of_a_figure_are_kept_for_display() -> None:
    [deaths] = figures("The report says at least 83 individuals have perished.")
    assert deaths.text == "at least 83 individuals"


def test_a_long_text_costs_only_its_figures() -> None:
    text = "word " * 5000 + "at least 5 people died " + "word " * 5000
    assert [(f.value, f.unit) for f in figures(text)] == [(5, "deaths")]
