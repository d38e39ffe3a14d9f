"""Cross-source analysis in one bundle: independence, claim status, discrepancies,
attribution, timeline and relationship graph.

Each part is its own small module; this one only runs them in order and keeps
the results together for the pages. Nothing here compares every source or claim
with every other: each step buckets by a key (cluster, outlet, event, unit).
"""

from __future__ import annotations

import operator
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from builder.analyse.attribution import UnnamedBasis
from builder.analyse.discrepancies import Discrepancy, find_discrepancies
from builder.analyse.graph import Graph, degrees, overall
from builder.analyse.independence import Independence, independence
from builder.analyse.overlap import Overlap, find_overlaps, warn_unrelated
from builder.analyse.references import Ref, RefIndex
from builder.analyse.status import ClaimStatus, status_of
from builder.analyse.timeline import Timeline, timeline
from builder.model.dossier import Dossier
from builder.model.entities import Claim, Relationship, Source
from builder.problems import Problems

if TYPE_CHECKING:
    from builder.cache import ServeCache


@dataclass
class CrossSource:
    independence: Independence
    overlaps: list[Overlap]
    statuses: dict[str, ClaimStatus]  # by claim id and by relationship id (ids are unique across the dossier)
    discrepancies: list[Discrepancy]
    unnamed: dict[str, UnnamedBasis]
    timeline: Timeline
    graph: Graph
    discrepancies_of: dict[str, list[Discrepancy]] = field(default_factory=dict)  # claim/event id -> found


@dataclass
class StatusMemo:
    """Under `mkdocs serve`: the independence clusters found from the very source objects of the last build,
    and each claim's status with what it was worked out from (the claim, its backlinks, the actors' kinds).
    The loader gives unchanged files as the very same objects, so most statuses are kept as they were, and
    the pages' change detection then settles them with `is`."""

    sources: dict[str, Source] | None = None
    clusters: Independence | None = None
    kinds: dict[str, str] | None = None
    statuses: dict[str, tuple[Claim | Relationship, tuple[Ref, ...], ClaimStatus]] = field(default_factory=dict)


def cross_source(dossier: Dossier, refs: RefIndex, problems: Problems, cache: ServeCache | None = None) -> CrossSource:
    """`cache` (under `mkdocs serve`): what earlier builds found from inputs that did not change."""
    clusters, statuses = _statuses(dossier, refs, cache.statuses if cache is not None else StatusMemo())
    unnamed = {c: basis for c in dossier.claims if (basis := statuses[c].unnamed)}
    dated = timeline(dossier)
    counts = degrees(dossier)
    graph = overall(dossier, counts)
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
        discrepancies_of=dict(of),
    )


def _statuses(dossier: Dossier, refs: RefIndex, memo: StatusMemo) -> tuple[Independence, dict[str, ClaimStatus]]:
    """The independence clusters and every claim's and relationship's status (ids are unique across kinds);
    those whose inputs are the very objects of the last build are the memo's."""
    last = memo.sources
    same_sources = last is not None and list(last) == list(dossier.sources)
    same_sources = same_sources and all(map(operator.is_, last.values(), dossier.sources.values()))  # type: ignore[union-attr]
    clusters = memo.clusters if same_sources and memo.clusters is not None else independence(dossier)
    kinds = {actor_id: actor.kind for actor_id, actor in dossier.actors.items()}
    known = memo.statuses if clusters is memo.clusters and kinds == memo.kinds else {}
    kept: dict[str, tuple[Claim | Relationship, tuple[Ref, ...], ClaimStatus]] = {}
    reported: list[Claim | Relationship] = [*dossier.claims.values(), *dossier.relationships.values()]
    for entity in reported:
        links = tuple(refs.incoming.get(entity.id, ()))
        old = known.get(entity.id)
        kept[entity.id] = (
            old
            if old is not None and old[0] is entity and old[1] == links
            else (entity, links, status_of(entity, dossier, clusters, refs))
        )
    memo.sources, memo.clusters, memo.kinds, memo.statuses = dict(dossier.sources), clusters, kinds, kept
    return clusters, {entity_id: found[2] for entity_id, found in kept.items()}
