"""The one pipeline every command drives: check -> pages -> exports -> written or handed over.

    check    load, anchor and analyse the dossier, collecting every problem   (`check`)
    pages    the Markdown pages                                               (`render`)
    exports  the data files                                                   (`exports`)
    then     written to a folder for any host (`publish`, `build --out`), or handed to MkDocs as
             files by the plugin (publish/plugin.py); steps on the built HTML run after the host
             has built it (the plugin's `on_post_build`).

`python -m builder check` stops after the first step. Under `mkdocs serve` the plugin passes its
`ServeCache` (builder/cache.py) to each step; everything else passes none.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from builder import parallel
from builder.analyse.analysis import Analysis, analyse
from builder.anchor.anchoring import anchor_dossier
from builder.cache import ServeCache
from builder.export import export_files
from builder.load.dossier import load_dossier
from builder.model.dossier import Dossier
from builder.model.schema import load_schema
from builder.problems import Problems
from builder.publish.output import Output
from builder.publish.units import docs_units
from builder.render.run import render_pages
from builder.render.site import Site


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
    """The build makes millions of long-lived objects and few cycles, which the cyclic collector would
    rescan again and again. Afterwards what the stage kept goes straight to the oldest generation
    (`promote`), not through two young collections charged to the next allocation (under serve, after
    every rebuild); cycles among it are freed by the next full collection."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            promote()
            gc.enable()


def promote() -> None:
    """Every tracked object into the oldest generation, at no cost per object (freeze and unfreeze move whole
    lists); left alone if something else holds objects frozen."""
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()


Progress = Callable[[str], None]


def _silent(message: str) -> None:
    pass


def check(root: Path, progress: Progress = _silent, cache: ServeCache | None = None) -> Checked:
    """Load, anchor and analyse the dossier at `root`, collecting every problem; with a `cache` (under
    `mkdocs serve`), what earlier builds found is reused where its inputs are unchanged."""
    with gc_paused():
        problems = Problems()
        schema = load_schema()
        dossier = load_dossier(root, problems, schema, cache)
        counts = dossier.counts()
        progress(f"loaded {sum(counts.values())} annotations and {len(dossier.texts)} source texts")
        anchor_dossier(dossier, problems, cache)
        progress(f"anchored {sum(1 for e in dossier.evidence() if e.anchor)} quotes")
        analysis = analyse(dossier, schema, problems, cache)
        progress("analysed references, mentions, coverage and cross-source agreement")
    return Checked(root.resolve(), dossier, analysis, problems)


def render(checked: Checked, progress: Progress = _silent, cache: ServeCache | None = None) -> Site:
    """The generated Markdown pages by path relative to docs_dir (`site.pages`); with a `cache` (under
    `mkdocs serve`), the last build's pages whose inputs did not change are reused."""
    with gc_paused():
        site = Site(checked.dossier, checked.analysis)
        site.pages = render_pages(site, cache)
    progress(f"rendered {len(site.pages)} pages")
    return site


def exports(checked: Checked, cache: ServeCache | None = None) -> dict[str, str]:
    """Every export, whole, by path relative to docs_dir; with a `cache`, unchanged entities' text is reused."""
    with gc_paused():
        return export_files(checked.dossier, checked.analysis.cross, cache.exports if cache is not None else None)


def publish(checked: Checked, root: Path, out: Path, progress: Progress = _silent) -> int:
    """Render every page and export and write each to `out` as it is made (`build --out`); the number of files.

    Nothing is held whole, so memory stays that of the checked dossier plus a page. Where a second CPU
    and a safe fork are at hand, a forked worker shares the units of work (builder/parallel.py).
    """
    site = Site(checked.dossier, checked.analysis)
    with gc_paused():
        output = Output(root, out)
        units = docs_units(site, root)

        def stage(number: int) -> tuple[list[str], list[str]]:
            staged, made = len(output.staged), len(output.made)
            output.stage(units[number]())
            if len(output.staged) // PROGRESS_EVERY > staged // PROGRESS_EVERY:
                progress(f"rendered and wrote {len(output.staged)} files")
            return output.staged[staged:], output.made[made:]

        try:
            for (staged, made), in_worker in parallel.shared(len(units), stage):
                if in_worker:
                    output.adopt(staged, made)
            written = output.commit()
        except BaseException:
            output.abort()
            raise
    progress(f"wrote {written} files in all")
    return written


PROGRESS_EVERY = 20_000  # files between progress lines on long builds
