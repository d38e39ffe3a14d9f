"""`mkdocs serve --dirty`: generated pages that did not change keep their HTML, and the preview is the site
a clean build makes (publish/mkdocs_internals.py)."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from collections.abc import Callable, Iterator
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
    """Material's search index (the mini fixture keeps Material's search plugin beside Pagefind's)."""
    return sorted(json.dumps(e, sort_keys=True) for e in json.loads((site / SEARCH).read_bytes())["docs"])


def assert_same_site(served: Path, clean: Path) -> None:
    """Every file of the clean build is in the preview, byte for byte; the search index has the same entries
    (in another order). The preview may also hold pages of entities removed since: MkDocs never deletes."""
    for path in clean.rglob("*"):
        rel = path.relative_to(clean).as_posix()
        # the sitemap's dates are today's (see sitemap.xml); Pagefind names some files differently on each run
        if path.is_file() and rel not in (SEARCH, "sitemap.xml.gz") and not rel.startswith("pagefind/"):
            assert _dateless((served / rel).read_bytes()) == _dateless(path.read_bytes()), rel
    assert search_entries(served) == search_entries(clean)


def _dateless(content: bytes) -> bytes:
    """Without the sitemap's dates, which are the day's: a test may run across midnight."""
    return re.sub(rb"<lastmod>[^<]*</lastmod>", b"", content)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def built_since(site: Path, before: dict[str, int]) -> set[str]:
    """The HTML pages written since `before` (see `pages`)."""
    latest = max(before.values())
    return {page for page, mtime in pages(site).items() if mtime > latest}


def test_an_edit_builds_the_pages_that_show_it_and_the_preview_is_a_clean_build(
    served: tuple[Path, Path, Server], tmp_path: Path
) -> None:
    root, site, server = served
    assert server.build()
    cold = pages(site)
    _claim_edited(root)
    assert server.build()
    built = built_since(site, cold)
    assert "claims/bridge-is-safe/index.html" in built
    # Pages that do not show the statement are kept: another claim, an actor it does not name, an analysis page.
    kept = {"claims/fourteen-cracks/index.html", "actors/gazette/index.html", "analysis/relationships/index.html"}
    assert not kept & built
    clean_build(root, tmp_path / "clean")
    assert_same_site(site, tmp_path / "clean")


def test_after_a_failed_build_the_next_still_builds_only_what_changed(
    served: tuple[Path, Path, Server], tmp_path: Path
) -> None:
    """Half-typed YAML fails the check: the preview is still the last build's pages, with the problems shown
    over them (builder/publish/served_problems.py), and none of them is built again."""
    root, site, server = served
    assert server.build()
    claim = root / "annotations/claims/bridge-is-safe.yaml"
    good = claim.read_text(encoding="utf-8")
    before = pages(site)
    edit(claim, "statement: ", "statemnt: ")
    assert server.build()
    assert "statemnt" in (site / "assets/dossier-problems.json").read_text(encoding="utf-8")
    assert not {p for p in built_since(site, before) if p.count("/") == 2}  # entity pages (menu pages always are)
    before = pages(site)
    claim.write_text(good.replace("statement: ", "statement: Fixed "), encoding="utf-8")
    assert server.build()
    assert "claims/fourteen-cracks/index.html" not in built_since(site, before)
    clean_build(root, tmp_path / "clean")
    assert_same_site(site, tmp_path / "clean")


def _appended(root: Path, text: str) -> None:
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text(encoding="utf-8") + text, encoding="utf-8")


def _nothing(root: Path) -> None:
    pass


def _claim_edited(root: Path) -> None:
    edit(root / "annotations/claims/bridge-is-safe.yaml", "statement: ", "statement: Edited ")


def _actor_renamed(root: Path) -> None:
    edit(root / "annotations/actors/ana-lopez.yaml", "name: ", "name: Edited ")


def _claim_removed(root: Path) -> None:
    (root / "annotations/claims/twelve-cracks.yaml").unlink()


def _site_renamed(root: Path) -> None:
    edit(root / "mkdocs.yml", "site_name: Mini dossier", "site_name: Renamed")


def _notes(root: Path, text: str = "# Notes\n") -> None:
    (root / "docs/notes.md").write_text(text, encoding="utf-8")


def _notes_retitled(root: Path) -> None:
    _notes(root, "# Field notes\n")


def _notes_setext(root: Path) -> None:
    _notes(root, "Notes\n=====\n")


def _notes_retitled_setext(root: Path) -> None:
    _notes(root, "Field notes\n===========\n")


def _untitled_menu(root: Path) -> None:
    """Menu entries without a title show the page's own (the project's mkdocs.yml has such entries): here of
    pages that the edit of a claim does not change."""
    _appended(root, "nav:\n  - index.md\n  - actors/gazette.md\n")
    _appended(root, "  - Analysis:\n      - analysis/index.md\n      - analysis/relationships.md\n")


def _menu_naming_the_edited_claim(root: Path) -> None:
    _appended(root, "nav:\n  - index.md\n  - claims/bridge-is-safe.md\n")


def _menu_naming_a_claim(root: Path) -> None:
    _appended(root, "nav:\n  - index.md\n  - Key claim: claims/twelve-cracks.md\n")


def _menu_naming_notes(root: Path) -> None:
    _appended(root, "nav:\n  - index.md\n  - notes.md\n")


def _draft_with_overview(root: Path) -> None:
    _appended(root, "draft_docs: notes.md\n")
    _notes(root, "# Notes\n\n<!-- dossier:at-a-glance -->\n")


def _menu_with_dot_slash(root: Path) -> None:
    _appended(root, "nav:\n  - index.md\n  - ./actors/gazette.md\n")


def _menu_naming_notes_without_space(root: Path) -> None:
    _menu_naming_notes(root)
    _notes(root, "#Notes\n")


def _notes_retitled_without_space(root: Path) -> None:
    _notes(root, "#Field notes\n")


def _menu_naming_notes_titled(root: Path) -> None:
    _menu_naming_notes(root)
    _notes(root, "# Field notes\n")


def _notes_heading_no_longer_first(root: Path) -> None:
    _notes(root, "Intro.\n\n# Field notes\n")  # the title is now the file name's


def _menu_naming_notes_after_a_reference(root: Path) -> None:
    _menu_naming_notes(root)
    _notes(root, "[site]: https://example.org\n\n# Field notes\n")  # the heading is still the first element


def _notes_retitled_after_a_reference(root: Path) -> None:
    _notes(root, "[site]: https://example.org\n\n# Other notes\n")


def _dossier_before_search(root: Path) -> None:
    edit(root / "mkdocs.yml", "  - dossier\n", "")
    edit(root / "mkdocs.yml", "plugins:\n", "plugins:\n  - dossier\n")


def _inheriting(root: Path) -> None:
    (root / "base.yml").write_text("site_name: Base\n", encoding="utf-8")
    edit(root / "mkdocs.yml", "site_name: Mini dossier\n", "INHERIT: base.yml\n")


def _inherited_and_claim_changed(root: Path) -> None:
    (root / "base.yml").write_text("site_name: Changed\n", encoding="utf-8")
    _claim_edited(root)


# (set-up before the first build, change before the second): the second build must give a clean build's site.
SCENARIOS: dict[str, tuple[Callable[[Path], None], Callable[[Path], None]]] = {
    "an actor's name": (_nothing, _actor_renamed),
    "a removed claim": (_nothing, _claim_removed),
    "the site's name": (_nothing, _site_renamed),
    "a new hand-written page, in the menu": (_nothing, _notes),
    "a hand-written page's title": (_notes, _notes_retitled),
    "a hand-written page's title, underlined": (_notes_setext, _notes_retitled_setext),
    "pages the menu names without a title": (_untitled_menu, _claim_edited),
    "the title of a generated page the menu names": (_menu_naming_the_edited_claim, _claim_edited),
    "a generated page the menu names, removed": (_menu_naming_a_claim, _claim_removed),
    "a page the menu names coming into being": (_menu_naming_notes, _notes),
    "a draft page with the overview": (_draft_with_overview, _claim_removed),
    "a menu path written with ./": (_menu_with_dot_slash, _claim_edited),
    "a title without a space after #": (_menu_naming_notes_without_space, _notes_retitled_without_space),
    "a heading that no longer comes first": (_menu_naming_notes_titled, _notes_heading_no_longer_first),
    "a title after a link reference": (_menu_naming_notes_after_a_reference, _notes_retitled_after_a_reference),
    "the dossier plugin listed before search": (_dossier_before_search, _claim_edited),
    "an inherited setting": (_inheriting, _inherited_and_claim_changed),
}


@pytest.mark.parametrize("what", SCENARIOS)
def test_the_preview_after_a_change_is_a_clean_build(
    served: tuple[Path, Path, Server], tmp_path: Path, what: str
) -> None:
    root, site, server = served
    set_up, change = SCENARIOS[what]
    set_up(root)
    assert server.build()
    change(root)
    assert server.build()
    clean_build(root, tmp_path / "clean")
    assert_same_site(site, tmp_path / "clean")
    if change is _claim_removed:
        assert not any('"location": "claims/twelve-cracks/' in entry for entry in search_entries(site))


FAILING_HOOK = """from pathlib import Path


def on_post_build(config, **kwargs):
    if (Path(config.config_file_path).parent / "fail").exists():
        raise RuntimeError("a build that fails once MkDocs has written its pages")
"""


def test_a_build_that_fails_after_writing_pages_makes_the_next_a_full_one(
    served: tuple[Path, Path, Server], tmp_path: Path
) -> None:
    """Its pages are of the failed build, which the next one must not compare with."""
    root, site, server = served
    (root / "hook.py").write_text(FAILING_HOOK, encoding="utf-8")
    _appended(root, "hooks:\n  - hook.py\n")
    assert server.build()
    claim = root / "annotations/claims/bridge-is-safe.yaml"
    good = claim.read_text(encoding="utf-8")
    (root / "fail").touch()
    _claim_edited(root)
    assert not server.build()
    (root / "fail").unlink()
    claim.write_text(good, encoding="utf-8")
    assert server.build()
    clean_build(root, tmp_path / "clean")
    assert_same_site(site, tmp_path / "clean")


def test_a_config_read_differently_each_time_still_keeps_pages(served: tuple[Path, Path, Server]) -> None:
    """`!relative` loads as an object with an address in its repr: the config is compared as written."""
    root, site, server = served
    _appended(root, "extra:\n  here: !relative $config_dir\n")
    assert server.build()
    before = pages(site)
    _claim_edited(root)
    assert server.build()
    assert "claims/fourteen-cracks/index.html" not in built_since(site, before)


def test_a_broken_anchor_into_a_kept_page_is_reported_as_a_clean_build_reports_it(
    served: tuple[Path, Path, Server],
) -> None:
    """MkDocs checks anchors against the pages it read: a kept page's are the last build's. (From a page
    outside the menu: editing one in it may change its title there, and builds every page again.)"""
    root, _, server = served
    _appended(root, "nav:\n  - index.md\n")
    _notes(root)
    assert server.build()
    _notes(root, "# Notes\n\n[x](claims/bridge-is-safe.md#no-such-anchor)\n")
    assert server.build()
    assert any("does not contain an anchor '#no-such-anchor'" in w for w in server.serving.warnings)


def test_the_search_index_is_whole_when_the_home_page_is_not_the_first_built(
    served: tuple[Path, Path, Server], tmp_path: Path
) -> None:
    """Material replaces only the first built page's entries in its last index (all of them, when that is
    the home page, at ""); here a hand-written page other than the home page is built first."""
    root, site, server = served
    (root / "docs/index.md").rename(root / "docs/about.md")
    assert server.build()
    _claim_edited(root)
    assert server.build()
    clean_build(root, tmp_path / "clean")
    assert_same_site(site, tmp_path / "clean")


def test_the_sitemap_is_written_again_only_when_what_it_shows_changes(
    served: tuple[Path, Path, Server], tmp_path: Path
) -> None:
    """It lists every page: an edit that adds or removes none leaves the last one (publish/mkdocs_internals.py
    `Sitemap`), one that removes a page writes it again."""
    root, site, server = served
    assert server.build()
    written = {name: (site / name).stat().st_mtime_ns for name in ("sitemap.xml", "sitemap.xml.gz")}
    _claim_edited(root)
    assert server.build()
    assert {name: (site / name).stat().st_mtime_ns for name in written} == written
    _claim_removed(root)
    assert server.build()
    assert "claims/twelve-cracks/" not in (site / "sitemap.xml").read_text(encoding="utf-8")
    assert all((site / name).stat().st_mtime_ns > mtime for name, mtime in written.items())
    clean_build(root, tmp_path / "clean")
    assert_same_site(site, tmp_path / "clean")
