"""Cross-source analysis in one bundle: independence, claim status, discrepancies,
attribution, timeline and relationship graph.

Each part is its own small module; this one only runs them in order and keeps
the results together for the pages. Nothing here compares every source or claim
with every other: each step buckets by a key (cluster, outlet, event, unit).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from builder.analyse.attribution import UnnamedBasis, unnamed_claims
from builder.analyse.discrepancies import Discrepancy, find_discrepancies
from builder.analyse.graph import Graph, degrees, neighbourhoods, overall
from builder.analyse.independence import Independence, independence
from builder.analyse.overlap import Overlap, find_overlaps, warn_unrelated
from builder.analyse.references import RefIndex
from builder.analyse.status import ClaimStatus, claim_statuses
from builder.analyse.timeline import Timeline, timeline
from builder.model.dossier import Dossier
from builder.problems import Problems

if TYPE_CHECKING:
    from builder.cache import ServeCache


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


def cross_source(dossier: Dossier, refs: RefIndex, problems: Problems, cache: ServeCache | None = None) -> CrossSource:
    """`cache` (under `mkdocs serve`): texts' shingles and quotes' figures read at earlier builds."""
    clusters = independence(dossier)
    statuses = claim_statuses(dossier, clusters, refs)
    unnamed = unnamed_claims(dossier)
    dated = timeline(dossier)
    counts = degrees(dossier)
    graph, around = overall(dossier, counts), neighbourhoods(dossier, counts)
    overlaps = find_overlaps(dossier.texts, cache.overlaps if cache is not None else None)
    warn_unrelated(overlaps, dossier, clusters, problems)
    discrepancies = find_discrepancies(dossier, refs, cache.figures if cache is not None else None)
    of: dict[str, list[Discrepancy]] = defaultdict(list)
    for discrepancy in discrepancies:
        for entity_id in discrepancy.entities:
            of[entity_id].append(discrepancy)
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
