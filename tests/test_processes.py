"""A second process (builder/background.py) changes how fast a build is, never what it gives.

Large dossiers read their texts' overlaps and quotes' figures and make their pages and exports in a forked
child as well as in the build's own process; the thresholds are lowered here so a small generated
dossier takes those paths, and the result is compared with one process's.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from builder import background
from builder.analyse import discrepancies
from builder.pipeline import check, render
from builder.publish import workers
from builder.publish.units import site_units
from builder.publish.workers import gather_units
from builder.render.site import Site

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("processes") / "gen"
    script = REPO / "bench" / "generate.py"
    command = [sys.executable, str(script), "--sources", "40", "--out", str(root)]
    subprocess.run(command, check=True, capture_output=True)
    return root


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch, two_processes: None) -> list[int]:
    """Every dossier large enough for a second process; the forks made, counted."""
    monkeypatch.setattr(workers, "MIN_ENTITIES_TO_GATHER", 0)
    monkeypatch.setattr(discrepancies, "MIN_QUOTES", 0)
    started: list[int] = []
    real = background.Background.start.__func__  # type: ignore[attr-defined]

    def start(cls: type, work: object) -> object:
        started.append(os.getpid())
        return real(cls, work)

    monkeypatch.setattr(background.Background, "start", classmethod(start))
    return started


def pages(root: Path) -> list[tuple[str, str]]:
    checked = check(root)
    assert checked.ok, [p.text() for p in checked.problems.errors][:3]
    return list(render(checked).pages.items())


def test_two_processes_give_the_pages_of_one(
    generated: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    two = pages(generated)
    assert len(forks) == 1, "the figures went to a second process"
    monkeypatch.setenv("DOSSIER_PROCESSES", "1")
    assert pages(generated) == two
    assert len(forks) == 1, "DOSSIER_PROCESSES=1 keeps the build in one process"


def test_a_child_that_fails_leaves_its_work_to_the_parent(
    generated: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    parent, real_figures = os.getpid(), discrepancies._all_figures

    def figures(*args: object) -> object:
        if os.getpid() != parent:
            os._exit(3)
        return real_figures(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(discrepancies, "_all_figures", figures)
    broken = pages(generated)
    assert len(forks) == 1
    monkeypatch.undo()
    monkeypatch.setenv("DOSSIER_PROCESSES", "1")
    assert pages(generated) == broken


def gathered(root: Path) -> list[tuple[str, str | bytes]]:
    checked = check(root)
    return gather_units(
        site_units(Site(checked.dossier, checked.analysis)), entities=sum(checked.dossier.counts().values())
    )


def test_mkdocs_build_files_from_two_processes_are_those_of_one(
    generated: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    two = gathered(generated)
    assert forks, "the pages and exports went to a second process too"
    assert {path for path, _ in two} >= {"claims/index.md", "data/dossier.json", "data/ftm.ndjson"}
    assert all(isinstance(content, str | bytes) for _, content in two), "streamed exports come back whole"
    monkeypatch.setenv("DOSSIER_PROCESSES", "1")
    forks.clear()
    assert gathered(generated) == two
    assert not forks


def test_units_a_failed_child_took_are_made_by_the_parent(
    generated: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    parent, real = os.getpid(), workers._made

    def made(*args: object) -> object:
        if os.getpid() != parent:
            os._exit(3)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(workers, "_made", made)
    broken = gathered(generated)
    assert forks
    monkeypatch.undo()
    monkeypatch.setenv("DOSSIER_PROCESSES", "1")
    assert gathered(generated) == broken
