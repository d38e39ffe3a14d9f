"""Part of a build that does not depend on how the builder is written: reading, parsing and writing files.

Usage: .venv/bin/python bench/floor.py ROOT OUT   (ROOT a dossier, OUT a folder `builder build` wrote from it)

Prints JSON: CPU seconds (user + system, this process) to list, read and decode every annotation and seed
file; to parse every annotation with the builder's YAML reader (libyaml's events, the careful loader where
they give up; no validation, no model); and to write every file of OUT again, byte for byte, into a new folder
beside it (deleted afterwards, untimed). Python needs about this much for the files alone, so it tells how
much of a time target is left for the rest: validating into the model, anchoring, analysis, rendering and
exports (and starting Python and importing the builder).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this checkout's builder, not an installed one

from builder.load.yaml_nodes import parse_yaml
from builder.problems import Problems


def cpu(work: Callable[[], object]) -> float:
    before = os.times()
    work()
    after = os.times()
    return (after.user - before.user) + (after.system - before.system)


def floor(root: Path, out: Path) -> dict[str, float]:
    texts: dict[str, str] = {}

    def read() -> None:
        for folder in ("annotations", "seeds"):
            for path in sorted((root / folder).rglob("*")):
                if path.is_file():
                    texts[str(path)] = path.read_bytes().decode("utf-8")

    def parse() -> None:
        problems = Problems()
        for path, text in texts.items():
            if path.endswith(".yaml"):
                parse_yaml(text, path, problems)

    written = [(p.relative_to(out), p.read_bytes()) for p in sorted(out.rglob("*")) if p.is_file()]
    again = out.with_name(f"{out.name}-floor")
    shutil.rmtree(again, ignore_errors=True)

    def write() -> None:
        for rel, data in written:
            target = again / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(fd, view) :]
            finally:
                os.close(fd)

    try:
        result = {"read": cpu(read), "parse": cpu(parse), "write": cpu(write)}
    finally:
        shutil.rmtree(again, ignore_errors=True)
    return {
        **result,
        "files_in": len(texts),
        "files_out": len(written),
        "mb_out": sum(len(data) for _, data in written) / 1e6,
    }


if __name__ == "__main__":
    if len(sys.argv) < 3 or not Path(sys.argv[1], "annotations").is_dir() or not Path(sys.argv[2]).is_dir():
        sys.exit(f"usage: {__doc__.splitlines()[2].removeprefix('Usage: ')}")
    print(json.dumps(floor(Path(sys.argv[1]), Path(sys.argv[2]))))
