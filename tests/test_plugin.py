"""The MkDocs plugin adds the files `build --out` writes, in `mkdocs build` and `mkdocs serve` alike."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import get_files

from builder.cli import main
from builder.publish.plugin import DossierPlugin, one_each
from builder.publish.served_problems import SERVE_ONLY  # the problems panel of `mkdocs serve`

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plugin") / "gen"
    command = [sys.executable, str(REPO / "bench" / "generate.py"), "--sources", "40", "--out", str(root)]
    subprocess.run(command, check=True, capture_output=True)
    return root


def started(root: Path, command: str) -> tuple[DossierPlugin, MkDocsConfig]:
    """The dossier plugin of `root`'s mkdocs.yml, and the config, as MkDocs has them before `on_files`."""
    config = load_config(str(root / "mkdocs.yml"))
    plugin = config.plugins["dossier"]
    assert isinstance(plugin, DossierPlugin)
    plugin.on_startup(command=command, dirty=False)
    config.plugins._current_plugin = "dossier"  # as PluginCollection.run_event sets it
    plugin.on_config(config)
    return plugin, config


def plugin_files(root: Path, command: str) -> dict[str, bytes]:
    plugin, config = started(root, command)
    made = {f.src_uri: f.content_bytes for f in plugin.on_files(get_files(config), config) if f.generated_by}
    return {path: content for path, content in made.items() if path not in SERVE_ONLY}


def test_build_serve_and_build_out_give_the_same_files(generated: Path, tmp_path: Path) -> None:
    built = plugin_files(generated, "build")
    assert {"claims/index.md", "data/dossier.json", "data/ftm.ndjson", "assets/dossier.css"} <= built.keys()
    assert plugin_files(generated, "serve") == built
    assert main(["build", "--root", str(generated), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    written = {
        p.relative_to(tmp_path / "out").as_posix(): p.read_bytes() for p in (tmp_path / "out").rglob("*") if p.is_file()
    }
    assert {path: written[path] for path in built} == built


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
