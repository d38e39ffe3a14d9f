"""Make a build's files in two processes at once: rendering and writing pages is most of a build.

After the dossier is checked, this process and a forked child (see builder/background.py) take
units of work (publish/units.py) from a shared queue, each the next as it becomes free, render
them and stage their files. The child reports what it staged, so that this process can commit
(or abort) everything as one build. If the child fails in any way, this process stages every
unit it did not do itself; with no second CPU, it does them all. (`mkdocs build` shares out its
work another way: publish/streamed.py.)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import NamedTuple, TypeVar

from builder.background import Background, can_fork
from builder.publish.output import Content, Output, OutputError
from builder.publish.units import Unit


class Staged(NamedTuple):
    """What the child staged (relative paths and folders it made), and why it stopped early, if it did."""

    staged: list[str]
    made: list[str]
    error: str


class UnitQueue:
    """Unit numbers for processes to take as each becomes free.

    A pipe filled before the fork and read by both processes: a number is one byte, and a read of one
    byte from a pipe takes it from the other reader's reach, so no unit is done twice."""

    MOST = 256

    def __init__(self, count: int) -> None:
        assert count <= self.MOST, "a unit number is one byte: make the units larger"
        self.read, write = os.pipe()
        os.write(write, bytes(range(count)))  # far below any pipe's capacity: never blocks
        os.close(write)

    def __iter__(self) -> Iterator[int]:
        while number := os.read(self.read, 1):
            yield number[0]

    def close(self) -> None:
        os.close(self.read)


Progress = Callable[[str], None]
T = TypeVar("T")


def stage_units(output: Output, units: list[Unit], progress: Progress) -> None:
    """Stage every unit's files, in two processes where there are two CPUs; raises OutputError."""
    if not can_fork():
        output.stage(_files(units, range(len(units)), progress, ""))
        return
    report, mine = _shared(
        len(units),
        lambda numbers: _stage(output, _files(units, numbers, progress, " (second process)")),
        lambda numbers: output.stage(_files(units, numbers, progress, "")),
    )
    if report is None:  # the child failed (or never started): what it took is staged again here
        output.stage(_files(units, [n for n in range(len(units)) if n not in mine], progress, ""))
        return
    output.adopt(report.staged, report.made)
    if report.error:
        raise OutputError(report.error)


def _shared(
    count: int, theirs: Callable[[Iterable[int]], T], ours: Callable[[Iterable[int]], object]
) -> tuple[T | None, set[int]]:
    """Unit numbers 0 to count - 1 shared out between a forked child running `theirs` and this process running
    `ours`, each taking the next number as it becomes free. Gives the child's result (None if it failed or never
    started) and the numbers this process took; if this process fails, the child is stopped."""
    queue = UnitQueue(count)
    child = None
    mine: list[int] = []
    try:
        child = Background.start(lambda: theirs(queue))
        ours(_noted(queue, mine))
    except BaseException:
        if child is not None:
            child.cancel()  # not worth finishing: the build fails (`Output.abort` removes what it staged)
        raise
    finally:
        queue.close()
    return (child.result() if child is not None else None), set(mine)


def _noted(numbers: Iterable[int], done: list[int]) -> Iterator[int]:
    for number in numbers:
        done.append(number)
        yield number


def _files(units: list[Unit], numbers: Iterable[int], progress: Progress, who: str) -> Iterator[tuple[str, Content]]:
    """The files of the units numbered, with a progress line every PROGRESS_EVERY files."""
    count = 0
    for number in numbers:
        for file in units[number]():
            yield file
            count += 1
            if count % PROGRESS_EVERY == 0:
                progress(f"rendered and wrote {count} files{who}")
    if count % PROGRESS_EVERY:
        progress(f"rendered and wrote {count} files{who}")


PROGRESS_EVERY = 20_000  # files between progress lines on long builds


def _stage(output: Output, files: Iterable[tuple[str, Content]]) -> Staged:
    """In the child: stage, and report how far it got (a refusal is reported, not raised)."""
    try:
        output.stage(files)
    except OutputError as exc:
        return Staged(output.staged, output.made, str(exc))
    return Staged(output.staged, output.made, "")
