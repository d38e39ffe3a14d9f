"""Shared fixtures: small dossiers built in temporary folders."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from builder.pipeline import Checked, check

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).parent.parent


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the small, valid fixture dossier that a test may change."""
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    return root


Write = Callable[[str, str], Path]


@pytest.fixture
def write(mini: Path) -> Write:
    """Write (or overwrite) a file of the mini dossier."""

    def _write(rel: str, text: str) -> Path:
        path = mini / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return _write


def checked(root: Path) -> Checked:
    return check(root)


def messages(result: Checked) -> list[str]:
    return [p.text() for p in result.problems.sorted()]


@pytest.fixture
def two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """`build --out` may fork a worker here, as on a 2-CPU machine, even if an earlier test left a thread
    running (the browser tests' idle web server): builder/parallel.py forks only a single-threaded process."""
    from builder import parallel

    monkeypatch.delenv("DOSSIER_PROCESSES", raising=False)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    if not parallel.can_fork():
        pytest.skip("no safe fork or a single CPU here: builds run in one process")
