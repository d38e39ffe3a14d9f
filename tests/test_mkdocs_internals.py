"""Canaries for publish/mkdocs_internals.py: what it relies on in MkDocs' private internals still holds.

The File objects it makes by hand are those `File.generated` makes, made without its path normalisation;
`serve --dirty` is covered whole by tests/test_dirty_serve.py."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from builder.publish.mkdocs_internals import Anchors, FileMaker, ThemeListing, Unchanged, normal

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


def _theme_files(config_file: Path, listing: ThemeListing | None = None) -> list[tuple[str, str | None]]:
    """The theme's static files MkDocs adds to a build, as (path, the file it copies)."""
    config = load_config(str(config_file))
    if listing is not None:
        listing.use(config)
    files = Files([])
    files.add_files_from_theme(config.theme.get_env(), config)
    return [(file.src_uri, file.abs_src_path) for file in files]


def test_the_theme_listing_kept_across_builds_finds_what_mkdocs_finds(tmp_path: Path) -> None:
    """Installed theme folders are walked once; a custom_dir is walked on every build, so that a file added to
    it between two builds is copied as MkDocs would copy it, and one that overrides the theme's is preferred."""
    overrides = tmp_path / "overrides"
    (overrides / "assets").mkdir(parents=True)
    (overrides / "assets" / "extra.css").write_text("a {}", encoding="utf-8")
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(
        f"site_name: x\ndocs_dir: {tmp_path / 'docs'}\ntheme:\n  name: material\n  custom_dir: overrides\n",
        encoding="utf-8",
    )
    (tmp_path / "docs").mkdir()
    listing = ThemeListing()
    first = _theme_files(config_file, listing)
    assert first == _theme_files(config_file)
    assert ("assets/extra.css", str(overrides / "assets" / "extra.css")) in first
    assert len(first) > 10  # the theme's own scripts and styles
    (overrides / "assets" / "more.js").write_text("", encoding="utf-8")
    replaced = next(path for path, _ in first if path.startswith("assets/javascripts/") and path.endswith(".js"))
    (overrides / replaced).parent.mkdir(parents=True, exist_ok=True)
    (overrides / replaced).write_text("", encoding="utf-8")
    again = _theme_files(config_file, listing)
    assert again == _theme_files(config_file)
    assert ("assets/more.js", str(overrides / "assets" / "more.js")) in again
    assert (replaced, str(overrides / replaced)) in again
    assert listing.walked  # the installed folders were walked once, and kept


def _pages(config: Any, kept: set[str], anchors: dict[str, set[str]]) -> Files:
    """Generated pages a.md, b.md and c.md of one build, those in `kept` not built again, each with the
    anchors given (those built again: as MkDocs read them)."""
    make = FileMaker(config)
    files = Files([make(path, "", path in kept) for path in ("a.md", "b.md", "c.md")])
    for file in files:
        Page(None, file, config)
        assert file.page is not None
        if file.src_uri not in kept:
            file.page.present_anchor_ids = anchors[file.src_uri]
    return files


def test_a_kept_page_has_its_links_into_the_pages_built_again_checked(caplog: pytest.LogCaptureFixture) -> None:
    """a.md links to b.md#x and c.md#y; b.md is built again without its anchor x: MkDocs reports a's link
    (and only that one: c.md, kept too, still has y)."""
    config = load_config(str(REPO / "mkdocs.yml"))
    config.plugins._current_plugin = "dossier"
    anchors = Anchors()
    first = _pages(config, set(), {"a.md": set(), "b.md": {"x"}, "c.md": {"y"}})
    a, b, c = (first.src_uris[p] for p in ("a.md", "b.md", "c.md"))
    assert a.page is not None
    a.page.links_to_anchors = {b: {"x": "b.md#x"}, c: {"y": "c.md#y"}}
    anchors.record(first.documentation_pages())
    second = _pages(config, {"a.md", "c.md"}, {"b.md": set()})
    anchors.restore(second)
    a, b, c = (second.src_uris[p] for p in ("a.md", "b.md", "c.md"))
    assert a.page is not None and c.page is not None
    assert a.page.links_to_anchors == {b: {"x": "b.md#x"}}
    assert c.page.present_anchor_ids == {"y"}
    with caplog.at_level(logging.WARNING, logger="mkdocs"):
        for file in second:
            assert file.page is not None
            file.page.validate_anchor_links(files=second, log_level=logging.WARNING)
    assert [r.getMessage() for r in caplog.records] == [
        "Doc file 'a.md' contains a link 'b.md#x', but the doc 'b.md' does not contain an anchor '#x'."
    ]
    anchors.record(second.documentation_pages())  # a kept page's links stay its first build's
    third = _pages(config, {"c.md"}, {"a.md": set(), "b.md": {"x"}})  # a built again, without links
    anchors.restore(third)
    anchors.record(third.documentation_pages())
    fourth = _pages(config, {"a.md", "c.md"}, {"b.md": set()})
    anchors.restore(fourth)
    assert all(file.page is not None and not file.page.links_to_anchors for file in fourth)
