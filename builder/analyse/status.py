"""Each claim's status: corroborated, single-source, disputed, overtaken; with its reasons.

The rules (also in docs/method.md, "Claim status"):

- Only `supports` and `reports` evidence can confirm a claim; each piece belongs to
  one *line* of reporting. If its attribution chain (`via`, then the claimant)
  names a media outlet or publication, the line is the furthest-upstream such
  outlet: every source relaying Axios is one line, Axios, and a claim whose
  claimant is an outlet is that outlet's account, one line however many carry it.
  Otherwise the line is the source's own. Sources tied by lineage (one
  republishes or rewrites the other), by a shared publisher or by one citing the
  other (independence.py) are one line. One source is never two lines.
- Evidence with no outlet in its chain joins the line of an outlet that its source
  lists under `cites`, when another piece of evidence for the claim comes through
  that outlet: the source may have taken it from there. The rules err towards
  fewer lines, never more.
- corroborated: two or more lines; single-source: exactly one; unsupported: none.
- disputed: a source `disputes` it, or it contradicts, or is contradicted by,
  another claim. `differs_from` (a different but possibly compatible figure or
  account) does not make a claim disputed; it is listed among the reasons.
- overtaken: `overtaken_by` names a later event.

The cost is linear in the number of evidence quotes and references.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from builder.analyse.independence import OUTLET_KINDS, Independence, UnionFind, actor_node
from builder.analyse.references import Ref, RefIndex
from builder.model.dossier import Dossier
from builder.model.entities import Claim, Evidence

CORROBORATED = "corroborated"
SINGLE_SOURCE = "single-source"
UNSUPPORTED = "unsupported"
DISPUTED = "disputed"
OVERTAKEN = "overtaken"

LABELS = {
    CORROBORATED: "corroborated",
    SINGLE_SOURCE: "single source",
    UNSUPPORTED: "no supporting source",
    DISPUTED: "disputed",
    OVERTAKEN: "overtaken by events",
}


@dataclass
class Line:
    """One independent line of reporting behind a claim."""

    key: str  # a node of the line: a cluster id or an outlet node
    upstream: list[str] = field(default_factory=list)  # actor ids of the outlets relayed, if any
    evidence: list[Evidence] = field(default_factory=list)
    merged_by_cites: list[str] = field(default_factory=list)  # sources joined because they cite an upstream

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(ev.source for ev in self.evidence))

    @property
    def stances(self) -> list[str]:
        return sorted({ev.stance for ev in self.evidence})


@dataclass
class ClaimStatus:
    claim: str
    lines: list[Line] = field(default_factory=list)
    disputing: list[Evidence] = field(default_factory=list)
    contradicts: list[str] = field(default_factory=list)  # claim ids, both directions
    differs: list[str] = field(default_factory=list)  # claim ids linked by differs_from, both directions
    overtaken_by: list[str] = field(default_factory=list)  # event ids
    revised_by: list[str] = field(default_factory=list)  # claim ids that update this one

    @property
    def support(self) -> str:
        return CORROBORATED if len(self.lines) > 1 else SINGLE_SOURCE if self.lines else UNSUPPORTED

    @property
    def disputed(self) -> bool:
        return bool(self.disputing or self.contradicts)

    @property
    def overtaken(self) -> bool:
        return bool(self.overtaken_by)

    @property
    def statuses(self) -> list[str]:
        """Every status that applies, the support status first."""
        found = [self.support]
        if self.disputed:
            found.append(DISPUTED)
        if self.overtaken:
            found.append(OVERTAKEN)
        return found


def upstream_outlet(evidence: Evidence, claim: Claim, dossier: Dossier) -> str:
    """The outlet furthest up the evidence's attribution chain, or ''."""
    chain = [*evidence.via, claim.claimant]
    for actor_id in reversed(chain):
        actor = dossier.actors.get(actor_id)
        if actor is not None and actor.kind in OUTLET_KINDS:
            return actor_id
    return ""


def claim_status(claim: Claim, dossier: Dossier, independence: Independence, refs: RefIndex) -> ClaimStatus:
    status = ClaimStatus(claim.id)
    status.lines = _lines(claim, dossier, independence, status.disputing)
    _links(status, claim, refs.incoming.get(claim.id, ()))
    return status


def _links(status: ClaimStatus, claim: Claim, incoming: Iterable[Ref]) -> None:
    """The claims linked to this one, both directions, from one pass over its backlinks."""
    contradicted: list[str] = []
    differing: list[str] = []
    revising: list[str] = []
    for ref in incoming:
        if ref.source_kind == "claim":
            if ref.field == "contradicts":
                contradicted.append(ref.source)
            elif ref.field == "differs_from":
                differing.append(ref.source)
            elif ref.field == "updates":
                revising.append(ref.source)
    status.contradicts = list(dict.fromkeys([*claim.contradicts, *contradicted]))
    status.differs = list(dict.fromkeys([*claim.differs_from, *differing]))
    status.overtaken_by = list(claim.overtaken_by)
    status.revised_by = list(dict.fromkeys(revising))


def _lines(claim: Claim, dossier: Dossier, independence: Independence, disputing: list[Evidence]) -> list[Line]:
    """Evidence grouped into lines: evidence whose sources share a tie or an upstream outlet is one line."""
    confirming: list[tuple[Evidence, str]] = []
    relayed: set[str] = set()
    actors = dossier.actors
    claimant = actors.get(claim.claimant)
    # The claimant ends every chain: if it is an outlet, it is every piece's upstream outlet.
    always = claim.claimant if claimant is not None and claimant.kind in OUTLET_KINDS else None
    for evidence in claim.evidence:
        if evidence.stance == "disputes":
            disputing.append(evidence)
            continue
        outlet = always or (upstream_outlet(evidence, claim, dossier) if evidence.via else "")
        confirming.append((evidence, outlet))
        if outlet:
            relayed.add(outlet)
    if not confirming:
        return []
    first = confirming[0][0].source
    if all(ev.source == first for ev, _ in confirming):  # the common case: one source, one line
        key = independence.cluster(first)
        return [Line(key, sorted(relayed), [ev for ev, _ in confirming])]
    local = UnionFind()
    merged: list[str] = []  # sources joined to a relayed outlet because they cite it
    for evidence, outlet in confirming:
        keys = list(independence.keys(evidence.source))
        if outlet:
            keys.append(actor_node(outlet))
        else:
            source = dossier.sources.get(evidence.source)
            for cited in source.cites if source else []:
                if cited in relayed:
                    keys.append(actor_node(cited))
                    merged.append(evidence.source)
        for key in keys[1:]:
            local.union(keys[0], key)
    lines: dict[str, Line] = {}
    for evidence, outlet in confirming:
        root = local.find(independence.cluster(evidence.source))
        line = lines.setdefault(root, Line(root))
        line.evidence.append(evidence)
        if outlet and outlet not in line.upstream:
            line.upstream.append(outlet)
    for source_id in merged:
        line = lines[local.find(independence.cluster(source_id))]
        if source_id not in line.merged_by_cites:
            line.merged_by_cites.append(source_id)
    return list(lines.values())


def claim_statuses(dossier: Dossier, independence: Independence, refs: RefIndex) -> dict[str, ClaimStatus]:
    return {c.id: claim_status(c, dossier, independence, refs) for c in dossier.claims.values()}
