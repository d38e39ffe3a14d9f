"""The build as a readable sequence: load -> anchor -> analyse -> render -> publish."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from builder.analyse.analysis import Analysis, analyse
from builder.anchor.anchoring import anchor_dossier
from builder.load.dossier import load_dossier
from builder.model.dossier import Dossier
from builder.model.schema import load_schema
from builder.problems import Problems
from builder.render.site import Site, render_pages


@dataclass
class Checked:
    root: Path
    dossier: Dossier
    analysis: Analysis
    problems: Problems

    @property
    def ok(self) -> bool:
        return not self.problems.errors


@contextmanager
def gc_paused() -> Iterator[None]:
    """The build makes millions of long-lived objects and few cycles; Python's cyclic
    collector would rescan them all again and again (a third of the time at 10,000 sources)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


Progress = Callable[[str], None]


def _silent(message: str) -> None:
    pass


def check(root: Path, progress: Progress = _silent, incremental: bool = False) -> Checked:
    """Load, anchor and analyse the dossier at `root`, collecting every problem.

    `incremental` (for `mkdocs serve`) keeps the anchors of quotes, and what the analysis derived from
    entities and texts, whose inputs are unchanged objects.
    """
    with gc_paused():
        problems = Problems()
        schema = load_schema()
        dossier = load_dossier(root, problems, schema)
        counts = dossier.counts()
        progress(f"loaded {sum(counts.values())} annotations and {len(dossier.texts)} source texts")
        anchor_dossier(dossier, problems, reuse=incremental)
        progress(f"anchored {sum(1 for e in dossier.evidence() if e.anchor)} quotes")
        analysis = analyse(dossier, schema, problems, incremental)
        progress("analysed references, mentions, coverage and cross-source agreement")
    return Checked(root.resolve(), dossier, analysis, problems)


def render(checked: Checked, progress: Progress = _silent, incremental: bool = False) -> Site:
    """The generated Markdown pages, by path relative to docs_dir.

    `incremental` (for `mkdocs serve`) reuses the pages of this root's last build whose inputs did not change;
    one-off builds skip the bookkeeping that needs.
    """
    with gc_paused():
        site = Site(checked.dossier, checked.analysis)
        site.pages = render_pages(site, checked.root if incremental else None)
    progress(f"rendered {len(site.pages)} pages")
    return site


def publish(checked: Checked, root: Path, out: Path, progress: Progress = _silent) -> int:
    """Render every page and export and write each to `out` as it is made (`build --out`); the number of files.

    Nothing is held whole, so memory stays that of the checked dossier plus a page. On a machine with
    two cores, a forked process renders two thirds of the entity pages meanwhile; this one renders the
    other third, the site-wide pages and the exports (`CHILD_SHARE`).
    """
    from builder.publish.output import Output, docs_shares
    from builder.publish.workers import stage_both
    from builder.render.pages import EMITTERS, PER_ENTITY

    site = Site(checked.dossier, checked.analysis)

    def pages(emitters: list[Emitter], share: tuple[tuple[int, ...], int], what: str) -> Iterator[tuple[str, str]]:
        site.share = share  # set when first asked for a page, in the process that renders them
        count = 0
        for emit in emitters:
            for page in emit(site):
                yield page
                count += 1
                if count % PROGRESS_EVERY == 0:
                    progress(f"rendered and wrote {count} {what}")
        if count % PROGRESS_EVERY:
            progress(f"rendered and wrote {count} {what}")

    entity_pages = [e for e in EMITTERS if e in PER_ENTITY]
    theirs = pages(entity_pages, CHILD_SHARE, "entity pages (second process)")
    mine, parts = CHILD_SHARE
    own_share = (tuple(p for p in range(parts) if p not in mine), parts)
    site_wide = [e for e in EMITTERS if e not in PER_ENTITY]
    ours = chain(pages(entity_pages, own_share, "entity pages"), pages(site_wide, ((0,), 1), "other pages"))
    with gc_paused():
        output = Output(root, out)
        try:
            own_share_files, child_share_files = docs_shares(site, root, ours, theirs)
            stage_both(output, child_share_files, own_share_files)
            written = output.commit()
        except BaseException:
            output.abort()
            raise
    progress(f"wrote the exports: {written} files in all")
    return written


Emitter = Callable[[Site], Iterator[tuple[str, str]]]
# The second process's parts of the entity pages: with two of three, it and this process (one third, plus
# the site-wide pages and the exports) take about as long as each other at 1,000 and at 10,000 sources.
CHILD_SHARE = ((1, 2), 3)
PROGRESS_EVERY = 20_000  # pages between progress lines on long builds
