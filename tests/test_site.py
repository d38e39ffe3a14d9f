"""End to end: the real seed dossier builds with `mkdocs build --strict`, completely and soundly linked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from builder.model.dossier import PLURAL
from builder.pipeline import check
from tests.conftest import FIXTURES, REPO
from tests.sitecheck import broken_links, read_site

pytestmark = pytest.mark.slow


def mkdocs_build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)]
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False)


@pytest.fixture(scope="module", params=["repo", "mini"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = REPO if request.param == "repo" else FIXTURES / "mini"
    site = tmp_path_factory.mktemp(f"site-{request.param}")
    before = snapshot(root / "docs")
    result = mkdocs_build(root / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    assert snapshot(root / "docs") == before, "the build wrote into docs/"
    return root, site


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*")}


def test_every_entity_has_its_page(built: tuple[Path, Path]) -> None:
    root, site = built
    dossier = check(root).dossier
    missing = [
        f"{PLURAL[entity.KIND]}/{entity.id}"
        for entity in dossier.entities()
        if entity.KIND != "relationship" and not (site / PLURAL[entity.KIND] / entity.id / "index.html").is_file()
    ]
    assert dossier.counts()["sources"] > 0
    assert missing == []


def test_every_internal_link_and_anchor_resolves(built: tuple[Path, Path]) -> None:
    _, site = built
    assert broken_links(site) == []


def test_evidence_links_land_on_a_quoted_passage(built: tuple[Path, Path]) -> None:
    root, site = built
    dossier = check(root).dossier
    pages = read_site(site)
    for claim in dossier.claims.values():
        links = [h for h in pages[f"claims/{claim.id}/index.html"].links if "/sources/" in h and "#q" in h]
        assert len(links) >= len(claim.evidence), claim.id


def test_relationships_are_shown_on_both_actors_pages(built: tuple[Path, Path]) -> None:
    root, site = built
    dossier = check(root).dossier
    for rel in dossier.relationships.values():
        for actor in (rel.subject, rel.object):
            assert f"rel-{rel.id}" in pages_ids(site, f"actors/{actor}/index.html"), (rel.id, actor)


def pages_ids(site: Path, page: str) -> set[str]:
    return read_site(site)[page].ids


def test_no_menu_lists_every_entity(built: tuple[Path, Path]) -> None:
    """The mini fixture has no nav in mkdocs.yml: the plugin supplies one of sections only."""
    root, site = built
    html = (site / "index.html").read_text(encoding="utf-8")
    start = html.index("md-nav--primary")
    menu = html[start : html.index('class="md-content"', start)]  # the primary menu, with its nested menus
    dossier = check(root).dossier
    listed = [claim for claim in dossier.claims if f"claims/{claim}/" in menu]
    assert listed == []
    assert "claims/" in menu


def test_the_site_has_a_search_index_and_the_search_box(built: tuple[Path, Path]) -> None:
    """Pagefind's bundle, written after the build (what it holds: tests/test_search.py); every page loads the box."""
    root, site = built
    assert (site / "pagefind" / "pagefind.js").is_file()
    if root == REPO:  # Material's lunr index is gone (the mini fixture keeps Material's search beside it)
        assert not (site / "search" / "search_index.json").exists()
    assert 'src="assets/dossier-search.js"' in (site / "index.html").read_text(encoding="utf-8")
