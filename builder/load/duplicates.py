"""Which of two files that give the same id is the newcomer, so that the error tells its author to
rename their own file and not one the dossier has relied on for months.

Asked only when two files clash (the error path): git knows which file it does not track yet, or which
was committed last; without git, the file changed last is taken as the new one.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from builder.problems import Location, Problems


def newer(root: Path, first: str, second: str) -> str:
    """Of two paths relative to `root`, the one most likely added last (`second` when nothing tells)."""
    tracked = _git(root, "ls-files", "--", first, second)
    if tracked is not None:
        known = set(tracked.split("\n"))
        if (first in known) != (second in known):
            return second if first in known else first
        if first in known:
            times = [_git(root, "log", "-1", "--format=%ct", "--", path) for path in (first, second)]
            if all(times) and times[0] != times[1]:
                return first if int(times[0] or 0) > int(times[1] or 0) else second
    try:
        return first if (root / first).stat().st_mtime > (root / second).stat().st_mtime else second
    except OSError:
        return second


def _git(root: Path, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def report(root: Path, problems: Problems, entity_id: str, at: tuple[Location, Location]) -> None:
    """The error of a second file giving `entity_id`, on whichever of the two files is the newer."""
    new = newer(root, at[0].path, at[1].path)
    here, there = (at[0], at[1]) if new == at[0].path else (at[1], at[0])
    problems.error(
        here,
        f"the id {entity_id!r} is already used by {there.path}, and ids are unique across the dossier",
        f"give this file ({here.path}) another id and rename it to match; leave {there.path} as it is",
    )
