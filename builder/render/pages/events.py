"""Event pages: the date at its true precision, participants, what each source says."""

from __future__ import annotations

from builder.model.entities import Claim, Event, Evidence
from builder.render.site import LIST_CAP, Emitted, Site


def emit(site: Site) -> Emitted:
    refs = site.analysis.refs
    for event in site.dossier.events.values():
        claims: list[tuple[Claim, str]] = []
        for label, field in (("about this event", "about"), ("overtaken by this event", "overtaken_by")):
            claims += [(c, label) for c in site.many(refs.to(event.id, field)) if isinstance(c, Claim)]
        yield site.render(
            "event.md.j2",
            f"events/{event.id}.md",
            event=event,
            evidence=_by_source_date(site, event.evidence),
            first_reported=first_reported(site, event),
            claims=claims[:LIST_CAP],
            claims_total=len(claims),
        )


def _by_source_date(site: Site, evidence: list[Evidence]) -> list[Evidence]:
    def key(ev: Evidence) -> tuple:
        source = site.dossier.sources.get(ev.source)
        date = source.published if source else None
        return (date is None, date.sort_key if date else (0, 0, 0), ev.source)

    return sorted(evidence, key=key)


def first_reported(site: Site, event: Event) -> str:
    """The earliest publication date among the sources that report the event."""
    dates = []
    for ev in event.evidence:
        source = site.dossier.sources.get(ev.source)
        if source and source.published:
            dates.append(source.published)
    if not dates:
        return "unknown (no dated source)"
    earliest = min(dates, key=lambda d: d.sort_key)
    return earliest.human()
