"""Claim pages: statement, claimant, attribution chains, evidence, related claims."""

from __future__ import annotations

from builder.model.entities import Entity
from builder.render.crosssource import claim_extras
from builder.render.markdown import Md
from builder.render.site import Emitted, Site


def emit(site: Site) -> Emitted:
    refs = site.analysis.refs
    for path, claim in site.entity_pages("claims"):
        page = site.page(path)
        # The attribution chains as text (they were a diagram): a disputing source says so on its line.
        chains = list(
            dict.fromkeys(
                site.chain(page, claim, ev) + (Md(" — *the source disputes it*") if ev.stance == "disputes" else Md(""))
                for ev in claim.evidence
            )
        )
        related: list[tuple[str, Entity]] = []
        related += [("Contradicts", e) for e in site.many(claim.contradicts)]
        related += [("Contradicted by", e) for e in site.many(refs.to(claim.id, "contradicts"))]
        related += [("Gives a different figure or account than", e) for e in site.many(claim.differs_from)]
        related += [("Differs from", e) for e in site.many(refs.to(claim.id, "differs_from"))]
        related += [("Revises", e) for e in site.many(claim.updates)]
        related += [("Revised by", e) for e in site.many(refs.to(claim.id, "updates"))]
        related += [("Overtaken by the event", e) for e in site.many(claim.overtaken_by)]
        related += [("Asserts the relationship", e) for e in site.many(refs.to(claim.id, "claims"))]
        links = [(label, site.link(page, e)) for label, e in related]
        extras = claim_extras(site, page, claim)
        yield site.render(
            "claim.md.j2",
            path,
            claim=claim,
            # Looked up and linked here, not in the template, where each call costs several times as much.
            title=site.short(claim.statement),
            claimant=page.to(site.get(claim.claimant)),
            about=page.links(site.many(claim.about)),
            quotes=[site.quote(page, ev) for ev in claim.evidence],
            chains=chains,
            related=links,
            **extras,
        )
