"""What a rebuild under `mkdocs serve` reuses from the last one, and what it must not.

tests/test_incremental.py walks random edits and compares whole builds; the tests here aim at one
reuse path each, with the edits that must defeat it.
"""

from __future__ import annotations

import gc
import weakref

from builder.pipeline import gc_paused


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_objects_made_with_the_collector_paused_go_to_the_oldest_generation_and_stay_collectable() -> None:
    was = gc.isenabled()
    gc.enable()
    try:
        with gc_paused():
            kept = [_Node() for _ in range(1000)]
            cycle = _Node()
            cycle.other = _Node()
            cycle.other.other = cycle
            gone = weakref.ref(cycle)
            del cycle
        assert gc.isenabled()
        assert gc.get_freeze_count() == 0, "nothing is left frozen"
        assert all(gc.is_tracked(node) for node in kept)
        young = {id(o) for generation in (0, 1) for o in gc.get_objects(generation)}
        assert not any(id(node) in young for node in kept), "promoted without a young collection"
        assert gone() is not None  # a cycle waits for a full collection ...
        gc.collect()
        assert gone() is None  # ... which frees it
    finally:
        if not was:
            gc.disable()


def test_objects_frozen_by_someone_else_stay_frozen() -> None:
    was = gc.isenabled()
    gc.enable()
    frozen = _Node()
    gc.freeze()
    try:
        count = gc.get_freeze_count()
        with gc_paused():
            _Node()
        assert gc.get_freeze_count() == count
        assert frozen not in gc.get_objects(2)
    finally:
        gc.unfreeze()
        if not was:
            gc.disable()
