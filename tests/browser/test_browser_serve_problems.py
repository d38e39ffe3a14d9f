"""Under `mkdocs serve`, a dossier with an error shows the problems in the page the reader has open, and the
page comes back by itself when they are fixed (issue 21, friction item 1), in Chromium."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext
from site_reader import REPO

pytestmark = pytest.mark.browser


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = tmp_path / "mini"
    shutil.copytree(REPO / "tests/fixtures/mini", root)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(root / "mkdocs.yml")]
    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base, timeout=5)
                break
            except OSError:
                time.sleep(0.2)
        yield root, base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_open_page_shows_the_problems_and_comes_back(browser: BrowserContext, served: tuple[Path, str]) -> None:
    root, base = served
    page = browser.new_page()
    try:
        page.goto(base + "claims/bridge-is-safe/", wait_until="load")
        assert page.locator("#dossier-problems").count() == 0
        claim = root / "annotations/claims/bridge-is-safe.yaml"
        good = claim.read_text(encoding="utf-8")
        claim.write_text(good.replace("claimant: ana-lopez", "claimant: ana-lopes"), encoding="utf-8")
        panel = page.locator("#dossier-problems")  # MkDocs reloads the page after the rebuild
        panel.wait_for(timeout=60_000)
        text = panel.inner_text()
        assert "annotations/claims/bridge-is-safe.yaml:4:11" in text and "Did you mean 'ana-lopez'?" in text
        assert "Fix:" in text
        assert "The bridge is safe" in page.locator("article").inner_text()  # the last sound page, still there
        claim.write_text(good, encoding="utf-8")
        panel.wait_for(state="detached", timeout=60_000)
        assert page.locator("article h1").inner_text()
    finally:
        page.close()
