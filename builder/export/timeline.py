"""`timeline.json`: the events in the TimelineJS JSON format.

TimelineJS (Knight Lab) is what newsrooms embed to show a story over time; given
this file's address it draws the dossier's events. Dates keep their precision:
a month-precision event has no `day`, a year-precision one only a `year`, and
`display_date` says "about" or "(uncertain)" where the annotation does. An open
interval (`../2025-11`, `[..2025-11]`) is drawn at its known end, and an event
with no date of its own but reported as under way on a date (`as_of`) at that date,
its `display_date` saying "reported as of", with no end date. Events with neither
cannot be placed on a timeline and are left out (the site lists them).

Each slide also carries what the site's own timeline widget reads (TimelineJS
ignores it): `edtf`, the date exactly as annotated (its precision, uncertainty and
open ends; for an event placed only `as_of` a date, that date, and `as_of: true`),
`page`, the event's page, and `participants` with their kinds.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterator
from functools import partial
from typing import Any

from builder.analyse.timeline import event_when
from builder.export.records import Memo, entities, page_url, remembered
from builder.model.dates import PartialDate
from builder.model.dossier import Dossier
from builder.model.entities import Event


def timeline_json(dossier: Dossier, memo: Memo | None = None) -> Iterator[str]:
    """The document in pieces, a slide each (laid out as `json.dumps(..., indent=1)` would)."""
    events = [e for e in entities(dossier, "event") if isinstance(e, Event) and e.placed is not None]
    data = {
        "title": {
            "text": {
                "headline": "Events of the dossier",
                "text": html.escape(f"Dated events: {len(events)}, each tied to an exact quote of a source."),
            }
        },
        "events": [],
    }
    before, _, after = json.dumps(data, indent=1, ensure_ascii=False).partition('"events": []')
    yield before + '"events": '
    separator = "[\n"
    for event in events:
        yield separator
        yield remembered(memo, "timeline.json", event, partial(_slide_json, event, dossier))
        separator = ",\n"
    yield ("[]" if separator == "[\n" else "\n ]") + after + "\n"


def _slide_json(event: Event, dossier: Dossier) -> str:
    """One slide, indented to its place in the list."""
    return "\n".join(
        "  " + line for line in json.dumps(_slide(event, dossier), indent=1, ensure_ascii=False).split("\n")
    )


def _date(point: PartialDate) -> dict[str, Any]:
    result: dict[str, Any] = {"year": point.year}
    if point.month:
        result["month"] = point.month
    if point.day:
        result["day"] = point.day
    result["display_date"] = point.human()
    return result


def _slide(event: Event, dossier: Dossier) -> dict[str, Any]:
    date = event.placed
    assert date is not None  # undated events are left out before
    slide: dict[str, Any] = {"unique_id": event.id}
    start = date.start or date.end
    assert start is not None
    slide["start_date"] = _date(start)
    if date.interval and date.start and date.end:
        slide["end_date"] = _date(date.end)
    slide["display_date"] = event_when(event)
    lines = []
    if event.place:
        lines.append(f"Place: {event.place}")
    names = [dossier.actors[p.actor].name for p in event.participants if p.actor in dossier.actors]
    if names:
        lines.append("Participants: " + ", ".join(names))
    if event.date_note:
        lines.append(f"Date: {event.date_note}")
    sources = [dossier.sources[e.source].title for e in event.evidence if e.source in dossier.sources]
    if sources:
        lines.append("Sources: " + "; ".join(dict.fromkeys(sources)))
    slide["text"] = {
        "headline": html.escape(event.title),
        "text": "".join(f"<p>{html.escape(line)}</p>" for line in lines),
    }
    slide["edtf"] = date.edtf()
    if event.date is None:
        slide["as_of"] = True
    slide["page"] = page_url(event)
    slide["participants"] = [
        {"id": p.actor, "name": dossier.actors[p.actor].name, "kind": dossier.actors[p.actor].kind}
        for p in event.participants
        if p.actor in dossier.actors
    ]
    return slide
