"""Every YAML example in the method and the annotation reference is a valid annotation of the seed dossier.

Each example is written into a copy of the repository's dossier, as the file of the entity it shows (replacing
that entity's own file), and the copy must check without an error: fields, vocabulary, dates, references and
quotes alike. An example that drifts from the model or from its source fails here, not in a reader's editor.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from builder.model.schema import load_schema
from builder.pipeline import check
from tests.conftest import REPO

DOCS = ("method.md", "reference.md")
FENCE = re.compile(r"^```yaml\n(.*?)^```", re.MULTILINE | re.DOTALL)
HEADING = re.compile(r"^## (.+)$", re.MULTILINE)
KINDS = {"source": "source", "actor": "actor", "event": "event", "claim": "claim", "relationship": "relationship"}


def examples() -> list[tuple[str, str, str]]:
    """(where, kind, text) for each YAML example that is an annotation; the kind is the section's."""
    found = []
    for name in DOCS:
        text = (REPO / "docs" / name).read_text(encoding="utf-8")
        for match in FENCE.finditer(text):
            block = match.group(1)
            data = yaml.safe_load(block)
            if data is None:  # a comment only, such as the schema line
                continue
            headings = [h for h in HEADING.findall(text[: match.start()])]
            section = headings[-1].split()[0].lower() if headings else ""
            kind = KINDS.get(section, "claim" if section == "evidence:" else "")
            line = text[: match.start()].count("\n") + 2
            found.append((f"{name}:{line}", kind, block))
    return found


def test_the_docs_have_examples() -> None:
    kinds = {kind for _, kind, _ in examples()}
    assert kinds == set(load_schema().kinds), kinds


@pytest.mark.parametrize(("where", "kind", "text"), examples(), ids=[e[0] for e in examples()])
def test_each_example_validates(tmp_path: Path, where: str, kind: str, text: str) -> None:
    assert kind, f"{where}: an example outside the sections of the five kinds"
    data = yaml.safe_load(text)
    assert isinstance(data, dict) and "id" in data, f"{where}: an example is a whole annotation, with its id"
    root = tmp_path / "dossier"
    shutil.copytree(REPO / "annotations", root / "annotations")
    shutil.copytree(REPO / "seeds", root / "seeds")
    folder = load_schema().kinds[kind].folder
    (root / "annotations" / folder / f"{data['id']}.yaml").write_text(text, encoding="utf-8")
    errors = [p.text() for p in check(root).problems.errors]
    assert errors == [], where
