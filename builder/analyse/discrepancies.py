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
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from builder.analyse.figures import Figure, figures
from builder.analyse.independence import UnionFind
from builder.analyse.references import RefIndex
from builder.model.dossier import Dossier
from builder.model.entities import Claim, Event, Evidence

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


Bucket = dict[str, list[Occurrence]]  # unit -> occurrences


MAX_QUOTES = 500_000  # quotes whose figures are remembered across builds
MIN_QUOTES = 20_000  # quotes below which reading their figures in a second process does not pay
Figures = dict[str, tuple[Figure, ...]]  # quote text -> its figures
_FIGURES: Figures = {}  # from the last build


def _quoting(dossier: Dossier) -> Iterator[Claim | Event]:
    yield from dossier.claims.values()
    yield from dossier.events.values()


def _all_figures(dossier: Dossier) -> Figures:
    found: Figures = {}
    for entity in _quoting(dossier):
        for evidence in entity.evidence:
            text = _quote_text(evidence, dossier)
            if text not in found:
                known = _FIGURES.get(text)
                found[text] = tuple(figures(text)) if known is None else known
    return found


def find_discrepancies(
    dossier: Dossier, refs: RefIndex, known: Figures | None = None, reuse: bool = False
) -> list[Discrepancy]:
    """`known`: figures by quote text, already read (in a second process: `prepare_in_background`);
    `reuse` (under `mkdocs serve`): a piece of evidence that is the very object of the last build, anchored
    in the same place of the very same text, keeps its occurrences (its quote is not sliced out and looked
    up again)."""
    global _FIGURES
    previous = _FIGURES if known is None else known
    fresh: Figures = {}
    cache: dict[int, list[Occurrence]] = {}
    none: list[Occurrence] = []  # shared by every evidence without figures: never changed
    texts = dossier.texts
    last = _FOUND_IN if reuse else {}
    found_in: dict[int, Found] = {}

    def of(owner: str, ev: Evidence) -> list[Occurrence]:
        found = cache.get(id(ev))
        if found is not None:
            return found
        source_text = texts.get(ev.source)
        remembered = last.get(id(ev))
        if (
            remembered is not None
            and remembered[0] is ev
            and remembered[1] == owner
            and remembered[2] == ev.anchor
            and remembered[3] is source_text
        ):
            text, figs, found = remembered[4], remembered[5], remembered[6]
            if len(fresh) < MAX_QUOTES:
                fresh.setdefault(text, figs)
        else:
            text = _quote_text(ev, dossier)
            read = fresh.get(text)
            if read is None:
                read = previous.get(text)
                if read is None:
                    read = tuple(figures(text))
                if len(fresh) < MAX_QUOTES:
                    fresh[text] = read
            figs = read
            found = [Occurrence(f, ev, owner) for f in figs] if figs else none
        cache[id(ev)] = found
        if reuse:
            found_in[id(ev)] = (ev, owner, ev.anchor, source_text, text, figs, found)
        return found

    def occurrences(owner: str, evidence: list[Evidence]) -> list[Occurrence]:
        if len(evidence) == 1:
            return of(owner, evidence[0])
        found: list[Occurrence] = []
        for ev in evidence:
            found += of(owner, ev)
        return found

    buckets: dict[tuple[str, tuple[str, ...]], list[Occurrence]] = {}
    for claim in dossier.claims.values():
        buckets[("claim", (claim.id,))] = occurrences(claim.id, claim.evidence)
    for group in _linked_groups(dossier):
        buckets[("linked", group)] = [o for c in group for o in occurrences(c, dossier.claims[c].evidence)]
    for event in dossier.events.values():
        found = list(occurrences(event.id, event.evidence))
        for claim_id in refs.to(event.id, "about", kind="claim"):
            found += occurrences(claim_id, dossier.claims[claim_id].evidence)
        buckets[("event", (event.id,))] = [o for o in found if o.figure.known and o.figure.unit != "year"]
    for pair, claims in _actor_pairs(dossier).items():
        found = [o for c in claims for o in occurrences(c.id, c.evidence)]
        buckets[("actors", pair)] = [o for o in found if o.figure.known and o.figure.unit not in ("year", "date")]
    _FIGURES = fresh
    if reuse:
        _FOUND_IN.clear()
        _FOUND_IN.update(found_in)
    return _collect(buckets)


# One piece of evidence at the last build under serve: (evidence, owner id, anchor, source text, quote
# text, its figures, its occurrences), by id() of the evidence (kept alive here, so ids are not reused).
Found = tuple[Evidence, str, Any, Any, str, tuple[Figure, ...], list[Occurrence]]
_FOUND_IN: dict[int, Found] = {}


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


def _actor_pairs(dossier: Dossier) -> dict[tuple[str, ...], list[Claim]]:
    pairs: dict[tuple[str, ...], list[Claim]] = defaultdict(list)
    for claim in dossier.claims.values():
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
        base = "-".join(["d", _slug(d.unit), _slug(d.contexts[0][1][0])])
        used[base] += 1
        d.slug = base if used[base] == 1 else f"{base}-{used[base]}"


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())
