"""Which sources are independent of each other, from what the annotations record.

Two kinds of tie, because they behave differently at scale:

- *Lineage* (`republishes`, `rewrites`): the same text or reporting passed on. It is
  transitive (a rewrite of a republication is still the same story), so sources
  are grouped into clusters with union-find over these relations.
- *Local ties* (the same `publisher`; one source `cites` another): a source and
  what it cites, or two articles by one outlet, are one voice *for a claim they
  both carry*. Followed transitively across a large dossier these would chain
  almost every source into one cluster (outlet A cites B, B shares a publisher
  with C ...), so they are applied only among the sources of one claim (see
  status.py): `keys(source)` gives the nodes a source joins there.

Outlets are nodes too ("a:axios"), so that a source relaying an outlet (`via`) and
the outlet's own articles meet. One pass over sources and relations: near-linear.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from builder.model.dossier import Dossier

LINEAGE = ("republishes", "rewrites")  # transitive: clusters
LOCAL = ("cites",)  # applied among one claim's sources only
# Actor kinds whose reporting others relay: the upstream of an attribution chain.
OUTLET_KINDS = frozenset({"media-outlet", "publication"})


def actor_node(actor_id: str) -> str:
    return f"a:{actor_id}"


class UnionFind:
    """Disjoint sets over string keys, with path halving and union by size."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}
        self.size: dict[str, int] = {}

    def find(self, key: str) -> str:
        parent = self.parent.setdefault(key, key)
        while parent != key:
            grand = self.parent[parent]
            self.parent[key] = grand
            key, parent = parent, self.parent[parent]
        return key

    def union(self, a: str, b: str) -> str:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if self.size.get(ra, 1) < self.size.get(rb, 1):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] = self.size.get(ra, 1) + self.size.get(rb, 1)
        return ra


@dataclass(frozen=True, slots=True)
class Tie:
    """Why a source is not independent: `source` <`why`> `other` (a source or an outlet)."""

    source: str
    why: str  # a relation type, or "publisher"
    other: str


@dataclass
class Independence:
    """Lineage clusters of sources, and the local ties of each source."""

    cluster_of: dict[str, str] = field(default_factory=dict)  # source id -> cluster id (its first source id)
    members: dict[str, list[str]] = field(default_factory=dict)  # cluster id -> source ids
    ties: dict[str, list[Tie]] = field(default_factory=dict)  # cluster id -> the lineage ties that built it
    local: dict[str, tuple[str, ...]] = field(default_factory=dict)  # source id -> nodes it joins in a claim
    related: set[frozenset[str]] = field(default_factory=set)  # pairs of sources with any recorded relation

    def cluster(self, source_id: str) -> str:
        return self.cluster_of.get(source_id, source_id)

    def keys(self, source_id: str) -> tuple[str, ...]:
        """The nodes a source joins among one claim's sources: its cluster, publisher, cited clusters."""
        return self.local.get(source_id, (self.cluster(source_id),))

    def same(self, a: str, b: str) -> bool:
        return self.cluster(a) == self.cluster(b)

    @property
    def shared(self) -> dict[str, list[str]]:
        """Clusters of two or more sources, the ones worth explaining."""
        return {key: ids for key, ids in self.members.items() if len(ids) > 1}


def independence(dossier: Dossier) -> Independence:
    sets = UnionFind()
    lineage: list[Tie] = []
    result = Independence()
    for source in dossier.sources.values():
        for relation in source.relations:
            if relation.source not in dossier.sources:
                continue
            result.related.add(frozenset((source.id, relation.source)))
            if relation.type in LINEAGE:
                sets.union(source.id, relation.source)
                lineage.append(Tie(source.id, relation.type, relation.source))
    members: dict[str, list[str]] = defaultdict(list)
    for source_id in sorted(dossier.sources):
        members[sets.find(source_id)].append(source_id)
    # Name each cluster by its first source id, so that names do not depend on union order.
    names = {root: ids[0] for root, ids in members.items()}
    result.members = {names[root]: ids for root, ids in members.items()}
    result.cluster_of = {s: names[root] for root, ids in members.items() for s in ids}
    by_cluster: dict[str, list[Tie]] = defaultdict(list)
    for tie in lineage:
        by_cluster[result.cluster_of[tie.source]].append(tie)
    result.ties = dict(by_cluster)
    for source in dossier.sources.values():
        keys = [result.cluster_of[source.id]]
        if source.publisher:
            keys.append(actor_node(source.publisher))
        keys += [result.cluster(r.source) for r in source.relations if r.type in LOCAL and r.source in dossier.sources]
        result.local[source.id] = tuple(dict.fromkeys(keys))
    return result
