"""Under `mkdocs serve`, the dossier's problems are shown in the browser, and a failed check never stalls it.

MkDocs' development server holds every page request while a rebuild is failing, and the error is only in
the terminal. Here a check that finds errors does not fail the build: MkDocs is given the pages of the
last sound build again (unchanged, so `--dirty` builds nothing of them again), and every page shows a
panel listing the problems, root causes first, with the file, line, message and fix. The panel is a
small script reading this build's problems from a JSON file of the site; when the next save fixes them,
MkDocs reloads the page and the panel is gone. Only `mkdocs serve` adds the script: a published site
never fails this way (a build with errors stops) and carries none of it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from builder.problems import Problem, Problems
from builder.publish.mkdocs_internals import nav_paths
from builder.render.markdown import escape_html

SCRIPT = "assets/dossier-serve.js"
DATA = "assets/dossier-problems.json"
SERVE_ONLY = (SCRIPT, DATA)  # the files only `mkdocs serve` has
_SCRIPT_FILE = Path(__file__).parent.parent / "render" / "assets" / "dossier-serve.js"

Generated = dict[str, str | bytes]


class ShownProblems:
    """The state one `mkdocs serve` keeps across rebuilds: the files of the last sound build."""

    def __init__(self) -> None:
        self.last: Generated | None = None

    @staticmethod
    def configure(extra_javascript: list[Any]) -> None:
        """Every served page loads the script (called from `on_config`, under serve only)."""
        if SCRIPT not in [str(getattr(item, "path", item)) for item in extra_javascript]:
            extra_javascript.append(SCRIPT)

    def files(
        self, problems: Problems, ok: bool, made: Callable[[], Generated], nav: object, hand_written: Iterable[str]
    ) -> Generated:
        """This build's generated files, the problems' data file and script among them.

        `made` renders the dossier (only called when the check found no error); the pages the menu (`nav`)
        names but are not `hand_written` are each made a page of problems when no sound build came before."""
        if ok:
            generated = self.last = made()
        elif self.last is not None:
            generated = dict(self.last)
        else:
            page = problem_page(problems)
            generated = {path: page for path in _menu_pages(nav) if path not in set(hand_written)}
        generated = {**generated, SCRIPT: _SCRIPT_FILE.read_text(encoding="utf-8"), DATA: as_json(problems, ok)}
        return generated


def _entry(problem: Problem) -> dict[str, str]:
    return {"where": str(problem.location), "message": problem.message, "fix": problem.fix}


def as_json(problems: Problems, ok: bool) -> str:
    """The problems, errors first, each root cause with what follows from it under `follows`."""
    errors: list[dict[str, Any]] = []
    warnings: list[dict[str, Any]] = []
    for problem in problems.sorted():
        into = errors if problem.severity == "error" else warnings
        if problem.cause and into:
            into[-1].setdefault("follows", []).append(_entry(problem))
        else:
            into.append(_entry(problem))
    return json.dumps({"stale": not ok, "errors": errors, "warnings": warnings}, ensure_ascii=False)


def problem_page(problems: Problems) -> str:
    """A page standing for the dossier's pages when none could ever be built: the problems, as the panel
    shows them, for a reader without JavaScript."""
    items = []
    for problem in problems.sorted():
        if problem.severity != "error":
            continue
        fix = f"<br><strong>Fix:</strong> {escape_html(problem.fix)}" if problem.fix else ""
        indent = ' style="margin-left:2em"' if problem.cause else ""
        items.append(
            f"<li{indent}><code>{escape_html(str(problem.location))}</code> {escape_html(problem.message)}{fix}</li>"
        )
    return (
        '---\ntitle: "The dossier has errors"\nsearch:\n  exclude: true\n---\n\n'
        "# The dossier has errors\n\n"
        "Nothing of the dossier could be built yet. Fix these, save, and the page reloads by itself "
        "(`python -m builder check` lists them in the terminal too).\n\n"
        f'<ol class="dossier-problem-list">\n{"".join(items)}\n</ol>\n'
    )


def _menu_pages(nav: object) -> list[str]:
    """The Markdown pages a menu (MkDocs' `nav`) names."""
    return [path for path in nav_paths(nav) if path.endswith(".md") and "://" not in path]
