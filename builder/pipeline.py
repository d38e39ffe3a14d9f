"""The build as a readable sequence: load -> anchor -> analyse -> render."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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
def _without_gc() -> Iterator[None]:
    """The build makes millions of long-lived objects and few cycles; Python's cyclic
    collector would rescan them all again and again (a third of the time at 10,000 sources)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check(root: Path) -> Checked:
    """Load, anchor and analyse the dossier at `root`, collecting every problem."""
    with _without_gc():
        problems = Problems()
        schema = load_schema()
        dossier = load_dossier(root, problems, schema)
        anchor_dossier(dossier, problems)
        analysis = analyse(dossier, schema, problems)
    return Checked(root.resolve(), dossier, analysis, problems)


def render(checked: Checked) -> Site:
    """The generated Markdown pages, by path relative to docs_dir."""
    with _without_gc():
        site = Site(checked.dossier, checked.analysis)
        site.pages = render_pages(site)
    return site
