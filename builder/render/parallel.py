"""One-off builds of large dossiers render on two processes.

Rendering is pure Python, so threads would not run it in parallel. Instead the process
forks: the child renders every other page of each per-entity emitter (see
`Site.entity_pages`) plus the site-wide emitters, and sends its pages back pickled
through a pipe; meanwhile the parent renders the rest. The pages are then put back in
the order one process gives, so the output is the same byte for byte.

Only for one-off builds (incremental builds track what each page reads, in one process),
of dossiers large enough to repay the fork, on a machine with two CPUs or more, from a
process with no other thread (forking one is unsafe). If the child fails in any way, the
parent renders its share itself: the result never depends on the fork.
`DOSSIER_RENDER_PROCESSES=1` turns it off.
"""

from __future__ import annotations

import os
import pickle
import signal
import threading
from collections.abc import Callable, Collection, Sequence
from itertools import zip_longest
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from builder.render.site import Emitted, Site

    Emitter = Callable[[Site], Emitted]

MIN_ENTITIES = 2_000  # entities below which a fork costs more than it saves
Rendered = list[list[tuple[str, str]] | None]  # pages by emitter; None for an emitter the part leaves out


def render_parallel(site: Site, emitters: Sequence[Emitter], per_entity: Collection[Emitter]) -> dict[str, str] | None:
    """Every page, rendered by two processes; None when one process should do it."""
    if not _worth_forking(site):
        return None
    child = _fork(lambda: _render_part(site, emitters, per_entity, 1))
    if child is None:
        return None
    pid, pipe = child
    try:
        mine = _render_part(site, emitters, per_entity, 0)
    except BaseException:
        os.kill(pid, signal.SIGKILL)
        _receive(pid, pipe)
        raise
    theirs = _receive(pid, pipe)
    if theirs is None:  # the child failed: render its share here
        theirs = _render_part(site, emitters, per_entity, 1)
    return _merge(emitters, per_entity, mine, theirs)  # None if an emitter broke the one-page-per-entity rule


def _worth_forking(site: Site) -> bool:
    if os.environ.get("DOSSIER_RENDER_PROCESSES", "").strip() == "1" or not hasattr(os, "fork"):
        return False
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    entities = sum(len(getattr(site.raw, plural)) for plural in ("sources", "actors", "events", "claims"))
    return cpus >= 2 and entities >= MIN_ENTITIES and threading.active_count() == 1


def _render_part(site: Site, emitters: Sequence[Emitter], per_entity: Collection[Emitter], part: int) -> Rendered:
    """Part 0: every other page of the per-entity emitters. Part 1: the others, and the site-wide pages."""
    rendered: Rendered = []
    site.share = (part, 2)
    try:
        for emit in emitters:
            rendered.append(list(emit(site)) if emit in per_entity or part == 1 else None)
    finally:
        site.share = (0, 1)
    return rendered


def _fork(work: Callable[[], Rendered]) -> tuple[int, int] | None:
    """(child pid, read end of its pipe) of a child that runs `work` and pickles the result into the pipe."""
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read)
        os.close(write)
        return None
    if pid == 0:  # the child: never returns, never runs the parent's exit handlers or flushes its buffers
        status = 1
        try:
            os.close(read)
            result = work()
            with os.fdopen(write, "wb", buffering=1 << 20) as out:
                pickle.dump(result, out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)
    os.close(write)
    return pid, read


def _receive(pid: int, read: int) -> Rendered | None:
    """The child's pages, or None if it failed."""
    try:
        with os.fdopen(read, "rb") as pipe:
            result = pickle.load(pipe)
    except Exception:
        result = None
    _, status = os.waitpid(pid, 0)
    return result if status == 0 else None


def _merge(
    emitters: Sequence[Emitter], per_entity: Collection[Emitter], mine: Rendered, theirs: Rendered
) -> dict[str, str] | None:
    """The pages in one process's order: per-entity pages alternate, the parent's first.

    None if a per-entity emitter did not give exactly one page per entity, the order then being unknown.
    """
    pages: dict[str, str] = {}
    for emit, ours, other in zip(emitters, mine, theirs, strict=True):
        if emit not in per_entity:
            pages.update(other or ())
            continue
        if ours is None or other is None or not 0 <= len(ours) - len(other) <= 1:
            return None
        for a, b in zip_longest(ours, other):
            pages[a[0]] = a[1]
            if b is not None:
                pages[b[0]] = b[1]
    return pages
