"""Beyond Material's end of life: Zensical builds the same dossier from `build --out` and the same mkdocs.yml.

Zensical runs no MkDocs plugins, so the dossier reaches it as files: `python -m
builder build --out` writes the docs tree and `python -m builder zensical-config`
writes mkdocs.yml pointed at it, without the plugin. The test runs when a
`zensical` command is found (beside this Python, on PATH, or named by $ZENSICAL).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from builder.cli import main
from builder.publish.zensical import _Loader, zensical_config
from tests.conftest import FIXTURES, REPO


def zensical() -> str | None:
    beside = Path(sys.executable).with_name("zensical")
    return os.environ.get("ZENSICAL") or (str(beside) if beside.is_file() else shutil.which("zensical"))


def test_the_config_points_at_the_built_tree_without_the_plugin(tmp_path: Path) -> None:
    text = zensical_config(REPO / "mkdocs.yml", tmp_path / "docs", tmp_path / "mkdocs.yml", tmp_path / "site")
    data = yaml.load(text, Loader=_Loader)
    original = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    assert data["docs_dir"] == "docs" and data["site_dir"] == "site"
    assert "dossier" not in data.get("plugins", [])
    assert "assets/dossier.css" in data["extra_css"]
    assert data["nav"] == original["nav"] and data["theme"] == original["theme"]
    assert "!!python/name:pymdownx.superfences.fence_code_format" in text


@pytest.mark.slow
@pytest.mark.skipif(zensical() is None, reason="zensical is not installed (pip install zensical, or set $ZENSICAL)")
def test_zensical_builds_the_dossier(tmp_path: Path) -> None:
    root = FIXTURES / "mini"
    assert main(["build", "--root", str(root), "--out", str(tmp_path / "docs"), "--quiet"]) == 0
    config = tmp_path / "mkdocs.yml"
    command = ["zensical-config", "--config", str(root / "mkdocs.yml"), "--docs", str(tmp_path / "docs")]
    with pytest.raises(SystemExit):  # --out is required
        main(command)
    assert main([*command, "--out", str(config), "--site", str(tmp_path / "site")]) == 0
    result = subprocess.run(
        [str(zensical()), "build", "--strict", "-f", str(config)],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
        cwd=tmp_path,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    site = tmp_path / "site"
    for page in ["index.html", "claims/bridge-is-safe/index.html", "sources/planet-bridge/index.html"]:
        assert (site / page).is_file(), page
    claim = (site / "claims/bridge-is-safe/index.html").read_text(encoding="utf-8")
    assert "assets/dossier.css" in claim
    assert "../../sources/planet-bridge/#q" in claim  # evidence links land on the quoted passage
    for name in ["dossier.json", "ftm.ndjson", "annotations.jsonld", "timeline.json", "claims.csv"]:
        assert (site / "data" / name).read_bytes() == (tmp_path / "docs" / "data" / name).read_bytes()
    # Zensical runs no plugins: the search index is written by the builder's command, into what Zensical built
    assert "assets/dossier-search.js" in claim
    assert main(["search-index", "--root", str(root), str(site)]) == 0
    assert (site / "pagefind" / "pagefind.js").is_file()
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] > 0
