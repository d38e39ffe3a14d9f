"""Files a forked child makes while MkDocs reads others: the builder's work off MkDocs' path.

`mkdocs build` runs in one process, and reads pages one by one after the plugin has
listed them. For the units whose files are known by path before they are made (pages
with one per entity, the export formats: publish/units.py), the plugin lists the paths
and a forked child makes the files, in the order MkDocs reads them, sending each back
through a pipe. When MkDocs first asks for a file's content, the parent reads the
child's files up to it; the child is long ahead, as MkDocs spends milliseconds on each
page that took the child a fraction of one. So the builder's time in the build is
little more than checking the dossier: the pages and exports are made on the other CPU.

Output never depends on the fork: if the child fails in any way (or was never
started), the parent makes each unit it still needs itself, when it is asked for. A
unit that gives other paths than it was listed with is a bug, reported as an error.
"""

from __future__ import annotations

import gc
import os
import pickle
import queue
import signal
import threading
import time
from typing import BinaryIO

from mkdocs.exceptions import PluginError

from builder.background import fork
from builder.publish.units import Planned, whole


class Unplanned(PluginError):
    """A unit made other files than it was listed with."""


class Streamed:
    """The planned units' files, made by a forked child (or, failing that, here), each taken once."""

    def __init__(self, planned: list[Planned], fork: bool = True) -> None:
        self.planned = planned
        self.paths = [path for _, paths in planned for path in paths]  # in the order the child makes them
        self.unit_of = {path: number for number, (_, paths) in enumerate(planned) for path in paths}
        if len(self.unit_of) != len(self.paths):
            raise Unplanned("two units of the build are listed with one path; please report this as a bug")
        self.received: dict[str, str | bytes] = {}  # read from the child, or made here, not yet taken
        self.taken: dict[str, str | bytes] = {}  # the very strings MkDocs holds: no copy, for a second read
        self.from_child = 0  # files read from the child
        self.seconds = 0.0  # spent in `take`: waiting for the child, reading its files, or making them here
        self.pid = 0
        self.pipe: BinaryIO | None = None
        self.child_seconds = 0.0  # the child's CPU time, once it has ended
        self.forked = False
        if fork:
            self._start()

    def take(self, path: str) -> str | bytes:
        """The file's content, read from the child (up to it) or, if the child stopped before, made here."""
        started = time.perf_counter()
        try:
            if path in self.taken:  # MkDocs reads each file once; a plugin that copies files may read a copy
                return self.taken[path]
            while path not in self.received and self._receive():
                pass
            if path not in self.received:  # the child stopped before making it: made here, with its unit
                self._make_here(self.unit_of[path])
            content = self.taken[path] = self.received.pop(path)
            return content
        finally:
            self.seconds += time.perf_counter() - started

    def close(self) -> None:
        """Stop the child if it is still running (MkDocs failed, or never asked for some files)."""
        if self.pid:
            os.kill(self.pid, signal.SIGKILL)
            self._reap()

    # The child --------------------------------------------------------------
    def _start(self) -> None:
        def make_all(pipe: int) -> None:
            gc.disable()  # the child lives only to make these files: nothing to collect that matters
            self._make_all(pipe)

        forked = fork(make_all)  # a child that fails, or a parent that is gone (a closed pipe), ends there
        if forked is not None:
            self.pid, read = forked
            self.pipe = os.fdopen(read, "rb", buffering=1 << 16)
            self.forked = True

    def _make_all(self, pipe: int) -> None:
        """In the child: make every file as fast as it can, while a thread sends them as the parent reads.

        Without the thread, the child would wait for the parent to read each file before making the next,
        and the exports, made last and read last (MkDocs copies them after reading every page), would be
        made only once MkDocs wants them."""
        ready: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        failed: list[BaseException] = []

        def send() -> None:
            try:
                while (data := ready.get()) is not None:
                    view = memoryview(data)
                    while view:  # waits for the parent, without holding the GIL; a signal may cut a write short
                        view = view[os.write(pipe, view) :]
            except BaseException as exc:  # the parent gone: nothing more to do
                failed.append(exc)
            finally:
                os.close(pipe)

        sender = threading.Thread(target=send)  # the child has no other thread: safe to start one
        sender.start()
        try:
            for planned in self.planned:
                for file in made(planned):
                    ready.put(pickle.dumps(file, protocol=pickle.HIGHEST_PROTOCOL))
                    if failed:
                        raise failed[0]
        finally:
            ready.put(None)
            sender.join()
        if failed:
            raise failed[0]

    def _receive(self) -> bool:
        """Read the child's next file; False when there is none (all sent, or the child failed)."""
        if self.pipe is None:
            return False
        try:
            path, content = pickle.load(self.pipe)  # our own objects, from our own child
        except Exception:  # EOF: done, or died; anything else: a damaged stream, which is no better
            self._reap()
            return False
        self.from_child += 1
        if path not in self.taken:
            self.received[path] = content
        return True

    def _reap(self) -> None:
        if self.pipe is not None:
            self.pipe.close()
            self.pipe = None
        if self.pid:
            usage = os.wait4(self.pid, 0)[2]
            self.child_seconds = usage.ru_utime + usage.ru_stime
            self.pid = 0

    def _make_here(self, number: int) -> None:
        for path, content in made(self.planned[number]):
            if path not in self.taken:
                self.received.setdefault(path, content)


def made(planned: Planned) -> list[tuple[str, str | bytes]]:
    """A unit's files, whole (a streamed export joined), checked against the paths it was listed with."""
    unit, paths = planned
    files = whole(unit())
    if [path for path, _ in files] != paths:
        raise Unplanned("a unit of the build made other files than it was listed with; please report this as a bug")
    return files
