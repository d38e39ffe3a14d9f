"""The whole dossier: every entity by kind and id, and the source texts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from builder.model.entities import Actor, Claim, Entity, Event, Evidence, Relationship, Source
from builder.model.text import SourceText


@dataclass
class Dossier:
    sources: dict[str, Source] = field(default_factory=dict)
    actors: dict[str, Actor] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    claims: dict[str, Claim] = field(default_factory=dict)
    relationships: dict[str, Relationship] = field(default_factory=dict)
    texts: dict[str, SourceText] = field(default_factory=dict)  # by source id

    def by_kind(self, kind: str) -> dict[str, Entity]:
        return getattr(self, PLURAL[kind])

    def get(self, entity_id: str) -> Entity | None:
        # The kinds in PLURAL's order, spelled out: later stages call this a hundred times per source.
        for entities in (self.sources, self.actors, self.events, self.claims, self.relationships):
            found: Entity | None = entities.get(entity_id)
            if found is not None:
                return found
        return None

    def add(self, entity: Entity) -> None:
        self.by_kind(entity.KIND)[entity.id] = entity

    def entities(self) -> Iterator[Entity]:
        for kind in PLURAL:
            yield from self.by_kind(kind).values()

    def evidence(self) -> Iterator[Evidence]:
        for entity in self.entities():
            yield from entity.evidence_list

    def counts(self) -> dict[str, int]:
        return {plural: len(self.by_kind(kind)) for kind, plural in PLURAL.items()}


PLURAL = {
    "source": "sources",
    "actor": "actors",
    "event": "events",
    "claim": "claims",
    "relationship": "relationships",
}
# Names of the site's own pages beside the entity pages of a folder (`claims/index.md`, `claims/all/...`,
# see render/pages/indexes.py): an entity with one of these ids would have no page of its own.
RESERVED_IDS = frozenset({"index", "all", "by-kind", "by-year"})
