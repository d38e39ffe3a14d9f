"""Work shared between this process and one forked worker, or done here alone.

The builder is pure Python, so threads would not run it in parallel; a second process does, on a
machine with a second CPU. `shared` splits units of work between this process and a worker (`build --out`
writing pages, `mkdocs build` converting them); `beside` hands one piece of work to a worker while this
process goes on (`mkdocs build` making the search index while MkDocs writes the pages). The worker is
forked, so it shares the work done so far without copying or pickling it, and what it makes comes back
pickled. Forking is used only where it is safe (Linux, no other thread in this process: so not under
`mkdocs serve`); everywhere else, and with `DOSSIER_PROCESSES=1`, everything runs here, in order, and the
output is the same. A worker that dies, or takes longer than `timeout`, is stopped and its work is done
here. What this process holds is out of the worker's collector's reach (`forking`), so that the worker
shares it rather than copies it.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
TIMEOUT = 600.0  # seconds a worker may take over its share of one build before it is given up on

_WORK: Callable[[int], object] | None = None  # the units of the build being shared, inherited by the fork


def can_fork() -> bool:
    """Whether a forked worker is safe and worth it here."""
    if os.environ.get("DOSSIER_PROCESSES", "").strip() == "1" or sys.platform != "linux":
        return False  # macOS: fork without exec can crash in system frameworks; Windows: no fork
    return len(os.sched_getaffinity(0)) >= 2 and threading.active_count() == 1


def shared(count: int, do: Callable[[int], T], timeout: float = TIMEOUT) -> list[tuple[T, bool]]:
    """`do(n)` for n in 0..count-1: (its result, whether the worker made it), in order.

    The worker takes units from the front and this process from the back, each the next as it becomes
    free (the worker always has the next one waiting). An exception raised by `do` in the worker is raised
    here."""
    if count < 2 or not can_fork():
        return [(do(n), False) for n in range(count)]
    global _WORK
    _WORK = do
    results: dict[int, tuple[T, bool]] = {}
    waiting: dict[int, Future[Any]] = {}
    front, back = 0, count
    pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
    try:
        while front < back or waiting:
            while front < back and len(waiting) < IN_FLIGHT:
                with forking():  # the worker is forked at the first submit
                    waiting[front] = pool.submit(_run, front)
                front += 1
            for n in [n for n, future in waiting.items() if future.done()]:
                results[n] = (waiting.pop(n).result(), True)
            if front < back:
                back -= 1
                results[back] = (do(back), False)
            elif waiting:
                n = min(waiting)
                results[n] = (waiting.pop(n).result(timeout=timeout), True)
        pool.shutdown()  # the worker exits once told to (it never sees this process end: it holds its pipes too)
    except (BrokenProcessPool, FutureTimeout):  # the worker died or hangs: what it had is done here
        _stop(pool)
        for n in range(count):
            if n not in results:
                results[n] = (do(n), False)
    except BaseException:
        _stop(pool)
        raise
    finally:
        _WORK = None
    return [results[n] for n in range(count)]


IN_FLIGHT = 2  # units handed to the worker ahead, so that it never waits for this process


def _run(n: int) -> object:
    assert _WORK is not None
    return _WORK(n)


@contextmanager
def forking() -> Iterator[None]:
    """Around a fork: every object this process holds is set aside from the cyclic collector (`gc.freeze`)
    while the worker is forked, and given back to it here straight after. The worker's own collector then
    never walks what it inherited; a walk writes into every object it visits, and the kernel copies each page
    of memory written, so a worker collecting would soon hold a copy of this process's whole heap."""
    if gc.get_freeze_count():  # something else holds objects frozen: left as it is
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the worker now (it may be stuck): it is this process's only child process."""
    for child in multiprocessing.active_children():
        child.kill()
    pool.shutdown(wait=False)


class Beside:
    """`do()` in a forked worker while this process goes on (`result` waits for it); where forking is not
    safe, `do()` runs when `result` is called."""

    def __init__(self, do: Callable[[], T]) -> None:
        global _WORK
        self.do: Callable[[], Any] = do
        self.pool: ProcessPoolExecutor | None = None
        self.future: Future[Any] | None = None
        if can_fork():
            _WORK = lambda _: do()  # noqa: E731
            try:
                self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
                with forking():
                    self.future = self.pool.submit(_run, 0)  # the worker is forked here, with `_WORK` as set now
            finally:
                _WORK = None

    def result(self, timeout: float = TIMEOUT) -> Any:
        if self.pool is None or self.future is None:
            return self.do()
        try:
            return self.future.result(timeout=timeout)
        except (BrokenProcessPool, FutureTimeout):  # the worker died or hangs: done here instead
            _stop(self.pool)
            self.pool = None
            return self.do()
        finally:
            if self.pool is not None:
                self.pool.shutdown()
