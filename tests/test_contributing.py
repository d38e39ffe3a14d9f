"""CONTRIBUTING.md's worked example, run exactly as written (issue 21: a worked example a test runs end to
end): its commands in a copy of the dossier, its files written where their titles say, the actor stubs'
TODO comments deleted as it tells, and `check --strict` must pass at the end."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPO

BLOCK = re.compile(r'^```(sh|yaml)(?: title="([^"]+)")?\n(.*?)^```', re.M | re.S)


def steps() -> list[tuple[str, str, str]]:
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    example = text.split("## Worked example", 1)[1].split("\n## ", 1)[0]
    return [(m[1], m[2] or "", m[3]) for m in BLOCK.finditer(example)]


def test_the_example_has_commands_and_files() -> None:
    kinds = [(kind, bool(title)) for kind, title, _ in steps()]
    assert kinds.count(("sh", False)) == 4 and kinds.count(("yaml", True)) == 3


def practice_dossier(tmp_path: Path) -> Path:
    """Where the example starts: the actors it names without adding them, and the practice article (a fixture,
    not a copy of the real dossier, which may well hold the practice article already: a contributor who adds
    it must not turn this test red)."""
    root = tmp_path / "dossier"
    shutil.copytree(FIXTURES / "contributing" / "annotations", root / "annotations")
    shutil.copytree(FIXTURES / "articles", root / "tests" / "fixtures" / "articles")
    return root


@pytest.mark.slow
def test_the_worked_example_runs_and_checks_strictly(tmp_path: Path) -> None:
    root = practice_dossier(tmp_path)
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    code = None
    for kind, title, body in steps():
        if kind == "yaml":
            (root / title).write_text(body, encoding="utf-8")
            continue
        for line in body.strip().splitlines():
            words = shlex.split(line)
            assert words[:3] == [".venv/bin/python", "-m", "builder"], line
            done = subprocess.run(
                [sys.executable, *words[1:]], cwd=root, env=env, capture_output=True, text=True, timeout=300
            )
            code = done.returncode
            assert code == 0, f"CONTRIBUTING.md's worked example: `{line}` failed:\n{done.stdout}{done.stderr}"
            if words[3] == "check":
                continue
            for written in re.findall(r"^wrote (annotations/actors/\S+\.yaml): an actor", done.stdout, re.M):
                path = root / written  # "check the name against the byline, and delete its # TODO comment"
                path.write_text(re.sub(r"  # TODO.*", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    assert code == 0, "the worked example ends without running `check --strict`"


def test_the_actors_the_example_names_without_adding_them_are_in_the_dossier() -> None:
    """The example's text promises that these ids exist (the fixture holds copies of them)."""
    fixture = sorted(p.name for p in (FIXTURES / "contributing" / "annotations" / "actors").glob("*.yaml"))
    missing = [name for name in fixture if not (REPO / "annotations" / "actors" / name).is_file()]
    assert missing == [], f"CONTRIBUTING.md's worked example names actors the dossier lacks: {missing}"
