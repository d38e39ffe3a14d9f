"""`python -m builder new KIND`: stubs made from the schema (issue 21, friction items 2 and 6), and TODO
placeholders refused by `check --strict`."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from builder.cli import main
from builder.model.schema import load_schema
from builder.scaffold.templates import KINDS, stub
from tests.conftest import checked

# What a contributor fills in for each placeholder, by field, in the mini dossier.
FILLED = {
    "statement": "The mayor says the bridge is safe.",
    "claimant": "ana-lopez",
    "quote": "The mayor, Ana López",
    "title": "The bridge is closed",
    "name": "Jo Smith",
    "kind": "person",
    "subject": "ana-lopez",
    "type": "opposes",
    "object": "unnamed-engineer",
}


@pytest.mark.parametrize("kind", KINDS)
def test_a_stub_has_every_required_field_and_describes_the_others(kind: str) -> None:
    text = stub(kind, "new-thing", "planet-bridge")
    data = yaml.safe_load(text)
    spec = load_schema().kinds[kind]
    assert {name for name, f in spec.fields.items() if f.required} <= set(data)
    for name in spec.fields:  # optional ones are there, commented out
        assert f"{name}:" in text
    if "evidence" in data:
        assert data["evidence"][0]["source"] == "planet-bridge"


@pytest.mark.parametrize("kind", KINDS)
def test_check_points_at_each_placeholder_and_strict_refuses_it(
    kind: str, mini: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", kind, "new-thing", "--source", "planet-bridge", "--root", str(mini)]) == 0
    path = next(mini.glob("annotations/*/new-thing.yaml"))
    result = checked(mini)
    todos = [p for p in result.problems.sorted() if "TODO placeholder" in p.message]
    assert len(todos) == path.read_text().count('"TODO:')
    errors = [p for p in result.problems.sorted() if p.severity == "error"]
    assert all(p.cause for p in errors), "every error follows from a placeholder"
    # The contributor fills in each placeholder: the file is then sound, strictly.
    lines = []
    for line in path.read_text().splitlines():
        key = line.strip().removeprefix("- ").split(":")[0]
        if '"TODO:' in line:
            line = line[: line.index('"TODO:')] + (f"[{FILLED[key]}]" if "[" in line else repr(FILLED[key]))
        lines.append(line)
    path.write_text("\n".join(lines) + "\n")
    capsys.readouterr()
    assert main(["check", "--strict", "--root", str(mini)]) == 0, capsys.readouterr().err


def test_without_an_id_the_stub_is_printed(capsys: pytest.CaptureFixture[str], mini: Path) -> None:
    assert main(["new", "event", "--root", str(mini)]) == 0
    assert "evidence:" in capsys.readouterr().out
    assert not list(mini.glob("annotations/events/TODO*"))


def test_new_refuses_a_taken_id_an_unknown_source_and_a_bad_id(mini: Path) -> None:
    assert main(["new", "claim", "ana-lopez", "--root", str(mini)]) == 2  # an actor has it
    assert main(["new", "claim", "x", "--source", "nowhere", "--root", str(mini)]) == 2
    assert main(["new", "claim", "Bad Id", "--root", str(mini)]) == 2


def test_a_new_source_stub_passes_check_but_not_strict_until_its_todos_are_settled(
    mini: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "article.txt"
    article.write_text("The Bridge Report\n\nThe river rose again on Tuesday, officials said, and the ferry stopped.\n")
    assert main(["new-source", str(article), "--root", str(mini)]) == 0
    assert main(["check", "--root", str(mini)]) == 0
    assert main(["check", "--strict", "--root", str(mini)]) == 1
    assert "TODO placeholder" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["claim", "event", "relationship"])
def test_the_stub_says_where_via_ends_as_the_chains_are_built(kind: str) -> None:
    """builder/analyse/attribution.py: a chain is publisher → `via` → the claimant, so a claim's `via` stops
    before its claimant; an event or a relationship has none, and its `via` ends with the original speaker.
    The stub says only what holds for its kind, and its stance terms do not speak of a claim."""
    text = stub(kind, "new-thing", "planet-bridge")
    [via] = [line for line in text.splitlines() if line.lstrip().startswith("# via:")]
    if kind == "claim":
        assert "ends before the claimant" in via and "ends with" not in via
    else:
        assert "ends with the original speaker" in via and "claimant" not in via.replace("no claimant", "")
    stance = [line for line in text.splitlines() if line.lstrip().startswith(("#   supports", "#   reports"))]
    assert stance and not [line for line in stance if "claim" in line]
