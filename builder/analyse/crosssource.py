"""Cross-source analysis in one bundle: independence, claim status, discrepancies,
attribution, timeline and relationship graph.

Each part is its own small module; this one only runs them in order and keeps
the results together for the pages. Nothing here compares every source or claim
with every other: each step buckets by a key (cluster, outlet, event, unit).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from builder.analyse.attribution import UnnamedBasis, unnamed_claims
from builder.analyse.discrepancies import Discrepancy, Figures, find_discrepancies
from builder.analyse.graph import Graph, degrees, neighbourhoods, overall
from builder.analyse.independence import Independence, independence
from builder.analyse.overlap import Overlap, find_overlaps, warn_unrelated
from builder.analyse.references import RefIndex
from builder.analyse.status import ClaimStatus, claim_statuses
from builder.analyse.timeline import Timeline, timeline
from builder.background import Background
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
    figures: Background[Figures] | None = None,
    reuse: bool = False,
) -> CrossSource:
    """`figures`: the quotes' figures being read in a second process (`figures_in_background`);
    `reuse` (under `mkdocs serve`): keep what was derived from the very objects of the last build."""
    clusters = independence(dossier)
    overlaps = find_overlaps(dossier.texts, reuse)
    warn_unrelated(overlaps, dossier, clusters, problems)
    discrepancies = find_discrepancies(dossier, refs, figures.result() if figures is not None else None, reuse)
    of: dict[str, list[Discrepancy]] = defaultdict(list)
    for discrepancy in discrepancies:
        for entity_id in discrepancy.entities:
            of[entity_id].append(discrepancy)
    counts = degrees(dossier)
    return CrossSource(
        independence=clusters,
        overlaps=overlaps,
        statuses=claim_statuses(dossier, clusters, refs),
        discrepancies=discrepancies,
        unnamed=unnamed_claims(dossier),
        timeline=timeline(dossier),
        graph=overall(dossier, counts),
        neighbourhoods=neighbourhoods(dossier, counts),
        discrepancies_of=dict(of),
    )
