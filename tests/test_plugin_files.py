"""The plugin's generated File objects are those `File.generated` makes, made without its path normalisation."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, InclusionLevel

from builder.publish.plugin import _normal, generated_file

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "path", ["index.md", "claims/a-b.md", "data/dossier.json", "claims/by-kind/x-2.md", "a//b.md", "./a.md", "a/./b"]
)
def test_generated_file_is_what_mkdocs_makes(path: str) -> None:
    config = load_config(str(REPO / "mkdocs.yml"))
    config.plugins._current_plugin = "dossier"
    ours = generated_file(config, path, "text")
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
    assert not _normal(path)


def test_quote_ids_are_numbered_when_first_read() -> None:
    from builder.export.records import quote_ids, quotes
    from builder.pipeline import check

    dossier = check(REPO / "tests" / "fixtures" / "mini").dossier
    expected = {id(q.evidence): q.id for q in quotes(dossier)}
    assert expected
    first = next(iter(expected))
    assert quote_ids(dossier).get(first) == expected[first]
    assert quote_ids(dossier)[first] == expected[first]
    assert first in quote_ids(dossier) and len(quote_ids(dossier)) == len(expected)
    assert dict(zip(quote_ids(dossier), expected.values(), strict=True)) == expected
