"""Timeline pages: every event in date order at its true precision, one page per year.

`analysis/timeline/index.md` shows the first SAMPLE events of each year; each
year page (split every PAGE_SIZE events) groups its events by month, with events
known only to the year first; undated events have their own page. No page lists
every event of a large dossier.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial

from builder.analyse.timeline import Entry, event_when, precision, when
from builder.model.dates import MONTHS
from builder.render.crosssource import ANALYSIS, pager, pages_of
from builder.render.env import Page
from builder.render.markdown import Md, escape, link
from builder.render.pictures import TIMELINE, timeline_widget
from builder.render.site import PAGE_SIZE, Emitted, Site

FOLDER = f"{ANALYSIS}/timeline"
SAMPLE = 10  # events of each year shown on the timeline's front page


@dataclass
class Section:
    title: str
    anchor: str
    items: list[Md] = field(default_factory=list)


def year_path(year: int | None, number: int = 1) -> str:
    name = str(year) if year is not None else "undated"
    return f"{FOLDER}/{name}" + (f"-{number}" if number > 1 else "") + ".md"


def month_anchor(year: int, month: int) -> str:
    return f"m{year}-{month:02d}" if month else f"y{year}"


def emit(site: Site) -> Emitted:
    line = site.analysis.cross.timeline  # its years and entries are plain lists: each page's key holds its part
    index_path = f"{FOLDER}/index.md"
    groups: list[tuple[int | None, list[Entry]]] = [*line.years.items()]
    if line.undated:
        groups.append((None, line.undated))
    key = (len(line), tuple((year, len(entries), _keys(entries[:SAMPLE])) for year, entries in groups))
    samples = [entries[:SAMPLE] for _, entries in groups]
    if not site.reuse_page(index_path, key, _owned(samples)):
        index = site.page(index_path)
        years = []
        for year, entries in groups:
            label = str(year) if year is not None else "Date unknown"
            count = f"{len(entries)} event" + ("" if len(entries) == 1 else "s")
            more = link(f"{label} by month: {count} →", index.href(year_path(year)))
            sample = [_item(index, site, e) for e in entries[:SAMPLE]]
            years.append((label, f"y{year}" if year is not None else "undated", len(entries), sample, more))
        yield site.render(
            "timeline_index.md.j2",
            index_path,
            years=years,
            total=len(line),
            sample=SAMPLE,
            widget=timeline_widget(index_path) if line.years else "",
            data_href=index.href(TIMELINE),
        )
    for year, entries in groups:
        for number, total, chunk in pages_of(entries, PAGE_SIZE):
            path = year_path(year, number)
            if site.reuse_page(path, (year, number, total, _keys(chunk)), _owned([chunk])):
                continue
            page = site.page(path)
            title = f"Timeline: {year}" if year is not None else "Timeline: date unknown"
            yield site.render(
                "timeline_year.md.j2",
                path,
                title=title + (f" ({number}/{total})" if total > 1 else ""),
                sections=_sections(page, site, year, list(chunk)),
                pager=pager(page, number, total, partial(year_path, year), f"{FOLDER}/index.md"),
            )


def _keys(entries: Sequence[Entry]) -> tuple[tuple[object, ...], ...]:
    """What the entries show besides the event itself (read as the page renders): when first reported, by whom."""
    return tuple((e.event.id, e.first_reported, e.first_source) for e in entries)


def _owned(lists: Iterable[Sequence[Entry]]) -> list[tuple[str, str]]:
    """The events a timeline page shows: it reads their dates directly."""
    return [("events", e.event.id) for entries in lists for e in entries]


def _sections(page: Page, site: Site, year: int | None, entries: list[Entry]) -> list[Section]:
    sections: dict[int, Section] = {}
    for entry in entries:
        month = entry.month if year is not None else 0
        if month not in sections:
            if year is None:
                sections[month] = Section("", "")
            else:
                title = f"{MONTHS[month]} {year}" if month else f"Some time in {year}"
                sections[month] = Section(title, month_anchor(year, month))
        sections[month].items.append(_item(page, site, entry))
    return list(sections.values())


def _item(page: Page, site: Site, entry: Entry) -> Md:
    event = entry.event
    if event.placed is None:
        text = Md("**date unknown** — ") + page.to(event)
    else:
        text = Md(f"**{escape(event_when(event))}** — ") + page.to(event)
        if event.date is not None:
            text += Md(f" · *precision: {escape(precision(event.date))}*")
    if entry.first_reported is not None:
        source = site.get(entry.first_source)
        text += Md(f" · first reported {escape(when(entry.first_reported))} by ") + page.to(source)
    else:
        text += Md(" · no dated source reports it")
    return text


def timeline_href(page: Page, site: Site, event_id: str) -> str:
    """The year page (and month section) that lists an event."""
    line = site.analysis.cross.timeline
    if event_id not in line.where:
        return page.href(f"{FOLDER}/index.md")
    year, position = line.where[event_id]
    path = page.href(year_path(year, position // PAGE_SIZE + 1))
    if year is None:
        return path
    return path + f"#{month_anchor(year, line.years[year][position].month)}"
