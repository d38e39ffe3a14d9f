"""Live editing: the builder's share of a `mkdocs serve` rebuild after a one-file edit.

Usage: .venv/bin/python bench/live_edit.py DIR   (a dossier from bench/generate.py; DIR is restored afterwards)

Loads DIR's mkdocs.yml and runs the dossier plugin as `mkdocs serve` does (one plugin object for all
rebuilds), once cold, then after changing one claim's statement, one actor's name and one source's
seed text in turn, and prints a Markdown table of the plugin's own time (check, render, exports and
files) per rebuild. MkDocs' own work on the pages is not counted: it is the same with or without us.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from builder.publish.plugin import DossierPlugin


def rebuild(plugin: DossierPlugin, config_file: Path) -> dict[str, float]:
    config = load_config(str(config_file))
    config.plugins._current_plugin = "dossier"  # as PluginCollection.run_event sets it
    plugin.on_config(config)
    plugin.on_files(get_files(config), config)
    return plugin.timings


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


def main(root: Path, runs: int = 3) -> None:
    config_file = root / "mkdocs.yml"
    plugin = load_config(str(config_file)).plugins["dossier"]  # kept for every rebuild, as serve keeps it
    assert isinstance(plugin, DossierPlugin)
    plugin.on_startup(command="serve", dirty=False)
    cold = rebuild(plugin, config_file)
    rows = []
    for what, path, find, replace in edits(root):
        original = path.read_bytes()
        timings = []
        try:
            for run in range(runs):
                text = original.decode("utf-8")
                if find:
                    text = text.replace(find, f"{replace}{run} ", 1)
                else:
                    text += f"\nAn added closing line, number {run}.\n"
                path.write_bytes(text.encode("utf-8"))
                timings.append(rebuild(plugin, config_file))
        finally:
            path.write_bytes(original)
            rebuild(plugin, config_file)
        rows.append((what, {stage: statistics.median(t[stage] for t in timings) for stage in cold}))
    stages = list(cold)
    print("| Rebuild | " + " | ".join(f"{s} (s)" for s in stages) + " | total (s) |")
    print("| --- | " + " | ".join("---:" for _ in stages) + " | ---: |")
    print("| cold (first build) | " + " | ".join(f"{cold[s]:.2f}" for s in stages) + f" | {sum(cold.values()):.2f} |")
    for what, median in rows:
        cells = " | ".join(f"{median[s]:.2f}" for s in stages)
        print(f"| after editing one {what} | {cells} | {sum(median.values()):.2f} |")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
