"""The network and timeline widgets' data: the exports they draw, what each relationship rests on, the caps that
keep an actor's file small, and pages whose HTML does not grow with the dossier."""

from __future__ import annotations

import json
from pathlib import Path

from builder.analyse.graph import DISPUTED, REPORTED, STATED, UNNAMED_ONLY, drawn_as
from builder.export import export_files
from builder.export.network import FIRST, SECOND
from builder.pipeline import check, render
from builder.render.pictures import site_root
from tests.conftest import Write
from tests.test_analysis_dossier import build, quote
from tests.test_analysis_graph import star_dossier

TEXT = "The minister said the general protects the cartel. Officials said so too. Nobody denies it.\n"


def test_what_a_relationship_rests_on(tmp_path: Path) -> None:
    result = build(
        tmp_path,
        sources=[{"id": "s", "text": TEXT}],
        actors=[
            {"id": "general"},
            {"id": "cartel", "kind": "criminal-organisation"},
            {"id": "officials", "kind": "unnamed-source"},
        ],
        relationships=[
            {"id": "stated", "subject": "general", "type": "protects", "object": "cartel",
             "evidence": [quote("s", "the general protects the cartel", stance="supports")]},
            {"id": "reported", "subject": "general", "type": "supports", "object": "cartel",
             "evidence": [quote("s", "The minister said")]},
            {"id": "unnamed", "subject": "general", "type": "controls", "object": "cartel",
             "evidence": [quote("s", "Officials said so too", stance="supports", via=["officials"])]},
            {"id": "disputed", "subject": "general", "type": "commands", "object": "cartel",
             "evidence": [quote("s", "the general protects", stance="supports"),
                          quote("s", "Nobody denies it", stance="disputes")]},
        ],
    )  # fmt: skip
    assert [p.text() for p in result.problems.errors] == []
    dossier = result.dossier
    files = export_files(dossier, result.analysis.cross)
    network = json.loads(files["data/network.json"])
    published = json.loads(files["data/dossier.json"])["relationships"]
    found = {e["id"]: e["status"] for e in network["edges"]}
    assert found == {"stated": STATED, "reported": REPORTED, "unnamed": UNNAMED_ONLY, "disputed": DISPUTED}
    assert set(network["statuses"]) == set(found.values())
    for edge in network["edges"]:  # drawn from the very status dossier.json publishes
        assert edge["standing"] == published[edge["id"]]["status"]
        assert drawn_as(dossier.relationships[edge["id"]], edge["standing"]) == edge["status"]


def test_the_widgets_draw_the_very_data_the_exports_publish(mini: Path) -> None:
    result = check(mini)
    files = export_files(result.dossier, result.analysis.cross)
    network = json.loads(files["data/network.json"])
    everything = json.loads(files["data/dossier.json"])
    relationships = everything["relationships"]
    assert {e["id"] for e in network["edges"]} == set(relationships)
    for edge in network["edges"]:
        rel = relationships[edge["id"]]
        assert (edge["source"], edge["type"], edge["target"]) == (rel["subject"], rel["type"], rel["object"])
        assert edge["page"] == f"actors/{rel['subject']}/#rel-{edge['id']}"
    ends = {a for r in relationships.values() for a in (r["subject"], r["object"])}
    assert {n["id"] for n in network["nodes"]} == ends
    for node in network["nodes"]:
        assert node["degree"] == sum((r["subject"], r["object"]).count(node["id"]) for r in relationships.values())
        assert node["kind"] == everything["actors"][node["id"]]["kind"] and node["page"] == f"actors/{node['id']}/"
    # Each actor's file: the quotes of its relationships are those of dossier.json, by the same ids.
    assert {p for p in files if p.startswith("data/network/")} == {f"data/network/{a}.json" for a in ends}
    for actor in ends:
        own = json.loads(files[f"data/network/{actor}.json"])
        assert own["focus"] == actor and own["nodes"][0]["id"] == actor
        expected = {
            rel_id: [(e["id"], e["quote"], e["source"]) for e in rel["evidence"]]
            for rel_id, rel in relationships.items()
            if rel["subject"] == actor
        }
        assert {k: [(q["id"], q["quote"], q["source"]) for q in v] for k, v in own["quotes"].items()} == expected
        for quotes in own["quotes"].values():
            assert all(q["source"] in own["sources"] for q in quotes)
    # The site's pages point the widgets at these files.
    pages = render(result).pages
    assert 'data-src="data/network.json"' in pages["analysis/relationships.md"]
    assert 'data-src="data/timeline.json"' in pages["analysis/timeline/index.md"]


def test_an_actor_s_file_holds_only_its_capped_neighbourhood(tmp_path: Path) -> None:
    star = star_dossier(tmp_path, spokes=FIRST + 25)
    files = export_files(star.dossier, star.analysis.cross)
    hub = json.loads(files["data/network/hub.json"])
    assert FIRST < len(hub["edges"]) <= FIRST + SECOND
    assert len(hub["quotes"]) == FIRST + 25  # every relationship it is the subject of, for the edges' quotes
    spoke = json.loads(files["data/network/a00.json"])
    # one step: its two relationships; two steps: the hub's and second's others, best-connected first
    assert {"r00", "back"} <= {e["id"] for e in spoke["edges"]} and len(spoke["edges"]) <= FIRST + SECOND
    assert set(spoke["quotes"]) == {"back"}


def test_timeline_slides_carry_what_the_widget_draws(mini: Path) -> None:
    checked = check(mini)
    dossier = checked.dossier
    data = json.loads(export_files(dossier, checked.analysis.cross)["data/timeline.json"])
    for slide in data["events"]:
        event = dossier.events[slide["unique_id"]]
        assert event.date is not None and slide["edtf"] == event.date.edtf()
        assert slide["page"] == f"events/{event.id}/"
        assert [p["id"] for p in slide["participants"]] == [
            p.actor for p in event.participants if p.actor in dossier.actors
        ]


def test_widget_links_are_relative_to_the_page_url() -> None:
    assert site_root("analysis/relationships.md") == "../../"
    assert site_root("analysis/timeline/index.md") == "../../"
    assert site_root("actors/x.md") == "../../"
    assert site_root("index.md") == ""


def test_the_network_page_s_html_does_not_grow_with_the_dossier(tmp_path: Path) -> None:
    """The picture's data is a file, never inline: past the best-connected few, more actors leave the page alone."""
    sizes = []
    for spokes in (40, 120):
        pages = render(check(star_root(tmp_path / str(spokes), spokes))).pages
        sizes.append(len(pages["analysis/relationships.md"]))
    assert abs(sizes[1] - sizes[0]) < 200, sizes


def star_root(root: Path, spokes: int) -> Path:
    star_dossier(root, spokes)
    return root


def test_an_actor_only_passing_a_relationship_on_has_no_network_box(mini: Path, write: Write) -> None:
    """An actor named only in a relationship's quote (`via`) is no end of it: no box asks for a file it lacks."""
    write(
        "annotations/relationships/lopez-via.yaml",
        "id: lopez-via\nsubject: ana-lopez\ntype: opposes\nobject: daily-planet\nevidence:\n"
        "  - source: planet-bridge\n    quote: promised it would reopen\n    via: [gazette]\n",
    )
    result = check(mini)
    assert result.problems.errors == []
    pages = render(result).pages
    files = export_files(result.dossier, result.analysis.cross)
    for actor_id in result.dossier.actors:
        boxed = 'class="dossier-network"' in pages[f"actors/{actor_id}.md"]
        assert boxed == (f"data/network/{actor_id}.json" in files), actor_id
