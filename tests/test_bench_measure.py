"""The benchmark reads the builder's own time in `mkdocs build` from the plugin's log line; the two must agree."""

from __future__ import annotations

import importlib.util
import logging
import sys
from types import ModuleType

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from builder.publish.plugin import DossierPlugin
from tests.conftest import FIXTURES, REPO


def _measure() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_measure", REPO / "bench" / "measure.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_plugin_log_gives_the_builder_time_once_per_process(caplog: pytest.LogCaptureFixture) -> None:
    config_file = FIXTURES / "mini" / "mkdocs.yml"
    plugin = load_config(str(config_file)).plugins["dossier"]
    assert isinstance(plugin, DossierPlugin)
    plugin.on_startup(command="build", dirty=False)
    plugin.imported = False  # MkDocs keeps plugin objects between configs: an earlier test's may have said it
    logs = []
    for _ in range(2):
        config = load_config(str(config_file))
        config.plugins._current_plugin = "dossier"
        plugin.on_config(config)
        with caplog.at_level(logging.INFO):
            caplog.clear()
            files = plugin.on_files(get_files(config), config)
            assert all(f.content_bytes for f in files if f.generated_by)  # as MkDocs reads them
            plugin.on_post_build(config=config)
        logs.append("\n".join(r.getMessage() for r in caplog.records))
    measure = _measure()
    first = measure.plugin_seconds(logs[0])
    assert first is not None and first > 0
    assert measure.plugin_seconds(logs[1]) is None  # the import is said once, so a rebuild's line has no total
    assert measure.plugin_seconds("INFO - Documentation built in 6.06 seconds") is None
    line = "dossier: 7 pages from 1 sources in 0.25 s (and 0.10 s importing the builder)"
    assert measure.plugin_seconds(line) == pytest.approx(0.35)
    assert measure.beside_seconds(line) == 0
    beside = line + " (and 0.21 s of CPU in a second process, beside MkDocs)"
    assert (measure.plugin_seconds(beside), measure.beside_seconds(beside)) == (pytest.approx(0.35), 0.21)
