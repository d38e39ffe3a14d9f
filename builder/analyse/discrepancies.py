"""Figures that differ between sources about the same thing, found in the quotes.

Figures (figures.py) are bucketed by what they are about, never compared pair by
pair across the dossier:

- one claim: all its evidence;
- claims linked by `contradicts` or `differs_from` (a connected group);
- one event: its evidence and the evidence of claims `about` it;
- one pair of actors: claims `about` both (vocabulary units only, and only when the
  bucket holds few distinct values: many values mean many different things).

Inside a bucket, figures are grouped by unit; two or more values of one unit, given
by two or more sources, make a discrepancy. The same set of (source, value) found
in several buckets is reported once, with every context. Each discrepancy says
whether its figures could all be right (two lower bounds: "at least 80" and "at
least 83") or not. Cost: linear in the evidence, times the small number of buckets
each claim falls in.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from builder.analyse.figures import Figure, figures
from builder.analyse.independence import UnionFind
from builder.analyse.references import RefIndex
from builder.model.dossier import Dossier
from builder.model.entities import Claim, Evidence

MAX_PAIR_ACTORS = 8  # actors of one claim's `about` paired with each other
MAX_PAIR_VALUES = 5  # an actor-pair bucket with more distinct values is not one figure in dispute
CONTEXT_ORDER = {"linked": 0, "claim": 1, "event": 2, "actors": 3}


@dataclass(frozen=True, slots=True)
class Occurrence:
    figure: Figure
    evidence: Evidence
    owner: str  # id of the claim or event the evidence belongs to


@dataclass
class Discrepancy:
    slug: str
    unit: str
    number: int = 0  # position in the dossier's list, from 0
    contexts: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)  # (kind, entity ids)
    occurrences: list[Occurrence] = field(default_factory=list)

    @property
    def values(self) -> list[float]:
        return sorted({o.figure.value for o in self.occurrences})

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(o.evidence.source for o in self.occurrences))

    @property
    def compatible(self) -> bool:
        """Could every figure be right at once (bounds that overlap)?"""
        figs = {(o.figure.value, o.figure.bound) for o in self.occurrences}
        return all(_compatible(a, b) for a, b in itertools.combinations(figs, 2))

    @property
    def entities(self) -> list[str]:
        """Claims and events whose pages should link here."""
        ids = [o.owner for o in self.occurrences]
        ids += [i for kind, group in self.contexts if kind in ("claim", "event", "linked") for i in group]
        return list(dict.fromkeys(ids))


def _compatible(a: tuple[float, str], b: tuple[float, str]) -> bool:
    (x, bx), (y, by) = sorted([a, b], key=lambda f: ("exact", "min", "max", "about").index(f[1]))
    if "about" in (bx, by):
        return abs(x - y) <= 0.1 * max(abs(x), abs(y))
    if bx == by:
        return bx != "exact" or x == y
    if bx == "exact":
        return x >= y if by == "min" else x <= y
    return x <= y  # a lower bound x and an upper bound y


def _quote_text(evidence: Evidence, dossier: Dossier) -> str:
    text = dossier.texts.get(evidence.source)
    if evidence.anchor is not None and text is not None:
        return text.text[evidence.anchor.start : evidence.anchor.end]
    return evidence.quote


Figures = dict[str, tuple[Figure, ...]]  # quote text -> its figures


def find_discrepancies(dossier: Dossier, refs: RefIndex, known: Figures | None = None) -> list[Discrepancy]:
    """`known` (under `mkdocs serve`, kept by the ServeCache): figures by quote text, read at the last build
    and filled in by this one, so that an edit reads the figures of new quotes only."""
    read_here: Figures = {} if known is None else known
    owners: dict[str, list[Occurrence]] = {}

    def occurrences(owner: str, evidence: list[Evidence]) -> list[Occurrence]:
        """The figures in an owner's quotes, in order (worked out once per build)."""
        found = owners.get(owner)
        if found is None:
            found = owners[owner] = []
            for ev in evidence:
                text = _quote_text(ev, dossier)
                figs = read_here.get(text)
                if figs is None:
                    figs = read_here[text] = tuple(figures(text))
                found += (Occurrence(f, ev, owner) for f in figs)
        return found

    # A bucket without figures can hold no discrepancy, so events and actor pairs are bucketed only where a
    # claim about them (or the event's own evidence) has figures: most claims have none.
    buckets: dict[tuple[str, tuple[str, ...]], list[Occurrence]] = {}
    with_figures: list[Claim] = []
    for claim in dossier.claims.values():
        found = buckets[("claim", (claim.id,))] = occurrences(claim.id, claim.evidence)
        if found:
            with_figures.append(claim)
    for group in _linked_groups(dossier):
        buckets[("linked", group)] = [o for c in group for o in occurrences(c, dossier.claims[c].evidence)]
    talked_about = {target for claim in with_figures for target in claim.about}
    for event in dossier.events.values():
        found = list(occurrences(event.id, event.evidence))
        if not found and event.id not in talked_about:
            continue
        for claim_id in refs.to(event.id, "about", kind="claim"):
            found += occurrences(claim_id, dossier.claims[claim_id].evidence)
        buckets[("event", (event.id,))] = [o for o in found if o.figure.known and o.figure.unit != "year"]
    pairable = [c for c in with_figures if any(_pairable(o) for o in occurrences(c.id, c.evidence))]
    for pair, claims in _actor_pairs(dossier, pairable).items():
        buckets[("actors", pair)] = [o for c in claims for o in occurrences(c.id, c.evidence) if _pairable(o)]
    return _collect(buckets)


def _linked_groups(dossier: Dossier) -> list[tuple[str, ...]]:
    """Claims joined by `contradicts` or `differs_from`, as connected groups."""
    sets = UnionFind()
    for claim in dossier.claims.values():
        for other in [*claim.contradicts, *claim.differs_from]:
            if other in dossier.claims:
                sets.union(claim.id, other)
    groups: dict[str, list[str]] = defaultdict(list)
    for claim_id in sorted(sets.parent):
        groups[sets.find(claim_id)].append(claim_id)
    return [tuple(ids) for ids in groups.values() if len(ids) > 1]


def _pairable(occurrence: Occurrence) -> bool:
    """Whether a figure is compared between claims about the same two actors."""
    return occurrence.figure.known and occurrence.figure.unit not in ("year", "date")


def _actor_pairs(dossier: Dossier, claims: list[Claim]) -> dict[tuple[str, ...], list[Claim]]:
    pairs: dict[tuple[str, ...], list[Claim]] = defaultdict(list)
    for claim in claims:
        actors = sorted({a for a in claim.about if a in dossier.actors})[:MAX_PAIR_ACTORS]
        for pair in itertools.combinations(actors, 2):
            pairs[pair].append(claim)
    return pairs


def _collect(buckets: dict[tuple[str, tuple[str, ...]], list[Occurrence]]) -> list[Discrepancy]:
    # Only a bucket with figures from two sources can hold a discrepancy: the others are
    # dropped before sorting (which does not change the order of the rest).
    kept = [c for c, found in buckets.items() if len(found) > 1 and _two_sources(found)]
    found: dict[tuple[str, frozenset[tuple[str, float]]], Discrepancy] = {}
    for context in sorted(kept, key=lambda c: (CONTEXT_ORDER[c[0]], c[1])):
        by_unit: dict[str, list[Occurrence]] = defaultdict(list)
        for occurrence in buckets[context]:
            by_unit[occurrence.figure.unit].append(occurrence)
        for unit, occurrences in by_unit.items():
            values = {o.figure.value for o in occurrences}
            sources = {o.evidence.source for o in occurrences}
            if len(values) < 2 or len(sources) < 2:
                continue
            if context[0] == "actors" and len(values) > MAX_PAIR_VALUES:
                continue
            key = (unit, frozenset((o.evidence.source, o.figure.value) for o in occurrences))
            if key not in found:
                found[key] = Discrepancy("", unit)
                found[key].occurrences = _unique(occurrences)
            found[key].contexts.append(context)
    result = sorted(found.values(), key=_order)
    _name(result)
    return result


def _two_sources(occurrences: list[Occurrence]) -> bool:
    source = occurrences[0].evidence.source
    return any(o.evidence.source != source for o in occurrences)


def _unique(occurrences: list[Occurrence]) -> list[Occurrence]:
    seen: dict[tuple[str, int, int, float, str], Occurrence] = {}
    for o in occurrences:
        anchor = o.evidence.anchor
        span = (anchor.start, anchor.end) if anchor else (-1, -1)
        seen.setdefault((o.evidence.source, *span, o.figure.value, o.figure.text), o)
    return sorted(seen.values(), key=lambda o: (o.figure.value, o.evidence.source))


def _order(d: Discrepancy) -> tuple[int, tuple[str, ...], str]:
    kind, ids = d.contexts[0]
    return (CONTEXT_ORDER[kind], ids, d.unit)


def _name(discrepancies: list[Discrepancy]) -> None:
    """A stable anchor for each: unit and first context, numbered on collision."""
    used: dict[str, int] = defaultdict(int)
    for number, d in enumerate(discrepancies):
        d.number = number
        base = "-".join(["d", slug(d.unit), slug(d.contexts[0][1][0])])
        used[base] += 1
        d.slug = base if used[base] == 1 else f"{base}-{used[base]}"


def slug(text: str) -> str:
    """Lower-case words of letters and digits, joined by hyphens."""
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())
