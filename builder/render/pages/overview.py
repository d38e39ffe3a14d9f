"""The dossier at a glance, for the home page's `<!-- dossier:at-a-glance -->` marker."""

from __future__ import annotations

from builder.render.site import LIST_CAP, Site, by_date

MARKER = "<!-- dossier:at-a-glance -->"


def overview(site: Site, page_path: str = "index.md") -> str:
    dossier = site.dossier
    coverage = site.analysis.coverage
    body = sum(c.body for c in coverage.values())
    cited = sum(c.cited for c in coverage.values())
    sources = by_date(s for s in dossier.sources.values() if s.id in coverage)
    # The known points of the events' dates: an event "on or before" a date spans nothing before it.
    points = [p for e in dossier.events.values() if e.date for p in (e.date.start, e.date.end) if p is not None]
    span = ""
    if points:
        first = min(points, key=lambda p: p.sort_key())
        last = max(points, key=lambda p: p.sort_key())
        span = f"{first.human()} to {last.human()}"
    _, text = site.render(
        "overview.md.j2",
        page_path,
        counts=dossier.counts(),
        not_held=sum(1 for s in dossier.sources.values() if not s.held),
        quotes=sum(1 for _ in dossier.evidence()),
        span=span,
        body=body,
        cited=cited,
        percent=f"{cited / body:.0%}" if body else "n/a",
        coverage=[(s, coverage[s.id]) for s in sources[:LIST_CAP]],
        coverage_more=max(0, len(sources) - LIST_CAP),
    )
    return text


def insert_overview(markdown: str, site: Site, page_path: str = "index.md") -> str:
    if MARKER not in markdown:
        return markdown
    return markdown.replace(MARKER, overview(site, page_path))
