"""`mkdocs serve --dirty`: generated pages that did not change keep their HTML, and the preview is the site
a clean build makes (publish/dirty.py)."""

from __future__ import annotations

import importlib.util
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import FIXTURES, REPO

pytestmark = pytest.mark.slow

SEARCH = "search/search_index.json"


def _served() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_served", REPO / "bench" / "served.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Server:
    """Builds as `mkdocs serve` runs them (bench/served.py); `build` says whether one succeeded."""

    def __init__(self, root: Path, site: Path, dirty: bool = True) -> None:
        self.serving = _served().Serving(root / "mkdocs.yml", site, dirty)

    def build(self) -> bool:
        ok, _ = self.serving.build()
        return bool(ok)

    def close(self) -> None:
        self.serving.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, Path, Server]]:
    root = tmp_path / "dossier"
    shutil.copytree(FIXTURES / "mini", root)
    site = tmp_path / "site"
    server = Server(root, site)
    try:
        yield root, site, server
    finally:
        server.close()


def clean_build(root: Path, site: Path) -> None:
    server = Server(root, site, dirty=False)
    try:
        assert server.build()
    finally:
        server.close()


def pages(site: Path) -> dict[str, int]:
    """Every HTML page and its modification time."""
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*.html")}


def search_entries(site: Path) -> list[str]:
    return sorted(json.dumps(e, sort_keys=True) for e in json.loads((site / SEARCH).read_bytes())["docs"])


def assert_same_site(served: Path, clean: Path) -> None:
    """Every file of the clean build is in the preview, byte for byte; the search index has the same entries
    (in another order). The preview may also hold pages of entities removed since: MkDocs never deletes."""
    for path in clean.rglob("*"):
        rel = path.relative_to(clean).as_posix()
        if path.is_file() and rel != SEARCH:
            assert (served / rel).read_bytes() == path.read_bytes(), rel
    assert search_entries(served) == search_entries(clean)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edit_builds_the_pages_that_show_it_and_the_preview_is_a_clean_build(
    served: tuple[Path, Path, Server], tmp_path: Path
) -> None:
    root, site, server = served
    assert server.build()
    cold = pages(site)
    edit(root / "annotations/claims/bridge-is-safe.yaml", "statement: ", "statement: Edited ")
    time_before_edit = max(cold.values())
    assert server.build()
    now = pages(site)
    built = {page for page, mtime in now.items() if mtime > time_before_edit}
    assert "claims/bridge-is-safe/index.html" in built
    assert "claims/fourteen-cracks/index.html" not in built  # another claim, on another source's quote
    assert len(built) < len(now) / 2, sorted(built)
    clean_build(root, tmp_path / "clean")
    assert_same_site(site, tmp_path / "clean")


def test_a_renamed_actor_removed_claim_failed_build_and_new_config_all_end_in_a_clean_build(
    served: tuple[Path, Path, Server], tmp_path: Path
) -> None:
    root, site, server = served
    assert server.build()
    edit(root / "annotations/actors/ana-lopez.yaml", "name: ", "name: Edited ")
    assert server.build()
    clean_build(root, tmp_path / "clean-1")
    assert_same_site(site, tmp_path / "clean-1")

    (root / "annotations/claims/twelve-cracks.yaml").unlink()
    assert server.build()
    clean_build(root, tmp_path / "clean-2")
    assert_same_site(site, tmp_path / "clean-2")
    assert not any('"location": "claims/twelve-cracks/' in entry for entry in search_entries(site))

    claim = root / "annotations/claims/bridge-is-safe.yaml"
    good = claim.read_text(encoding="utf-8")
    edit(claim, "statement: ", "statemnt: ")  # an error: the build fails, and the preview stays as it was
    assert not server.build()
    claim.write_text(good.replace("statement: ", "statement: Fixed "), encoding="utf-8")
    assert server.build()
    clean_build(root, tmp_path / "clean-3")
    assert_same_site(site, tmp_path / "clean-3")

    edit(root / "mkdocs.yml", "site_name: Mini dossier", "site_name: Renamed dossier")  # in every page's header
    assert server.build()
    clean_build(root, tmp_path / "clean-4")
    assert_same_site(site, tmp_path / "clean-4")

    (root / "docs/notes.md").write_text("# Notes\n\nA new hand-written page, in every page's menu.\n", encoding="utf-8")
    assert server.build()
    clean_build(root, tmp_path / "clean-5")
    assert_same_site(site, tmp_path / "clean-5")


def test_the_search_index_is_whole_when_the_home_page_is_not_the_first_built(
    served: tuple[Path, Path, Server], tmp_path: Path
) -> None:
    """Material replaces only the first built page's entries in its last index (all of them, when that is
    the home page, at ""); here a hand-written page other than the home page is built first."""
    root, site, server = served
    (root / "docs/index.md").rename(root / "docs/about.md")
    assert server.build()
    edit(root / "annotations/claims/bridge-is-safe.yaml", "statement: ", "statement: Edited ")
    assert server.build()
    clean_build(root, tmp_path / "clean")
    assert_same_site(site, tmp_path / "clean")


def test_a_page_the_menu_names_coming_into_being_builds_every_page_again(
    served: tuple[Path, Path, Server], tmp_path: Path
) -> None:
    """The menu in `mkdocs.yml` is the same, but its entry for a page that was missing becomes a link."""
    root, site, server = served
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "nav:\n  - index.md\n  - notes.md\n", encoding="utf-8")
    assert server.build()
    (root / "docs/notes.md").write_text("# Notes\n", encoding="utf-8")
    assert server.build()
    clean_build(root, tmp_path / "clean")
    assert_same_site(site, tmp_path / "clean")
