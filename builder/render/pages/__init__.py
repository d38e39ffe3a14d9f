"""Page emitters: one module per page type, each `emit(site)` yields (path, markdown)."""

from builder.render.pages import (
    actors,
    analysis,
    claims,
    discrepancies,
    events,
    indexes,
    relationship_graph,
    sources,
    timeline,
    unnamed,
)

EMITTERS = [
    sources.emit,
    actors.emit,
    events.emit,
    claims.emit,
    indexes.emit,
    analysis.emit,
    timeline.emit,
    discrepancies.emit,
    relationship_graph.emit,
    unnamed.emit,
]
# Emitters that give exactly one page per entity, through Site.entity_pages, and the entities' kind: processes
# can share them, and their pages are known by path before they are made.
PER_ENTITY = {sources.emit: "sources", actors.emit: "actors", events.emit: "events", claims.emit: "claims"}
