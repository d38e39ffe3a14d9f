from __future__ import annotations

import pytest

from builder.model.dates import DateError, parse_date


@pytest.mark.parametrize(
    ("raw", "precision", "human"),
    [
        ("2025", "year", "2025"),
        (2025, "year", "2025"),
        ("2025-11", "month", "November 2025"),
        ("2025-11-26", "day", "26 November 2025"),
        ("2022~", "year", "about 2022"),
        ("2025-11?", "month", "November 2025 (uncertain)"),
        ("2025-09/2025-11", "range of month", "September 2025 – November 2025"),
        ("../2025-11-26", "range of day", "until 26 November 2025"),
        ("2013/..", "range of year", "from 2013"),
        ("[..2025-12-01]", "range of day", "on or before 1 December 2025"),
        ("[2025-12-05..]", "range of day", "on or after 5 December 2025"),
        ("[2026-01-03..2026-01-04]", "range of day", "between 3 January 2026 and 4 January 2026"),
    ],
)
def test_dates_keep_their_precision(raw: object, precision: str, human: str) -> None:
    date = parse_date(raw)
    assert date.precision == precision
    assert date.human() == human
    assert parse_date(date.edtf()) == date


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("2025-02-30", "not a real day"),
        ("2025-13", "no month 13"),
        ("2026/2025", r"ends \(2025\) before it starts \(2026\)"),
        ("2025-12-01/2025-11", "before it starts"),
        ("26 Nov 2025", "not a date like"),
        ("../..", "at least one known end"),
        ("[..]", "at least one known end"),
        ("[2025-12..2025-11]", "before it starts"),
        ("[2025,2026..]", "only one range"),
        (True, "not a date"),
        ("0000", "no year 0"),
    ],
)
def test_impossible_dates_are_refused(raw: object, message: str) -> None:
    with pytest.raises(DateError, match=message):
        parse_date(raw)


def test_month_range_ending_in_same_month_is_valid() -> None:
    assert parse_date("2025-11-03/2025-11").interval


def test_one_day_of_a_range_is_not_a_span() -> None:
    """`[..B]` is one day on or before B; `../B` something that lasted until B: the two must not be confused."""
    by, until = parse_date("[..2025-12-01]"), parse_date("../2025-12-01")
    assert by.one_of and not until.one_of
    assert by != until and by.end == until.end
