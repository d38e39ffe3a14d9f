"""The status of each claim and relationship as plain data, for the exports.

A reader of `dossier.json` (or the network and timeline widgets, which read the data files) must see what
the pages show: that a relationship or a claim is *reported*, by whom, along how many independent lines.
Each claim and relationship record gets a `status`:

- `support`: `corroborated` (two or more independent lines), `single-source` (one) or `unsupported`
  (every quote disputes it);
- `disputed`, `overtaken` (claims only): true or false;
- `lines`: one item per line of reporting, with the `sources` that carry it and the outlets or cited
  documents it comes `through` (empty when the sources speak in their own voice);
- `unnamed_only`: true when every chain that confirms it passes through an unnamed source.

The rules are those of the site (builder/analyse/status.py), worked out again from the dossier so that an
export needs nothing but the dossier; linear in the evidence.
"""

from __future__ import annotations

from typing import Any

from builder.analyse.attribution import UNNAMED, relationship_unnamed, unnamed_basis
from builder.analyse.independence import independence
from builder.analyse.references import Ref, RefIndex
from builder.analyse.status import ClaimStatus, claim_status, relationship_status
from builder.model.dossier import Dossier
from builder.model.entities import Claim, Relationship


def standings(dossier: Dossier) -> dict[str, dict[str, Any]]:
    """The `status` of every claim and relationship, by id."""
    clusters = independence(dossier)
    links = RefIndex()  # only what a status reads: claims linked to a claim
    for claim in dossier.claims.values():
        for name in ("contradicts", "differs_from", "updates"):
            for target in getattr(claim, name):
                links.incoming[target].append(Ref(claim.id, "claim", name, target))
    unnamed = {a for a, actor in dossier.actors.items() if actor.kind == UNNAMED}
    found: dict[str, dict[str, Any]] = {}
    for claim in dossier.claims.values():
        status = claim_status(claim, dossier, clusters, links)
        found[claim.id] = _data(status, claim, dossier, unnamed)
    for relationship in dossier.relationships.values():
        status = relationship_status(relationship, dossier, clusters)
        found[relationship.id] = _data(status, relationship, dossier, unnamed)
    return found


def _data(status: ClaimStatus, owner: Claim | Relationship, dossier: Dossier, unnamed: set[str]) -> dict[str, Any]:
    data: dict[str, Any] = {"support": status.support, "disputed": status.disputed}
    if isinstance(owner, Claim):
        data["overtaken"] = status.overtaken
    data["lines"] = [{"sources": line.sources, "through": line.upstream} for line in status.lines]
    if isinstance(owner, Claim):
        data["unnamed_only"] = unnamed_basis(owner, dossier, unnamed) is not None
    else:
        data["unnamed_only"] = bool(relationship_unnamed(owner, dossier))
    return data
