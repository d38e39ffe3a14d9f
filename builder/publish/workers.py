"""Stage a build's files in two processes at once: rendering and writing pages is most of a build.

After the dossier is checked, the process forks: the child renders and stages its share of the
pages while the parent does the rest, and then reports what it staged through a pipe, so the
parent can commit (or abort) everything as one build. Fork shares the checked dossier without
copying or pickling it. Where there is no fork or only one core, both shares are staged in turn.
"""

from __future__ import annotations

import json
import os
import sys
import traceback
from collections.abc import Iterable

from builder.publish.output import Content, Output, OutputError

Tree = Iterable[tuple[str, Content]]


def can_fork() -> bool:
    """Whether a second process can help: fork exists (not on Windows) and this process may use two cores."""
    if not hasattr(os, "fork"):
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores > 1


def stage_both(output: Output, child_share: Tree, own_share: Tree) -> None:
    """Stage `child_share` in a forked child while this process stages `own_share`; raises OutputError."""
    if not can_fork():
        output.stage(child_share)
        output.stage(own_share)
        return
    read, write = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: stage, report, and leave without running the parent's cleanup
        os.close(read)
        _child(output, child_share, write)
    os.close(write)
    try:
        output.stage(own_share)
    finally:
        with os.fdopen(read, encoding="utf-8") as pipe:
            report = pipe.read()  # read before waiting: the child blocks until its report is read
        _, status = os.waitpid(pid, 0)
        result = json.loads(report) if report else {}
        output.adopt(result.get("staged", []), result.get("made", []))
    if os.waitstatus_to_exitcode(status) != 0 or "staged" not in result:
        raise OutputError("the second build process stopped unexpectedly; its error is printed above")
    if result.get("error"):
        raise OutputError(result["error"])


def _child(output: Output, tree: Tree, write: int) -> None:
    code, error = 0, ""
    try:
        output.stage(tree)
    except OutputError as exc:
        error = str(exc)
    except BaseException:
        traceback.print_exc()
        code, error = 1, "the second build process failed"
    try:
        with os.fdopen(write, "w", encoding="utf-8") as pipe:
            json.dump({"staged": output.staged, "made": output.made, "error": error}, pipe)
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(code)
