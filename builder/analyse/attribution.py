"""Attribution chains: from the dossier's source to the claim's original speaker.

A chain is source → its publisher → each `via` actor → the claimant, one per piece
of evidence. A claim *rests on unnamed sources* when its claimant is an actor of
kind `unnamed-source`, or when every chain that confirms it (stance `supports` or
`reports`) passes through one: a reader then cannot check who said it. Linear in
the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.model.dossier import Dossier
from builder.model.entities import Claim, Evidence

UNNAMED = "unnamed-source"


@dataclass(frozen=True)
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


def unnamed_basis(claim: Claim, dossier: Dossier) -> UnnamedBasis | None:
    def unnamed(actor_id: str) -> bool:
        actor = dossier.actors.get(actor_id)
        return actor is not None and actor.kind == UNNAMED

    if unnamed(claim.claimant):
        return UnnamedBasis(claim.id, True, (claim.claimant,))
    confirming = [c for c in chains(claim, dossier) if c.stance != "disputes"]
    found: dict[str, None] = {}
    for item in confirming:
        names = [a for a in item.actors if unnamed(a)]
        if not names:
            return None
        found.update(dict.fromkeys(names))
    return UnnamedBasis(claim.id, False, tuple(found)) if confirming else None


def unnamed_claims(dossier: Dossier) -> dict[str, UnnamedBasis]:
    found = {}
    for claim in dossier.claims.values():
        basis = unnamed_basis(claim, dossier)
        if basis is not None:
            found[claim.id] = basis
    return found
