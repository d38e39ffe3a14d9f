"""A large legal seed: `check` and `mkdocs build` of the mini dossier plus one seed of short lines.

Usage: .venv/bin/python bench/large_seed.py [MEGABYTES ...]   (default: 1.2 4.8; each at most 5, the seed limit)

A seed of one- and two-letter lines is the most paragraphs a legal seed can hold (about one for every three
bytes): its source page is the largest page a contribution can make. Each size is built once, from a copy of
tests/fixtures/mini in a temporary folder; the table gives the seconds of each command and the seconds per
megabyte, which stay about the same from one size to the next if the cost is linear. CPU seconds (of the
command's processes) are given beside wall seconds: on a shared machine they vary much less. The site is built
twice: as configured (with Material's search plugin, which reads every page's HTML again) and without that plugin,
to tell the builder's part from the search index's.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = ["a", "to", "of", "is", "in", "it", "on", "be", "as", "at", "I", "we"]


def make(root: Path, size: int) -> int:
    """The mini dossier with a seed of `size` bytes of short lines; the number of its paragraphs."""
    shutil.copytree(REPO / "tests/fixtures/mini", root)
    lines, total = [], 0
    while total < size:
        word = WORDS[len(lines) % len(WORDS)]
        lines.append(word)
        total += len(word) + 1
    (root / "seeds/large.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "annotations/sources/large.yaml").write_text(
        "id: large\nfile: seeds/large.txt\ntitle: A large seed\nlanguage: en\n", encoding="utf-8"
    )
    return len(lines)


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall and CPU seconds of the command (CPU: user and system, of it and the processes it waited for)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(REPO)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


Row = tuple[float, int, tuple[float, float], tuple[float, float], tuple[float, float]]


def measure(megabytes: float) -> Row:
    size = int(megabytes * 1_000_000)
    with tempfile.TemporaryDirectory(prefix="dossier-large-seed-") as folder:
        root = Path(folder) / "dossier"
        paragraphs = make(root, size)
        config = (root / "mkdocs.yml").read_text(encoding="utf-8")
        bare = re.sub(r"\n  - search:\n(?:    .*\n)*", "\n", config)  # the search plugin and its settings
        if bare == config:
            raise SystemExit("could not take the search plugin out of tests/fixtures/mini/mkdocs.yml")
        (root / "mkdocs-no-search.yml").write_text(bare, encoding="utf-8")
        check = timed([sys.executable, "-m", "builder", "check", "--root", str(root)], REPO)
        build = [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(Path(folder) / "site")]
        full = timed(build, root)
        without = timed([*build, "-f", "mkdocs-no-search.yml"], root)
    return megabytes, paragraphs, check, full, without


def table(rows: list[Row]) -> list[str]:
    lines = [
        "| Seed (MB) | Paragraphs | `check` wall / CPU (s) | `mkdocs build --strict` wall / CPU (s) | CPU s per MB "
        "| without the search plugin: wall / CPU (s) | CPU s per MB |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for megabytes, paragraphs, check, full, without in rows:
        lines.append(
            f"| {megabytes:g} | {paragraphs:,} | {check[0]:.2f} / {check[1]:.2f} | {full[0]:.1f} / {full[1]:.1f} "
            f"| {full[1] / megabytes:.1f} | {without[0]:.1f} / {without[1]:.1f} | {without[1] / megabytes:.1f} |"
        )
    return lines


if __name__ == "__main__":
    sizes = [float(arg) for arg in sys.argv[1:]] or [1.2, 4.8]
    if any(not 0 < mb <= 5 for mb in sizes):
        sys.exit(f"usage: {__doc__.splitlines()[2].removeprefix('Usage: ')}")
    print("\n".join(table([measure(mb) for mb in sizes])))
