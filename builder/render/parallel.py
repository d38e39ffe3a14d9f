"""One-off builds of large dossiers render on two processes where there are two CPUs (see builder/background.py).

Rendering is pure Python, so threads would not run it in parallel. Instead a forked
child (builder/background.py) renders every other page of each per-entity emitter (see
`Site.entity_pages`) plus the site-wide emitters, and sends its pages back pickled;
meanwhile the parent renders the rest. The pages are then put back in the order one
process gives, so the output is the same byte for byte.

Only for one-off builds (incremental builds track what each page reads, in one process) of
dossiers large enough to repay the fork. If the child fails in any way, the parent
renders its share itself: the result never depends on the fork.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from itertools import zip_longest
from typing import TYPE_CHECKING

from builder.background import Background, can_fork

if TYPE_CHECKING:
    from builder.render.site import Emitted, Site

    Emitter = Callable[[Site], Emitted]

MIN_ENTITIES = 2_000  # entities below which a fork costs more than it saves
Rendered = list[list[tuple[str, str]] | None]  # pages by emitter; None for an emitter the part leaves out


def render_parallel(site: Site, emitters: Sequence[Emitter], per_entity: Collection[Emitter]) -> dict[str, str] | None:
    """Every page, rendered by two processes; None when one process should do it."""
    if not can_fork() or _entities(site) < MIN_ENTITIES:
        return None
    child = Background.start(lambda: _render_part(site, emitters, per_entity, 1))
    if child is None:
        return None
    try:
        mine = _render_part(site, emitters, per_entity, 0)
    except BaseException:
        child.cancel()
        raise
    theirs = child.result()
    if theirs is None:  # the child failed: render its share here
        theirs = _render_part(site, emitters, per_entity, 1)
    return _merge(emitters, per_entity, mine, theirs)  # None if an emitter broke the one-page-per-entity rule


def _entities(site: Site) -> int:
    return sum(len(getattr(site.raw, plural)) for plural in ("sources", "actors", "events", "claims"))


def _render_part(site: Site, emitters: Sequence[Emitter], per_entity: Collection[Emitter], part: int) -> Rendered:
    """Part 0: every other page of the per-entity emitters. Part 1: the others, and the site-wide pages."""
    rendered: Rendered = []
    site.share = ((part,), 2)
    try:
        for emit in emitters:
            rendered.append(list(emit(site)) if emit in per_entity or part == 1 else None)
    finally:
        site.share = ((0,), 1)
    return rendered


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
