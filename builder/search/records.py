"""What the search index holds: the dossier's entities, from the builder's own data, a few to a record.

Made from the dossier, not from the built HTML, so that the index is the same whichever host wrote the pages
and costs what the dossier's words cost. Each text is indexed once, at its home; deliberately, a claim or event
also holds the words its evidence quotes, so that a quoted phrase finds the passage *and* what cites it.

A record (one "page" of Pagefind's index) holds up to GROUP entities of one kind that share every facet value
(kind, claim status, outlet, year), each under a heading whose anchor is its id. Grouping keeps the index's
table of contents small, which the first query fetches whole: one record per entity was too big at 10,000 sources.
"""

from __future__ import annotations

import html
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

from builder.analyse.analysis import Analysis
from builder.analyse.status import LABELS
from builder.model.dates import DateValue
from builder.model.dossier import Dossier
from builder.model.entities import Actor, Claim, Event, Evidence, Source

KINDS = {"actor": "actors", "event": "events", "claim": "claims", "source": "sources"}
# Entities per record. An actor has a record of its own: then its name is the record's title, which Pagefind
# ranks first, so that a name finds its actor first. Pagefind gives a quoted phrase's first place in a record
# only: so a source has a record of its own too (sources repeat each other's words: wire copies, follow-ups),
# and no two claims or events of a record quote the same paragraph (`Entry.shared`).
GROUP = {"actor": 1, "event": 16, "claim": 16, "source": 1}
NAMES_SEP = ", "
NAMES_WEIGHT = 8  # an actor's names count as much as this many words: a name finds its actor first


@dataclass(slots=True)
class Entry:
    """One entity as search finds it: its id and title, the words it is found by, its facets."""

    id: str
    title: str
    text: list[str]  # the words it is found by, in reading order
    filters: dict[str, list[str]] = field(default_factory=dict)
    names: str = ""  # an actor's names, weighted
    passages: list[str] = field(default_factory=list)  # a source's numbered paragraphs
    shared: set[object] = field(default_factory=set)  # what it may share with another: the paragraphs it quotes


@dataclass(slots=True)
class Record:
    """Up to GROUP entries of one kind with the same facets: one page of Pagefind's index."""

    url: str  # where the index says the record is (no such page exists): "claims/group-3/"
    kind: str
    at: str  # where its entities' pages are, with # for the id: "claims/#/"
    entries: list[Entry]

    @property
    def filters(self) -> dict[str, list[str]]:
        """Every facet value of its entries. The search box shows only those entries that have the values
        chosen (from `facet_anchor`, given when the entries' values differ)."""
        union: dict[str, set[str]] = {}
        for entry in self.entries:
            for name, values in entry.filters.items():
                union.setdefault(name, set()).update(values)
        return {name: sorted(values) for name, values in union.items()}

    def html(self) -> str:
        """The record as the smallest HTML page Pagefind reads. Every text is escaped: annotation text never
        becomes markup. Facets and meta come last, out of the text (data-pagefind-ignore). Pagefind indexes
        no word of a filter's values, but every word of a meta field: meta holds only short values.
        Curly apostrophes are written straight, as readers type them (the search box does the same to queries):
        Pagefind would read "Chávez’s" and "Chávez's" as two words."""

        def esc(text: str) -> str:
            return html.escape(text.replace("’", "'"))

        parts = ['<html lang="en"><body>']
        heading = "h1" if len(self.entries) == 1 else "h2"  # a record's h1 is its title, which ranks first
        # Sources' texts first, then what is said about each: a phrase's first place (the one Pagefind gives) is
        # then in a text, even when a note about another source quotes it.
        for entry in self.entries:
            for number, passage in enumerate(entry.passages, 1):
                parts.append(f'<h3 id="{esc(entry.id)}/p{number}">¶{number}</h3><p>{esc(passage)}</p>')
        differ = any(entry.filters != self.entries[0].filters for entry in self.entries)
        for entry in self.entries:
            parts.append(f'<{heading} id="{esc(entry.id)}">{esc(entry.title)}</{heading}>')
            if differ:  # its own facets, in an anchor's id: Pagefind keeps ids and indexes no word of them
                parts.append(f'<span id="{esc(facet_anchor(entry))}"></span>')
            if entry.names:
                parts.append(f'<p data-pagefind-weight="{NAMES_WEIGHT}">{esc(entry.names)}</p>')
            parts.extend(f"<p>{esc(text)}</p>" for text in entry.text if text)
        meta = {"kind": self.kind, "at": self.at}
        if self.kind == "actor":  # the search box puts an actor that the query names first
            meta["names"] = " | ".join(name for entry in self.entries for name in entry.names.split(NAMES_SEP))
        for name, value in meta.items():
            parts.append(f'<span data-pagefind-meta="{name}" data-pagefind-ignore>{esc(value)}</span>')
        for name, values in self.filters.items():
            for value in values:
                parts.append(f'<span data-pagefind-filter="{esc(name)}" data-pagefind-ignore>{esc(value)}</span>')
        parts.append("</body></html>")
        return "".join(parts)


def records(dossier: Dossier, analysis: Analysis | None, directory_urls: bool = True) -> Iterator[Record]:
    """Every entity, in records of its kind."""
    made = _Records(dossier, analysis)
    yield from grouped("actor", map(made.actor, dossier.actors.values()), directory_urls)
    yield from grouped("event", map(made.event, dossier.events.values()), directory_urls)
    yield from grouped("claim", map(made.claim, dossier.claims.values()), directory_urls)
    yield from grouped("source", map(made.source, dossier.sources.values()), directory_urls)


def grouped(kind: str, entries: Iterable[Entry], directory_urls: bool = True) -> Iterator[Record]:
    """Entries of one kind, GROUP[kind] at most to a record, those with the same facet values together."""
    queue = deque(sorted(entries, key=lambda e: sorted((k, v) for k, v in e.filters.items() if k != "kind")))
    folder, size = KINDS[kind], GROUP[kind]
    at = f"{folder}/#/" if directory_urls else f"{folder}/#.html"
    number = 0
    while queue:  # each record looks at 2 * size entries at most: linear
        members: list[Entry] = []
        shared: set[object] = set()
        later: list[Entry] = []
        while queue and len(members) < size and len(later) < size:
            entry = queue.popleft()
            if entry.shared & shared:
                later.append(entry)  # into the next record
            else:
                members.append(entry)
                shared |= entry.shared
        queue.extendleft(reversed(later))
        number += 1
        yield Record(f"{folder}/group-{number}/", kind, at, members)


class _Records:
    def __init__(self, dossier: Dossier, analysis: Analysis | None) -> None:
        self.dossier = dossier
        self.analysis = analysis
        self.relations: dict[str, list[str]] = {}  # actor id -> its relationships, as text, at the subject's page
        for rel in dossier.relationships.values():
            other = self.name(rel.object)
            words = [f"{rel.type.replace('-', ' ')} {other}", rel.notes, *(e.note for e in rel.evidence)]
            self.relations.setdefault(rel.subject, []).extend(w for w in words if w)

    def name(self, actor_id: str) -> str:
        actor = self.dossier.actors.get(actor_id)
        return actor.name if actor is not None else ""

    def names(self, actor_ids: Iterable[str]) -> list[str]:
        return [n for n in map(self.name, actor_ids) if n]

    def outlets(self, evidence: Iterable[Evidence]) -> list[str]:
        """The publishers of the sources the evidence quotes."""
        found = []
        for item in evidence:
            source = self.dossier.sources.get(item.source)
            if source is not None and source.publisher:
                found.append(self.name(source.publisher))
        return sorted(n for n in set(found) if n)

    def evidence_text(self, evidence: Iterable[Evidence]) -> list[str]:
        """The quoted words and what annotators wrote about them, and who they reached the source through."""
        words: list[str] = []
        for item in evidence:
            words += [item.quote, item.note, *self.names(item.via)]
        return words

    def years(self, *dates: DateValue | None) -> list[str]:
        found = {str(point.year) for date in dates if date for point in (date.start, date.end) if point}
        return sorted(found)

    def source_dates(self, evidence: Iterable[Evidence]) -> list[DateValue | None]:
        return [s.published for s in (self.dossier.sources.get(e.source) for e in evidence) if s is not None]

    def actor(self, actor: Actor) -> Entry:
        text = [actor.kind.replace("-", " "), actor.description, actor.notes]
        for role in actor.roles:
            text += [f"{role.title} {self.name(role.of)}".strip(), *(e.note for e in role.evidence)]
        text += self.relations.get(actor.id, [])
        return Entry(actor.id, actor.name, text, {"kind": ["actor"]}, names=NAMES_SEP.join(actor.names))

    def event(self, event: Event) -> Entry:
        participants = [f"{self.name(p.actor)} {p.role}".strip() for p in event.participants]
        text = [event.date.human() if event.date else "", event.date_note, event.place]  # the title is the heading
        text += [*participants, event.notes, *self.evidence_text(event.evidence)]
        filters = {"kind": ["event"], "year": self.years(event.date), "outlet": self.outlets(event.evidence)}
        return Entry(event.id, event.title, text, _kept(filters), shared=_quoted(event.evidence))

    def claim(self, claim: Claim) -> Entry:
        status = self.analysis.cross.statuses.get(claim.id) if self.analysis and self.analysis.cross else None
        statuses = [LABELS.get(s, s) for s in status.statuses] if status else []
        text = [f"claimed by {self.name(claim.claimant)}", *self.names(claim.about)]  # the statement is the heading
        text += [", ".join(statuses), claim.notes, *self.evidence_text(claim.evidence)]
        years = self.years(claim.made) or self.years(*self.source_dates(claim.evidence))
        filters = {"kind": ["claim"], "status": statuses, "outlet": self.outlets(claim.evidence), "year": years}
        return Entry(claim.id, claim.statement, text, _kept(filters), shared=_quoted(claim.evidence))

    def source(self, source: Source) -> Entry:
        publisher = self.name(source.publisher)
        date = source.published.human() if source.published else ""
        text = [publisher, ", ".join(self.names(source.authors)), date, source.notes]  # the title is the heading
        text += [r.note for r in source.relations]
        body = self.dossier.texts.get(source.id)
        # each numbered paragraph under its anchor, so that a result opens the passage
        passages = [body.paragraph(n) for n in range(1, len(body) + 1)] if body is not None else []
        filters = {"kind": ["source"], "outlet": [publisher] if publisher else [], "year": self.years(source.published)}
        return Entry(source.id, source.title, text, _kept(filters), passages=passages)


def facet_anchor(entry: Entry) -> str:
    """An entry's facets as the id of an empty anchor after its heading (`id?status=disputed;year=2026`, values
    percent-encoded): the search box reads them from the anchors of a record whose entries' facets differ, and
    shows only the entries that have the values chosen. Not in a meta field, whose words Pagefind would index."""
    pairs = (
        f"{quote(name, safe='')}={quote(value, safe='')}" for name, values in entry.filters.items() for value in values
    )
    return f"{entry.id}?{';'.join(pairs)}"


def _quoted(evidence: Iterable[Evidence]) -> set[object]:
    return {(e.source, e.anchor.paragraph) for e in evidence if e.anchor is not None}


def _kept(filters: dict[str, list[str]]) -> dict[str, list[str]]:
    return {name: values for name, values in filters.items() if values}
