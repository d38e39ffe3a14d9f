"""Discrepancies pages: figures that differ between sources, each side quoted and linked.

Paginated every DISCREPANCIES_PER_PAGE items so that no page grows with the dossier.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.analyse.discrepancies import Discrepancy, Occurrence
from builder.render.crosssource import (
    DISCREPANCIES_PER_PAGE,
    cross,
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
    found = cross(site).discrepancies
    for number, total, chunk in pages_of(found, DISCREPANCIES_PER_PAGE):
        path = discrepancies_path(number)
        page = site.page(path)
        yield site.render(
            "discrepancies.md.j2",
            path,
            title="Discrepancies" + (f" ({number}/{total})" if total > 1 else ""),
            total=len(found),
            items=[_shown(page, site, d) for d in chunk],
            pager=pager(page, number, total, discrepancies_path),
        )


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
