"""`network.json` and `network/<actor id>.json`: the actors and relationships as a graph.

The site's network widgets draw these very files, so what a reader sees and what
a researcher downloads never disagree. `network.json` holds every actor that has a
relationship (a node, with its kind and its number of relationships) and every
relationship (an edge, with its type, its date, the sources it quotes, its
`standing`: the `status` dossier.json gives it, and `status`: how it is drawn, from
that, by builder/analyse/graph.py); it carries no quotes, so that
the network page of a large dossier loads one lean file. Each actor's own file
holds its neighbourhood, one and two steps out (capped, the best-connected
neighbours first), and the quotes behind every relationship it is the subject of:
the network page fetches it when a reader asks for an edge's quotes. Quote ids are
those of every other export (`<relationship id>.e<n>`).

Linear: one index of relationships by actor, then each actor's neighbourhood is
at most FIRST + SECOND edges chosen by one sort of the actor's own.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from builder.analyse.graph import STATUSES, degrees, drawn_as
from builder.export.records import Memo, date_parts, entities, page_url, readable_json, remembered
from builder.export.standing import Standings
from builder.model.dossier import Dossier
from builder.model.entities import Entity, Relationship, Source
from builder.model.schema import load_schema

FOLDER = "network"  # under data/: one file per actor
FIRST = 40  # relationships of the actor itself drawn on its page
SECOND = 40  # relationships one step further out


class Graph:
    """The dossier's relationships as nodes and edges, with the indexes every file of the export reads; made
    once per build. Each node, edge and source is written as JSON once for every file it is in, and under
    `mkdocs serve` taken from the last build while its entity and key (an actor's degree, a relationship's
    status) are unchanged."""

    def __init__(self, dossier: Dossier, standing: Standings, memo: Memo | None = None) -> None:
        self.dossier, self.standing, self.memo = dossier, standing, memo
        self.degree: Counter[str] = degrees(dossier)
        self.relationships = [r for r in entities(dossier, "relationship") if isinstance(r, Relationship)]
        self._json: dict[tuple[str, str], str] = {}  # (what, id) -> its JSON in this build
        self.touching: dict[str, list[Relationship]] = defaultdict(list)
        for rel in self.relationships:
            self.touching[rel.subject].append(rel)
            if rel.object != rel.subject:
                self.touching[rel.object].append(rel)
        header = _header("").items()
        self.header = [f" {json.dumps(k)}: {readable_json(v, 1, ' ')}" for k, v in header if k != "about"]

    def cached(self, what: str, key_id: str, make: Any, entity: Entity | None = None, key: Any = None) -> str:
        """`key()`: what else the JSON reads, asked for only when this build has not written it yet."""
        found = self._json.get((what, key_id))
        if found is None:
            dump = lambda: json.dumps(make(), ensure_ascii=False)  # noqa: E731
            known = key() if key is not None else None
            found = dump() if entity is None else remembered(self.memo, f"network.{what}", entity, dump, known)
            self._json[(what, key_id)] = found
        return found

    def node_json(self, actor_id: str) -> str:
        actor = self.dossier.actors.get(actor_id)
        return self.cached("node", actor_id, lambda: self.node(actor_id), actor, lambda: self.degree[actor_id])

    def edge_json(self, rel: Relationship) -> str:
        return self.cached("edge", rel.id, lambda: self.edge(rel), rel, lambda: self.standing.key(rel.id))

    def sources_json(self, ids: Iterable[str]) -> list[tuple[str, str]]:
        known = self.dossier.sources
        return [
            (s, self.cached("source", s, lambda s=s: self.source(known[s]), known[s]))
            for s in dict.fromkeys(ids)
            if s in known
        ]

    def quotes_json(self, rel: Relationship) -> str:
        return self.cached("quotes", rel.id, lambda: _quotes(rel, self.dossier), rel)

    def node(self, actor_id: str) -> dict[str, Any]:
        actor = self.dossier.actors.get(actor_id)
        name, kind, page = (actor.name, actor.kind, page_url(actor)) if actor is not None else (actor_id, "", "")
        return {"id": actor_id, "name": name, "kind": kind, "degree": self.degree[actor_id], "page": page}

    def edge(self, rel: Relationship) -> dict[str, Any]:
        """A relationship as an edge: `from`/`until` bound it in time for the date filter (its own date, else
        the earliest date of a source quoting it: it held at least from when it was first reported)."""
        start, end = date_parts(rel.date)
        if rel.date is None:
            start = self.first_reported(rel)
        return {
            "id": rel.id,
            "source": rel.subject,
            "target": rel.object,
            "type": rel.type,
            "status": drawn_as(rel, self.standing[rel.id]),  # how it is drawn, from `standing`
            "standing": self.standing[rel.id],  # its `status` in dossier.json
            "date": rel.date.edtf() if rel.date else "",
            "from": start,
            "until": end if rel.date is not None and rel.date.interval else "",
            "sources": list(dict.fromkeys(ev.source for ev in rel.evidence)),
            "page": page_url(rel),
        }

    def first_reported(self, rel: Relationship) -> str:
        dates = []
        for evidence in rel.evidence:
            source = self.dossier.sources.get(evidence.source)
            if source is not None and source.published is not None:
                start, end = date_parts(source.published)
                dates.append(start or end)
        return min((d for d in dates if d), default="")

    def source(self, source: Source) -> dict[str, str]:
        publisher = self.dossier.actors.get(source.publisher) if source.publisher else None
        return {"title": source.title, "publisher": publisher.name if publisher else "", "page": page_url(source)}

    def neighbourhood(self, actor_id: str) -> list[Relationship]:
        """The actor's relationships with its best-connected neighbours (at most FIRST), then theirs with
        actors further out (at most SECOND), each relationship once."""
        degree = self.degree

        def other(rel: Relationship, of: str) -> str:
            return rel.object if rel.subject == of else rel.subject

        own = sorted(self.touching.get(actor_id, []), key=lambda r: (-degree[other(r, actor_id)], r.id))[:FIRST]
        kept = {r.id: r for r in own}
        neighbours = list(dict.fromkeys(other(r, actor_id) for r in own))
        further: list[tuple[int, str, Relationship]] = []
        for neighbour in neighbours:
            for rel in self.touching.get(neighbour, []):
                if rel.id not in kept:
                    further.append((-degree[other(rel, neighbour)], rel.id, rel))
        for _, _, rel in sorted(further, key=lambda t: t[:2])[:SECOND]:
            kept[rel.id] = rel
        return list(kept.values())


def _header(about: str) -> dict[str, Any]:
    schema = load_schema()
    return {
        "format": "dossier-builder-network/1",
        "about": about,
        "statuses": STATUSES,
        "kinds": schema.vocabularies["actor_kind"],
        "types": schema.vocabularies["relationship_type"],
    }


def _document(fields: list[tuple[str, Any]]) -> list[str]:
    """A JSON object laid out as `readable_json(..., levels=2)` does, in pieces, from values already written as
    JSON: a list of JSON texts (one item a line), a list of (key, JSON text) pairs (one member a line), or a
    member already written (a str). Under `mkdocs serve` the pieces of an unchanged file are the very strings
    of the last build, so it is not joined again (`Memo.joined`)."""
    pieces = ["{\n"]
    for key, value in fields:
        if isinstance(value, str):
            pieces.append(value)
        elif not value:
            pieces.append(f" {json.dumps(key)}: {'[]' if isinstance(value, list) else '{}'}")
        else:
            pairs = isinstance(value[0], tuple)
            pieces.append(f" {json.dumps(key)}: {'{' if pairs else '['}\n  ")
            for n, item in enumerate(value):
                pieces.append(",\n  " if n else "")
                pieces += [json.dumps(item[0], ensure_ascii=False), ": ", item[1]] if pairs else [item]
            pieces.append("\n }" if pairs else "\n ]")
        pieces.append(",\n")
    pieces[-1] = "\n}\n"
    return pieces


def _about(graph: Graph, about: str) -> list[tuple[str, Any]]:
    """The header's members, `about` in its place."""
    members: list[tuple[str, Any]] = [("", text) for text in graph.header]
    members.insert(1, ("", f' "about": {json.dumps(about, ensure_ascii=False)}'))
    return members


def network_json(graph: Graph) -> list[str]:
    """The whole graph: every actor with a relationship, every relationship, the sources they quote."""
    actors = sorted(graph.degree, key=lambda a: (-graph.degree[a], a))
    about = (
        "Every actor with a relationship (nodes, best-connected first) and every relationship (edges). "
        "The quotes behind the relationships of an actor are in network/<actor id>.json."
    )
    quoted = (ev.source for r in graph.relationships for ev in r.evidence)
    return _document(
        [
            *_about(graph, about),
            ("nodes", [graph.node_json(a) for a in actors]),
            ("edges", [graph.edge_json(r) for r in graph.relationships]),
            ("sources", graph.sources_json(quoted) or {}),
        ]
    )


def neighbourhood_json(graph: Graph, actor_id: str) -> list[str]:
    """One actor's file: its neighbourhood, and the quotes of the relationships it is the subject of."""
    drawn = graph.neighbourhood(actor_id)
    own = [r for r in graph.touching.get(actor_id, []) if r.subject == actor_id]
    nodes = list(dict.fromkeys([actor_id, *(a for r in drawn for a in (r.subject, r.object))]))
    about = (
        f"The neighbourhood of {actor_id} (its relationships with the best-connected actors, then theirs) and "
        "the quotes behind every relationship it is the subject of."
    )
    quoted = [*(ev.source for r in drawn for ev in r.evidence), *(ev.source for r in own for ev in r.evidence)]
    return _document(
        [
            *_about(graph, about),
            ("", f' "focus": {json.dumps(actor_id, ensure_ascii=False)}'),
            ("nodes", [graph.node_json(a) for a in nodes]),
            ("edges", [graph.edge_json(r) for r in drawn]),
            ("quotes", [(r.id, graph.quotes_json(r)) for r in own] or {}),
            ("sources", graph.sources_json(quoted) or {}),
        ]
    )


def _quotes(rel: Relationship, dossier: Dossier) -> list[dict[str, Any]]:
    quotes = []
    for n, evidence in enumerate(rel.evidence, start=1):
        via = [dossier.actors[a].name if a in dossier.actors else a for a in evidence.via]
        item: dict[str, Any] = {"id": f"{rel.id}.e{n}", "quote": evidence.quote, "source": evidence.source}
        item["stance"] = evidence.stance
        if via:
            item["via"] = via
        if evidence.note:
            item["note"] = evidence.note
        quotes.append(item)
    return quotes


def neighbourhood_files(graph: Graph) -> Iterator[tuple[str, list[str]]]:
    """(path under data/, text in pieces) of each actor's file."""
    for actor_id in sorted(graph.touching):
        yield f"{FOLDER}/{actor_id}.json", neighbourhood_json(graph, actor_id)
