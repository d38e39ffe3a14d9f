"""The benchmark reads the builder's own time in `mkdocs build` from the plugin's log line; the two must agree."""

from __future__ import annotations

import importlib.util
import logging
import subprocess
import sys
from pathlib import Path
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


def test_plugin_log_gives_the_builder_time_of_each_build(caplog: pytest.LogCaptureFixture) -> None:
    config_file = FIXTURES / "mini" / "mkdocs.yml"
    plugin = load_config(str(config_file)).plugins["dossier"]
    assert isinstance(plugin, DossierPlugin)
    plugin.on_startup(command="build", dirty=False)
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
    for log in logs:
        seconds = measure.plugin_seconds(log)
        assert seconds is not None and seconds > 0
    assert measure.plugin_seconds("INFO - Documentation built in 6.06 seconds") is None
    line = "dossier: 7 pages from 1 sources in 0.25 s"
    assert measure.plugin_seconds(line) == pytest.approx(0.25)
    assert measure.beside_seconds(line) == 0


measure = _measure()
Run, Measure = measure.Run, measure.Measure


def test_a_measure_is_the_median_of_its_runs_and_its_memory_that_of_the_sampled_run() -> None:
    runs = [Run(1.0, 1.5, 10.0), Run(5.0, 4.0, 30.0), Run(3.0, 2.5, 20.0)]
    m = Measure(runs, pages=6, sampled=Run(9.0, 9.0, 40.0, tree_mb=70.0))
    assert (m.seconds, m.cpu, m.pages_per_second) == (3.0, 2.5, 2.0)
    assert (m.peak_mb, m.tree_mb, m.memory_mb) == (40.0, 70.0, 70.0)
    assert Measure(runs).tree_mb == 0.0 and Measure(runs).memory_mb == 30.0
    assert measure.ratio({100: 2.0, 1_000: 21.0}, 1_000) == "10.5×" and measure.ratio({1_000: 1.0}, 1_000) == "–"


WRITES_AND_HOLDS = """
import sys, time
from pathlib import Path
held = bytearray(60 << 20)  # 60 MB, touched
for i in range(0, len(held), 4096):
    held[i] = 1
out = Path(sys.argv[1])
out.mkdir()
(out / "page.md").write_text("x" * 2048)
with open(sys.argv[2], "a") as log:
    log.write(out.name + "\\n")
time.sleep(0.4)
"""


def test_repeat_runs_each_time_into_a_fresh_folder_and_samples_memory_in_one_more_run(tmp_path: Path) -> None:
    out, runs_log = tmp_path / "out", tmp_path / "runs.txt"
    cmd = [sys.executable, "-c", WRITES_AND_HOLDS, str(out), str(runs_log)]
    m = measure.repeat(cmd, 2, tmp_path / "log.txt", out, memory=True)
    assert runs_log.read_text().split() == ["out-run0", "out-run1", "out-run2"]  # each run had a new folder
    assert len(m.runs) == 2 and m.sampled is not None
    assert all(run.tree_mb == 0.0 for run in m.runs)  # the timed runs were not sampled
    assert 60 <= m.tree_mb < 1_000 and m.peak_mb >= 60
    assert sorted(p.name for p in tmp_path.iterdir()) == ["log.txt", "out", "runs.txt"]
    sized = measure.page_sizes(out, ".md", m)
    assert (sized.pages, sized.mean_kb, sized.max_kb) == (1, 2.0, 2.0)
    assert measure.repeat(cmd, 1, tmp_path / "log.txt", out).sampled is None


def test_page_sizes_count_only_pages_of_the_suffix(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "a.md").write_bytes(b"x" * 1024)
    (tmp_path / "sub" / "b.md").write_bytes(b"x" * 3072)
    (tmp_path / "c.txt").write_bytes(b"x" * 10240)
    m = measure.page_sizes(tmp_path, ".md", Measure([Run(2.0, 2.0, 1.0)]))
    assert (m.pages, m.mean_kb, m.max_kb, m.pages_per_second) == (2, 2.0, 3.0, 1.0)


def _verdicts(
    big_seconds: float = 9.5,
    cpu_at_10k: float = 100.0,
    share: float = 0.04,
    kb_at_1k: float = 18.4,
    edit: float = 0.3,
    pss: float = 900.0,
) -> dict[str, str]:
    """Whether each target is met ("yes" or "no"), by a word of the target, for made-up measurements."""
    builder = {
        100: Measure([Run(0.5, 1.0, 30.0)]),
        1_000: Measure([Run(3.0, 10.0, 80.0)]),
        10_000: Measure([Run(big_seconds, cpu_at_10k, 500.0)], sampled=Run(30.0, 50.0, 500.0, tree_mb=pss)),
    }
    mkdocs = {
        100: Measure([Run(6.0, 6.0, 90.0, builder_seconds=0.2)], pages=10, mean_kb=18.4),
        1_000: Measure([Run(60.0, 60.0, 500.0, builder_seconds=60.0 * share)], pages=100, mean_kb=kb_at_1k),
    }
    edited = {"check": edit / 2, "render": edit / 2}
    live = [("cold (first build)", {"check": 3.0, "render": 1.0}), ("after editing one claim", edited)]
    rows = [row.strip("| ").split(" | ") for row in measure.targets(builder, mkdocs, live)[2:]]
    words = {"10 s": "time", "MB": "memory", "corpus": "ratio", "mkdocs build": "share", "HTML": "html", "edit": "edit"}
    return {next(w for key, w in words.items() if key in target): met for target, _, met in rows}


def test_each_target_is_met_only_when_the_measurement_meets_it() -> None:
    assert _verdicts() == dict.fromkeys(["time", "memory", "ratio", "share", "html", "edit"], "yes")
    for change, target in [
        ({"big_seconds": 10.5}, "time"),
        ({"pss": 1100.0}, "memory"),
        ({"cpu_at_10k": 115.0}, "ratio"),
        ({"share": 0.06}, "share"),
        ({"kb_at_1k": 25.0}, "html"),
        ({"edit": 0.6}, "edit"),
    ]:
        verdicts = _verdicts(**change)  # type: ignore[arg-type]
        assert [t for t, met in verdicts.items() if met == "no"] == [target], change
    assert _verdicts(cpu_at_10k=108.0)["ratio"] == "yes"  # about eleven times is met


@pytest.mark.parametrize("args", [["--runs", "0"], ["--runs", "two"], ["--sizes", "100k"], ["--sizes", "5"]])
def test_bad_arguments_are_refused_with_a_message(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        measure.main(args)
    assert exit_.value.code == 2 and "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("script", ["live_edit.py", "serve_dirty.py", "floor.py"])
def test_bench_scripts_called_wrongly_say_how_to_call_them(script: str, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "bench" / script), str(tmp_path / "nowhere")], capture_output=True, text=True
    )
    assert done.returncode == 1 and done.stderr.startswith(f"usage: .venv/bin/python bench/{script} "), done.stderr


def test_the_search_index_is_measured_as_written_and_gzipped(tmp_path: Path) -> None:
    (tmp_path / "search").mkdir()
    (tmp_path / "search" / "search_index.json").write_bytes(b'{"docs": []}' + b" " * 999_988)
    m = measure.search_index(tmp_path, Measure([Run(1.0, 1.0, 1.0)], pages=500))
    assert m.search_mb == 1.0 and 0 < m.search_gz_mb < 0.01
    text = measure.report([], 1, {}, {}, {100: m}, [], [], [], [])
    assert "| 100 | 1.0 | 0.0 | 2.0 |" in text
    assert measure.search_index(tmp_path / "nowhere", Measure([Run(1.0, 1.0, 1.0)])).search_mb == 0.0
