"""Live editing: the builder's share of a `mkdocs serve` rebuild after a one-file edit.

Usage: .venv/bin/python bench/live_edit.py DIR   (a dossier from bench/generate.py; DIR is restored afterwards)

Runs what the MkDocs plugin runs on every rebuild (check, incremental render, exports) once cold, then
again in the same process after changing one claim's statement, and prints a Markdown table.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from builder.export import export_files
from builder.pipeline import check, render


def rebuild(root: Path) -> tuple[float, float, float]:
    start = time.perf_counter()
    checked = check(root)
    checked_at = time.perf_counter()
    render(checked, incremental=True)
    rendered_at = time.perf_counter()
    export_files(checked.dossier)
    return checked_at - start, rendered_at - checked_at, time.perf_counter() - rendered_at


def main(root: Path, runs: int = 3) -> None:
    cold = sum(rebuild(root))
    claim = sorted((root / "annotations/claims").glob("*.yaml"))[0]
    original = claim.read_text(encoding="utf-8")
    timings = []
    try:
        for run in range(runs):
            claim.write_text(original.replace("statement: ", f"statement: Edit {run}: ", 1), encoding="utf-8")
            timings.append(rebuild(root))
    finally:
        claim.write_text(original, encoding="utf-8")
    median = [statistics.median(t[i] for t in timings) for i in range(3)]
    print("| Cold build (s) | After a one-file edit: check (s) | render (s) | exports (s) | total (s) |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    print(f"| {cold:.2f} | {median[0]:.2f} | {median[1]:.2f} | {median[2]:.2f} | {sum(median):.2f} |")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
