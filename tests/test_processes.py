"""A second process (builder/background.py) changes how fast a build is, never what it gives.

Large dossiers read their texts' overlaps and quotes' figures and make their pages and exports in a forked
child as well as in the build's own process; the thresholds are lowered here so a small generated
dossier takes those paths, and the result is compared with one process's.
"""

from __future__ import annotations

import copy
import logging
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, get_files

from builder import background
from builder.analyse import discrepancies
from builder.pipeline import check, render
from builder.publish import plugin, streamed, units
from builder.publish.plugin import DossierPlugin, one_each
from builder.publish.served_problems import SERVE_ONLY
from builder.publish.streamed import Streamed
from builder.publish.units import site_units
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


def started(root: Path, command: str) -> tuple[DossierPlugin, MkDocsConfig]:
    """The dossier plugin of `root`'s mkdocs.yml, and the config, as MkDocs has them before `on_files`."""
    config = load_config(str(root / "mkdocs.yml"))
    plugin = config.plugins["dossier"]
    assert isinstance(plugin, DossierPlugin)
    plugin.on_startup(command=command, dirty=False)
    config.plugins._current_plugin = "dossier"  # as PluginCollection.run_event sets it
    plugin.on_config(config)
    return plugin, config


def plugin_files(
    root: Path, command: str, order: list[str] | None = None
) -> tuple[dict[str, str | bytes], Streamed | None]:
    """The files the dossier plugin adds to a MkDocs build (`command` build) or to a `mkdocs serve` rebuild,
    read in MkDocs' order or, given an `order`, in that one; and, for a build, what made them as MkDocs read."""
    plugin, config = started(root, command)
    files = [f for f in plugin.on_files(get_files(config), config) if f.generated_by]
    rank = {path: number for number, path in enumerate(order or ())}
    contents = {f.src_uri: f.content_bytes for f in sorted(files, key=lambda f: rank.get(f.src_uri, len(rank)))}
    for path in SERVE_ONLY:  # the problems panel of `mkdocs serve` (builder/publish/served_problems.py)
        contents.pop(path, None)
    made_by = plugin.streamed
    if made_by is not None:
        plugin.on_post_build(config=config)
    return contents, made_by


def test_mkdocs_build_adds_the_files_mkdocs_serve_adds(
    generated: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pages and exports made by a second process as MkDocs reads them, in any order, or by this process when it
    cannot fork, are those a rebuild under serve makes in one process."""
    monkeypatch.setattr(discrepancies, "MIN_QUOTES", 10**9)  # so that no other fork is made
    served, none = plugin_files(generated, "serve")
    assert none is None
    assert {"claims/index.md", "data/dossier.json", "data/ftm.ndjson"} <= served.keys()
    built, made_by = plugin_files(generated, "build")
    assert built == served
    assert made_by is not None and made_by.forked
    assert made_by.from_child == len(made_by.paths) > len(served) / 2, "most files, all read from the child"
    assert plugin_files(generated, "build", order=sorted(served, reverse=True))[0] == served
    monkeypatch.setenv("DOSSIER_PROCESSES", "1")
    built, made_by = plugin_files(generated, "build")
    assert built == served
    assert made_by is not None and not made_by.forked and made_by.from_child == 0
    assert not forks


@pytest.mark.parametrize("dies_at", [0, 3])
def test_files_a_failed_child_did_not_send_are_made_by_the_parent(
    generated: Path, monkeypatch: pytest.MonkeyPatch, two_processes: None, dies_at: int
) -> None:
    """The child dies on its first unit, or after sending the files of three: the parent makes the rest."""
    served, _ = plugin_files(generated, "serve")
    real = streamed.made
    parent = os.getpid()
    units: list[int] = []

    def made(planned: object) -> object:
        units.append(1)
        if os.getpid() != parent and len(units) > dies_at:
            time.sleep(2 if dies_at else 0)  # for the parent to read what the child sent, on a busy machine too
            os._exit(3)
        return real(planned)

    monkeypatch.setattr(streamed, "made", made)
    built, made_by = plugin_files(generated, "build")
    assert made_by is not None and made_by.forked
    assert built == served
    sent = sum(len(paths) for _, paths in made_by.planned[:dies_at])
    assert made_by.from_child == sent < len(made_by.paths)  # the rest made here


def test_a_unit_that_makes_other_files_than_listed_is_an_error(
    generated: Path, monkeypatch: pytest.MonkeyPatch, two_processes: None
) -> None:
    real = units.planned_units

    def planned(site: Site) -> object:
        now, later = real(site)
        unit, paths = later[-1]
        later[-1] = (unit, [*paths, "data/missing.json"])
        return now, later

    monkeypatch.setattr(plugin, "planned_units", planned)
    with pytest.raises(PluginError, match="other files than it was listed with"):
        plugin_files(generated, "build")


def test_a_child_still_running_is_stopped(tmp_path: Path, two_processes: None) -> None:
    """When MkDocs fails, or never reads a file, the child is stopped and reaped, not left behind."""

    def slow() -> list[tuple[str, str]]:
        time.sleep(60)
        return [("page.md", "text")]

    files = Streamed([(slow, ["page.md"])])
    assert files.forked
    pid = files.pid
    started = time.perf_counter()
    files.close()
    assert time.perf_counter() - started < 10
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


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


def test_a_file_read_again_is_what_was_read(generated: Path, two_processes: None) -> None:
    """MkDocs reads each file once, but a plugin that copies File objects may read a copy as well: it gets the
    same text, not made again (making a unit again for each file read twice would be quadratic)."""
    checked = check(generated)
    _, planned = units.planned_units(Site(checked.dossier, checked.analysis))
    files = Streamed(planned)
    path = planned[-1][1][0]
    first = files.take(path)
    assert first and files.take(path) is first
    files.close()


def test_a_file_still_to_come_can_be_copied(generated: Path, two_processes: None) -> None:
    plugin, config = started(generated, "build")
    files = plugin.on_files(get_files(config), config)
    later = files.get_file_from_path("claims/" + next(iter(check(generated).dossier.claims)) + ".md")
    assert later is not None
    clone = copy.deepcopy(later)
    assert type(clone) is File and clone.src_uri == later.src_uri
    assert clone.content_string == later.content_string and clone.content_string.startswith("---")
    plugin.on_build_error(error=RuntimeError("stop"))


def test_a_failed_build_stops_its_child(generated: Path, two_processes: None) -> None:
    """MkDocs says when a build fails (on_build_error); a build stopped without a word is ended by the next."""
    plugin, config = started(generated, "build")
    children = []
    for _ in range(2):
        plugin.on_files(get_files(config), config)
        assert plugin.streamed is not None and plugin.streamed.forked
        children.append(plugin.streamed.pid)
    with pytest.raises(ChildProcessError):
        os.waitpid(children[0], os.WNOHANG)  # stopped and reaped by the second build's start
    plugin.on_build_error(error=RuntimeError("a page failed"))
    assert plugin.streamed is None
    with pytest.raises(ChildProcessError):
        os.waitpid(children[1], os.WNOHANG)


def test_the_logged_time_holds_what_mkdocs_waited_for(
    generated: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Files made here (no second process) as MkDocs reads them are the builder's time in the build too."""
    monkeypatch.setenv("DOSSIER_PROCESSES", "1")
    real = streamed.made

    def slow(planned: object) -> object:
        time.sleep(0.01)
        return real(planned)

    monkeypatch.setattr(streamed, "made", slow)
    with caplog.at_level(logging.INFO):
        _, made_by = plugin_files(generated, "build")
    assert made_by is not None
    [line] = [r.getMessage() for r in caplog.records if "dossier: " in r.getMessage()]
    logged = float(re.search(r" in ([\d.]+) s", line)[1])  # type: ignore[index]
    assert made_by.seconds >= 0.01 * len(made_by.planned)
    assert logged >= made_by.seconds
