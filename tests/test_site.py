"""End to end: the real seed dossier builds with `mkdocs build --strict`, completely and soundly linked."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


def search_docs(site: Path) -> list[dict[str, str]]:
    """The entries of a built site's search index (Material's search/search_index.json)."""
    docs: list[dict[str, str]] = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    return docs


def test_search_finds_the_diagrams_words_on_the_page_not_in_their_source(built: tuple[Path, Path]) -> None:
    """Every claim has a diagram; its Mermaid source in the search index made "published by" or "flowchart"
    find every claim. The diagram is still on the page, and its labels are words of the page's own lists."""
    root, site = built
    claims = check(root).dossier.claims
    docs = search_docs(site)
    pages = [doc for doc in docs if doc["location"].startswith("claims/") and doc["location"] != "claims/"]
    assert {doc["location"].split("/")[1] for doc in pages} >= set(claims)
    assert not [doc["location"] for doc in docs if "flowchart" in doc["text"] or "classDef" in doc["text"]]
    for claim_id in claims:
        page = (site / "claims" / claim_id / "index.html").read_text(encoding="utf-8")
        assert '<pre class="mermaid"><code>flowchart LR' in page  # Material drops the mark once it indexed the page


LISTS = ("events", "claims-made", "claims-relayed", "claims-about-", "sources-published", "mentioned-in")
LISTS += ("related-claims-and-events", "related-claims")


def test_search_indexes_each_text_once_at_its_home(built: tuple[Path, Path]) -> None:
    """The index is what every reader's browser fetches and indexes again on each page it opens, and it grows
    with the dossier: an entity's page is indexed, lists of other entities and quotes of a source's text are
    not (those are indexed at the entity's own page and in the source's text); nor are listing pages."""
    root, site = built
    dossier = check(root).dossier
    docs = search_docs(site)
    located = {doc["location"] for doc in docs}
    for entity in dossier.entities():
        if entity.KIND != "relationship":
            assert f"{PLURAL[entity.KIND]}/{entity.id}/" in located, entity.id
    ids: dict[str, set[str]] = {}
    for entity in dossier.entities():
        ids.setdefault(PLURAL[entity.KIND], set()).add(entity.id)
    for location in located:
        folder, _, rest = location.partition("/")
        if folder in ids:
            assert rest.partition("/")[0] in ids[folder], f"a listing page is indexed: {location}"
            assert not rest.partition("#")[2].startswith(LISTS), f"a list or quotes are indexed: {location}"
    evidence = {doc["location"].split("/")[1]: doc["text"] for doc in docs if doc["location"].endswith("/#evidence")}
    for claim in dossier.claims.values():
        assert "— " in evidence[claim.id]  # the line under each quote: where it is, how it is used, the note
        for ev in claim.evidence:
            assert ev.anchor is not None
            quoted = dossier.texts[ev.source].text[ev.anchor.start : ev.anchor.end]
            assert _plain(quoted) not in _plain(evidence[claim.id]), claim.id
        page = (site / "claims" / claim.id / "index.html").read_text(encoding="utf-8")
        assert "<p data-search-exclude>" in page  # the quotes are still on the page, for readers
    actor_pages = [(site / "actors" / a / "index.html").read_text(encoding="utf-8") for a in dossier.actors]
    assert any('<h2 data-search-exclude id="mentioned-in">' in page for page in actor_pages)
    texts = [doc for doc in docs if doc["location"].startswith("sources/") and doc["location"].endswith("#text")]
    assert len(texts) == len(dossier.texts)  # sources the dossier holds; a cited document has no text


def _written(entity: dict[str, Any]) -> Iterator[str]:
    """What annotators wrote about an entity that its page shows (from the site's own data/dossier.json)."""
    for field in ("statement", "title", "name", "description", "notes", "date_note"):
        if isinstance(entity.get(field), str):
            yield entity[field]
    yield from entity.get("aliases", [])
    for item in [*entity.get("evidence", []), *entity.get("participants", []), *entity.get("relations", [])]:
        yield from (item[key] for key in ("note", "role") if isinstance(item.get(key), str))
    for role in entity.get("roles", []):
        yield role["title"]
        yield from (ev["note"] for ev in role.get("evidence", []) if ev.get("note"))


def _plain(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).casefold().split())


def test_search_finds_everything_annotators_wrote(built: tuple[Path, Path]) -> None:
    """Leaving repeated text out of the index must not leave out text whose only place is a left-out section."""
    _, site = built
    dossier = json.loads((site / "data/dossier.json").read_text(encoding="utf-8"))
    docs = search_docs(site)
    index = "\n".join(_plain(doc["title"]) + "\n" + _plain(doc["text"]) for doc in docs)
    kinds = ("sources", "actors", "events", "claims", "relationships")
    written = {text for kind in kinds for entity in dossier[kind].values() for text in _written(entity)}
    assert len(written) > 10
    assert sorted(text for text in written if _plain(text) not in index) == []
