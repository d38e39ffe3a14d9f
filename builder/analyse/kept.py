"""What the cross-source analysis keeps from the last build under `mkdocs serve`.

The loader hands back the annotations of unchanged files as the very same objects. A part of the
analysis whose inputs are the very same objects as at the last build would give the same result, so
the last result is kept: the independence clusters (they read the sources), the timeline (the events,
and the dates of the sources), the relationship graph (the relationships). Claim statuses and
unnamed-source bases are kept claim by claim, since one claim's edit leaves the others' alone. What is
kept is the very object of the last build, which the pages' change detection (render/incremental.py)
then settles with `is`.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from builder.analyse.attribution import UnnamedBasis, unnamed_actors, unnamed_basis
from builder.analyse.independence import Independence
from builder.analyse.references import Ref, RefIndex
from builder.analyse.status import ClaimStatus, claim_status, relationship_status
from builder.model.dossier import Dossier
from builder.model.entities import Claim, Relationship


def same_objects(old: Mapping[str, Any] | None, new: Mapping[str, Any]) -> bool:
    """Whether two mappings hold the very same objects under the same keys, in the same order."""
    return (
        old is not None
        and len(old) == len(new)
        and list(old) == list(new)
        and all(map(operator.is_, old.values(), new.values()))
    )


@dataclass
class Kept:
    """The inputs and results of one build, by part."""

    sources: dict[str, Any] | None = None
    events: dict[str, Any] | None = None
    relationships: dict[str, Any] | None = None
    independence: Independence | None = None
    kinds: dict[str, str] | None = None  # actor id -> kind, which statuses read
    statuses: dict[str, tuple[Claim | Relationship, tuple[Ref, ...], ClaimStatus]] = field(default_factory=dict)
    unnamed_ids: set[str] | None = None
    unnamed: dict[str, tuple[Claim, UnnamedBasis | None]] = field(default_factory=dict)
    parts: dict[str, Any] = field(default_factory=dict)  # whole results by name: "timeline", "graph"
    keep: bool = True  # False in a one-off build: claim by claim, nothing is recorded for a next build


def statuses(dossier: Dossier, clusters: Independence, refs: RefIndex, last: Kept, now: Kept) -> dict[str, ClaimStatus]:
    """Each claim's and relationship's status; the last build's for one that is the very same object (a claim
    with the same links from other entities), when the clusters, the sources and the actors' kinds (all a
    status reads) are too."""
    kinds = {actor_id: actor.kind for actor_id, actor in dossier.actors.items()}
    same = clusters is last.independence and last.sources is not None and kinds == last.kinds
    known = last.statuses if same else {}
    incoming = refs.incoming
    found: dict[str, ClaimStatus] = {}
    keep = now.keep
    for claim_id, claim in dossier.claims.items():
        links = tuple(incoming.get(claim_id, ())) if keep else ()
        old = known.get(claim_id)
        if old is not None and old[0] is claim and old[1] == links:
            status = old[2]
        else:
            status = claim_status(claim, dossier, clusters, refs)
        found[claim_id] = status
        if keep:
            now.statuses[claim_id] = (claim, links, status)
    for relationship_id, relationship in dossier.relationships.items():  # reported like claims (ids are unique)
        old = known.get(relationship_id)
        if old is not None and old[0] is relationship:
            status = old[2]
        else:
            status = relationship_status(relationship, dossier, clusters)
        found[relationship_id] = status
        if keep:
            now.statuses[relationship_id] = (relationship, (), status)
    now.kinds = kinds
    return found


def unnamed(dossier: Dossier, sources_same: bool, last: Kept, now: Kept) -> dict[str, UnnamedBasis]:
    """The claims resting on unnamed sources; a claim that is the very same object keeps its finding when the
    sources (their publishers) and the set of unnamed-source actors are the same."""
    ids = unnamed_actors(dossier)
    known = last.unnamed if sources_same and ids == last.unnamed_ids else {}
    found: dict[str, UnnamedBasis] = {}
    for claim_id, claim in dossier.claims.items():
        old = known.get(claim_id)
        basis = old[1] if old is not None and old[0] is claim else unnamed_basis(claim, dossier, ids)
        if now.keep:
            now.unnamed[claim_id] = (claim, basis)
        if basis is not None:
            found[claim_id] = basis
    now.unnamed_ids = ids
    return found
