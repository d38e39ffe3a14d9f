"""Discrepancies pages: figures that differ between sources, each side quoted and linked.

Paginated every DISCREPANCIES_PER_PAGE items so that no page grows with the dossier.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.analyse.discrepancies import Discrepancy, Occurrence
from builder.model.entities import Anchor
from builder.render.crosssource import (
    DISCREPANCIES_PER_PAGE,
    discrepancies_path,
    discrepancy_title,
    pager,
    pages_of,
)
from builder.render.env import Page
from builder.render.markdown import Md, escape
from builder.render.site import Emitted, Site

BOUNDS = {"exact": "as stated", "min": "a lower bound", "max": "an upper bound", "about": "approximate"}


@dataclass
class Shown:
    discrepancy: Discrepancy
    title: str
    verdict: str
    contexts: Md
    sides: list[tuple[Md, Occurrence]]


def emit(site: Site) -> Emitted:
    found = site.analysis.cross.discrepancies  # a list, not a tracked mapping: each page's key holds its part
    for number, total, chunk in pages_of(found, DISCREPANCIES_PER_PAGE):
        path = discrepancies_path(number)
        key = (number, total, len(found), tuple(_key(d) for d in chunk))
        if site.reuse_page(path, key):  # the owners of the figures are looked up (tracked) as it renders
            continue
        page = site.page(path)
        yield site.render(
            "discrepancies.md.j2",
            path,
            title="Discrepancies" + (f" ({number}/{total})" if total > 1 else ""),
            total=len(found),
            items=[_shown(page, site, d) for d in chunk],
            pager=pager(page, number, total, discrepancies_path),
        )


def _key(d: Discrepancy) -> tuple[object, ...]:
    """What a discrepancy's section shows, as values: the figures, and which quote of which owner gave each."""
    sides = tuple(
        (o.figure, o.owner, o.evidence.source, o.evidence.quote, _span(o.evidence.anchor)) for o in d.occurrences
    )
    return (d.slug, d.unit, d.number, tuple(d.contexts), sides)


def _span(anchor: Anchor | None) -> tuple[int, int, int] | None:
    return (anchor.start, anchor.end, anchor.paragraph) if anchor is not None else None


def _shown(page: Page, site: Site, d: Discrepancy) -> Shown:
    if d.compatible:
        verdict = "The figures differ, but they may all be right: bounds or approximations that overlap."
    else:
        verdict = "The figures cannot all be right."
    return Shown(
        d, discrepancy_title(d), verdict, _contexts(page, site, d), [(_side(page, site, o), o) for o in d.occurrences]
    )


def _contexts(page: Page, site: Site, d: Discrepancy) -> Md:
    parts = []
    for kind, ids in d.contexts:
        entities = page.links(site.many(ids), " and ")
        if kind == "linked":
            parts.append(Md("claims linked as contradicting or differing: ") + entities)
        elif kind == "claim":
            parts.append(Md("the evidence of the claim ") + entities)
        elif kind == "event":
            parts.append(Md("the event ") + entities + Md(" and the claims about it"))
        else:
            parts.append(Md("claims about both ") + entities)
    return Md("; ".join(parts))


def _side(page: Page, site: Site, o: Occurrence) -> Md:
    owner = site.get(o.owner)
    return (
        Md("**")
        + escape(o.figure.text)
        + Md(f"** ({escape(BOUNDS[o.figure.bound])}) — in the {escape(owner.KIND if owner else 'entity')} ")
        + page.to(owner)
    )
