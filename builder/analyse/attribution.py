"""Attribution chains: from the dossier's source to the claim's original speaker.

A chain is source → its publisher → the original it carries (a source it
`republishes`, such as a wire story with its own date) → each `via` step (actors,
and cited documents: sources the dossier may not hold) → the claimant. A quote
that credits outlets in parallel (`also_via`) has one chain for each. A claim
*rests on unnamed sources* when its claimant is an actor of kind
`unnamed-source`, or when every chain that confirms it (stance `supports` or
`reports`) passes through one: a reader then cannot check who said it. Linear in
the evidence.
"""

from __future__ import annotations

from dataclasses import dataclass

from builder.model.dossier import Dossier
from builder.model.entities import Claim, Evidence, Relationship

UNNAMED = "unnamed-source"


@dataclass(frozen=True, slots=True)
class Chain:
    source: str
    actors: tuple[str, ...]  # publisher, original carried, via..., claimant: actor and source ids, none twice in a row
    stance: str

    @property
    def speaker(self) -> str:
        return self.actors[-1]


def evidence_chains(evidence: Evidence, claimant: str, dossier: Dossier) -> list[Chain]:
    """Every chain of one quote: its `via`, then one per `also_via` step. `claimant` is '' for an event or a
    relationship, whose `via` ends with the original speaker."""
    source = dossier.sources.get(evidence.source)
    head: list[str] = []
    if source is not None:
        if source.publisher:
            head.append(source.publisher)
        head += [r.source for r in source.relations if r.type == "republishes" and r.source in dossier.sources]
    found = []
    for via in evidence.chains:
        steps: list[str] = []
        for step in [*head, *via, *([claimant] if claimant else [])]:
            if steps and (steps[-1] == step or _publisher(steps[-1], dossier) == step):
                continue  # "Reuters' wire story → Reuters": the document already names its publisher
            steps.append(step)
        found.append(Chain(evidence.source, tuple(steps), evidence.stance))
    return found


def _publisher(step: str, dossier: Dossier) -> str:
    document = dossier.sources.get(step)
    return document.publisher if document is not None else ""


@dataclass(frozen=True)
class UnnamedBasis:
    """Why a claim rests only on unnamed sources."""

    claim: str  # or relationship
    claimant_unnamed: bool
    unnamed: tuple[str, ...]  # the unnamed-source actors it rests on


def unnamed_basis(entity: Claim | Relationship, dossier: Dossier) -> UnnamedBasis | None:
    """Why a claim or a relationship rests only on unnamed sources, or None if it does not.

    Only the unnamed actors of each confirming chain matter (in chain order), so chains are not built: a
    chain holds the source's publisher, the `via` actors and the claimant (a relationship's `via` ends with
    the original speaker), and the claimant is checked first. Looks up only the actors it names.
    """

    def unnamed(actor_id: str) -> bool:
        actor = dossier.actors.get(actor_id)
        return actor is not None and actor.kind == UNNAMED

    claimant = getattr(entity, "claimant", "")
    if claimant and unnamed(claimant):
        return UnnamedBasis(entity.id, True, (claimant,))
    found: dict[str, None] = {}
    confirming = False
    for evidence in entity.evidence:
        if evidence.stance == "disputes":
            continue
        confirming = True
        source = dossier.sources.get(evidence.source)
        publisher = source.publisher if source is not None else ""
        for via in evidence.chains:
            names = [a for a in [publisher, *via] if a and unnamed(a)]
            if not names:
                return None
            found.update(dict.fromkeys(names))
    return UnnamedBasis(entity.id, False, tuple(found)) if confirming else None
