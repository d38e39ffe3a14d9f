"""Actor pages: who, roles, relationships, events, claims made and about, mentions."""

from __future__ import annotations

from collections import defaultdict

from builder.model.entities import Actor, Claim, Event, Relationship, Source
from builder.render.crosssource import relationship_standing
from builder.render.env import Page, human_date
from builder.render.markdown import Md, escape
from builder.render.pictures import neighbourhood_widget
from builder.render.site import LIST_CAP, Emitted, Site, by_date


def emit(site: Site) -> Emitted:
    refs = site.analysis.refs
    vocabulary_kinds = kind_labels()
    for path, actor in site.entity_pages("actors"):
        page = site.page(path)
        to = page.to
        relationships = [r for r in site.many(refs.to(actor.id, kind="relationship")) if isinstance(r, Relationship)]
        events = by_date(site.many(refs.to(actor.id, "actor", kind="event")))
        made = [c for c in site.many(refs.to(actor.id, "claimant")) if isinstance(c, Claim)]
        via = [c for c in site.many(refs.to(actor.id, "via", kind="claim")) if isinstance(c, Claim)]
        about = [c for c in site.many(refs.to(actor.id, "about")) if isinstance(c, Claim)]
        published = by_date(s for s in site.many(refs.to(actor.id, "publisher")) if isinstance(s, Source))
        mentions = _mentions(site, actor)
        # The lists are linked here rather than in the template: a call from a template costs
        # several times a call from Python, and these lists hold up to LIST_CAP items each.
        yield site.render(
            "actor.md.j2",
            path,
            actor=actor,
            kind_label=vocabulary_kinds.get(actor.kind, actor.kind),
            relationships=[_relationship(site, page, r) for r in relationships[:LIST_CAP]],
            events=[(human_date(e.date), to(e), _role(e, actor)) for e in events[:LIST_CAP]],
            events_total=len(events),
            claims_made=[to(c) for c in made[:LIST_CAP]],
            claims_made_total=len(made),
            claims_via=[to(c) for c in via[:LIST_CAP]],
            claims_via_total=len(via),
            claims_about=[(to(c), to(site.get(c.claimant))) for c in about[:LIST_CAP]],
            claims_about_total=len(about),
            published=[(human_date(s.published), to(s)) for s in published[:LIST_CAP]],
            published_total=len(published),
            mentions=[(to(s), site.paragraph_links(page, s, found)) for s, found in mentions[:LIST_CAP]],
            mentions_total=len(mentions),
            # its neighbourhood, drawn from its own file under data/network/ (one per actor that is the subject
            # or object of a relationship)
            neighbourhood=neighbourhood_widget(path, actor.id) if _in_network(actor, relationships) else "",
        )


def _relationship(site: Site, page: Page, rel: Relationship) -> tuple[Relationship, Md, list[Md], Md, Md, list[Md]]:
    """A relationship with its heading, quotes, claims, status badges and reasons for the template.

    The heading says "Reported:": the dossier records that sources report the link, not that it holds."""
    heading = Md("Reported: ") + page.to(site.get(rel.subject)) + Md(f" {escape(site.relation_label(rel.type))} ")
    heading += page.to(site.get(rel.object))
    quotes = [site.quote(page, ev) for ev in rel.evidence]
    badges, reasons = relationship_standing(page, site, rel)
    return rel, heading, quotes, page.links(site.many(rel.claims)), badges, reasons


def _in_network(actor: Actor, relationships: list[Relationship]) -> bool:
    """Whether the actor is an end of a relationship (not only named in its quotes' `via`)."""
    return any(actor.id in (r.subject, r.object) for r in relationships)


def kind_labels() -> dict[str, str]:
    from builder.model.schema import load_schema

    return {term: term.replace("-", " ") for term in load_schema().vocabularies["actor_kind"]}


def _role(event: Event, actor: Actor) -> str:
    return ", ".join(p.role for p in event.participants if p.actor == actor.id and p.role)


def _mentions(site: Site, actor: Actor) -> list[tuple[Source, list[int]]]:
    paragraphs: dict[str, list[int]] = defaultdict(list)
    for mention in site.analysis.mentions.get(actor.id, []):
        found = paragraphs[mention.source]
        if not found or found[-1] != mention.paragraph:
            found.append(mention.paragraph)
    sources = by_date(site.dossier.sources[s] for s in paragraphs)
    return [(s, paragraphs[s.id]) for s in sources]
