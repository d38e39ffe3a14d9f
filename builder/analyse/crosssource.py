"""Cross-source analysis in one bundle: independence, claim status, discrepancies,
attribution, timeline and relationship graph.

Each part is its own small module; this one only runs them in order and keeps
the results together for the pages. Nothing here compares every source or claim
with every other: each step buckets by a key (cluster, outlet, event, unit).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from builder.analyse import discrepancies as _discrepancies
from builder.analyse import kept
from builder.analyse.attribution import UnnamedBasis
from builder.analyse.discrepancies import Discrepancy, Figures, find_discrepancies
from builder.analyse.graph import Graph, degrees, neighbourhoods, overall
from builder.analyse.independence import Independence, independence
from builder.analyse.kept import Kept, same_objects
from builder.analyse.overlap import Overlap, find_overlaps, warn_unrelated
from builder.analyse.references import RefIndex
from builder.analyse.status import ClaimStatus
from builder.analyse.timeline import Timeline, timeline
from builder.background import Background, can_fork
from builder.model.dossier import Dossier
from builder.problems import Problems


@dataclass
class CrossSource:
    independence: Independence
    overlaps: list[Overlap]
    statuses: dict[str, ClaimStatus]  # by claim id and by relationship id (ids are unique across the dossier)
    discrepancies: list[Discrepancy]
    unnamed: dict[str, UnnamedBasis]
    timeline: Timeline
    graph: Graph
    neighbourhoods: dict[str, Graph]
    discrepancies_of: dict[str, list[Discrepancy]] = field(default_factory=dict)  # claim/event id -> found


class Prepared(NamedTuple):
    """What a second process works out while this one analyses the rest: the overlaps between seed texts
    and every quote's figures, the two costliest reads of the cross-source analysis."""

    overlaps: list[Overlap]
    figures: Figures


def prepare_in_background(dossier: Dossier) -> Background[Prepared] | None:
    """On a large dossier, if asked for (see background.py), start `Prepared` in a forked child: overlaps
    first, then figures. Call once the texts' non-body passages are marked and the quotes anchored."""
    if not can_fork() or sum(len(e.evidence) for e in _discrepancies._quoting(dossier)) < _discrepancies.MIN_QUOTES:
        return None
    return Background.start(lambda: Prepared(find_overlaps(dossier.texts), _discrepancies._all_figures(dossier)))


def cross_source(
    dossier: Dossier,
    refs: RefIndex,
    problems: Problems,
    prepared: Background[Prepared] | None = None,
    reuse: bool = False,
) -> CrossSource:
    """`prepared`: overlaps and figures being worked out in a second process (`prepare_in_background`);
    `reuse` (under `mkdocs serve`): keep what was derived from the very objects of the last build (kept.py)."""
    global _KEPT
    last = _KEPT if reuse else Kept()
    now = Kept(sources=dossier.sources, events=dossier.events, relationships=dossier.relationships, keep=reuse)
    sources_same = same_objects(last.sources, dossier.sources)
    clusters = last.independence if sources_same and last.independence is not None else independence(dossier)
    now.independence = clusters
    # What needs neither overlaps nor figures first, while the second process works them out.
    statuses = kept.statuses(dossier, clusters, refs, last, now)
    unnamed = kept.unnamed(dossier, sources_same, last, now)
    dated = last.parts.get("timeline") if sources_same and same_objects(last.events, dossier.events) else None
    if dated is None:
        dated = timeline(dossier)
    now.parts["timeline"] = dated
    drawn = last.parts.get("graph") if same_objects(last.relationships, dossier.relationships) else None
    if drawn is None:
        counts = degrees(dossier)
        drawn = overall(dossier, counts), neighbourhoods(dossier, counts)
    now.parts["graph"] = drawn
    graph, around = drawn
    ready = prepared.result() if prepared is not None else None  # None also when the child failed
    overlaps = ready.overlaps if ready is not None else find_overlaps(dossier.texts, reuse)
    warn_unrelated(overlaps, dossier, clusters, problems)
    discrepancies = find_discrepancies(dossier, refs, ready.figures if ready is not None else None, reuse)
    of: dict[str, list[Discrepancy]] = defaultdict(list)
    for discrepancy in discrepancies:
        for entity_id in discrepancy.entities:
            of[entity_id].append(discrepancy)
    if reuse:  # a one-off build leaves serve's memo alone
        _KEPT = now
    return CrossSource(
        independence=clusters,
        overlaps=overlaps,
        statuses=statuses,
        discrepancies=discrepancies,
        unnamed=unnamed,
        timeline=dated,
        graph=graph,
        neighbourhoods=around,
        discrepancies_of=dict(of),
    )


_KEPT = Kept()  # the last build's, under serve
