"""Docs for the person, and a setup that starts at once (issue 21, friction items 6 and 10): the README is a
short read that starts with the two commands, the docs' examples name ids that exist, `make serve` does not
reinstall what is installed, and pyproject.toml gives setuptools nothing to warn about."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import tomllib
from pathlib import Path

import pytest

from builder.pipeline import check
from tests.conftest import REPO


def test_the_readme_is_a_five_minute_read_that_starts_with_the_two_commands() -> None:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    words = len(text.split())
    assert words < 900, f"{words} words: about 200 a minute is five minutes, tables and code included"
    first_block = text.split("```sh\n", 1)[1].split("```", 1)[0]
    assert [line.split()[:2] for line in first_block.strip().splitlines()] == [["make", "serve"], ["make", "test"]]
    assert "![" in text  # a picture
    assert "make test" in (REPO / ".ci/run").read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)#]+)", text):  # where to go next: every link leads somewhere
        assert (REPO / target).exists(), target


def test_every_id_in_the_docs_examples_exists() -> None:
    ids = {entity.id for entity in check(REPO).dossier.entities()}
    fields = r"id|source|claimant|publisher|subject|object|actor|of"
    lists = r"about|via|authors|cites|claims|contradicts|updates|overtaken_by|differs_from"
    for doc in ("docs/reference.md", "docs/contributing.md", "docs/method.md"):
        text = (REPO / doc).read_text(encoding="utf-8")
        named: set[str] = set(re.findall(r"`([a-z0-9-]+)\.yaml`", text))
        for block in re.findall(r"```yaml\n(.*?)```", text, re.S):
            named.update(re.findall(rf"^\s*-?\s*(?:{fields}):\s*([a-z0-9-]+)\s*$", block, re.M))
            for items in re.findall(rf"^\s*-?\s*(?:{lists}):\s*\[([^\]]*)\]", block, re.M):
                named.update(item.strip() for item in items.split(",") if item.strip())
        assert sorted(named - ids) == [], doc


def _make(folder: Path, target: str) -> str:
    done = subprocess.run(["make", "-n", target], cwd=folder, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_serve_installs_only_when_requirements_change(tmp_path: Path) -> None:
    for name in ("Makefile", "requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        shutil.copy(REPO / name, tmp_path / name)
    (tmp_path / ".venv/bin").mkdir(parents=True)
    (tmp_path / ".venv/bin/python").touch()
    assert "pip install" in _make(tmp_path, "serve")  # a fresh clone: installs
    (tmp_path / ".venv/.installed").touch()
    assert "pip install" not in _make(tmp_path, "serve")  # installed: straight to mkdocs serve
    later = time.time() + 5
    os.utime(tmp_path / "requirements.txt", (later, later))
    assert "pip install" in _make(tmp_path, "serve")  # a new pin: installs again


def test_pyproject_gives_setuptools_nothing_to_warn_about() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert isinstance(project["project"]["license"], str)  # a table is deprecated (setuptools >= 77)
    assert not any(c.startswith("License ::") for c in project["project"].get("classifiers", []))
    assert any(r.startswith("setuptools>=77") for r in project["build-system"]["requires"])
    data = project["tool"]["setuptools"]["package-data"]["builder"]
    assert "render/theme/partials/*.html" in data  # the theme override travels with the package
