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
        (True, "not a date"),
        ("0000", "no year 0"),
    ],
)
def test_impossible_dates_are_refused(raw: object, message: str) -> None:
    with pytest.raises(DateError, match=message):
        parse_date(raw)


def test_month_range_ending_in_same_month_is_valid() -> None:
    assert parse_date("2025-11-03/2025-11").interval
