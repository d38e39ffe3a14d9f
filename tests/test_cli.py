"""The command line: every problem at once, documented exit codes, GitHub annotations, no traceback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from builder.cli import main
from builder.problems import Location, Problem
from tests.conftest import REPO, Write

OK, PROBLEMS, USAGE = 0, 1, 2
TEXT_LINE = re.compile(r"^[^\s:][^:]*:\d+:\d+: (error|warning): .+ Fix: .+$")
GITHUB_LINE = re.compile(r"^::(error|warning) file=[^,:]+(,line=\d+,col=\d+)?::.+$")


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """`python -m builder` in a fresh process, as CI runs it (strict UTF-8 output, no locale help)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "LC_ALL": "C.UTF-8"}
    command = [sys.executable, "-m", "builder", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=REPO, check=False)


def break_everything(mini: Path, write: Write) -> None:
    """Many mistakes in many files, to be reported in one run."""
    write("annotations/actors/broken.yaml", "id: broken\nname: [unclosed\nkind: person\n")
    write("annotations/actors/typo.yaml", "id: typo\nname: Typo\nkind: persn\ndescripton: x\nname: Again\n")
    write("annotations/events/when.yaml", "id: when\ntitle: When\ndate: 2025-02-30\nevidence: []\n")
    write(
        "annotations/claims/misquoted.yaml",
        "id: misquoted\nstatement: S.\nclaimant: ana-lopes\nevidence:\n"
        "  - source: planet-bridge\n    quote: at least 13 cracks were found\n",
    )
    write("annotations/relationships/bare.yaml", "id: bare\nsubject: ana-lopez\ntype: opposes\nobject: gazette\n")
    source = mini / "annotations/sources/gazette-bridge.yaml"
    source.write_text(source.read_text().replace("seeds/rewrite.txt", "../outside.txt"))


def test_a_sound_dossier_exits_0(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--root", str(mini)]) == OK
    assert "no problems found" in capsys.readouterr().err


def test_every_problem_at_once_each_with_its_place_and_a_fix(
    mini: Path, write: Write, capsys: pytest.CaptureFixture[str]
) -> None:
    break_everything(mini, write)
    assert main(["check", "--root", str(mini)]) == PROBLEMS
    lines = capsys.readouterr().err.strip().splitlines()
    summary = lines.pop()
    lines = [line for line in lines if not line.startswith("    ")]  # a YAML error's line and caret
    assert re.fullmatch(r"\d+ error\(s\), 0 warning\(s\)", summary)
    assert int(summary.split()[0]) == len(lines) >= 10
    for line in lines:
        assert TEXT_LINE.match(line), line
    files = {line.split(":")[0] for line in lines}
    assert files == {
        "annotations/actors/broken.yaml",
        "annotations/actors/typo.yaml",
        "annotations/events/when.yaml",
        "annotations/claims/misquoted.yaml",
        "annotations/relationships/bare.yaml",
        "annotations/sources/gazette-bridge.yaml",
    }


def test_github_format_prints_workflow_commands(mini: Path, write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    break_everything(mini, write)
    assert main(["check", "--root", str(mini), "--format", "github"]) == PROBLEMS
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines and all(GITHUB_LINE.match(line) for line in lines), lines
    assert "::error file=annotations/actors/typo.yaml,line=4,col=1::unknown field 'descripton'" in "\n".join(lines)


def test_github_commands_cannot_be_broken_by_the_message() -> None:
    problem = Problem(Location("annotations/a,b:c.yaml", 3, 4), "one\ntwo %0A\r::warning::x", "fix")
    command = problem.github()
    assert "\n" not in command and "\r" not in command
    assert command == ("::error file=annotations/a%2Cb%3Ac.yaml,line=3,col=4::one%0Atwo %250A%0D::warning::x Fix: fix")


def test_json_format(mini: Path, write: Write, capsys: pytest.CaptureFixture[str]) -> None:
    break_everything(mini, write)
    assert main(["check", "--root", str(mini), "--format", "json"]) == PROBLEMS
    problems = json.loads(capsys.readouterr().out)
    assert problems and all({"path", "line", "column", "message", "fix"} <= p.keys() for p in problems)


def test_strict_makes_warnings_fail(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = mini / "annotations/sources/gazette-bridge.yaml"
    path.write_text(path.read_text().replace("cites: [daily-planet]", "cites: []"))
    assert main(["check", "--root", str(mini)]) == OK
    assert main(["check", "--root", str(mini), "--strict"]) == PROBLEMS
    assert "warning: the source 'gazette-bridge' does not list daily-planet" in capsys.readouterr().err


def test_wrong_usage_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--root", str(tmp_path / "nowhere")]) == USAGE
    with pytest.raises(SystemExit) as exit_:
        main(["check", "--format", "xml"])
    assert exit_.value.code == USAGE
    with pytest.raises(SystemExit) as exit_:
        main(["build"])  # --out is required
    assert exit_.value.code == USAGE


def test_a_root_without_annotations_is_a_problem(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--root", str(tmp_path)]) == PROBLEMS
    assert "there is no annotations/ folder" in capsys.readouterr().err


def test_build_with_problems_writes_nothing(mini: Path, write: Write, tmp_path: Path) -> None:
    break_everything(mini, write)
    assert main(["build", "--root", str(mini), "--out", str(tmp_path / "out")]) == PROBLEMS
    assert not (tmp_path / "out").exists()


def test_the_real_command_fails_without_a_traceback(mini: Path, write: Write) -> None:
    """In a fresh process with strict UTF-8 output: a file name that is not UTF-8 cannot crash the report."""
    break_everything(mini, write)
    (mini / "annotations/actors").joinpath(os.fsdecode(b"caf\xe9.yaml")).write_bytes(b"id: caf\xe9\n")
    for style in ("text", "github", "json"):
        result = run("check", "--root", mini, "--format", style)
        assert result.returncode == PROBLEMS, result.stderr
        assert "Traceback" not in result.stderr
        assert "caf" in result.stdout + result.stderr
    result = run("build", "--root", mini, "--out", mini.parent / "out")
    assert result.returncode == PROBLEMS and "Traceback" not in result.stderr


def test_the_documented_exit_codes_are_the_codes() -> None:
    readme = " ".join((REPO / "docs/internals.md").read_text(encoding="utf-8").split())
    assert "`0` sound (for `build`: written), `1` problems found (nothing written), `2` wrong usage" in readme
    contributing = " ".join((REPO / "docs/contributing.md").read_text(encoding="utf-8").split())
    assert "exits with 0 when the dossier is sound, 1 when it found problems, and 2 when it was called wrongly" in (
        contributing
    )
