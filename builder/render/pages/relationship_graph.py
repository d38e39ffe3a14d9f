"""The relationship graph page: the network widget over every actor and relationship, and as text the
best-connected actors and their typed relationships, each saying what it rests on."""

from __future__ import annotations

from builder.analyse.graph import STATUSES, degrees, drawn_as
from builder.export.standing import Standings
from builder.model.entities import Relationship
from builder.render.crosssource import ANALYSIS
from builder.render.markdown import Md, escape
from builder.render.pictures import NETWORK, network_widget
from builder.render.site import Emitted, Site

PATH = f"{ANALYSIS}/relationships.md"


def emit(site: Site) -> Emitted:
    analysis = site.analysis.cross
    graph = analysis.graph
    page = site.page(PATH)
    counts = degrees(site.dossier)
    standing = Standings(site.dossier, analysis)  # as the exports publish them
    shown = [(page.to(site.get(a)), counts.get(a, 0)) for a in graph.actors]
    edges = []
    for edge in graph.edges:
        rels = [r for r in site.many(edge.relationships) if isinstance(r, Relationship)]
        statuses = dict.fromkeys(drawn_as(r, standing[r.id]) for r in rels)
        line = page.to(site.get(edge.subject)) + Md(f" → {escape(site.relation_label(edge.type))} → ")
        line += page.to(site.get(edge.object))
        line += Md(" (" + escape("; ".join(STATUSES[s] for s in statuses)) + ") — ")
        line += Md(", ".join(page.to(site.get(r.subject), "quotes", anchor=f"rel-{r.id}") for r in rels))
        edges.append(line)
    yield site.render(
        "relationship_graph.md.j2",
        PATH,
        graph=graph,
        widget=network_widget(PATH) if graph.edges else "",
        data_href=page.href(NETWORK),
        shown=shown,
        edges=edges,
        relationships=len(site.dossier.relationships),
    )
