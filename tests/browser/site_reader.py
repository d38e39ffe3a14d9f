"""Reading the built site as a person would: the site's pages and links, a browser tab that records what goes
wrong on it, Material's search box, and the checks run on every page. Fixtures are in conftest.py."""

from __future__ import annotations

import http.server
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Response
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("DOSSIER_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",  # nothing leaves the machine
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
NODE_MODULES = REPO / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
OFFLINE = "net::ERR_NAME_NOT_RESOLVED"  # what loading from another host gives
ENTITY_FOLDERS = ("actors", "events", "claims", "sources")
INSTALL_HINT = "run `make install-dev` (as root on Debian it installs chromium and runs `npm ci`)"

# Uncaught errors are counted, so that waiting for pictures stops at the first failure. Material's remembered
# colour scheme is forgotten, so that each page follows the scheme the test asks for (prefers-color-scheme).
INIT_SCRIPT = """
(() => {
  try {
    for (const key of Object.keys(localStorage)) if (key.endsWith("__palette")) localStorage.removeItem(key);
  } catch (error) {}
  window.__uncaught = 0;
  addEventListener("error", () => { window.__uncaught += 1; });
  addEventListener("unhandledrejection", () => { window.__uncaught += 1; });
})();
"""

PICTURES = ".dossier-network, .dossier-timeline"  # the widgets the site's scripts draw

# For each picture on the page: '' if drawn (a canvas or the timeline's items, of some size), else what is wrong.
DIAGRAMS = """() => [...document.querySelectorAll('.dossier-network, .dossier-timeline')].map(el => {
  if (!el.hasAttribute('data-drawn')) return 'not drawn: ' + el.textContent.trim().slice(0, 80);
  const drawn = el.querySelector('canvas, .vis-timeline');
  if (!drawn) return 'nothing drawn';
  const box = drawn.getBoundingClientRect();
  return box.width < 20 || box.height < 20 ? 'drawn empty' : '';
})"""


# The built site -----------------------------------------------------------------------------------


class _Links(HTMLParser):
    """The links of a page, and how many pictures (network or timeline widgets) it has."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.pictures = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"] or "")
        if {"dossier-network", "dossier-timeline"} & set((values.get("class") or "").split()):
            self.pictures += 1


@dataclass
class BuiltPage:
    path: str  # URL path relative to the site root: "" for home, "actors/nicolas-maduro/" ...
    file: Path
    links: list[str] = field(default_factory=list)  # other pages linked, as site paths
    pictures: int = 0  # network and timeline widgets in the page

    @property
    def kind(self) -> str:
        """home, actor, event, claim, source, index (listings) or other (hand-written and analysis pages)."""
        parts = self.path.strip("/").split("/") if self.path else []
        if not parts:
            return "home"
        if parts[0] in ENTITY_FOLDERS:
            return parts[0][:-1] if len(parts) == 2 else "index"
        return "other"


@dataclass
class BuiltSite:
    root: Path  # the dossier (folder of mkdocs.yml)
    out: Path  # the built site
    pages: dict[str, BuiltPage]

    def of_kind(self, kind: str) -> list[BuiltPage]:
        return [p for p in self.pages.values() if p.kind == kind]

    def sample(self, kind: str) -> list[BuiltPage]:
        """The pages a test of one page type visits: the largest page (the hardest to lay out) of an entity
        type, and of each series of pages of the other types (pages 2, 3… of a listing, a timeline's years)."""
        if kind in ("actor", "event", "claim", "source"):
            series = {kind: self.of_kind(kind)}
        else:
            series = {}
            for page in self.of_kind(kind):
                series.setdefault(re.sub(r"/(?:\d{4}|undated)/$|-\d+/$", "/#/", page.path), []).append(page)
        largest = [max(pages, key=lambda p: (p.file.stat().st_size, p.path)) for pages in series.values() if pages]
        return sorted(largest, key=lambda p: p.path)


def page_path(site_file: str) -> str:
    """`actors/x/index.html` -> `actors/x/`; `index.html` -> ``."""
    return site_file[: -len("index.html")] if site_file.endswith("index.html") else site_file


def resolve(from_path: str, href: str) -> str | None:
    """The site path a link leads to, or None for another site, an asset or a same-page anchor."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("#", "mailto:", "javascript:")):
        return None
    target = urlsplit(urljoin("http://site/" + from_path, parts.path)).path.lstrip("/")
    target = unquote(target)
    if target.endswith(".html"):
        target = page_path(target)
    elif target and not target.endswith("/"):
        return None  # a file: css, image, xml
    return target


def read_site(root: Path, out: Path) -> BuiltSite:
    pages: dict[str, BuiltPage] = {}
    for file in sorted(out.rglob("*.html")):
        rel = file.relative_to(out).as_posix()
        if rel == "404.html" or rel.split("/")[0] in ("assets", "search"):
            continue
        parser = _Links()
        parser.feed(file.read_text(encoding="utf-8"))
        path = page_path(rel)
        links = [t for t in (resolve(path, h) for h in parser.hrefs) if t is not None]
        pages[path] = BuiltPage(path, file, list(dict.fromkeys(links)), parser.pictures)
    return BuiltSite(root, out, pages)


# The browser ---------------------------------------------------------------------------------------


class Reader:
    """One browser tab on the served site, recording what went wrong on it."""

    def __init__(self, page: Page, base_url: str, site: BuiltSite) -> None:
        self.page = page
        self.base = base_url
        self.site = site
        self.problems: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"{self.where()}: uncaught error: {error}"))
        page.on("response", self._response)
        page.on("requestfailed", self._failed)

    # what went wrong
    def where(self) -> str:
        return "/" + self.path()

    def _console(self, message: ConsoleMessage) -> None:
        source = message.location.get("url") or ""
        if OFFLINE in message.text and source.startswith("http") and not source.startswith(self.base):
            return  # another host (Google Fonts): unreachable from the test machine by design
        if message.type == "error":
            self.problems.append(f"{self.where()}: console error: {message.text} ({message.location.get('url')})")

    def _response(self, response: Response) -> None:
        if response.url.startswith(self.base) and response.status >= 400:
            self.problems.append(f"{self.where()}: {response.status} for {response.url}")

    def _failed(self, request: Request) -> None:
        if request.url.startswith(self.base):
            self.problems.append(f"{self.where()}: request failed: {request.url} ({request.failure})")

    def take_problems(self) -> list[str]:
        problems, self.problems = self.problems, []
        return problems

    # moving around
    def url(self, path: str) -> str:
        return self.base + path

    def path(self) -> str:
        """The site path of the current page, without query or fragment."""
        url = self.page.url
        return urlsplit(url).path.lstrip("/") if url.startswith(self.base) else url

    def fragment(self) -> str:
        return unquote(urlsplit(self.page.url).fragment)

    def open(self, path: str, viewport: dict[str, int] = DESKTOP, scheme: str = "light") -> None:
        self.page.set_viewport_size(viewport)
        self.page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
        self.page.goto(self.url(path), wait_until="load")
        self.wait_for_diagrams()

    def wait_for_diagrams(self) -> None:
        """The widgets draw their data file after the page has loaded: wait until all are drawn, or an error."""
        built = self.site.pages.get(self.path())
        expected = built.pictures if built else 0
        if not expected:
            return
        try:
            self.page.wait_for_function(
                """selector => window.__uncaught > 0 || [...document.querySelectorAll(selector)].every(
                  el => el.hasAttribute('data-drawn') || el.classList.contains('dossier-network-failed'))""",
                arg=PICTURES,
                timeout=30_000,
            )
        except PlaywrightTimeoutError:
            self.problems.append(f"{self.where()}: {expected} picture(s) not drawn within 30 s")

    def diagrams(self) -> list[str]:
        """For each diagram on the page: '' if drawn as an SVG with something in it, else what is wrong."""
        return self.page.evaluate(DIAGRAMS)

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        target = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(target), animations="disabled")
        return target

    # searching as a reader does: the search box in the header (assets/dossier-search.js, Pagefind's index)
    def search(self, query: str) -> list[SearchHit]:
        """Type `query` into the search box and read the results shown first (ten pages of the index; a
        group of claims or events gives a row for each one that matched), in order."""
        page = self.page
        box = page.locator("#dossier-search-input")
        box.fill("")
        before = page.evaluate("() => window.__dossierSearch.shown.length")
        box.fill(query)
        page.wait_for_function(
            """([n, q]) => { const s = window.__dossierSearch.shown;
                return s.length > n && s[s.length - 1].query === q; }""",
            arg=[before, query.strip()],
        )
        rows = page.eval_on_selector_all(SEARCH_ROWS, "rows => rows.map(r => [r.getAttribute('href'), r.textContent])")
        return [SearchHit.of(self.base, urljoin(self.page.url, href), text) for href, text in rows]


SEARCH_ROWS = ".dossier-search__result > a.dossier-search__link, .dossier-search__result > a.dossier-search__passage"


@dataclass
class SearchHit:
    path: str  # the page found, without a fragment
    fragment: str  # the passage of it (a source's paragraph: p12), or ""
    text: str  # what the row shows: kind, title, excerpt

    @classmethod
    def of(cls, base: str, href: str, text: str) -> SearchHit:
        path = href[len(base) :] if href.startswith(base) else href
        path, _, fragment = path.partition("#")
        return cls(unquote(path.split("?")[0]), fragment, " ".join(text.split()))


# Every page, once ----------------------------------------------------------------------------------

BROKEN_IMAGES = """() => [...document.images]
  .filter(img => img.complete && img.naturalWidth === 0)
  .map(img => img.currentSrc || img.src || img.outerHTML.slice(0, 80))"""

# How far the page is wider than the window, and the outermost elements that stick out on the right.
OVERFLOW = """() => {
  const root = document.documentElement, width = root.clientWidth;
  if (root.scrollWidth <= width) return {scroll: root.scrollWidth, client: width, wide: []};
  const out = [...document.body.querySelectorAll('*')].filter(el => {
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1 && getComputedStyle(el).position !== 'fixed';
  });
  const outermost = out.filter(el => !out.includes(el.parentElement));
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  return {scroll: root.scrollWidth, client: width, wide: outermost.slice(0, 5).map(el =>
    `${name(el)} (${Math.round(el.getBoundingClientRect().right)}px): ${el.textContent.trim().slice(0, 50)}`)};
}"""


@dataclass
class PageReport:
    problems: list[str]  # console errors, uncaught errors, failed requests
    broken_images: list[str]
    diagrams: list[str]  # per picture: '' when drawn, else what is wrong
    phone: dict  # OVERFLOW at a phone's width


def visit_every_page(browser: BrowserContext, base_url: str, site: BuiltSite) -> dict[str, PageReport]:
    """Load every page at desktop width (diagrams drawn), then look at it on a phone's width.

    One tab: several tabs at once were three times slower on two cores."""
    tab = Reader(browser.new_page(), base_url, site)
    reports: dict[str, PageReport] = {}
    try:
        for path in sorted(site.pages):
            tab.open(path)
            images = tab.page.evaluate(BROKEN_IMAGES)
            diagrams = tab.diagrams()
            tab.page.set_viewport_size(PHONE)
            tab.page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
            reports[path] = PageReport(tab.take_problems(), images, diagrams, tab.page.evaluate(OVERFLOW))
    finally:
        tab.page.close()
    return reports


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built site; logs nothing."""

    def log_message(self, format: str, *args: object) -> None:
        pass
