"""The actors' relationship graph, cut down to what a diagram can show.

A diagram of thousands of nodes is unreadable, so the overall graph takes the
relationships between the best-connected actors (by number of relationships)
first, as long as at most `TOP` actors are drawn.
Relationships of one type between the same two actors are drawn as one edge.
Counting degrees is linear; choosing is one sort.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from builder.model.dossier import Dossier
from builder.model.entities import Relationship

TOP = 30  # actors in the overall graph
MAX_EDGES = 90  # edges in the overall graph


@dataclass(frozen=True, slots=True)
class Edge:
    subject: str
    type: str
    object: str
    relationships: tuple[str, ...]  # ids, for links


@dataclass
class Graph:
    actors: list[str] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    total_actors: int = 0  # actors with at least one relationship
    total_edges: int = 0  # edges before cutting

    @property
    def cut(self) -> bool:
        return len(self.actors) < self.total_actors or len(self.edges) < self.total_edges


def degrees(dossier: Dossier) -> Counter[str]:
    counts: Counter[str] = Counter()
    for rel in dossier.relationships.values():
        counts[rel.subject] += 1
        counts[rel.object] += 1
    return counts


def _edges(relationships: list[Relationship]) -> list[Edge]:
    grouped: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for rel in relationships:
        grouped[(rel.subject, rel.type, rel.object)].append(rel.id)
    return [Edge(s, t, o, tuple(ids)) for (s, t, o), ids in grouped.items()]


def overall(dossier: Dossier, counts: Counter[str], top: int = TOP, max_edges: int = MAX_EDGES) -> Graph:
    """The edges between the best-connected actors, taken greedily while at most `top` actors are drawn."""
    all_edges = _edges(list(dossier.relationships.values()))
    ranked = sorted(all_edges, key=lambda e: (-(counts[e.subject] + counts[e.object]), e.subject, e.type, e.object))
    nodes: dict[str, None] = {}
    edges: list[Edge] = []
    for edge in ranked:
        new = [a for a in dict.fromkeys((edge.subject, edge.object)) if a not in nodes]
        if len(nodes) + len(new) > top:
            continue
        nodes.update(dict.fromkeys(new))
        edges.append(edge)
        if len(edges) >= max_edges:
            break
    actors = sorted(nodes, key=lambda a: (-counts[a], a))
    return Graph(actors, edges, len(counts), len(all_edges))


# How the network draws a relationship, by what it rests on, so that a reader never takes a relationship that sources
# only report, or that only unnamed sources give, for one a source states.
STATED = "stated"  # a source says it in its own voice (stance `supports`), not only through unnamed sources
REPORTED = "reported"  # sources only report that someone says so (stance `reports`)
UNNAMED_ONLY = "unnamed"  # every confirming chain passes through an unnamed source
DISPUTED = "disputed"  # a source disputes it
STATUSES = {
    STATED: "stated by a source",
    REPORTED: "reported (someone says so)",
    UNNAMED_ONLY: "only from unnamed sources",
    DISPUTED: "disputed by a source",
}


def drawn_as(rel: Relationship, standing: Mapping[str, Any]) -> str:
    """How the network draws a relationship, from its `status` as the exports publish it (export/standing.py:
    the site's own claim-status and attribution rules): disputed, resting only on unnamed sources, or else
    stated if a quote supports it in the source's own voice, reported if every quote only reports it."""
    if standing.get("disputed"):
        return DISPUTED
    if standing.get("unnamed_only"):
        return UNNAMED_ONLY
    return STATED if any(ev.stance == "supports" for ev in rel.evidence) else REPORTED
