"""builder/parallel.py: a forked worker changes how fast `build --out` is, never what it gives."""

from __future__ import annotations

import os
import time

import pytest

from builder import parallel


@pytest.mark.usefixtures("two_processes")
def test_every_unit_is_done_once_in_order() -> None:
    here = os.getpid()
    results = parallel.shared(40, lambda n: (n * n, os.getpid()))
    assert [value for (value, _), _ in results] == [n * n for n in range(40)]
    assert all((pid != here) == in_worker for (_, pid), in_worker in results)
    assert any(in_worker for _, in_worker in results), "the worker took some units"


@pytest.mark.usefixtures("two_processes")
def test_an_error_in_the_worker_is_raised_here() -> None:
    here = os.getpid()

    def failing(n: int) -> int:
        if os.getpid() != here:
            raise ValueError(f"unit {n} failed in the worker")
        time.sleep(0.01)
        return n

    with pytest.raises(ValueError, match="failed in the worker"):
        parallel.shared(10, failing)


@pytest.mark.usefixtures("two_processes")
@pytest.mark.parametrize("how", ["dies", "hangs"])
def test_a_worker_that_dies_or_hangs_leaves_its_units_here(how: str) -> None:
    here = os.getpid()

    def unit(n: int) -> int:
        if os.getpid() != here:
            if how == "dies":
                os._exit(3)
            time.sleep(60)
        time.sleep(0.01)
        return n

    started = time.perf_counter()
    results = parallel.shared(6, unit, timeout=1.0)
    assert results == [(n, False) for n in range(6)]
    assert time.perf_counter() - started < 30, "the hung worker was given up on, once"


def test_one_process_where_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSSIER_PROCESSES", "1")
    assert not parallel.can_fork()
    assert parallel.shared(5, lambda n: os.getpid()) == [(os.getpid(), False)] * 5


@pytest.mark.usefixtures("two_processes")
def test_work_beside_is_done_by_a_worker_while_this_process_goes_on() -> None:
    here = os.getpid()
    started = time.perf_counter()
    beside = parallel.Beside(lambda: (time.sleep(2), os.getpid())[1])
    assert time.perf_counter() - started < 2  # not waited for until asked
    assert beside.result() != here


@pytest.mark.usefixtures("two_processes")
def test_an_error_beside_is_raised_when_its_result_is_asked_for() -> None:
    def failing() -> None:
        raise ValueError("no index")

    beside = parallel.Beside(failing)
    with pytest.raises(ValueError, match="no index"):
        beside.result()


@pytest.mark.usefixtures("two_processes")
@pytest.mark.parametrize("how", ["dies", "hangs"])
def test_work_beside_whose_worker_dies_or_hangs_is_done_here(how: str) -> None:
    here = os.getpid()

    def work() -> int:
        if os.getpid() != here:
            if how == "dies":
                os._exit(3)
            time.sleep(60)
        return os.getpid()

    assert parallel.Beside(work).result(timeout=1.0) == here


def test_work_beside_is_done_here_where_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOSSIER_PROCESSES", "1")
    done: list[int] = []
    beside = parallel.Beside(lambda: done.append(os.getpid()))
    assert done == []  # only when its result is asked for
    beside.result()
    assert done == [os.getpid()]


@pytest.mark.usefixtures("two_processes")
def test_a_worker_collects_only_what_it_made() -> None:
    """What this process held at the fork is out of the worker's collector's reach (its collections would
    write into every inherited object, and so copy this process's memory), and back in this process's."""
    import gc

    held = [[n] for n in range(1000)]  # objects the collector tracks, made before the fork
    results = parallel.shared(6, lambda n: (gc.get_freeze_count(), os.getpid()))
    in_worker = [frozen for (frozen, pid), worker in results if worker]
    assert in_worker and all(frozen > len(held) for frozen in in_worker)
    assert all(frozen == 0 for (frozen, pid), worker in results if not worker)
    assert gc.get_freeze_count() == 0
    assert parallel.Beside(gc.get_freeze_count).result() > len(held)
    assert gc.get_freeze_count() == 0
