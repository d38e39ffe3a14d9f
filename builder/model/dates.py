"""Dates at their true precision: a subset of EDTF (ISO 8601-2).

A source may say "2025", "November 2025" or "three years ago"; the dossier must
neither invent a day nor lose the uncertainty. Supported forms:
`2025`, `2025-11`, `2025-11-26`, each optionally followed by `~` (approximate),
`?` (uncertain) or `%` (both); intervals `A/B`, `../B`, `A/..`, for something
that lasted from A to B (`../B`: it ended at B, its start is not known); and
EDTF's "one of" sets `[..B]`, `[A..]`, `[A..B]`, for one day known only to lie on
or before B, on or after A, or between the two (a call reported on B happened on
or before B: `[..B]`, never `../B`, which would say something ended at B).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

_POINT = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%]?)$")

MONTHS = [calendar.month_name[m] for m in range(13)]


class DateError(ValueError):
    """The text is not a date this dossier understands."""


@dataclass(frozen=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None
    approximate: bool = False
    uncertain: bool = False

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def end_key(self) -> tuple[int, int, int]:
        """The last day this date could mean, for comparing an end with a start."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return (self.year, month, day)

    def iso(self) -> str:
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def edtf(self) -> str:
        mark = (
            "%" if self.approximate and self.uncertain else "~" if self.approximate else "?" if self.uncertain else ""
        )
        return self.iso() + mark

    def human(self) -> str:
        if self.day:
            text = f"{self.day} {MONTHS[self.month or 0]} {self.year}"
        elif self.month:
            text = f"{MONTHS[self.month]} {self.year}"
        else:
            text = str(self.year)
        if self.approximate:
            text = "about " + text
        if self.uncertain:
            text += " (uncertain)"
        return text


@dataclass(frozen=True)
class DateValue:
    """A point or an interval; an open end is None. `one_of`: one day within the interval's bounds
    (EDTF `[..B]`, `[A..]`, `[A..B]`), not something that lasted from start to end."""

    start: PartialDate | None
    end: PartialDate | None
    interval: bool = False
    one_of: bool = False

    @property
    def sort_key(self) -> tuple[int, int, int]:
        anchor = self.start or self.end
        return anchor.sort_key() if anchor else (0, 0, 0)

    def edtf(self) -> str:
        if not self.interval:
            assert self.start is not None
            return self.start.edtf()
        if self.one_of:
            return f"[{self.start.edtf() if self.start else ''}..{self.end.edtf() if self.end else ''}]"
        return f"{self.start.edtf() if self.start else '..'}/{self.end.edtf() if self.end else '..'}"

    def human(self) -> str:
        if not self.interval:
            assert self.start is not None
            return self.start.human()
        # One day between the bounds, or something that lasted from one to the other.
        both, after, before = ("between {} and {}", "on or after {}", "on or before {}") if self.one_of else _SPAN
        if self.start and self.end:
            return both.format(self.start.human(), self.end.human())
        if self.start:
            return after.format(self.start.human())
        assert self.end is not None
        return before.format(self.end.human())

    @property
    def precision(self) -> str:
        anchor = self.start or self.end
        assert anchor is not None
        return ("range of " if self.interval else "") + anchor.precision


_SPAN = ("{} – {}", "from {}", "until {}")


def _point(text: str) -> PartialDate:
    match = _POINT.match(text)
    if not match:
        raise DateError(f"{text!r} is not a date like 2025, 2025-11 or 2025-11-26")
    year, month, day, mark = match.groups()
    y = int(year)
    m = int(month) if month else None
    d = int(day) if day else None
    if y < 1:
        raise DateError(f"{text!r} has no year 0; years start at 0001")
    if m is not None and not 1 <= m <= 12:
        raise DateError(f"{text!r} has no month {m}")
    if d is not None and m is not None and not 1 <= d <= calendar.monthrange(y, m)[1]:
        raise DateError(f"{text!r} is not a real day: {MONTHS[m]} {y} has {calendar.monthrange(y, m)[1]} days")
    return PartialDate(y, m, d, approximate=mark in "~%" and bool(mark), uncertain=mark in "?%" and bool(mark))


# "11/01/2026" or "1/11/26": a date written as people write it, which EDTF would read as an interval.
_WRITTEN = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")


def _written_out(first: str, second: str, year: str) -> str:
    """Why `11/01/2026` is not accepted, with the ISO dates it may mean."""
    full = int(year) + (2000 if len(year) == 2 else 0)
    readings = []
    for month, day in ((first, second), (second, first)):  # US order, then day first
        try:
            readings.append(_point(f"{full:04d}-{int(month):02d}-{int(day):02d}").iso())
        except DateError:
            continue
    readings = list(dict.fromkeys(readings))
    if len(readings) == 2:
        means = f"it could be {readings[0]} (month first, as in the US) or {readings[1]} (day first)"
    elif readings:
        means = f"it can only be {readings[0]}"
    else:
        means = "no reading of it is a real day"
    return f"{first}/{second}/{year} is not an ISO date: {means}; write it as YYYY-MM-DD"


def parse_date(raw: object) -> DateValue:
    """Parse an EDTF string (or a bare year) into a DateValue; raise DateError."""
    if isinstance(raw, bool) or not isinstance(raw, (str, int)):
        raise DateError(f"{raw!r} is not a date; write it as text like '2025-11-26'")
    text = str(raw).strip()
    if text.startswith("[") and text.endswith("]") and ".." in text:
        left, _, right = text[1:-1].partition("..")
        if "," in text or "/" in text:
            raise DateError(f"{text!r}: only one range is supported in a set, e.g. [..2025-12-01]")
        return _bounded(None if left == "" else _point(left), None if right == "" else _point(right), True)
    if "/" not in text:
        return DateValue(_point(text), None)
    if written := _WRITTEN.match(text):
        raise DateError(_written_out(*written.groups()))
    left, _, right = text.partition("/")
    start = None if left in ("", "..") else _point(left)
    end = None if right in ("", "..") else _point(right)
    return _bounded(start, end, False)


def _bounded(start: PartialDate | None, end: PartialDate | None, one_of: bool) -> DateValue:
    if start is None and end is None:
        raise DateError("an interval needs at least one known end")
    if start and end and end.end_key() < start.sort_key():
        raise DateError(f"the interval ends ({end.iso()}) before it starts ({start.iso()})")
    return DateValue(start, end, interval=True, one_of=one_of)
