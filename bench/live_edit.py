"""Live editing: the builder's share of a `mkdocs serve` rebuild after a one-file edit.

Usage: .venv/bin/python bench/live_edit.py DIR [--json]   (a dossier from bench/generate.py; DIR is restored after)

Loads DIR's mkdocs.yml and runs the dossier plugin as `mkdocs serve` does (one plugin object for all
rebuilds, which run while other threads do), once cold, then after changing one claim's statement, one
actor's name and one source's seed text in turn, and prints a Markdown table of the plugin's own time
(check, pages, exports and MkDocs' file objects, timed around `on_files`) per rebuild. MkDocs' own work
on the pages is not counted: it is the same with or without us.
"""

from __future__ import annotations

import json
import statistics
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's builder, not an installed one

from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from builder.publish.plugin import DossierPlugin


def rebuild(plugin: DossierPlugin, config_file: Path) -> dict[str, float]:
    """The plugin's time in one rebuild, timed from outside it: check, pages, exports and MkDocs' file objects."""
    config = load_config(str(config_file))
    config.plugins._current_plugin = "dossier"  # as PluginCollection.run_event sets it
    plugin.on_config(config)
    files = get_files(config)
    start = time.perf_counter()
    plugin.on_files(files, config)
    return {"check, pages, exports and files": time.perf_counter() - start}


def edits(root: Path) -> list[tuple[str, Path, str, str]]:
    """(what, file, text to find, replacement): one claim statement, one actor name, one seed text."""
    claim = sorted((root / "annotations/claims").glob("*.yaml"))[0]
    actor = sorted((root / "annotations/actors").glob("*.yaml"))[0]
    seed = sorted((root / "seeds").glob("*.txt"))[0]
    return [
        ("claim statement", claim, "statement: ", "statement: Edited "),
        ("actor name", actor, "name: ", "name: Edited "),
        ("seed text (appended line)", seed, "", ""),
    ]


def measure(root: Path, runs: int = 3) -> list[tuple[str, dict[str, float]]]:
    """(what was edited, median seconds per stage): the cold build first, then each kind of edit."""
    config_file = root / "mkdocs.yml"
    plugin = load_config(str(config_file)).plugins["dossier"]  # kept for every rebuild, as serve keeps it
    assert isinstance(plugin, DossierPlugin)
    plugin.on_startup(command="serve", dirty=False)
    rows = [("cold (first build)", dict(rebuild(plugin, config_file)))]
    with server_running():
        rows += [edited(plugin, config_file, *edit, runs) for edit in edits(root)]
    return rows


@contextmanager
def server_running() -> Iterator[None]:
    """A thread alive, as MkDocs' server threads are while `mkdocs serve` rebuilds (its first build comes before
    them)."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait, name="as mkdocs serve's server", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def edited_text(original: bytes, find: str, replace: str, run: int) -> bytes:
    """One edit of a file (see `edits`), numbered by `run` so that successive edits differ."""
    text = original.decode("utf-8")
    if find:
        return text.replace(find, f"{replace}{run} ", 1).encode("utf-8")
    return (text + f"\nAn added closing line, number {run}.\n").encode("utf-8")


def edited(
    plugin: DossierPlugin, config_file: Path, what: str, path: Path, find: str, replace: str, runs: int
) -> tuple[str, dict[str, float]]:
    """The median seconds per stage of `runs` rebuilds, each after one edit of `path`, which is then restored."""
    original = path.read_bytes()
    timings = []
    try:
        for run in range(runs):
            path.write_bytes(edited_text(original, find, replace, run))
            timings.append(dict(rebuild(plugin, config_file)))
    finally:
        path.write_bytes(original)
        rebuild(plugin, config_file)
    return f"after editing one {what}", {stage: statistics.median(t[stage] for t in timings) for stage in timings[0]}


def table(rows: list[tuple[str, dict[str, float]]]) -> list[str]:
    stages = list(rows[0][1])
    lines = [
        "| Rebuild | " + " | ".join(f"{s} (s)" for s in stages) + " | total (s) |",
        "| --- | " + " | ".join("---:" for _ in stages) + " | ---: |",
    ]
    for what, seconds in rows:
        cells = " | ".join(f"{seconds[s]:.2f}" for s in stages)
        lines.append(f"| {what} | {cells} | {sum(seconds.values()):.2f} |")
    return lines


if __name__ == "__main__":
    if len(sys.argv) < 2 or not (Path(sys.argv[1]) / "mkdocs.yml").is_file():
        sys.exit(f"usage: {__doc__.splitlines()[2].removeprefix('Usage: ')}")
    measured = measure(Path(sys.argv[1]))
    print(json.dumps(measured) if "--json" in sys.argv[2:] else "\n".join(table(measured)))
