"""Canaries for publish/mkdocs_internals.py: what it relies on in MkDocs' private internals still holds.

The File objects it makes by hand are those `File.generated` makes, made without its path normalisation;
`serve --dirty` is covered whole by tests/test_dirty_serve.py."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, InclusionLevel

from builder.publish.mkdocs_internals import FileMaker, Unchanged, normal

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "path", ["index.md", "claims/a-b.md", "data/dossier.json", "claims/by-kind/x-2.md", "a//b.md", "./a.md", "a/./b"]
)
def test_generated_file_is_what_mkdocs_makes(path: str) -> None:
    config = load_config(str(REPO / "mkdocs.yml"))
    config.plugins._current_plugin = "dossier"
    ours = FileMaker(config)(path, "text")
    theirs = File.generated(config, path, content="text", inclusion=InclusionLevel.NOT_IN_NAV)
    assert vars(ours) == vars(theirs)
    assert (ours.dest_uri, ours.url, ours.content_string, ours.edit_uri) == (
        theirs.dest_uri,
        theirs.url,
        theirs.content_string,
        theirs.edit_uri,
    )


@pytest.mark.parametrize("path", ["a//b.md", "./a.md", "a/./b", "/a.md", "a/", "a\\b.md", ""])
def test_paths_mkdocs_would_change_are_not_normal(path: str) -> None:
    assert not normal(path)


def test_an_unchanged_file_is_a_file_mkdocs_does_not_build_again() -> None:
    config = load_config(str(REPO / "mkdocs.yml"))
    config.plugins._current_plugin = "dossier"
    file = FileMaker(config)("claims/a.md", "text", unchanged=True)
    assert isinstance(file, Unchanged) and isinstance(file, File) and not file.is_modified()
    assert vars(file) == vars(FileMaker(config)("claims/a.md", "text"))
