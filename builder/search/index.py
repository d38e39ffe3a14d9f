"""Writing the Pagefind index into a built site (`SITE/pagefind/`): the entity records, and the site's other
pages (docs/search.md says what it costs). A new index is written beside the old one and then put in its place,
so that a reader searching during a rebuild under `mkdocs serve` finds the last index, not half of one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from builder.analyse.analysis import Analysis
from builder.model.dossier import Dossier
from builder.search.records import KINDS, records

BUNDLE = "pagefind"  # the index's folder in the site
# Word places per chunk of the index (Pagefind's default is 20,000). As the reader types, each prefix of a word
# fetches the chunk where it would sort ("ma", "mar", "mari"...): smaller chunks make each such fetch smaller, for a
# slightly larger table of contents. Pagefind 1.5 reads it from an environment variable that it calls unstable:
# a Pagefind without it makes chunks of its default size, and search works the same.
CHUNK_LOCATIONS = 5000
# What the pages' own markup says is not for search: diagrams' source, permalink signs, quoted words shown
# beside what cites them (indexed in the source's text), sections that list entities indexed at their pages.
EXCLUDED = ["[data-search-exclude]", ".headerlink", ".mermaid", "nav", "script", "style", "svg", "form"]
# Pagefind's bundle also holds three UIs of its own; the dossier uses its small one (assets/dossier-search.js).
UNUSED = [f"pagefind-{ui}.{ext}" for ui in ("ui", "modular-ui", "component-ui") for ext in ("js", "css")]
UNUSED.append("pagefind-highlight.js")
_ARTICLE = re.compile(r"<article\b[^>]*\bmd-content__inner\b[^>]*>(.*)</article>", re.DOTALL)
_MAIN = re.compile(r"<main\b[^>]*>(.*)</main>", re.DOTALL)


@dataclass
class Indexed:
    records: int  # records of a few entities each (see records.py)
    entities: int
    pages: int  # other pages of the site (home, analysis, hand-written)
    seconds: float


def site_pages(site: Path, directory_urls: bool = True) -> Iterator[tuple[str, str]]:
    """(url, HTML) of each page of the built site that is not an entity's page or a list of entities: the
    home page, the analysis pages and the hand-written ones. Timeline years list events, which are indexed at
    their own pages."""
    for file in sorted(site.rglob("*.html")):
        rel = file.relative_to(site).as_posix()
        if is_other_page(rel):
            yield page_url(rel, directory_urls), file.read_text(encoding="utf-8")


def is_other_page(rel: str) -> bool:
    """Whether the page at `rel` (its HTML file in the site) is one `site_pages` gives."""
    parts = rel.split("/")
    if parts[0] in KINDS.values() or parts[0] in (BUNDLE, "assets", "data", "search") or rel == "404.html":
        return False
    return not (parts[:2] == ["analysis", "timeline"] and len(parts) > 2 and parts[2] != "index.html")


def page_url(rel: str, directory_urls: bool) -> str:
    return rel[: -len("index.html")] if directory_urls and rel.endswith("index.html") else rel


def page_record(page: str) -> str:
    """The readable part of a built page (Material's and Zensical's article; else `main`; else all of it),
    as the page Pagefind indexes, with the facet `kind: page`."""
    found = _ARTICLE.search(page) or _MAIN.search(page)
    body = found.group(1) if found else page
    return f'<html lang="en"><body><span data-pagefind-filter="kind" hidden>page</span>{body}</body></html>'


def index_site(
    site: Path,
    dossier: Dossier,
    analysis: Analysis | None,
    directory_urls: bool = True,
    say: Callable[[str], None] = lambda _: None,
    other_pages: Iterable[tuple[str, str]] | None = None,
) -> Indexed:
    """Index the built site at `site`: the dossier's records and the site's other pages, into `site/pagefind`.
    `other_pages`: those pages as (url, HTML), when the host has them before it has written them (then the
    index can be made while the host writes the site); by default they are read from `site`.

    The records are written as small HTML files into a temporary folder that Pagefind's own indexer reads
    (it indexes on every core; its Python API answers one record per tenth of a second)."""
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="dossier-search-") as folder:
        work = Path(folder)
        count = entities = 0
        for record in records(dossier, analysis, directory_urls):
            _put(work / "records", record.url, record.html())
            count += 1
            entities += len(record.entries)
        pages = 0
        for url, page in site_pages(site, directory_urls) if other_pages is None else other_pages:
            _put(work / "records", url, page_record(page))
            pages += 1
        _run_pagefind(work, site)
    took = time.perf_counter() - start
    say(f"search: indexed {entities} entities (in {count} records) and {pages} other pages in {took:.2f} s")
    return Indexed(count, entities, pages, took)


def _put(folder: Path, url: str, content: str) -> None:
    path = folder / (url + "index.html" if url.endswith("/") or not url else url)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content, encoding="utf-8")


def _run_pagefind(work: Path, site: Path) -> None:
    """Run Pagefind (the binary of the pinned `pagefind[bin]` wheel) on the records in `work`, and put the
    bundle it writes in place of `site/pagefind`."""
    fresh = work / BUNDLE
    config = {"site": "records", "output_path": BUNDLE, "force_language": "en", "exclude_selectors": EXCLUDED}
    (work / "pagefind.json").write_text(json.dumps(config), encoding="utf-8")
    env = {**os.environ, "PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE": str(CHUNK_LOCATIONS)}
    done = subprocess.run(
        [sys.executable, "-m", "pagefind", "--silent"], cwd=work, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0 or not (fresh / "pagefind.js").is_file():
        raise SearchError(f"Pagefind could not index the site (exit {done.returncode}): {done.stdout}{done.stderr}")
    for name in UNUSED:
        (fresh / name).unlink(missing_ok=True)
    target, old = site / BUNDLE, site / f".{BUNDLE}.old"
    shutil.rmtree(old, ignore_errors=True)
    staged = site / f".{BUNDLE}.new"
    shutil.rmtree(staged, ignore_errors=True)
    shutil.move(str(fresh), staged)  # the temporary folder may be on another file system
    if target.exists():
        target.rename(old)
    staged.rename(target)
    shutil.rmtree(old, ignore_errors=True)


class SearchError(Exception):
    """Pagefind is missing or failed."""
