"""Builds as `mkdocs serve` runs them, in a process of their own, one per "build" line read on stdin.

Usage: python bench/served.py MKDOCS_YML SITE_DIR [--dirty]

Every build loads the config again and keeps the plugin objects, as `mkdocs serve` does, with a thread alive
beside it as the server's; each prints one JSON line: whether it succeeded, its seconds and MkDocs' warnings.
A process of its own, because MkDocs keeps plugin objects for the whole process. `Serving` drives one
(bench/serve_dirty.py, tests/test_dirty_serve.py).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the plugin of this checkout, not an installed one

SERVE_URL = "http://127.0.0.1:8000/"


class Serving:
    """A process building as `mkdocs serve` does, one build per call of `build`."""

    def __init__(self, config_file: Path, site: Path, dirty: bool = True) -> None:
        command = [sys.executable, __file__, str(config_file), str(site), *(["--dirty"] if dirty else [])]
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        self.process = subprocess.Popen(
            command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
        )

    def build(self) -> tuple[bool, float]:
        """Whether the build succeeded, and how long it took (its warnings: `warnings`)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write("build\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the serving process ended with status {self.process.wait()}")
        said = json.loads(line)
        self.warnings: list[str] = said["warnings"]
        return bool(said["ok"]), float(said["seconds"])

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)


def main(config_file: str, site_dir: str, dirty: bool) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    warnings: list[str] = []
    said = logging.Handler(logging.WARNING)
    said.emit = lambda record: warnings.append(record.getMessage())  # type: ignore[method-assign]
    logging.getLogger("mkdocs").addHandler(said)
    threading.Thread(target=threading.Event().wait, daemon=True).start()
    load_config(config_file, site_dir=site_dir).plugins.on_startup(command="serve", dirty=dirty)
    for line in sys.stdin:
        if line.strip() != "build":
            continue
        start = time.perf_counter()
        warnings.clear()
        config = load_config(config_file, site_dir=site_dir)
        config.site_url = SERVE_URL
        try:
            build(config, serve_url=SERVE_URL, dirty=dirty)
            ok = True
        except (Exception, SystemExit):  # `mkdocs serve` reports any failed build and carries on
            ok = False
        print(json.dumps({"ok": ok, "seconds": time.perf_counter() - start, "warnings": warnings}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], "--dirty" in sys.argv[3:])
