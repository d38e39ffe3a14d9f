"""Private for readers: reading any page of the site, and searching, asks nothing of another origin.

Every request the browser makes is recorded, whether it succeeds or not (the test machine resolves no other
host, so a request elsewhere fails, but it is still made: on a reader's machine it would leave). This browser
has none of the test suite's stand-ins (conftest.py's Mermaid), so that the site loads what it loads for a reader.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Playwright, Request
from site_reader import CHROMIUM, CHROMIUM_ARGS, BuiltSite

pytestmark = pytest.mark.browser

KINDS = ["home", "actor", "event", "claim", "source", "index", "other"]  # "other": analysis and hand-written pages


@pytest.fixture(scope="module")
def bare_browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


def other_origins(requests: list[str], base: str) -> list[str]:
    return sorted({url for url in requests if not url.startswith((base, "data:", "blob:", "about:"))})


def test_no_page_asks_another_origin_for_anything(bare_browser: Browser, base_url: str, site: BuiltSite) -> None:
    pages = [page for kind in KINDS for page in site.sample(kind)]
    pages += [p for p in site.pages.values() if p.path.startswith("analysis/timeline/")][:2]
    assert {p.kind for p in pages} >= {"home", "actor", "event", "claim", "source", "other"}
    context = bare_browser.new_context(service_workers="block")
    tab = context.new_page()
    made: list[str] = []
    tab.on("request", lambda request: made.append(request.url))
    found: dict[str, list[str]] = {}
    try:
        for built in pages:
            made.clear()
            tab.goto(base_url + built.path, wait_until="load")
            tab.wait_for_timeout(300)  # scripts that load more after the page has loaded (diagrams, fonts)
            if elsewhere := other_origins(made, base_url):
                found[f"/{built.path} ({built.kind})"] = elsewhere
    finally:
        context.close()
    assert not found, "pages asked another origin:\n" + "\n".join(f"{p}: {', '.join(u)}" for p, u in found.items())


def test_searching_asks_no_other_origin(bare_browser: Browser, base_url: str) -> None:
    context = bare_browser.new_context(service_workers="block")
    tab = context.new_page()
    made: list[Request] = []
    tab.on("request", lambda request: made.append(request))
    try:
        tab.goto(base_url, wait_until="load")
        before = [r.url for r in made]
        assert not [u for u in before if "/pagefind/" in u], "the index is fetched before the reader searches"
        tab.keyboard.press("/")
        for query in ("Maduro", "Chavez", '"cold-blooded murder"'):
            tab.fill("#dossier-search-input", query)
            tab.wait_for_function(
                "q => window.__dossierSearch.shown.some(s => s.query === q)", arg=query, timeout=15_000
            )
        tab.click(".dossier-search__narrow")
        tab.click(".dossier-search__facet[data-facet='kind']")
        tab.wait_for_timeout(300)
        tab.click(".dossier-search__result a")
        tab.wait_for_load_state("load")
        tab.wait_for_timeout(300)
    finally:
        context.close()
    urls = [r.url for r in made]
    assert [u for u in urls if "/pagefind/" in u], "searching fetched nothing of the index"
    assert other_origins(urls, base_url) == []
