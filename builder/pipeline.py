"""The build as a readable sequence: load -> anchor -> analyse -> render."""

from __future__ import annotations

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


def check(root: Path) -> Checked:
    """Load, anchor and analyse the dossier at `root`, collecting every problem."""
    problems = Problems()
    schema = load_schema()
    dossier = load_dossier(root, problems, schema)
    anchor_dossier(dossier, problems)
    analysis = analyse(dossier, schema, problems)
    return Checked(root.resolve(), dossier, analysis, problems)


def render(checked: Checked) -> Site:
    """The generated Markdown pages, by path relative to docs_dir."""
    site = Site(checked.dossier, checked.analysis)
    site.pages = render_pages(site)
    return site
