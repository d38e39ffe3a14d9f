"""Each claim's and relationship's status: corroborated, single-source, disputed, overtaken; with its reasons.

The rules are those docs/method.md gives readers ("Claim status"). Where they leave room, they err towards fewer
lines of reporting, never more: one source is never two lines of its own, and evidence with no outlet in its
chain joins the line of an outlet its source `cites` when another piece of evidence comes through that outlet.
The cost is linear in the number of evidence quotes and references.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from builder.analyse.attribution import UnnamedBasis, unnamed_basis
from builder.analyse.independence import OUTLET_KINDS, Independence, UnionFind, actor_node
from builder.analyse.references import Ref, RefIndex
from builder.model.dossier import Dossier
from builder.model.entities import Claim, Evidence, Relationship

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
    unnamed: UnnamedBasis | None = None  # why it rests only on unnamed sources, if it does

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


def upstream(chain: Sequence[str], claimant: str, dossier: Dossier) -> str:
    """The outlet or cited document (a source) furthest up a chain that ends at `claimant` ('' for none)."""
    for step in reversed([*chain, claimant] if claimant else chain):
        if step in dossier.sources:
            return step
        actor = dossier.actors.get(step)
        if actor is not None and actor.kind in OUTLET_KINDS:
            return step
    return ""


def origins(evidence: Evidence, claimant: str, dossier: Dossier) -> list[str]:
    """The upstream outlet or document of each of the evidence's chains (`via`, then `also_via`), without
    repeats; empty when no chain names one."""
    if not evidence.via:
        return []  # the claimant alone: an outlet claimant is handled by the caller
    found = (upstream(chain, claimant, dossier) for chain in evidence.chains)
    return [o for o in dict.fromkeys(found) if o]


def status_of(entity: Claim | Relationship, dossier: Dossier, clusters: Independence, refs: RefIndex) -> ClaimStatus:
    """A claim's status. A relationship is reported like a claim: the same lines of reporting, by the same
    rules; its chains (`via`) end with the original speaker, as it has no claimant, and no claim links to it."""
    status = ClaimStatus(entity.id, unnamed=unnamed_basis(entity, dossier))
    claim = entity if isinstance(entity, Claim) else None
    status.lines = _lines(entity.evidence, claim.claimant if claim else "", dossier, clusters, status.disputing)
    if claim is not None:
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


def _origin_keys(origin: str, dossier: Dossier, independence: Independence) -> list[str]:
    """The nodes an upstream joins: an outlet's own node; a cited document's cluster, publisher and citations."""
    if origin in dossier.sources:
        return list(independence.keys(origin))
    return [actor_node(origin)]


def _lines(
    evidence_list: list[Evidence],
    claimant: str,
    dossier: Dossier,
    independence: Independence,
    disputing: list[Evidence],
) -> list[Line]:
    """Evidence grouped into lines (see the module's docstring); two sources of one lineage relaying two
    different outlets are two lines, each outlet's, and a quote crediting upstreams in parallel (`also_via`)
    belongs to each of their lines without joining them."""
    confirming: list[tuple[Evidence, list[str]]] = []
    relayed: dict[str, str] = {}  # an upstream outlet or document, or a document's publisher -> the upstream
    actors = dossier.actors
    claimant_actor = actors.get(claimant) if claimant else None
    # The claimant ends every chain: if it is an outlet, it is every piece's upstream outlet.
    always = [claimant] if claimant_actor is not None and claimant_actor.kind in OUTLET_KINDS else None
    for evidence in evidence_list:
        if evidence.stance == "disputes":
            disputing.append(evidence)
            continue
        found = always or origins(evidence, claimant, dossier)
        confirming.append((evidence, found))
        for origin in found:
            relayed.setdefault(origin, origin)
            document = dossier.sources.get(origin)
            if document is not None and document.publisher:
                relayed.setdefault(document.publisher, origin)
    if not confirming:
        return []
    first = confirming[0][0].source
    upstreams = sorted({o for _, found in confirming for o in found})
    if len(upstreams) <= 1 and all(ev.source == first for ev, _ in confirming):  # the common case: one line
        return [Line(independence.cluster(first), upstreams, [ev for ev, _ in confirming])]
    own_voice = {independence.cluster(ev.source) for ev, found in confirming if not found}
    local = UnionFind()
    merged: list[str] = []  # sources joined to a relayed upstream because they cite it
    placed: list[tuple[Evidence, list[str], list[str]]] = []  # evidence, its upstreams, a node for each line
    for evidence, found in confirming:
        if len(found) > 1 or (found and independence.cluster(evidence.source) not in own_voice):
            nodes = []  # the upstreams' lines, not joined to the carrier nor to each other
            for origin in found:
                keys = _origin_keys(origin, dossier, independence)
                for key in keys[1:]:
                    local.union(keys[0], key)
                nodes.append(keys[0])
            placed.append((evidence, found, nodes))
            continue
        keys = list(independence.keys(evidence.source))
        if found:
            keys += _origin_keys(found[0], dossier, independence)
        else:
            source = dossier.sources.get(evidence.source)
            for cited in source.cites if source else []:
                if cited in relayed:
                    keys += _origin_keys(relayed[cited], dossier, independence)
                    merged.append(evidence.source)
        for key in keys[1:]:
            local.union(keys[0], key)
        placed.append((evidence, found, [keys[0]]))
    lines: dict[str, Line] = {}
    for evidence, found, nodes in placed:
        roots: set[str] = set()
        for position, node in enumerate(nodes):
            root = local.find(node)
            line = lines.setdefault(root, Line(root))
            if root not in roots:
                roots.add(root)
                line.evidence.append(evidence)
            shown = found[position : position + 1] if len(nodes) > 1 else found
            for origin in shown:
                if origin not in line.upstream:
                    line.upstream.append(origin)
    for source_id in merged:
        line = lines[local.find(independence.cluster(source_id))]
        if source_id not in line.merged_by_cites:
            line.merged_by_cites.append(source_id)
    return list(lines.values())
