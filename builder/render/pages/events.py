"""Event pages: the date at its true precision, participants, what each source says."""

from __future__ import annotations

from builder.analyse.timeline import first_reported as earliest_report
from builder.analyse.timeline import when
from builder.model.entities import Claim, Event, Evidence
from builder.render.crosssource import event_extras
from builder.render.markdown import Md, escape
from builder.render.site import LIST_CAP, Emitted, Site


def emit(site: Site) -> Emitted:
    refs = site.analysis.refs
    for path, event in site.entity_pages("events"):
        page = site.page(path)
        claims: list[tuple[Claim, str]] = []
        for label, field in (("about this event", "about"), ("overtaken by this event", "overtaken_by")):
            claims += [(c, label) for c in site.many(refs.to(event.id, field)) if isinstance(c, Claim)]
        # Linked here rather than in the template, where each call costs several times as much.
        yield site.render(
            "event.md.j2",
            path,
            event=event,
            participants=[(page.to(site.get(p.actor)), p.role) for p in event.participants],
            quotes=[site.quote(page, ev) for ev in _by_source_date(site, event.evidence)],
            first_reported=first_reported(site, event),
            claims=[(page.to(c), how) for c, how in claims[:LIST_CAP]],
            claims_total=len(claims),
            **event_extras(site, page, event.id),
        )


def _by_source_date(site: Site, evidence: list[Evidence]) -> list[Evidence]:
    def key(ev: Evidence) -> tuple:
        source = site.dossier.sources.get(ev.source)
        date = source.published if source else None
        return (date is None, date.sort_key if date else (0, 0, 0), ev.source)

    return sorted(evidence, key=key)


def first_reported(site: Site, event: Event) -> Md:
    """The earliest date by which a source quoted for the event had surely been published, and that source."""
    date, source_id = earliest_report(event, site.dossier)
    if date is None:
        return Md("unknown (no dated source)")
    page = site.page(f"events/{event.id}.md")
    return escape(when(date)) + Md(" by ") + page.to(site.get(source_id))
