"""Pure-Python work in a forked child, while the parent gets on with something else.

The builder is pure Python, so threads would not run it in parallel. A child forked
from the build shares all its data without copying; it runs one function and sends the
result back pickled through a pipe (our own objects, from our own child: nothing read
from the repository is unpickled). Builds use a second process where there is a second
CPU to run it on; `DOSSIER_PROCESSES=1` keeps them to one (on a busy machine the child
competes with the parent, and the fork costs CPU of its own: copy-on-write faults,
pickling). Used only from a process with no other thread (forking one is unsafe), and
only where the caller judges it worth it; when the child fails in any way, `result()`
gives None and the caller does the work itself, so output never depends on the fork.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether work should go to a second process: not declined, and possible and safe here."""
    if os.environ.get("DOSSIER_PROCESSES", "").strip() == "1" or not hasattr(os, "fork"):
        return False
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cpus >= 2 and threading.active_count() == 1


def fork(work: Callable[[int], None]) -> tuple[int, int] | None:
    """A forked child running `work(the write end of a pipe)`: (its pid, the read end), or None if the fork failed.

    The child never returns, and never runs the parent's exit handlers or flushes its buffers: it exits
    with status 0 if `work` returned, 1 if it raised.
    """
    sys.stdout.flush()  # or the child would inherit, and might print, what the parent has not yet
    sys.stderr.flush()
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:
        status = 1
        try:
            os.close(read)
            work(write)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


class Background(Generic[T]):
    """`work()` running in a forked child; `result()` waits for it."""

    def __init__(self, pid: int, pipe: int) -> None:
        self.pid = pid
        self.pipe = pipe
        self.done = False

    @classmethod
    def start(cls, work: Callable[[], T]) -> Background[T] | None:
        """None if the fork failed."""

        def send(pipe: int) -> None:
            value = work()
            with os.fdopen(pipe, "wb", buffering=1 << 20) as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)

        forked = fork(send)
        return None if forked is None else cls(*forked)

    def result(self) -> T | None:
        """What `work()` returned, or None if the child failed. Only once."""
        assert not self.done, "the result of a Background is taken once"
        self.done = True
        try:
            with os.fdopen(self.pipe, "rb") as pipe:
                value = pickle.load(pipe)
        except Exception:
            value = None
        except BaseException:  # interrupted (Ctrl-C) while waiting: stop the child, rather than leave it behind
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            raise
        _, status = os.waitpid(self.pid, 0)
        return value if status == 0 else None

    def cancel(self) -> None:
        """Stop the child, if its result has not been taken yet."""
        if not self.done:
            os.kill(self.pid, signal.SIGKILL)
            self.result()
