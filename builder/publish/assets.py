"""Static files the generated pages need, served as virtual files: the stylesheets and scripts of every page (the
Annotate form's, the search box's, the pictures' loader), the network and timeline widgets, and the libraries they
draw with, vendored from their pinned npm packages with their licences (builder/render/assets/vendor/<package>/,
each file at its path in the package: tests/test_vendored.py checks them against the packages `npm ci` installs),
so that a site loads nothing from another origin."""

from __future__ import annotations

from pathlib import Path

ASSET_DIR = Path(__file__).parent.parent / "render" / "assets"
ASSETS = ["assets/dossier.css", "assets/annotate.css", "assets/dossier-search.css"]  # stylesheets, in every page
# scripts, in every page (search: builder/search); pictures.js loads what a page's pictures need, if it has any
SCRIPTS = ["assets/annotate.js", "assets/dossier-search.js", "assets/pictures.js"]
WIDGETS = ["assets/network.js", "assets/timeline.js"]  # the pictures' widgets, loaded by pictures.js
# npm package -> its version (as pinned in package.json) and the files of it the site serves
VENDORED = {
    "cytoscape": ("3.35.0", ["dist/cytoscape.min.js", "LICENSE"]),
    # its LICENSE.md only says it is dual-licensed under these two (and a .md file would become a page)
    "vis-timeline": (
        "8.5.4",
        ["standalone/umd/vis-timeline-graph2d.min.js", "LICENSE.MIT.txt", "LICENSE.Apache-2.0.txt"],
    ),
}


def vendored_paths() -> list[str]:
    return [f"assets/vendor/{package}/{file}" for package, (_, files) in VENDORED.items() for file in files]


def asset_files() -> dict[str, str]:
    paths = [*ASSETS, *SCRIPTS, *WIDGETS, *vendored_paths()]
    return {path: (ASSET_DIR / path.removeprefix("assets/")).read_bytes().decode("utf-8") for path in paths}
