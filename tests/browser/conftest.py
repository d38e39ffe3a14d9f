"""Browser tests: the seed dossier built once, served on 127.0.0.1, read with Debian's Chromium.

Once per session: `mkdocs build --strict` into a temporary folder, a `http.server` thread on a free port,
one Chromium (Playwright, `executable_path=/usr/bin/chromium`, a fresh profile). Each test gets a fresh tab
(a `Reader`) that records every console error, uncaught exception and failed request of this site.

Nothing leaves the machine: Chromium resolves no host name but 127.0.0.1, so Material's Google Fonts fail
(the system fonts are used; those failures are not counted as the site's errors). The network and timeline
libraries are the site's own vendored copies. No request is intercepted, so Chromium caches as it does for a
reader.

The dossier under test is the repository's own; `DOSSIER_ROOT=path/to/folder-with-mkdocs.yml` picks
another (e.g. `DOSSIER_ROOT=tests/fixtures/mini`).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.config import load_config
from playwright.sync_api import BrowserContext, Playwright, sync_playwright
from site_reader import (
    AXE_JS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    INIT_SCRIPT,
    INSTALL_HINT,
    REPO,
    BuiltSite,
    PageReport,
    Reader,
    SiteHandler,
    read_site,
    visit_every_page,
)

from builder.model.dossier import Dossier
from builder.pipeline import check


def dossier_root() -> Path:
    chosen = os.environ.get("DOSSIER_ROOT")
    root = (Path.cwd() / chosen).resolve() if chosen else REPO
    if not (root / "mkdocs.yml").is_file():
        raise pytest.UsageError(f"DOSSIER_ROOT={chosen}: no mkdocs.yml in {root}")
    return root


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The dossier built once with `mkdocs build --strict`."""
    root = dossier_root()
    out = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", str(root / "mkdocs.yml")]
    done = subprocess.run(
        [*command, "-d", str(out)], cwd=root, env=env, capture_output=True, text=True, timeout=600, check=False
    )
    if done.returncode != 0:
        pytest.fail(f"`mkdocs build --strict` of {root} failed:\n{done.stdout}\n{done.stderr}", pytrace=False)
    return read_site(root, out)


@pytest.fixture(scope="session")
def dossier(site: BuiltSite) -> Dossier:
    """The dossier the site was built from, as the builder reads it."""
    config = load_config(str(site.root / "mkdocs.yml"))
    plugin = config.plugins["dossier"]
    return check((site.root / plugin.config.root).resolve()).dossier


@pytest.fixture(scope="session")
def base_url(site: BuiltSite) -> Iterator[str]:
    """The built site served on 127.0.0.1, on a free port."""
    handler = functools.partial(SiteHandler, directory=str(site.out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} and could not be installed here: {INSTALL_HINT}"
        if os.environ.get("CI") and os.geteuid() == 0 and shutil.which("apt-get"):
            pytest.fail(reason, pytrace=False)  # CI as root on Debian can always install it
        pytest.skip(reason)
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """One Chromium for the session, with a fresh profile; nothing it asks for leaves the machine."""
    context = playwright.chromium.launch_persistent_context(
        str(tmp_path_factory.mktemp("chromium-profile")),
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        viewport=DESKTOP,
        color_scheme="light",
        reduced_motion="reduce",
        service_workers="block",
    )
    context.set_default_timeout(15_000)
    context.add_init_script(INIT_SCRIPT)
    for stale in context.pages:
        stale.close()
    yield context
    context.close()


@pytest.fixture
def reader(browser: BrowserContext, base_url: str, site: BuiltSite) -> Iterator[Reader]:
    page = browser.new_page()
    try:
        yield Reader(page, base_url, site)
    finally:
        page.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_JS.is_file():
        pytest.fail(f"{AXE_JS.relative_to(REPO)} is missing: {INSTALL_HINT} (or `npm ci`)", pytrace=False)
    return AXE_JS.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sweep(browser: BrowserContext, base_url: str, site: BuiltSite) -> dict[str, PageReport]:
    """Every built page loaded once at desktop width (diagrams drawn), then looked at on a phone's width."""
    return visit_every_page(browser, base_url, site)
