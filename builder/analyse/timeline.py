"""Events in date order, each at the precision its sources give, grouped by year.

An event dated to a month sorts before the days of that month and is shown as the
month, never as an invented day; a range is shown as a range; an event known only
to have happened on or before some date (`[..2025-11-26]`) is placed at that date
and says "on or before"; one with no date of its own but reported as under way on
a date (`as_of`) is placed there and says "reported as of". Events with neither
are kept apart. Each entry also says when
the event was first reported: the earliest publication date among the sources
quoted for it. One sort: n·log n.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from builder.model.dates import DateValue
from builder.model.dossier import Dossier
from builder.model.entities import Event


@dataclass(frozen=True)
class Entry:
    event: Event
    first_reported: DateValue | None
    first_source: str  # id of the earliest dated source, or ""

    @property
    def year(self) -> int | None:
        date = self.event.placed
        return date.sort_key[0] if date else None

    @property
    def month(self) -> int:
        """The month it is filed under, 0 for events known only to the year."""
        date = self.event.placed
        anchor = (date.start or date.end) if date else None
        return anchor.month or 0 if anchor else 0


@dataclass
class Timeline:
    years: dict[int, list[Entry]] = field(default_factory=dict)  # ascending
    undated: list[Entry] = field(default_factory=list)
    where: dict[str, tuple[int | None, int]] = field(default_factory=dict)  # event id -> (year, position)

    def __len__(self) -> int:
        return sum(len(e) for e in self.years.values()) + len(self.undated)


def when(date: DateValue) -> str:
    """The date in words, at its precision: `../B` until B (it ended then), `[..B]` on or before B."""
    return date.human()


def event_when(event: Event) -> str:
    """An event's date in words; 'reported as of' when only `as_of` is known."""
    if event.date is not None:
        return when(event.date)
    if event.as_of is not None:
        return f"reported as of {event.as_of.human()}"
    return "date unknown"


def precision(date: DateValue) -> str:
    if date.interval and (date.start is None or date.end is None):
        return "bound only"
    return date.precision


def first_reported(event: Event, dossier: Dossier) -> tuple[DateValue | None, str]:
    """The earliest date by which a source quoted for the event had surely been published.

    Sources are compared by the last day their date could mean, so a source dated
    only "2025-12-05/.." (some time from 5 December) does not beat one dated
    6 December. If every dated source is open-ended, the earliest start is taken.
    """
    best: tuple[tuple[int, int, int], tuple[int, int, int], str, DateValue] | None = None
    for evidence in event.evidence:
        source = dossier.sources.get(evidence.source)
        date = source.published if source else None
        if source is None or date is None:
            continue
        last = date.end if date.interval else date.start
        candidate = (last.end_key() if last else (10_000, 0, 0), date.sort_key, source.id, date)
        if best is None or candidate[:3] < best[:3]:
            best = candidate
    return (best[3], best[2]) if best else (None, "")


def timeline(dossier: Dossier) -> Timeline:
    result = Timeline()
    years: dict[int, list[Entry]] = defaultdict(list)
    for event in sorted(dossier.events.values(), key=_key):
        entry = Entry(event, *first_reported(event, dossier))
        group = result.undated if entry.year is None else years[entry.year]
        result.where[event.id] = (entry.year, len(group))
        group.append(entry)
    result.years = dict(sorted(years.items()))
    return result


def _key(event: Event) -> tuple[int, tuple[int, int, int], str, str]:
    date = event.placed
    if date is None:
        return (1, (0, 0, 0), event.title.casefold(), event.id)
    return (0, date.sort_key, event.title.casefold(), event.id)
