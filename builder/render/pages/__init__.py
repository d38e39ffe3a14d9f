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
# Emitters that give exactly one page per entity, through Site.entity_pages: processes can share them.
PER_ENTITY = {sources.emit, actors.emit, events.emit, claims.emit}
