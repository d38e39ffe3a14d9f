"""The editors' JSON Schemas: generated from schema.yaml, committed, and true to the annotations."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from builder.cli import main
from builder.load.yaml_nodes import parse_yaml
from builder.model.jsonschema import all_schemas, schema_line
from builder.model.schema import load_schema
from builder.problems import Problems
from tests.conftest import FIXTURES, REPO

SCHEMA_DIR = REPO / "schema"
ROOTS = {"repo": REPO, "mini": FIXTURES / "mini", "relay": FIXTURES / "relay"}


def annotation_files(root: Path) -> list[tuple[str, Path]]:
    return [
        (kind.name, path)
        for kind in load_schema().kinds.values()
        for path in sorted((root / "annotations" / kind.folder).glob("*.yaml"))
    ]


def validator(kind: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8")))


def plain(text: str) -> object:
    """The YAML as the builder reads it (dates stay text), so the schema sees what the loader sees."""
    node = parse_yaml(text, "test.yaml", Problems())
    assert node is not None
    return node.plain()


def test_committed_schemas_are_the_generated_ones() -> None:
    generated = all_schemas()
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMA_DIR.glob("*.schema.json")}
    assert committed == generated, "schema.yaml changed: run `python -m builder schema` and commit schema/"


@pytest.mark.parametrize("name", sorted(all_schemas()))
def test_each_schema_is_a_valid_draft7_schema(name: str) -> None:
    jsonschema.Draft7Validator.check_schema(json.loads(all_schemas()[name]))


@pytest.mark.parametrize("root", ROOTS.values(), ids=ROOTS.keys())
def test_every_annotation_file_names_its_schema_on_the_first_line(root: Path) -> None:
    files = annotation_files(root)
    assert files
    wrong = [str(p.relative_to(root)) for kind, p in files if p.read_text().splitlines()[:1] != [schema_line(kind)]]
    assert wrong == []


@pytest.mark.parametrize("root", ROOTS.values(), ids=ROOTS.keys())
def test_every_annotation_file_is_valid_against_its_schema(root: Path) -> None:
    errors = [
        f"{path.relative_to(root)}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
        for kind, path in annotation_files(root)
        for e in validator(kind).iter_errors(plain(path.read_text(encoding="utf-8")))
    ]
    assert errors == []


def test_the_schema_line_points_at_the_committed_file() -> None:
    for kind in load_schema().kinds:
        target = (REPO / "annotations" / "claims" / schema_line(kind).split("$schema=")[1]).resolve()
        assert target == SCHEMA_DIR / f"{kind}.schema.json"
        assert target.is_file()


@pytest.mark.parametrize(
    ("kind", "change", "where"),
    [
        ("claim", {"id": "Not An Id"}, "id"),
        ("claim", {"claimant": "ana lopez"}, "claimant"),
        ("claim", {"evidence": []}, "evidence"),
        ("claim", {"evidence": [{"source": "planet-bridge", "quote": "x", "stance": "believes"}]}, "evidence/0/stance"),
        ("claim", {"evidence": [{"source": "planet-bridge", "quote": "x", "page": 3}]}, "evidence/0"),
        ("claim", {"made": "26 November 2025"}, "made"),
        ("claim", {"made": "2025-13"}, "made"),
        ("claim", {"colour": "red"}, ""),
        ("source", {"url": "example.org/story"}, "url"),
        ("source", {"language": None}, ""),  # a held source (one with `file`) needs `language`
        ("claim", {"made": "[..]"}, "made"),
        ("actor", {"kind": "spy"}, "kind"),
    ],
)
def test_the_schema_catches_what_the_loader_refuses(kind: str, change: dict, where: str) -> None:
    good = {
        "claim": {
            "id": "bridge-is-safe",
            "statement": "The bridge is safe.",
            "claimant": "ana-lopez",
            "evidence": [{"source": "planet-bridge", "quote": "the bridge is safe"}],
        },
        "source": {"id": "s", "file": "seeds/a.txt", "title": "T", "language": "en"},
        "actor": {"id": "a", "name": "A", "kind": "person"},
    }[kind]
    assert list(validator(kind).iter_errors(good)) == []
    changed = {key: value for key, value in {**good, **change}.items() if value is not None}
    errors = list(validator(kind).iter_errors(changed))
    assert errors
    assert "/".join(map(str, errors[0].absolute_path)) == where


@pytest.mark.parametrize(
    "date",
    [
        "2025",
        "2025-11",
        "2025-11-26",
        "2022~",
        "2025-11?",
        "2025-09/2025-11",
        "../2025-11",
        "[..2025-11]",
        "[2025-11..]",
    ],
)
def test_edtf_dates_the_loader_accepts_pass(date: str) -> None:
    claim = {"id": "c", "statement": "s", "claimant": "a", "made": date, "evidence": [{"source": "s", "quote": "q"}]}
    assert list(validator("claim").iter_errors(claim)) == []


def test_the_command_regenerates_the_schemas(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "--out", str(tmp_path)]) == 0
    assert {p.name: p.read_text(encoding="utf-8") for p in tmp_path.iterdir()} == all_schemas()
    assert "claim.schema.json" in capsys.readouterr().out


def test_a_source_without_file_is_a_cited_document_and_needs_no_language() -> None:
    cited = {"id": "axios-report", "title": "[Axios report]", "publisher": "axios"}
    assert list(validator("source").iter_errors(cited)) == []
