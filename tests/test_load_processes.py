"""Loading annotations half in a forked child (builder/load/annotations.py) gives what one process gives.

The threshold is lowered so that small dossiers take the forked path; entities, their
order and every problem (order, place, message) are compared with one process's,
with broken files in both halves, with a child that fails, and with the memo.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder.background import Background
from builder.load import annotations, dossier
from builder.load.dossier import load_dossier
from builder.model.dossier import Dossier
from builder.problems import Problems
from tests.conftest import dies_in_a_child

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("load-processes") / "gen"
    command = [sys.executable, str(REPO / "bench" / "generate.py"), "--sources", "20", "--out", str(root)]
    subprocess.run(command, check=True, capture_output=True)
    return root


@pytest.fixture
def broken(generated: Path, tmp_path: Path) -> Path:
    """The generated dossier with mistakes early and late in the file list, so in both processes' shares."""
    root = tmp_path / "broken"
    shutil.copytree(generated, root)
    for folder in ("actors", "relationships"):  # the first folder and the last
        files = sorted((root / "annotations" / folder).glob("*.yaml"))
        first, last = files[0], files[-1]
        first.write_text(first.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
        last.write_text("id: [unclosed\n", encoding="utf-8")
        files[1].write_bytes(b"id: caf\xe9\n")  # not UTF-8: reported by the reader, not the parser
    sources = sorted((root / "annotations" / "sources").glob("*.yaml"))
    for source, seed in ((sources[0], "seeds/missing.txt"), (sources[-1], "../outside.txt")):
        lines = source.read_text(encoding="utf-8").splitlines()
        lines = [f"file: {seed}" if line.startswith("file:") else line for line in lines]
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")  # read with the texts, after the annotations
    late = sorted((root / "annotations" / "claims").glob("*.yaml"))[-1]
    early_id = sorted((root / "annotations" / "actors").glob("*.yaml"))[2].stem
    late.write_text(late.read_text(encoding="utf-8").replace(f"id: {late.stem}", f"id: {early_id}"), encoding="utf-8")
    return root


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch, two_processes: None) -> list[int]:
    """Every dossier takes the forked path; the forks made, counted."""
    monkeypatch.setattr(annotations, "MIN_FILES", 0)
    monkeypatch.setattr(annotations, "CHUNK", 7)  # several chunks, the last one short
    started: list[int] = []
    real = Background.start.__func__  # type: ignore[attr-defined]

    def start(cls: type, work: object) -> object:
        started.append(os.getpid())
        return real(cls, work)

    monkeypatch.setattr(Background, "start", classmethod(start))
    return started


def load(root: Path) -> tuple[Dossier, list[str]]:
    dossier._MEMO.clear()
    problems = Problems()
    loaded = load_dossier(root, problems)
    return loaded, [f"{p.text()} [{p.severity}]" for p in problems.items]


def one_process(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Dossier, list[str]]:
    with monkeypatch.context() as local:
        local.setenv("DOSSIER_PROCESSES", "1")
        return load(root)


def assert_same(two: tuple[Dossier, list[str]], one: tuple[Dossier, list[str]]) -> None:
    assert two[1] == one[1]  # the problems in the very order one process reports them
    assert list(two[0].entities()) == list(one[0].entities())
    assert [e.id for e in two[0].entities()] == [e.id for e in one[0].entities()]
    assert two[0].texts == one[0].texts


def test_two_processes_load_what_one_loads(generated: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    two = load(generated)
    assert len(forks) == 1
    assert not two[1] and len(list(two[0].entities())) > 100
    assert_same(two, one_process(generated, monkeypatch))
    assert len(forks) == 1, "DOSSIER_PROCESSES=1 keeps the load in one process"


def test_problems_in_both_shares_come_out_as_in_one_process(
    broken: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    two = load(broken)
    assert len(forks) == 1
    text = "\n".join(two[1])
    for expected in ("unknown field 'colour'", "not valid YAML", "not UTF-8", "already used by", "does not exist"):
        assert text.count(expected) >= 1, expected
    assert_same(two, one_process(broken, monkeypatch))


def test_a_child_that_fails_leaves_its_files_to_the_parent(
    broken: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(annotations, "_pickled_outcomes", dies_in_a_child(annotations._pickled_outcomes))
    two = load(broken)
    assert len(forks) == 1
    assert_same(two, one_process(broken, monkeypatch))


def test_the_memo_keeps_unchanged_files_objects_across_forked_loads(broken: Path, forks: list[int]) -> None:
    first, problems = load(broken)
    late = sorted((broken / "annotations" / "relationships").glob("*.yaml"))[-2]
    late.write_text(late.read_text(encoding="utf-8") + "notes: changed\n", encoding="utf-8")
    again = Problems()
    second = load_dossier(broken, again)  # the memo of the first load is kept
    assert len(forks) == 2
    assert [f"{p.text()} [{p.severity}]" for p in again.items] == problems
    changed = second.relationships[late.stem]
    assert changed.notes == "changed" and changed is not first.relationships[late.stem]
    same = [e for e in second.entities() if e.id != late.stem]
    assert same and all(e is first.by_kind(e.KIND)[e.id] for e in same)


def test_this_process_keeps_the_sources_whose_texts_it_reads_meanwhile(
    broken: Path, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(annotations, "CHILD_SHARE", 0.99)  # the child would take sources too
    two = load(broken)
    assert len(forks) == 1
    assert_same(two, one_process(broken, monkeypatch))
    assert len(two[0].texts) == len(two[0].sources) - 2
