"""Three hosts, one site: MkDocs, ProperDocs and Zensical build the same dossier from the same docs tree.

`python -m builder build --out` writes the complete docs tree (pages, data files, stylesheet) and
`python -m builder zensical-config` a copy of mkdocs.yml pointed at it without the dossier plugin; each
host then builds that. The sites must have the same pages, the same anchors in every page (the quoted
passages' `#q…` anchors among them, each link to one landing), and the same data files, byte for byte.
Only what each host makes for itself differs: its theme's scripts and stylesheets, its search index and
its sitemap (EXPECTED). See docs/hosts.md for which host to use when.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path

import pytest

from builder.cli import main
from tests.conftest import REPO

pytestmark = pytest.mark.slow

HOSTS = {
    "mkdocs": ["build", "--strict"],
    "properdocs": ["build", "--strict"],
    "zensical": ["build", "--strict"],
}
# Files each host makes for itself (its theme's assets, search index and sitemap): not compared.
EXPECTED = ["assets/javascripts/*", "assets/stylesheets/*", "search/*", "search.json", "sitemap.xml", "sitemap.xml.gz"]
EXPECTED += ["pagefind/*"]  # the search index: Pagefind names some of its files differently on each run
ID = re.compile(r'\sid="([^"]+)"')
QUOTE_LINK = re.compile(r'href="([^"#]*)#(q[0-9]+-[0-9]+)"')


def host(name: str) -> str:
    """The host's command, installed beside this Python (requirements-dev.txt pins all three)."""
    command = Path(sys.executable).with_name(name)
    assert command.is_file(), f"{name} is not installed: pip install -r requirements-dev.txt"
    return str(command)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("hosts")
    assert main(["build", "--root", str(REPO), "--out", str(work / "docs"), "--quiet"]) == 0
    built = {}
    for name, arguments in HOSTS.items():
        site = work / f"site-{name}"
        config = work / f"{name}.yml"
        command = ["zensical-config", "--config", str(REPO / "mkdocs.yml"), "--docs", str(work / "docs")]
        assert main([*command, "--out", str(config), "--site", str(site)]) == 0
        result = subprocess.run(
            [host(name), *arguments, "-f", str(config)],
            capture_output=True,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "NO_COLOR": "1"},
            cwd=work,
            check=False,
            timeout=600,
        )
        assert result.returncode == 0, f"{name}: {result.stdout}{result.stderr}"
        assert main(["search-index", "--root", str(REPO), str(site)]) == 0  # as docs/search.md says, after any host
        built[name] = site
    built["docs"] = work / "docs"
    return built


def files(site: Path) -> dict[str, Path]:
    found = {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}
    return {rel: path for rel, path in found.items() if not any(fnmatch(rel, pattern) for pattern in EXPECTED)}


def anchors(page: Path) -> set[str]:
    """The page's own anchors: the theme's (`__…`) left out."""
    return {found for found in ID.findall(page.read_text(encoding="utf-8")) if not found.startswith("__")}


@pytest.mark.parametrize("other", ["properdocs", "zensical"])
def test_each_host_builds_the_same_site(sites: dict[str, Path], other: str) -> None:
    ours, theirs = files(sites["mkdocs"]), files(sites[other])
    assert sorted(ours.keys() ^ theirs.keys()) == []
    pages = [rel for rel in ours if rel.endswith(".html")]
    assert len(pages) > 100 and "claims/index.html" in pages
    different = [rel for rel in pages if anchors(ours[rel]) != anchors(theirs[rel])]
    assert different == []
    data = [rel for rel in ours if rel.startswith("data/") or rel == "assets/dossier.css"]
    assert [rel for rel in data if ours[rel].read_bytes() != theirs[rel].read_bytes()] == []


@pytest.mark.parametrize("name", list(HOSTS))
def test_each_host_s_site_is_indexed_for_search_and_loads_the_box(sites: dict[str, Path], name: str) -> None:
    site = sites[name]
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] > 50
    assert "assets/dossier-search.js" in (site / "claims" / "index.html").read_text(encoding="utf-8")


def test_the_data_files_are_those_of_the_docs_tree(sites: dict[str, Path]) -> None:
    docs = {rel: path for rel, path in files(sites["docs"]).items() if rel.startswith("data/")}
    assert {"data/dossier.json", "data/ftm.ndjson", "data/annotations.jsonld"} <= docs.keys()
    site = files(sites["mkdocs"])
    assert [rel for rel, path in docs.items() if site[rel].read_bytes() != path.read_bytes()] == []


@pytest.mark.parametrize("name", list(HOSTS))
def test_every_link_to_a_quote_lands_on_it(sites: dict[str, Path], name: str) -> None:
    site = sites[name]
    links = 0
    for page in site.rglob("*.html"):
        for target, anchor in QUOTE_LINK.findall(page.read_text(encoding="utf-8")):
            landing = (page.parent / target).resolve()
            landing = landing / "index.html" if landing.is_dir() else landing
            assert anchor in anchors(landing), (page.relative_to(site).as_posix(), target, anchor)
            links += 1
    assert links > 50
