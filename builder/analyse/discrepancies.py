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
import operator
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any, NamedTuple

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
    `reuse` (under `mkdocs serve`): a claim or event whose evidence is the very list of the last build,
    anchored in the same places of the same texts, keeps its occurrences (its quotes are not sliced out and
    looked up again)."""
    global _FIGURES, _OWNERS, _QUOTED, _LAST
    texts = dossier.texts
    # The anchor stage locates a quote again only when its evidence, its seed text or its source's annotation
    # is a new object: a new evidence list is a new owner object, and these are the sources whose quotes may
    # have moved.
    quoted = {source_id: (text, dossier.sources.get(source_id)) for source_id, text in texts.items()}
    moved = {k for k, v in quoted.items() if _QUOTED.get(k, _NONE) != v} | (_QUOTED.keys() - quoted.keys())
    basis = Basis(dossier.claims, dossier.events, frozenset(dossier.actors))
    if reuse and _LAST is not None and _same_basis(_LAST[0], basis) and _unmoved(dossier, moved):
        _LAST, _QUOTED = (basis, _LAST[1]), quoted
        return list(_LAST[1])
    previous = _FIGURES if known is None else known
    fresh: Figures = {}
    last = _OWNERS if reuse else {}
    owners: dict[str, Owned] = {}

    def read(ev: Evidence) -> tuple[str, tuple[Figure, ...]]:
        text = _quote_text(ev, dossier)
        figs = fresh.get(text)
        if figs is None:
            figs = previous.get(text)
            if figs is None:
                figs = tuple(figures(text))
            if len(fresh) < MAX_QUOTES:
                fresh[text] = figs
        return text, figs

    def occurrences(owner: str, evidence: list[Evidence]) -> list[Occurrence]:
        """The figures in an owner's quotes, in order (worked out once per build, kept across builds)."""
        done = owners.get(owner)
        if done is not None and done[0] is evidence:
            return done[1]
        old = last.get(owner)
        if old is not None and old[0] is evidence and not (moved and any(ev.source in moved for ev in evidence)):
            found, read_here = old[1], old[2]  # (so its anchors are those of the last build)
            if len(fresh) < MAX_QUOTES:
                fresh.update(read_here)
        else:
            read_here = tuple(read(ev) for ev in evidence)
            found = [Occurrence(f, ev, owner) for ev, (_, figs) in zip(evidence, read_here, strict=True) for f in figs]
        # What the next build under serve compares with; a one-off build keeps only what this one reuses.
        owners[owner] = (
            (evidence, found, read_here, tuple(map(_ANCHOR, evidence))) if reuse else (evidence, found, (), ())
        )
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
    _FIGURES = fresh
    result = _collect(buckets)
    if reuse:  # a one-off build leaves serve's memo alone
        _OWNERS, _QUOTED, _LAST = owners, quoted, (basis, result)
    return list(result)


class Basis(NamedTuple):
    """All that discrepancies are found from, besides the texts: claims and events (their evidence and
    links) and which actors exist (actor pairs)."""

    claims: dict[str, Claim]
    events: dict[str, Event]
    actors: frozenset[str]


def _same_basis(old: Basis, new: Basis) -> bool:
    """Whether claims and events are the very same objects as at the last build, or equal in all that the
    search reads (a claim's statement does not count), and the same actors exist. Objects of the last build
    keep the anchors they had then: the anchor stage sets anchors on this build's objects only."""
    return (
        old.actors == new.actors
        and _same_entities(old.claims, new.claims, _claim_basis)
        and _same_entities(old.events, new.events, _event_basis)
    )


def _same_entities(before: dict[str, Any], after: dict[str, Any], basis: Callable[[Any], tuple[object, ...]]) -> bool:
    if list(before) != list(after):
        return False
    if all(map(operator.is_, before.values(), after.values())):
        return True
    return all(was is now or basis(was) == basis(now) for was, now in zip(before.values(), after.values(), strict=True))


def _unmoved(dossier: Dossier, moved: set[str]) -> bool:
    """Whether every claim and event quoting a source whose text or annotation is a new object has the very
    evidence of the last build, anchored at the same places, quoting the same words (so the same figures).
    The anchor stage sets new Anchor objects and never changes one, so those kept are the anchors then."""
    if not moved:
        return True
    for entity in _quoting(dossier):
        evidence = entity.evidence
        if not any(ev.source in moved for ev in evidence):
            continue
        old = _OWNERS.get(entity.id)
        if old is None or old[0] is not evidence or old[3] != tuple(map(_ANCHOR, evidence)):
            return False
        if any(_quote_text(ev, dossier) != text for ev, (text, _) in zip(evidence, old[2], strict=True)):
            return False
    return True


def _claim_basis(claim: Claim) -> tuple[object, ...]:
    return (claim.evidence, claim.about, claim.contradicts, claim.differs_from)


def _event_basis(event: Event) -> tuple[object, ...]:
    return (event.evidence,)


# A claim's or event's evidence list at the last build under serve, with the occurrences found in it and the
# (quote text, figures) read, by the owner's id; and each source's text and annotation then.
Read = tuple[tuple[str, tuple[Figure, ...]], ...]
Owned = tuple[list[Evidence], list[Occurrence], Read, tuple[Any, ...]]  # ..., and the Anchor objects then
_ANCHOR = attrgetter("anchor")
_OWNERS: dict[str, Owned] = {}
_QUOTED: dict[str, tuple[Any, Any]] = {}
_NONE = (None, None)
_LAST: tuple[Basis, list[Discrepancy]] | None = None  # what the last build's discrepancies were found from


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
        base = "-".join(["d", _slug(d.unit), _slug(d.contexts[0][1][0])])
        used[base] += 1
        d.slug = base if used[base] == 1 else f"{base}-{used[base]}"


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())
