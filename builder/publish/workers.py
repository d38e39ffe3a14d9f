"""Stage a build's files in two processes at once: rendering and writing pages is most of a build.

After the dossier is checked, a forked child (see builder/background.py) renders and stages its
share of the pages while this process does the rest, and reports what it staged, so that this
process can commit (or abort) everything as one build. If the child fails in any way, or there is
no second CPU, this process stages the child's share itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from builder.background import Background, can_fork
from builder.publish.output import Content, Output, OutputError

Tree = Iterable[tuple[str, Content]]


class Staged(NamedTuple):
    """What the child staged (relative paths and folders it made), and why it stopped early, if it did."""

    staged: list[str]
    made: list[str]
    error: str


def stage_both(output: Output, child_share: Tree, own_share: Tree) -> None:
    """Stage `child_share` in a second process while this one stages `own_share`; raises OutputError."""
    child = Background.start(lambda: _stage(output, child_share)) if can_fork() else None
    report = None
    try:
        output.stage(own_share)
    finally:
        if child is not None:
            report = child.result()  # waited for even when this process failed, so abort removes its files too
            if report is not None:
                output.adopt(report.staged, report.made)
    if report is None:
        output.stage(child_share)  # one process, or the child failed: its share is staged here
    elif report.error:
        raise OutputError(report.error)


def _stage(output: Output, tree: Tree) -> Staged:
    """In the child: stage, and report how far it got (a refusal is reported, not raised)."""
    try:
        output.stage(tree)
    except OutputError as exc:
        return Staged(output.staged, output.made, str(exc))
    return Staged(output.staged, output.made, "")
