"""Static files the generated pages need (stylesheets, the search box's script), served as virtual files."""

from __future__ import annotations

from pathlib import Path

ASSET_DIR = Path(__file__).parent.parent / "render" / "assets"
ASSETS = ["assets/dossier.css", "assets/dossier-search.css"]  # stylesheets
SCRIPTS = ["assets/dossier-search.js"]  # scripts every page loads (see builder/search)


def asset_files() -> dict[str, str]:
    return {path: (ASSET_DIR / Path(path).name).read_text(encoding="utf-8") for path in [*ASSETS, *SCRIPTS]}
