"""`python -m builder zensical-config`: mkdocs.yml pointed at the `build --out` tree, without the plugin.

Zensical runs no MkDocs plugins, so the dossier reaches it (and any other host) as files;
tests/test_hosts.py builds that tree with MkDocs, ProperDocs and Zensical and compares the sites.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from builder.publish.zensical import _Loader, zensical_config
from tests.conftest import REPO


def test_the_config_points_at_the_built_tree_without_the_plugin(tmp_path: Path) -> None:
    text = zensical_config(REPO / "mkdocs.yml", tmp_path / "docs", tmp_path / "mkdocs.yml", tmp_path / "site")
    data = yaml.load(text, Loader=_Loader)
    original = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    assert data["docs_dir"] == "docs" and data["site_dir"] == "site"
    assert "dossier" not in data.get("plugins", [])
    assert "assets/dossier.css" in data["extra_css"]
    assert data["nav"] == original["nav"] and data["theme"] == original["theme"]
    assert "!!python/name:pymdownx.superfences.fence_code_format" in text
