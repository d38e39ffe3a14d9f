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

The rules are those of the site (builder/analyse/status.py). Given the build's analysis (`cross`), its
statuses are reused; without it (an export made from a dossier alone) they are worked out again, linear in
the evidence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from builder.analyse.attribution import UNNAMED, relationship_unnamed, unnamed_basis
from builder.analyse.independence import independence
from builder.analyse.references import Ref, RefIndex
from builder.analyse.status import ClaimStatus, claim_status, relationship_status
from builder.model.dossier import Dossier

if TYPE_CHECKING:
    from builder.analyse.crosssource import CrossSource


def standings(dossier: Dossier, cross: CrossSource | None = None) -> dict[str, dict[str, Any]]:
    """The `status` of every claim and relationship, by id; from `cross`, the build's analysis, if given."""
    statuses = cross.statuses if cross is not None else _statuses(dossier)
    if cross is not None:
        based = cross.unnamed
    else:
        unnamed = {a for a, actor in dossier.actors.items() if actor.kind == UNNAMED}
        based = {c: b for c, b in ((c.id, unnamed_basis(c, dossier, unnamed)) for c in dossier.claims.values()) if b}
    found: dict[str, dict[str, Any]] = {}
    for claim_id in dossier.claims:
        found[claim_id] = _data(statuses[claim_id], True, claim_id in based)
    for relationship in dossier.relationships.values():
        unnamed_only = bool(relationship_unnamed(relationship, dossier))
        found[relationship.id] = _data(statuses[relationship.id], False, unnamed_only)
    return found


def _statuses(dossier: Dossier) -> dict[str, ClaimStatus]:
    clusters = independence(dossier)
    links = RefIndex()  # only what a status reads: claims linked to a claim
    for claim in dossier.claims.values():
        for name in ("contradicts", "differs_from", "updates"):
            for target in getattr(claim, name):
                links.incoming[target].append(Ref(claim.id, "claim", name, target))
    found = {c.id: claim_status(c, dossier, clusters, links) for c in dossier.claims.values()}
    found.update({r.id: relationship_status(r, dossier, clusters) for r in dossier.relationships.values()})
    return found


def _data(status: ClaimStatus, claim: bool, unnamed_only: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"support": status.support, "disputed": status.disputed}
    if claim:
        data["overtaken"] = status.overtaken
    data["lines"] = [{"sources": line.sources, "through": line.upstream} for line in status.lines]
    data["unnamed_only"] = unnamed_only
    return data
