"""Cross-source analysis in one bundle: independence, claim status, discrepancies,
attribution, timeline and relationship graph.

Each part is its own small module; this one only runs them in order and keeps
the results together for the pages. Nothing here compares every source or claim
with every other: each step buckets by a key (cluster, outlet, event, unit).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from builder.analyse import kept
from builder.analyse.attribution import UnnamedBasis
from builder.analyse.discrepancies import Discrepancy, find_discrepancies
from builder.analyse.graph import Graph, degrees, neighbourhoods, overall
from builder.analyse.independence import Independence, independence
from builder.analyse.kept import Kept, same_objects
from builder.analyse.overlap import Overlap, find_overlaps, warn_unrelated
from builder.analyse.references import RefIndex
from builder.analyse.status import ClaimStatus
from builder.analyse.timeline import Timeline, timeline
from builder.model.dossier import Dossier
from builder.problems import Problems


@dataclass
class CrossSource:
    independence: Independence
    overlaps: list[Overlap]
    statuses: dict[str, ClaimStatus]
    discrepancies: list[Discrepancy]
    unnamed: dict[str, UnnamedBasis]
    timeline: Timeline
    graph: Graph
    neighbourhoods: dict[str, Graph]
    discrepancies_of: dict[str, list[Discrepancy]] = field(default_factory=dict)  # claim/event id -> found


def cross_source(
    dossier: Dossier,
    refs: RefIndex,
    problems: Problems,
    reuse: bool = False,
) -> CrossSource:
    """`reuse` (under `mkdocs serve`): keep what was derived from the very objects of the last build (kept.py)."""
    global _KEPT
    last = _KEPT if reuse else Kept()
    now = Kept(sources=dossier.sources, events=dossier.events, relationships=dossier.relationships, keep=reuse)
    sources_same = same_objects(last.sources, dossier.sources)
    clusters = last.independence if sources_same and last.independence is not None else independence(dossier)
    now.independence = clusters
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
    overlaps = find_overlaps(dossier.texts, reuse)
    warn_unrelated(overlaps, dossier, clusters, problems)
    discrepancies = find_discrepancies(dossier, refs, None, reuse)
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
