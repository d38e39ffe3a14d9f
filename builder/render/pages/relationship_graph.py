"""The relationship graph page: the best-connected actors and their typed relationships."""

from __future__ import annotations

from builder.analyse.graph import degrees
from builder.render.crosssource import ANALYSIS, cross, graph_diagram
from builder.render.site import Emitted, Site

PATH = f"{ANALYSIS}/relationships.md"


def emit(site: Site) -> Emitted:
    analysis = cross(site)
    graph = analysis.graph
    page = site.page(PATH)
    counts = degrees(site.dossier)
    shown = [(page.to(site.get(a)), counts.get(a, 0)) for a in graph.actors]
    yield site.render(
        "relationship_graph.md.j2",
        PATH,
        graph=graph,
        diagram=graph_diagram(site, graph) if graph.edges else "",
        shown=shown,
        relationships=len(site.dossier.relationships),
    )
