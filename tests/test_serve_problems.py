"""Under `mkdocs serve`, a failed check shows its problems in the browser instead of stalling every request,
and the site comes back by itself once they are fixed (issue 21, friction item 1)."""

from __future__ import annotations

import json
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

from builder.pipeline import check
from builder.publish.served_problems import ShownProblems, as_json, problem_page
from tests.conftest import FIXTURES

pytestmark = pytest.mark.slow


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:  # a stalled server fails here
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _until(what: str, test: object, seconds: float = 60) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if test():  # type: ignore[operator]
            return
        time.sleep(0.3)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    root = tmp_path / "dossier"
    shutil.copytree(FIXTURES / "mini", root)
    claim = root / "annotations/claims/bridge-is-safe.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("claimant: ana-lopez", "claimant: [ana"))
    port = _port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(root / "mkdocs.yml")]
    process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}/"

    def up() -> bool:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        try:
            return _get(base)[0] == 200
        except OSError:
            return False

    try:
        _until("the server to start", up)
        yield root, base
    finally:
        process.terminate()
        process.wait(timeout=30)


def _problems(base: str) -> dict:
    return json.loads(_get(base + "assets/dossier-problems.json")[1])


def test_a_broken_dossier_is_served_with_its_problems_and_comes_back_when_fixed(serving: tuple[Path, str]) -> None:
    root, base = serving
    # The very first build failed: the server still answers, every page carries the problems panel.
    status, home = _get(base)
    assert status == 200 and "dossier-serve.js" in home
    status, page = _get(base + "claims/")
    assert status == 200 and "The dossier has errors" in page  # a page of problems, readable without script
    [error] = _problems(base)["errors"]
    assert error["where"].startswith("annotations/claims/bridge-is-safe.yaml:")
    assert error["fix"]
    # Fixed: the next build brings the site back by itself.
    claim = root / "annotations/claims/bridge-is-safe.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("claimant: [ana", "claimant: ana-lopez"))
    _until("the fixed site", lambda: _get(base + "claims/bridge-is-safe/")[0] == 200)
    assert _problems(base)["errors"] == []
    # Broken again: the pages of the last sound build stay, with the problems over them; nothing stalls.
    actor = root / "annotations/actors/ana-lopez.yaml"
    actor.write_text(actor.read_text(encoding="utf-8").replace("kind: person", "kind: persn"))
    _until("the problems", lambda: _problems(base)["errors"] != [])
    data = _problems(base)
    assert data["stale"] and "Did you mean 'person'?" in data["errors"][0]["message"]
    status, page = _get(base + "claims/bridge-is-safe/")
    assert status == 200 and "The bridge is safe" in page


def test_the_panel_data_folds_consequences_under_their_cause(tmp_path: Path) -> None:
    root = tmp_path / "dossier"
    shutil.copytree(FIXTURES / "mini", root)
    actor = root / "annotations/actors/ana-lopez.yaml"
    actor.write_text(actor.read_text(encoding="utf-8").replace("kind: person", "kind person: ?"))
    checked = check(root)
    data = json.loads(as_json(checked.problems, checked.ok))
    [cause] = data["errors"]
    assert cause["where"].startswith("annotations/actors/ana-lopez.yaml")
    assert len(cause["follows"]) == 3
    page = problem_page(checked.problems)
    assert "annotations/actors/ana-lopez.yaml" in page and "<script" not in page


def test_annotation_text_in_a_problem_cannot_inject_html(tmp_path: Path) -> None:
    root = tmp_path / "dossier"
    shutil.copytree(FIXTURES / "mini", root)
    claim = root / "annotations/claims/bridge-is-safe.yaml"
    text = claim.read_text(encoding="utf-8").replace("claimant: ana-lopez", "claimant: '<script>alert(1)</script>'")
    claim.write_text(text)
    checked = check(root)
    assert "<script>" not in problem_page(checked.problems)
    shown = ShownProblems()
    files = shown.files(checked.problems, False, dict, ["index.md", "claims/index.md"], ["index.md"])
    assert set(files) == {"claims/index.md", "assets/dossier-serve.js", "assets/dossier-problems.json"}
