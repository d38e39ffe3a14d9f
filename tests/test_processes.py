"""A second process (builder/background.py) changes how fast a build is, never what it gives.

Large dossiers read their texts' overlaps and quotes' figures and make their pages and exports in a forked
child as well as in the build's own process; the thresholds are lowered here so a small generated
dossier takes those paths, and the result is compared with one process's.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import get_files

from builder import background
from builder.analyse import discrepancies
from builder.pipeline import check, render
from builder.publish import workers
from builder.publish.plugin import DossierPlugin, one_each
from builder.publish.units import site_units
from builder.publish.workers import gather_units
from builder.render.site import Site
from tests.conftest import dies_in_a_child

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
    monkeypatch.setattr(discrepancies, "_all_figures", dies_in_a_child(discrepancies._all_figures))
    broken = pages(generated)
    assert len(forks) == 1
    monkeypatch.undo()
    monkeypatch.setenv("DOSSIER_PROCESSES", "1")
    assert pages(generated) == broken


def gathered(root: Path, forks: list[int]) -> list[tuple[str, str | bytes]]:
    """What gather_units makes for `mkdocs build`; `forks` then holds only the forks it made."""
    checked = check(root)
    forks.clear()
    return gather_units(
        site_units(Site(checked.dossier, checked.analysis)), entities=sum(checked.dossier.counts().values())
    )


def test_mkdocs_build_files_from_two_processes_are_those_of_one(
    generated: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    two = gathered(generated, forks)
    assert len(forks) == 1, "the pages and exports went to a second process"
    assert {path for path, _ in two} >= {"claims/index.md", "data/dossier.json", "data/ftm.ndjson"}
    assert all(isinstance(content, str | bytes) for _, content in two), "streamed exports come back whole"
    monkeypatch.setenv("DOSSIER_PROCESSES", "1")
    assert gathered(generated, forks) == two
    assert not forks


def test_units_a_failed_child_took_are_made_by_the_parent(
    generated: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    real = workers._made
    made_here: list[int] = []

    def made(units: list[workers.Unit], number: int) -> object:
        made_here.append(number)
        return real(units, number)

    monkeypatch.setattr(workers, "_made", dies_in_a_child(made))  # the child dies on the first unit it takes
    broken = gathered(generated, forks)
    assert len(forks) == 1
    assert sorted(made_here) == list(range(len(made_here))), "the parent made every unit, the child's too"
    monkeypatch.undo()
    monkeypatch.setenv("DOSSIER_PROCESSES", "1")
    assert gathered(generated, forks) == broken


def plugin_files(root: Path, command: str) -> dict[str, str | bytes]:
    """The files the dossier plugin adds to a MkDocs build (`command` build) or to a `mkdocs serve` rebuild."""
    config = load_config(str(root / "mkdocs.yml"))
    plugin = config.plugins["dossier"]
    assert isinstance(plugin, DossierPlugin)
    plugin.on_startup(command=command, dirty=False)
    config.plugins._current_plugin = "dossier"
    plugin.on_config(config)
    files = plugin.on_files(get_files(config), config)
    return {f.src_uri: f.content_bytes for f in files if f.generated_by}


def test_mkdocs_build_adds_the_files_mkdocs_serve_adds(
    generated: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(discrepancies, "MIN_QUOTES", 10**9)  # so that the one fork counted is the pages'
    built = plugin_files(generated, "build")
    assert len(forks) == 1, "mkdocs build made its pages and exports in two processes"
    forks.clear()
    served = plugin_files(generated, "serve")
    assert not forks
    assert built == served


def test_mkdocs_build_refuses_a_hand_written_page_it_would_generate(tmp_path: Path, generated: Path) -> None:
    root = tmp_path / "copy"
    shutil.copytree(generated, root)
    (root / "docs" / "claims").mkdir(parents=True)
    (root / "docs" / "claims" / "index.md").write_text("# Claims, by hand\n")
    with pytest.raises(PluginError, match=re.escape("docs/claims/index.md is written by hand")):
        plugin_files(root, "build")


def test_two_files_at_one_path_are_refused() -> None:
    assert one_each([("a.md", "x"), ("b.md", b"y")]) == {"a.md": "x", "b.md": b"y"}
    with pytest.raises(PluginError, match=re.escape("two files at a.md")):
        one_each([("a.md", "x"), ("b.md", "y"), ("a.md", "z")])


def test_the_site_shows_every_entity_again_after_its_units(generated: Path) -> None:
    """mkdocs keeps the site for the hand-written pages' overview: no unit may leave it seeing a part only."""
    checked = check(generated)
    site = Site(checked.dossier, checked.analysis)
    for unit in site_units(site):
        assert list(unit())
        assert site.share == ((0,), 1)
