"""Attribution chains: from the dossier's source to the claim's original speaker.

A chain is source → its publisher → each `via` actor → the claimant, one per piece
of evidence. A claim *rests on unnamed sources* when its claimant is an actor of
kind `unnamed-source`, or when every chain that confirms it (stance `supports` or
`reports`) passes through one: a reader then cannot check who said it. Linear in
the evidence.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from builder.model.dossier import Dossier
from builder.model.entities import Claim, Evidence

UNNAMED = "unnamed-source"


@dataclass(frozen=True, slots=True)
class Chain:
    source: str
    actors: tuple[str, ...]  # publisher (if known), via..., claimant; no actor twice in a row
    stance: str

    @property
    def speaker(self) -> str:
        return self.actors[-1]


def chain(claim: Claim, evidence: Evidence, dossier: Dossier) -> Chain:
    source = dossier.sources.get(evidence.source)
    steps = [source.publisher] if source is not None and source.publisher else []
    steps += [*evidence.via, claim.claimant]
    actors: list[str] = []
    for step in steps:
        if not actors or actors[-1] != step:
            actors.append(step)
    return Chain(evidence.source, tuple(actors), evidence.stance)


def chains(claim: Claim, dossier: Dossier) -> list[Chain]:
    """The claim's distinct chains, in evidence order."""
    return list(dict.fromkeys(chain(claim, ev, dossier) for ev in claim.evidence))


@dataclass(frozen=True)
class UnnamedBasis:
    """Why a claim rests only on unnamed sources."""

    claim: str
    claimant_unnamed: bool
    unnamed: tuple[str, ...]  # the unnamed-source actors it rests on


def unnamed_basis(claim: Claim, dossier: Dossier, unnamed_ids: Collection[str] | None = None) -> UnnamedBasis | None:
    """Why the claim rests only on unnamed sources, or None if it does not.

    Only the unnamed actors of each confirming chain matter (in chain order), so
    chains are not built: a chain holds the source's publisher, the `via` actors
    and the claimant, and the claimant is checked first.
    """
    if unnamed_ids is None:
        unnamed_ids = unnamed_actors(dossier)
    if claim.claimant in unnamed_ids:
        return UnnamedBasis(claim.id, True, (claim.claimant,))
    found: dict[str, None] = {}
    confirming = False
    for evidence in claim.evidence:
        if evidence.stance == "disputes":
            continue
        confirming = True
        source = dossier.sources.get(evidence.source)
        names = [a for a in evidence.via if a in unnamed_ids]
        if source is not None and source.publisher in unnamed_ids:
            names.insert(0, source.publisher)
        if not names:
            return None
        found.update(dict.fromkeys(names))
    return UnnamedBasis(claim.id, False, tuple(found)) if confirming else None


def unnamed_actors(dossier: Dossier) -> set[str]:
    return {actor_id for actor_id, actor in dossier.actors.items() if actor.kind == UNNAMED}


def unnamed_claims(dossier: Dossier) -> dict[str, UnnamedBasis]:
    unnamed_ids = unnamed_actors(dossier)
    found = {}
    for claim in dossier.claims.values():
        basis = unnamed_basis(claim, dossier, unnamed_ids)
        if basis is not None:
            found[claim.id] = basis
    return found
