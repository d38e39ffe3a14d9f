"""The analysis section's front page and the page of source independence clusters.

The front page sums up what the cross-source analysis found (statuses, clusters,
discrepancies, unnamed-source claims), states the rules, and links to each part;
the independence page lists every group of sources that republish or rewrite
each other, with the recorded ties that make it one voice. Both stay small:
groups are paginated and long lists capped.
"""

from __future__ import annotations

from collections import Counter

from builder.analyse.status import CORROBORATED, DISPUTED, LABELS, OVERTAKEN, SINGLE_SOURCE, UNSUPPORTED
from builder.render.crosssource import ANALYSIS, pager, pages_of, tie_line
from builder.render.env import Page
from builder.render.markdown import Md, link
from builder.render.site import LIST_CAP, Emitted, Site

CLUSTERS_PER_PAGE = 20


def independence_path(number: int) -> str:
    return f"{ANALYSIS}/independence" + (f"-{number}" if number > 1 else "") + ".md"


def emit(site: Site) -> Emitted:
    analysis = site.analysis.cross
    counts: Counter[str] = Counter()
    linked: Counter[str] = Counter()  # the relationships'
    for entity_id, status in analysis.statuses.items():
        (counts if entity_id in site.dossier.claims else linked).update(status.statuses)
    index = site.page(f"{ANALYSIS}/index.md")
    names = (CORROBORATED, SINGLE_SOURCE, UNSUPPORTED, DISPUTED, OVERTAKEN)
    statuses = [(LABELS[name], counts[name]) for name in names]
    relationship_statuses = [(LABELS[name], linked[name]) for name in names[:4]]
    shared = analysis.independence.shared
    overlaps = [
        index.to(site.get(o.a)) + Md(" and ") + index.to(site.get(o.b)) + Md(f" share {o.ratio:.0%} of their passages")
        for o in analysis.overlaps[:LIST_CAP]
    ]
    yield site.render(
        "analysis.md.j2",
        f"{ANALYSIS}/index.md",
        claims=len(site.dossier.claims),
        statuses=statuses,
        relationships=len(site.dossier.relationships),
        relationship_statuses=relationship_statuses,
        sources=len(site.dossier.sources),
        clusters=len(analysis.independence.members),
        shared=len(shared),
        independence=link("Source independence", index.href(independence_path(1))),
        overlaps=overlaps,
        overlaps_total=len(analysis.overlaps),
        discrepancies=len(analysis.discrepancies),
        unnamed=len(analysis.unnamed),
        events=len(analysis.timeline),
    )
    clusters = sorted(shared.items(), key=lambda item: (-len(item[1]), item[0]))
    for number, total, chunk in pages_of(clusters, CLUSTERS_PER_PAGE):
        path = independence_path(number)
        page = site.page(path)
        yield site.render(
            "independence.md.j2",
            path,
            title="Source independence" + (f" ({number}/{total})" if total > 1 else ""),
            total=len(clusters),
            clusters=[_cluster(page, site, key, members) for key, members in chunk],
            pager=pager(page, number, total, independence_path, f"{ANALYSIS}/index.md"),
        )


def _cluster(page: Page, site: Site, key: str, members: list[str]) -> tuple[str, list[Md], int, list[Md], int]:
    """(heading, member links, member count, tie lines, tie count) for one cluster."""
    ties = site.analysis.cross.independence.ties.get(key, [])
    lines = [tie_line(page, site, tie) for tie in ties[:LIST_CAP]]
    heading = f"{len(members)} sources with {site.names.get(members[0], members[0])}"
    return heading, [page.to(site.get(m)) for m in members[:LIST_CAP]], len(members), lines, len(ties)
