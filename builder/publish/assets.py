"""Static files the generated pages need (stylesheets, the Annotate form's and the search box's scripts),
served as virtual files."""

from __future__ import annotations

from pathlib import Path

ASSET_DIR = Path(__file__).parent.parent / "render" / "assets"
ASSETS = ["assets/dossier.css", "assets/annotate.css", "assets/dossier-search.css"]  # stylesheets, in every page
SCRIPTS = ["assets/annotate.js", "assets/dossier-search.js"]  # scripts, in every page (search: builder/search)


def asset_files() -> dict[str, str]:
    return {path: (ASSET_DIR / Path(path).name).read_text(encoding="utf-8") for path in ASSETS + SCRIPTS}
