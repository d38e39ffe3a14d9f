"""Relationship graphs: the overall graph is cut to the best-connected actors."""

from __future__ import annotations

from pathlib import Path

from builder.analyse.graph import degrees, overall
from builder.pipeline import Checked
from tests.test_analysis_dossier import build, quote

TEXT = "Everyone knows everyone.\n"


def star_dossier(tmp_path: Path, spokes: int) -> Checked:
    actors = [{"id": "hub"}, {"id": "second"}] + [{"id": f"a{i:02d}"} for i in range(spokes)]
    relationships = [
        {
            "id": f"r{i:02d}",
            "subject": "hub",
            "type": "supports",
            "object": f"a{i:02d}",
            "evidence": [quote("s", "knows")],
        }
        for i in range(spokes)
    ]
    relationships += [
        {"id": "twice-1", "subject": "second", "type": "advises", "object": "hub", "evidence": [quote("s", "knows")]},
        {
            "id": "twice-2",
            "subject": "second",
            "type": "advises",
            "object": "hub",
            "evidence": [quote("s", "Everyone")],
        },
        {"id": "back", "subject": "a00", "type": "opposes", "object": "second", "evidence": [quote("s", "knows")]},
    ]
    result = build(tmp_path, sources=[{"id": "s", "text": TEXT}], actors=actors, relationships=relationships)
    assert [p.text() for p in result.problems.errors] == []
    return result


def test_a_small_graph_is_drawn_whole_and_parallel_relationships_are_one_edge(tmp_path: Path) -> None:
    dossier = star_dossier(tmp_path, 3).dossier
    graph = overall(dossier, degrees(dossier))
    assert not graph.cut
    assert graph.actors[0] == "hub"
    [advises] = [e for e in graph.edges if e.type == "advises"]
    assert advises.relationships == ("twice-1", "twice-2")


def test_a_large_graph_keeps_the_best_connected_actors(tmp_path: Path) -> None:
    dossier = star_dossier(tmp_path, 40).dossier
    counts = degrees(dossier)
    graph = overall(dossier, counts, top=10, max_edges=50)
    assert graph.cut and len(graph.actors) == 10 and graph.total_actors == 42
    assert {"hub", "second", "a00"} <= set(graph.actors)
    assert all(e.subject in graph.actors and e.object in graph.actors for e in graph.edges)
