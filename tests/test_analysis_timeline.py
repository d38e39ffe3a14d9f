"""The timeline: date order at true precision, years apart, first reports, and pages that stay small."""

from __future__ import annotations

from pathlib import Path

import pytest

from builder.analyse.timeline import precision, when
from builder.model.dates import parse_date
from builder.pipeline import Checked, render
from tests.test_analysis_dossier import build, cross_of, quote

TEXT = "The dam burst.\nThe town flooded.\nThe minister resigned.\n"


def dossier(tmp_path: Path, dates: dict[str, str | None], published: dict[str, str] | None = None) -> Checked:
    published = published or {"early": "2025-11-20", "late": "2025-12-02", "open": "2025-11-01/.."}
    events = []
    for event_id, date in dates.items():
        event: dict[str, object] = {"id": event_id, "evidence": [quote(s, "The dam burst") for s in published]}
        if date is not None:
            event["date"] = date
        events.append(event)
    sources = [{"id": s, "text": TEXT, "published": d} for s, d in published.items()]
    result = build(tmp_path, sources=sources, events=events)
    assert [p.text() for p in result.problems.errors] == []
    return result


def test_events_are_ordered_at_their_precision_and_grouped_by_year(tmp_path: Path) -> None:
    result = dossier(
        tmp_path,
        {
            "day": "2025-11-05",
            "month": "2025-11",
            "year": "2025",
            "older": "2024-03",
            "unknown": None,
            "by": "../2025-11-03",
        },
    )
    line = cross_of(result).timeline
    assert list(line.years) == [2024, 2025]
    assert [e.event.id for e in line.years[2025]] == ["year", "month", "by", "day"]
    assert [e.month for e in line.years[2025]] == [0, 11, 11, 11]
    assert [e.event.id for e in line.undated] == ["unknown"]
    assert line.where["day"] == (2025, 3)


@pytest.mark.parametrize(
    ("edtf", "words", "shown_precision"),
    [
        ("2025-11", "November 2025", "month"),
        ("2025-11-05", "5 November 2025", "day"),
        ("2025-09/2025-11", "September 2025 – November 2025", "range of month"),
        ("../2025-11-03", "until 3 November 2025", "bound only"),
        ("[..2025-11-03]", "on or before 3 November 2025", "bound only"),
        ("2013/..", "from 2013", "bound only"),
        ("2022~", "about 2022", "year"),
    ],
)
def test_dates_are_shown_at_their_precision(edtf: str, words: str, shown_precision: str) -> None:
    date = parse_date(edtf)
    assert (when(date), precision(date)) == (words, shown_precision)


def test_first_reported_is_the_earliest_sure_date_not_an_open_interval(tmp_path: Path) -> None:
    result = dossier(tmp_path, {"burst": "2025-11-05"})
    [entry] = cross_of(result).timeline.years[2025]
    assert entry.first_source == "early"  # "2025-11-01/.." could be any later day
    only_open = dossier(tmp_path / "b", {"burst": "2025-11-05"}, {"open": "2025-11-01/.."})
    [entry] = cross_of(only_open).timeline.years[2025]
    assert entry.first_source == "open"


def test_a_month_is_never_placed_on_a_day_and_year_pages_paginate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from builder.render.pages import timeline

    monkeypatch.setattr(timeline, "PAGE_SIZE", 4)
    dates = {f"e{i:02d}": f"2025-{1 + i % 12:02d}-{1 + i:02d}" for i in range(9)} | {"in-march": "2025-03"}
    pages = render(dossier(tmp_path, dates)).pages
    year_pages = sorted(p for p in pages if p.startswith("analysis/timeline/2025"))
    assert year_pages == ["analysis/timeline/2025-2.md", "analysis/timeline/2025-3.md", "analysis/timeline/2025.md"]
    text = "\n".join(pages[p] for p in year_pages)
    assert "**March 2025** — [in march]" in text  # listed as the month, before its days
    assert "## March 2025 { #m2025-03 }" in text
    assert all(pages[p].count("\n- **") <= 4 for p in year_pages)
    index = pages["analysis/timeline/index.md"]
    assert "[2025 by month&#58; 10 events →](2025.md)" in index
