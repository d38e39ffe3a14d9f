"""The data exports: each one read back with the tools of its format, and checked against the seed texts."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest

from builder.export import export_files
from builder.export.ftm import COUNTRIES, country_code
from builder.pipeline import Checked, check, render
from builder.publish.units import docs_units
from builder.render.site import text_fragment
from tests.conftest import FIXTURES, REPO, Write

EXPORTS = ["dossier.json", "annotations.jsonld", "ftm.ndjson", "timeline.json", "claims.csv", "network.json"]


def checked_ok(root: Path) -> Checked:
    result = check(root)
    if root == REPO and not result.ok:
        pytest.skip("the repository's dossier has errors right now; `python -m builder check` lists them")
    assert result.ok, [p.text() for p in result.problems.errors]
    return result


@pytest.fixture(params=["mini", "repo"])
def dossier_root(request: pytest.FixtureRequest) -> Path:
    return FIXTURES / "mini" if request.param == "mini" else REPO


def exported(root: Path) -> dict[str, str]:
    checked = checked_ok(root)
    return export_files(checked.dossier, checked.analysis.cross)


# Publishing ------------------------------------------------------------------


def test_every_export_is_in_the_docs_tree_and_linked_from_home(mini: Path) -> None:
    result = checked_ok(mini)
    site = render(result)
    tree = dict(file for unit in docs_units(site, mini) for file in unit())
    for name in EXPORTS:
        assert f"data/{name}" in tree
    assert set(export_files(result.dossier, result.analysis.cross)) <= set(tree)
    home = (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    for name in EXPORTS:
        assert f"(data/{name})" in home


@pytest.mark.slow
def test_the_plugin_publishes_the_exports(tmp_path: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    config = FIXTURES / "mini" / "mkdocs.yml"
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(tmp_path / "site")]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr
    for path, content in exported(FIXTURES / "mini").items():
        assert (tmp_path / "site" / path).read_text(encoding="utf-8") == content


def test_source_texts_are_published_as_stored(dossier_root: Path) -> None:
    result = checked_ok(dossier_root)
    files = export_files(result.dossier, result.analysis.cross)
    for source in result.dossier.sources.values():
        if not source.held:  # a cited document has no text to publish
            assert f"data/texts/{source.id}.txt" not in files
            continue
        stored = (dossier_root / source.file).read_bytes().decode("utf-8").removeprefix("\ufeff")
        assert files[f"data/texts/{source.id}.txt"] == stored


# dossier.json ----------------------------------------------------------------


def test_dossier_json_has_every_entity_and_every_anchor(dossier_root: Path) -> None:
    result = checked_ok(dossier_root)
    data = json.loads(exported(dossier_root)["data/dossier.json"])
    assert data["counts"] == result.dossier.counts()
    texts = {sid: t.text for sid, t in result.dossier.texts.items()}
    evidence_ids = []
    for plural in ("sources", "actors", "events", "claims", "relationships"):
        assert sorted(data[plural]) == sorted(result.dossier.by_kind(plural[:-1]))
        for entity_id, item in data[plural].items():
            assert item["id"] == entity_id
            for evidence in _evidence(item):
                anchor = evidence["anchor"]
                assert texts[evidence["source"]][anchor["start"] : anchor["end"]] == anchor["exact"]
                evidence_ids.append(evidence["id"])
    assert len(evidence_ids) == len(set(evidence_ids)) == len(list(result.dossier.evidence()))


def _evidence(item: dict) -> list[dict]:
    found = list(item.get("evidence", []))
    for role in item.get("roles", []):
        found += role.get("evidence", [])
    return found


# annotations.jsonld ----------------------------------------------------------


def test_web_annotations_select_exactly_the_quoted_passage(dossier_root: Path) -> None:
    result = checked_ok(dossier_root)
    files = exported(dossier_root)
    collection = json.loads(files["data/annotations.jsonld"])
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    assert "Unicode code points" in collection["summary"]
    items = collection["first"]["items"]
    assert collection["total"] == len(items) == len(list(result.dossier.evidence()))
    assert len({a["id"] for a in items}) == len(items)
    for annotation in items:
        assert annotation["type"] == "Annotation"
        assert annotation["motivation"] in {"linking", "describing", "highlighting"}
        target = annotation["target"]
        text = files["data/" + target["source"]["id"]]
        quote, position = target["selector"]
        assert (quote["type"], position["type"]) == ("TextQuoteSelector", "TextPositionSelector")
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"]
        assert text[:start].endswith(quote["prefix"])
        assert text[end:].startswith(quote["suffix"])
        assert text.count(quote["prefix"] + quote["exact"] + quote["suffix"]) == 1, "the selector is ambiguous"


def test_web_annotation_offsets_count_code_points_not_bytes(write: Write, mini: Path) -> None:
    data = json.loads(exported(mini)["data/annotations.jsonld"])
    lopez = next(a for a in data["first"]["items"] if a["target"]["selector"][0]["exact"] == "“the bridge is safe”")
    text = (mini / "seeds" / "wire.txt").read_text(encoding="utf-8")
    position = lopez["target"]["selector"][1]
    assert text[position["start"] : position["end"]] == "“the bridge is safe”"
    assert len(text.encode("utf-8")) != len(text)  # the seed has non-ASCII before the quote


# ftm.ndjson ------------------------------------------------------------------


def test_every_ftm_line_is_a_valid_followthemoney_entity(dossier_root: Path) -> None:
    from followthemoney import model
    from followthemoney.exc import InvalidData

    lines = exported(dossier_root)["data/ftm.ndjson"].splitlines()
    entities = [json.loads(line) for line in lines]
    by_id = {e["id"]: e for e in entities}
    assert len(by_id) == len(entities), "ids must be unique"
    problems = []
    for data in entities:
        schema = model.get(data["schema"])
        if schema is None or schema.abstract:
            problems.append(f"{data['id']}: {data['schema']} is not a concrete FtM schema")
            continue
        try:
            proxy = model.get_proxy(data, cleaned=False)
            schema.validate(proxy.to_dict())
        except InvalidData as exc:
            problems.append(f"{data['id']}: {exc}")
            continue
        for name in schema.required:
            if not proxy.get(name):
                problems.append(f"{data['id']}: {data['schema']} needs {name}")
        for name, values in data["properties"].items():
            prop = schema.get(name)
            if prop is None:
                problems.append(f"{data['id']}: {data['schema']} has no property {name}")
                continue
            for value in values:
                if prop.type.clean(value, proxy=proxy) is None:
                    problems.append(f"{data['id']}: {name}={value!r} is not a valid {prop.type.name}")
                if prop.type.name == "entity":
                    target = by_id.get(value)
                    if target is None:
                        problems.append(f"{data['id']}: {name} points at {value!r}, which is not in the file")
                    elif not model.get(target["schema"]).is_a(prop.range):
                        problems.append(f"{data['id']}: {name} must be a {prop.range.name}, not {target['schema']}")
            if prop.type.name == "date":
                assert proxy.get(name) == values, "dates keep their precision"
    assert problems == []


def test_ftm_maps_each_kind_of_thing(dossier_root: Path) -> None:
    result = checked_ok(dossier_root)
    entities = {e["id"]: e for e in map(json.loads, exported(dossier_root)["data/ftm.ndjson"].splitlines())}
    for source in result.dossier.sources:
        assert entities[source]["schema"] == "Article"
    for event in result.dossier.events:
        assert entities[event]["schema"] == "Event"
    for actor in result.dossier.actors.values():
        if actor.kind == "person":
            assert entities[actor.id]["schema"] == "Person"
    documentation = [e for e in entities.values() if e["schema"] == "Documentation"]
    assert documentation
    links = [entities[r] for r in result.dossier.relationships]
    assert all(link["properties"].get("proof") for link in links)


def test_countries_carry_their_iso_code() -> None:
    assert (country_code("Cuba"), country_code("United States"), country_code("Atlantis")) == ("cu", "us", "")
    assert country_code("CUBA") == country_code("cuba") == "cu"


def test_the_country_table_is_babels() -> None:
    """builder/export/countries.tsv is CLDR's English names as the pinned Babel gives them (without loading
    Babel's locale data on every build); after upgrading Babel, rewrite the table from this test's `expected`."""
    from babel import Locale

    expected = sorted((code.lower(), name) for code, name in Locale("en").territories.items() if code.isalpha())
    lines = COUNTRIES.read_text(encoding="utf-8").splitlines()
    assert [tuple(line.split("\t")) for line in lines if not line.startswith("#")] == expected


# timeline.json ---------------------------------------------------------------


def test_timeline_dates_keep_their_precision(write: Write, mini: Path) -> None:
    event = (mini / "annotations/events/bridge-closed.yaml").read_text(encoding="utf-8")
    for event_id, date in [
        ("in-a-month", "2025-11"),
        ("in-a-year", "2025~"),
        ("a-span", "2025-09/2025-11-03"),
        ("until", "../2025-10"),
        ("by", "'[..2025-10]'"),
        ("undated", None),
    ]:
        text = event.replace("id: bridge-closed", f"id: {event_id}").replace("date: 2025-11-24", f"date: {date}")
        if date is None:
            text = re.sub(r"date: .*\n", "", text).replace("date_note", "notes")
        write(f"annotations/events/{event_id}.yaml", text)
    data = json.loads(exported(mini)["data/timeline.json"])
    slides = {s["unique_id"]: s for s in data["events"]}
    assert "undated" not in slides
    assert slides["bridge-closed"]["start_date"] == {
        "year": 2025,
        "month": 11,
        "day": 24,
        "display_date": "24 November 2025",
    }
    assert slides["in-a-month"]["start_date"] == {"year": 2025, "month": 11, "display_date": "November 2025"}
    assert slides["in-a-year"]["start_date"]["display_date"] == "about 2025"
    assert "month" not in slides["in-a-year"]["start_date"]
    assert slides["a-span"]["end_date"] == {"year": 2025, "month": 11, "day": 3, "display_date": "3 November 2025"}
    assert slides["until"]["start_date"]["month"] == 10
    assert slides["until"]["display_date"] == "until October 2025"  # it ended then
    assert slides["by"]["display_date"] == "on or before October 2025"  # it happened by then
    assert slides["by"]["start_date"]["month"] == 10 and "end_date" not in slides["by"]
    for slide in slides.values():
        assert set(slide["text"]) == {"headline", "text"}


# claims.csv --------------------------------------------------------------------


def test_claims_csv_has_one_row_per_claim(dossier_root: Path) -> None:
    result = checked_ok(dossier_root)
    rows = list(csv.DictReader(io.StringIO(exported(dossier_root)["data/claims.csv"])))
    assert [r["id"] for r in rows] == sorted(result.dossier.claims)
    for row in rows:
        claim = result.dossier.claims[row["id"]]
        assert row["statement"] == claim.statement
        assert row["claimant"] == claim.claimant
        assert len(row["evidence"].splitlines()) == len(claim.evidence)


def test_claims_csv_defuses_spreadsheet_formulas(write: Write, mini: Path) -> None:
    path = mini / "annotations/claims/bridge-is-safe.yaml"
    path.write_text(path.read_text().replace("statement: The bridge is safe.", "statement: '=HYPERLINK(\"x\")'"))
    rows = list(csv.DictReader(io.StringIO(exported(mini)["data/claims.csv"])))
    assert rows[0]["statement"] == '\'=HYPERLINK("x")'


# Text fragments ----------------------------------------------------------------


def test_text_fragments_percent_encode_the_quote() -> None:
    fragment = text_fragment("Ana López said: “safe”, 12-14 & more")
    assert fragment.startswith("#:~:text=")
    body = fragment.removeprefix("#:~:text=")
    assert not re.search(r"[\s,&\-“”]", body)
    assert unquote(body) == "Ana López said: “safe”, 12-14 & more"


def test_long_quotes_use_a_start_and_an_end() -> None:
    quote = "one two three four five six seven eight nine ten eleven twelve thirteen"
    start, end = text_fragment(quote).removeprefix("#:~:text=").split(",")
    assert (unquote(start), unquote(end)) == ("one two three four five", "nine ten eleven twelve thirteen")


def test_evidence_links_offer_the_passage_in_the_original(mini: Path) -> None:
    path = mini / "annotations/sources/planet-bridge.yaml"
    path.write_text(path.read_text().replace("language: en", "language: en\nurl: https://example.org/bridge#top"))
    pages = render(checked_ok(mini)).pages
    event = pages["events/bridge-closed.md"]
    assert "(https://example.org/bridge#:~:text=the%20bridge%20was%20closed%20on%20Monday)" in event
    claim = pages["claims/bridge-is-safe.md"]
    assert "#:~:text=%E2%80%9Cthe%20bridge%20is%20safe%E2%80%9D)" in claim  # the seed's own quote marks
    assert claim.count("example.org") == 1  # the Gazette has no url: no deep link for its quote


def test_every_actor_kind_has_a_followthemoney_schema() -> None:
    from followthemoney import model

    from builder.export.ftm import ACTOR_SCHEMA
    from builder.model.schema import load_schema

    assert set(ACTOR_SCHEMA) == set(load_schema().vocabularies["actor_kind"]), "map the new actor kind in ftm.py"
    assert all(model.get(name).is_a(model.get("Thing")) for name in ACTOR_SCHEMA.values())


def test_quote_ids_are_those_of_the_quotes_in_export_order() -> None:
    from builder.export.records import quotes, record
    from builder.model.schema import load_schema
    from builder.pipeline import check

    dossier = check(Path(__file__).parent / "fixtures" / "mini").dossier
    expected = [q.id for q in quotes(dossier)]
    in_records = [
        ev["id"] for entity in dossier.entities() for ev in _evidence_of(record(entity, dossier, load_schema()))
    ]
    assert expected and sorted(in_records) == sorted(expected)
    assert all(re.fullmatch(r"[a-z0-9-]+\.e[0-9]+", quote_id) for quote_id in expected)


def _evidence_of(data: dict) -> list[dict]:
    return [*data.get("evidence", []), *(ev for role in data.get("roles", []) for ev in role.get("evidence", []))]
