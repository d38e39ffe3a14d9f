"""The search index's records (builder/search/records.py) and writing the Pagefind bundle (builder/search/index.py)."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from builder.analyse.status import LABELS
from builder.export import export_files
from builder.model.entities import Claim, Evidence
from builder.pipeline import Checked, check
from builder.search.index import BUNDLE, UNUSED, index_site, page_record, site_pages
from builder.search.records import GROUP, KINDS, Entry, Record, records
from tests.conftest import REPO


@pytest.fixture(scope="module")
def seed() -> Checked:
    checked = check(REPO)
    assert checked.ok
    return checked


def _plain(text: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).casefold().split())


def found_at(made: list[Record]) -> dict[str, str]:
    """Each entity page the records lead to, with the words it is found by."""
    pages: dict[str, str] = {}
    for record in made:
        for entry in record.entries:
            page = record.at.replace("#", entry.id)
            assert page not in pages, f"{page} is indexed twice"
            pages[page] = _plain(" ".join([entry.title, entry.names, *entry.text, *entry.passages]))
    return pages


def test_every_entity_page_is_indexed_once_and_no_listing(seed: Checked) -> None:
    pages = found_at(list(records(seed.dossier, seed.analysis)))
    expected = {f"{KINDS[e.KIND]}/{e.id}/" for e in seed.dossier.entities() if e.KIND in KINDS}
    assert set(pages) == expected


def _written(entity: dict[str, Any]) -> Iterator[str]:
    """What annotators wrote about an entity that its page shows (from the site's own data/dossier.json)."""
    for field in ("statement", "title", "name", "description", "notes", "date_note"):
        if isinstance(entity.get(field), str):
            yield entity[field]
    yield from entity.get("aliases", [])
    for item in [*entity.get("evidence", []), *entity.get("participants", []), *entity.get("relations", [])]:
        yield from (item[key] for key in ("note", "role", "quote") if isinstance(item.get(key), str))
    for role in entity.get("roles", []):
        yield role["title"]
        yield from (ev["note"] for ev in role.get("evidence", []) if ev.get("note"))


def test_search_finds_everything_annotators_wrote_and_every_source_text(seed: Checked) -> None:
    """Each text the pages show, found somewhere: what annotators wrote, each source's text, each quote at
    what cites it (so that a quoted phrase finds the claims that cite it, not only the source)."""
    dossier = json.loads(export_files(seed.dossier, seed.analysis.cross)["data/dossier.json"])
    made = list(records(seed.dossier, seed.analysis))
    index = "\n".join(found_at(made).values())
    kinds = ("sources", "actors", "events", "claims", "relationships")
    written = {text for kind in kinds for entity in dossier[kind].values() for text in _written(entity)}
    assert len(written) > 10
    assert sorted(text for text in written if _plain(text) not in index) == []
    pages = found_at(made)
    for claim in seed.dossier.claims.values():
        for evidence in claim.evidence:
            assert _plain(evidence.quote) in pages[f"claims/{claim.id}/"], claim.id
    for source_id, text in seed.dossier.texts.items():
        for n in range(1, len(text) + 1):
            assert _plain(text.paragraph(n)) in pages[f"sources/{source_id}/"]


def test_a_record_holds_a_few_entities_of_one_kind_and_says_each_ones_facets(seed: Checked) -> None:
    made = list(records(seed.dossier, seed.analysis))
    assert all(0 < len(r.entries) <= GROUP[r.kind] for r in made)
    assert len(made) < len(list(seed.dossier.entities())) / 2
    assert all(len(r.entries) == 1 for r in made if r.kind in ("actor", "source"))  # see GROUP
    for record in made:  # Pagefind gives a quoted phrase's first place in a record only
        shared = [key for entry in record.entries for key in entry.shared]
        assert len(shared) == len(set(shared)), record.url
    for record in made:
        assert record.filters["kind"] == [record.kind]
        page = record.html()
        for entry in record.entries:  # the record's facets are its entries' together
            assert all(set(v) <= set(record.filters[k]) for k, v in entry.filters.items())
        # Pagefind indexes every word of a meta field: meta holds only the kind, where pages are, actors' names
        assert set(re.findall(r'data-pagefind-meta="(\w+)"', page)) <= {"kind", "at", "names"}
        differ = any(entry.filters != record.entries[0].filters for entry in record.entries)
        anchors = re.findall(r'<span id="([^"]*)"></span>', page)
        assert bool(anchors) == differ, record.url
        if differ:  # each entry's facets, in an anchor's id that the search box reads
            assert _facet_anchors(anchors) == {e.id: e.filters for e in record.entries}


def _facet_anchors(anchors: list[str]) -> dict[str, dict[str, list[str]]]:
    found: dict[str, dict[str, list[str]]] = {}
    for anchor in anchors:
        entity, _, encoded = html.unescape(anchor).partition("?")
        values: dict[str, list[str]] = {}
        for pair in encoded.split(";"):
            name, _, value = pair.partition("=")
            values.setdefault(unquote(name), []).append(unquote(value))
        found[entity] = values
    return found


def test_facets_say_kind_status_outlet_and_year(seed: Checked) -> None:
    made = list(records(seed.dossier, seed.analysis))
    claims = [r for r in made if r.kind == "claim"]
    assert all(r.filters["status"] for r in claims)
    statuses = seed.analysis.cross.statuses if seed.analysis.cross else {}
    shown = {LABELS[s] for claim, status in statuses.items() if claim in seed.dossier.claims for s in status.statuses}
    assert {v for r in claims for v in r.filters["status"]} == shown and len(shown) > 1
    sources = {e.id: e for r in made if r.kind == "source" for e in r.entries}
    for source in seed.dossier.sources.values():
        entry = sources[source.id]
        assert bool(entry.filters.get("outlet")) == bool(source.publisher), source.id
        assert bool(entry.filters.get("year")) == bool(source.published), source.id
    assert {"2025", "2026"} <= {y for r in made for y in r.filters.get("year", [])}


def test_annotation_text_never_becomes_markup() -> None:
    entry = Entry("x", '<script>alert("x")</script>', ["<img src=x onerror=alert(1)>"], {"outlet": ['"><b>bold']})
    entry.passages = ["</p><iframe>"]
    other = Entry("y", "y", [], {"outlet": ["<i>other</i>"]})  # facets that differ: in anchors' ids
    page = Record("claims/group-1/", "claim", "claims/#/", [entry, other]).html()
    assert "<script>" not in page and "<img" not in page and "<b>" not in page and "<iframe>" not in page
    assert "<i>" not in page and "&lt;script&gt;" in page
    anchors = re.findall(r'<span id="([^"]*)"></span>', page)
    assert _facet_anchors(anchors) == {"x": {"outlet": ['"><b>bold']}, "y": {"outlet": ["<i>other</i>"]}}


def test_site_pages_are_the_pages_that_are_not_an_entity_or_a_list(tmp_path: Path) -> None:
    for rel in ("index.html", "method/index.html", "analysis/timeline/index.html", "analysis/timeline/2025/index.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text('<main><article class="md-content__inner md-typeset"><h1>T</h1></article></main>')
    for rel in ("claims/x/index.html", "claims/index.html", "assets/x.html", "404.html", "pagefind/x.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("<p>no</p>")
    assert sorted(url for url, _ in site_pages(tmp_path)) == ["", "analysis/timeline/", "method/"]
    record = page_record("<html><nav>menu</nav><article class='md-content__inner'>Words</article></html>")
    assert "Words" in record and "menu" not in record


@pytest.mark.skipif(shutil.which("true") is None, reason="needs a POSIX system")
def test_index_site_writes_the_bundle_in_place_of_the_last(seed: Checked, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<article class="md-content__inner"><h1>Home</h1><p>Welcome</p></article>')
    (site / BUNDLE).mkdir()
    (site / BUNDLE / "stale.pf_index").write_text("old")
    indexed = index_site(site, seed.dossier, seed.analysis)
    bundle = site / BUNDLE
    assert (bundle / "pagefind.js").is_file() and (bundle / "pagefind-entry.json").is_file()
    assert not (bundle / "stale.pf_index").exists()
    assert not [name for name in UNUSED if (bundle / name).exists()]
    assert sorted(p.name for p in site.iterdir()) == ["index.html", BUNDLE]
    assert indexed.pages == 1 and indexed.records > 0
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == indexed.records + indexed.pages


def test_the_command_indexes_a_built_folder_and_refuses_an_unbuilt_one(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "builder", "search-index", "--root", str(REPO)]
    done = subprocess.run([*command, str(tmp_path)], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "has no index.html" in done.stderr
    (tmp_path / "index.html").write_text("<article class='md-content__inner'><h1>Home</h1></article>")
    done = subprocess.run([*command, str(tmp_path)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / BUNDLE / "pagefind.js").is_file()


def test_a_claim_without_status_or_sources_still_has_a_record(seed: Checked) -> None:
    claim = Claim(id="lonely", statement="A claim", claimant="", evidence=[Evidence(source="nowhere", quote="q")])
    seed.dossier.claims["lonely"] = claim
    try:
        made = [r for r in records(seed.dossier, None) if r.kind == "claim"]
    finally:
        del seed.dossier.claims["lonely"]
    assert any(entry.id == "lonely" for r in made for entry in r.entries)
