"""In `mkdocs build`, the search index is made by a second process while MkDocs writes the pages, from the
other pages' HTML as MkDocs converted them: it is the index made afterwards from the written site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from builder.pipeline import check
from builder.search.index import BUNDLE, index_site

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def test_the_index_made_beside_the_build_is_the_one_made_from_the_written_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("DOSSIER_PROCESSES", None)
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)]
    subprocess.run(command, check=True, env=env, capture_output=True)
    beside = sorted(p.name for p in (site / BUNDLE / "fragment").iterdir())
    again = tmp_path / "again"
    shutil.copytree(site, again)
    checked = check(REPO)
    index_site(again, checked.dossier, checked.analysis)  # the other pages read from the written HTML
    assert sorted(p.name for p in (again / BUNDLE / "fragment").iterdir()) == beside  # named by their content
