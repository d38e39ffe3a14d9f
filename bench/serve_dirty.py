"""The whole rebuild under `mkdocs serve --dirty` after a one-file edit, MkDocs' own work included.

Usage: .venv/bin/python bench/serve_dirty.py DIR [--json]   (a dossier from bench/generate.py; DIR is restored after)

Without `--dirty`, `mkdocs serve` builds every page again after each edit, which takes as long as the cold
build. With it, MkDocs builds only the pages whose Markdown changed (publish/mkdocs_internals.py). Runs the cold build,
then each edit of bench/live_edit.py once (restoring the file after each, with a build), and prints the
seconds of each build.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from live_edit import edited_text, edits
from served import Serving


def measure(root: Path) -> list[tuple[str, float]]:
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory(prefix="dossier-serve-") as site:
        serving = Serving(root / "mkdocs.yml", Path(site))
        try:
            rows.append(("cold (first build)", _built(serving)))
            for what, path, find, replace in edits(root):
                original = path.read_bytes()
                try:
                    path.write_bytes(edited_text(original, find, replace, 0))
                    rows.append((f"after editing one {what}", _built(serving)))
                finally:
                    path.write_bytes(original)
                    _built(serving)
        finally:
            serving.close()
    return rows


def _built(serving: Serving) -> float:
    ok, seconds = serving.build()
    if not ok:
        raise RuntimeError("a build under `mkdocs serve --dirty` failed")
    return seconds


def table(rows: list[tuple[str, float]]) -> list[str]:
    return ["| Rebuild | whole build (s) |", "| --- | ---: |", *(f"| {what} | {s:.2f} |" for what, s in rows)]


if __name__ == "__main__":
    if len(sys.argv) < 2 or not (Path(sys.argv[1]) / "mkdocs.yml").is_file():
        sys.exit(f"usage: {__doc__.splitlines()[2].removeprefix('Usage: ')}")
    measured = measure(Path(sys.argv[1]))
    print(json.dumps(measured) if "--json" in sys.argv[2:] else "\n".join(table(measured)))
