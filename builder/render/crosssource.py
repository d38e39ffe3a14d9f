"""Showing the cross-source analysis: status badges with their reasons, page links.

Every status the builder shows comes with the reasoning that produced it, in
words and links, so that a reader can check it against the quotes. The helpers
here are shared by the claim, actor and event pages and the analysis pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from builder.analyse.discrepancies import Discrepancy
from builder.analyse.independence import Tie
from builder.analyse.status import LABELS, ClaimStatus, Line
from builder.analyse.timeline import event_when
from builder.model.entities import Claim, Relationship, Source
from builder.render.env import Page, entity_path
from builder.render.markdown import Md, escape, link
from builder.render.site import Site

ANALYSIS = "analysis"
DISCREPANCIES_PER_PAGE = 25
MAX_TIES = 10  # ties listed to explain why several sources are one line
T = TypeVar("T")


# Status ----------------------------------------------------------------------


def badges(page: Page, status: ClaimStatus | None, href: str = "") -> Md:
    """The claim's status badges, each linking to the reasons on the claim's page (or to `href`)."""
    if status is None:
        return Md("")
    href = href or page.href(entity_path(status.claim, "claim")) + "#status"
    return Md(" ".join(link(LABELS[name], href, f"dossier-status .dossier-status-{name}") for name in status.statuses))


def status_reasons(page: Page, site: Site, status: ClaimStatus) -> list[Md]:
    """Why the claim has each of its statuses, in words and links."""
    reasons = [_support(page, site, status)]
    reasons += [_line(page, site, n, line) for n, line in enumerate(status.lines, 1)]
    for evidence in status.disputing:
        reasons.append(Md("**Disputed:** ") + site.evidence_link(page, evidence) + Md(" disputes it."))
    if status.contradicts:
        claims = page.links(site.many(status.contradicts))
        reasons.append(Md("**Disputed:** it and ") + claims + Md(" cannot both be true (`contradicts`)."))
    if status.differs:
        claims = page.links(site.many(status.differs))
        reasons.append(
            Md("**Differs from** ")
            + claims
            + Md(": a different figure or account of the same thing that may still be compatible (`differs_from`); ")
            + Md("not counted as disputed.")
        )
    for event_id in status.overtaken_by:
        event = site.dossier.events.get(event_id)
        date = Md(f" ({escape(event_when(event))})") if event is not None and event.placed else Md("")
        reasons.append(Md("**Overtaken by events:** ") + page.to(event) + date + Md("."))
    if status.revised_by:
        reasons.append(Md("**Revised by** ") + page.links(site.many(status.revised_by)) + Md("."))
    return reasons


def _support(page: Page, site: Site, status: ClaimStatus) -> Md:
    n = len(status.lines)
    if n > 1:
        return Md(f"**Corroborated:** {n} independent lines of reporting carry it.")
    if n == 1:
        many = len(status.lines[0].sources) > 1
        why = " several sources, but they are not independent of each other" if many else " one source"
        return Md(f"**Single source:** one line of reporting carries it:{why}.")
    return Md("**No supporting source:** every piece of evidence disputes it.")


def _line(page: Page, site: Site, number: int, line: Line) -> Md:
    sources = page.links(site.many(line.sources))
    parts = [Md(f"Line {number}: ") + sources + Md(f" ({escape(', '.join(line.stances))})")]
    if line.upstream:
        parts.append(Md("through ") + upstream_links(page, site, line.upstream))
    ties = _ties(site, line)
    if ties:
        parts.append(Md("; ".join(tie_line(page, site, t) for t in ties)))
    for source_id in line.merged_by_cites:
        parts.append(
            page.to(site.get(source_id))
            + Md(" names no intermediary for it, but cites ")
            + page.links(site.many(line.upstream))
            + Md(", so it is counted with that line")
        )
    return Md(" — ".join(parts))


def upstream_links(page: Page, site: Site, upstream: list[str]) -> Md:
    """Links to the outlets and cited documents a line comes through; a document the dossier does not hold
    says so, with its publisher and date where known."""
    shown = [
        site.step(page, item) if isinstance(item, Source) and not item.held else page.to(item)
        for item in site.many(upstream)
    ]
    return Md(", ".join(shown))


def relationship_standing(page: Page, site: Site, relationship: Relationship) -> tuple[Md, list[Md]]:
    """A relationship's status badges and the reasons: who reports it, through whom, and as of when."""
    status = site.analysis.cross.statuses.get(relationship.id)
    href = "#rel-" + relationship.id
    reasons = status_reasons(page, site, status) if status else []
    if relationship.as_of is not None:
        reasons.insert(
            0,
            Md(f"**Reported as of {escape(relationship.as_of.human())}**: ")
            + Md("when it began or whether it has ended is not stated."),
        )
    if relationship.date is not None:
        reasons.insert(0, Md(f"**When it held, as reported:** {escape(relationship.date.human())}."))
    unnamed = status.unnamed if status else None
    if unnamed:
        reasons.append(
            Md("**Rests only on unnamed sources:** every chain passes through ")
            + page.links(site.many(unnamed.unnamed))
            + Md(".")
        )
    return badges(page, status, href), reasons


def _ties(site: Site, line: Line) -> list[Tie]:
    """The recorded ties that join this line's sources, when there are several (at most MAX_TIES)."""
    sources = line.sources
    if len(sources) < 2:
        return []
    independence = site.analysis.cross.independence
    clusters = list(dict.fromkeys(independence.cluster(s) for s in sources))
    on_line = set(sources)  # a lineage tie of a source that is not on this line explains nothing here
    found = [tie for cluster in clusters for tie in independence.ties.get(cluster, []) if tie.source in on_line]
    by_publisher: dict[str, list[str]] = {}
    cited: dict[str, list[Tie]] = {}
    for source_id in sources:
        source = site.dossier.sources.get(source_id)
        if source is None:
            continue
        if source.publisher:
            by_publisher.setdefault(source.publisher, []).append(source_id)
        for relation in source.relations:
            if relation.type == "cites" and relation.source in site.dossier.sources:
                tie = Tie(source_id, "cites", relation.source)
                cited.setdefault(independence.cluster(relation.source), []).append(tie)
    for publisher, members in by_publisher.items():
        if len(members) > 1:
            found += [Tie(member, "publisher", publisher) for member in members]
    for cluster, ties in cited.items():
        if cluster in clusters or len(ties) > 1:
            found += ties
    return found[:MAX_TIES]


def tie_line(page: Page, site: Site, tie: Tie) -> Md:
    why = "is published by" if tie.why == "publisher" else escape(tie.why)
    return page.to(site.get(tie.source)) + Md(f" {why} ") + page.to(site.get(tie.other))


# Discrepancies ---------------------------------------------------------------


def discrepancies_path(page_number: int) -> str:
    suffix = f"-{page_number}" if page_number > 1 else ""
    return f"{ANALYSIS}/discrepancies{suffix}.md"


def discrepancy_href(page: Page, discrepancy: Discrepancy) -> str:
    number = discrepancy.number // DISCREPANCIES_PER_PAGE + 1
    return page.href(discrepancies_path(number)) + f"#{discrepancy.slug}"


def discrepancy_title(discrepancy: Discrepancy) -> str:
    if discrepancy.unit == "date":
        shown = " / ".join(dict.fromkeys(o.figure.text for o in discrepancy.occurrences))
    else:
        shown = " / ".join(_number(v) for v in discrepancy.values)
    return f"{unit_label(discrepancy.unit)}: {shown}"


def unit_label(unit: str) -> str:
    names = {"date": "dates", "year": "years", "USD": "US dollars", "EUR": "euros", "GBP": "pounds"}
    return names.get(unit, unit)


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def discrepancy_links(page: Page, site: Site, entity_id: str) -> list[Md]:
    return [
        link(discrepancy_title(d), discrepancy_href(page, d))
        for d in site.analysis.cross.discrepancies_of.get(entity_id, [])
    ]


# Pagination ------------------------------------------------------------------


def pages_of(items: Sequence[T], size: int) -> Iterator[tuple[int, int, Sequence[T]]]:
    """(page number, page count, items) for each page; one empty page when there are none."""
    total = max(1, (len(items) + size - 1) // size)
    for number in range(1, total + 1):
        yield number, total, items[(number - 1) * size : number * size]


def pager(page: Page, number: int, total: int, path_of: Callable[[int], str], up: str = "") -> Md:
    if total == 1 and not up:
        return Md("")
    parts = [link("↑ Up", page.href(up))] if up else []
    if number > 1:
        parts.append(link("← Previous", page.href(path_of(number - 1))))
    if total > 1:
        parts.append(escape(f"Page {number} of {total}"))
    if number < total:
        parts.append(link("Next →", page.href(path_of(number + 1))))
    return Md(" · ".join(parts))


# Extra context for the entity pages ------------------------------------------


def claim_extras(site: Site, page: Page, claim: Claim) -> dict[str, Any]:
    """Status badges and reasons, and discrepancy links of a claim page."""
    analysis = site.analysis.cross
    status = analysis.statuses.get(claim.id)
    reasons = status_reasons(page, site, status) if status else []
    basis = analysis.unnamed.get(claim.id)
    if basis is not None:
        how = "its claimant is" if basis.claimant_unnamed else "every chain passes through"
        reasons.append(
            Md(f"**Rests only on unnamed sources:** {how} ")
            + page.links(site.many(basis.unnamed))
            + Md(" (see ")
            + link("claims resting on unnamed sources", page.href(f"{ANALYSIS}/unnamed-sources.md"))
            + Md(").")
        )
    return {
        "status_badges": badges(page, status),
        "status_reasons": reasons,
        "discrepancies": Md(", ".join(discrepancy_links(page, site, claim.id))),
        "rules_href": page.href(f"{ANALYSIS}/index.md") + "#claim-status",
    }


def event_extras(site: Site, page: Page, event_id: str) -> dict[str, Any]:
    """Discrepancy links and the timeline link of an event page."""
    from builder.render.pages.timeline import timeline_href

    event = site.dossier.events.get(event_id)
    return {
        "discrepancies": Md(", ".join(discrepancy_links(page, site, event_id))),
        "timeline_href": timeline_href(page, site, event_id),
        "timeline_label": event_when(event) if event is not None else "date unknown",
    }
