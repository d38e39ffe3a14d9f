"""Page emitters: one module per page type, each `emit(site)` yields (path, markdown)."""

from builder.render.pages import actors, claims, events, indexes, sources

EMITTERS = [sources.emit, actors.emit, events.emit, claims.emit, indexes.emit]
