"""Render every page: each emitter in turn (render/pages/), with serve's page reuse when a cache is given."""

from __future__ import annotations

from typing import TYPE_CHECKING

from builder.render.incremental import Previous
from builder.render.pages import EMITTERS
from builder.render.site import Site

if TYPE_CHECKING:
    from builder.cache import ServeCache


def render_pages(site: Site, cache: ServeCache | None = None) -> dict[str, str]:
    """Every page; with a `cache` (under `mkdocs serve`), pages whose inputs did not change since the last
    build are reused (`keep`: the emitters pass them by), and what each page reads is recorded for the next."""
    if cache is None:  # a one-off build: nothing to remember, nothing to track
        return {path: text for emit in EMITTERS for path, text in emit(site)}
    tracker = site.start_tracking()
    inputs = tracker.inputs()
    last = cache.pages
    take = tracker.reads.take
    pages: dict[str, str] = {}
    deps: dict[str, object] = {}
    if last is not None:
        last.start(inputs)
        last_deps = last.deps

        def keep(path: str, text: str) -> None:
            pages[path] = text
            deps[path] = last_deps[path]

        site.reuse_from(last, keep)
    try:
        for emit in EMITTERS:
            for path, text in emit(site):
                pages[path] = text
                deps[path] = take()
    finally:
        site.stop_tracking()
    cache.pages = Previous(pages, deps, inputs, site.keys)
    return pages
