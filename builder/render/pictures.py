"""The network and timeline widgets as they sit in a page: an empty box naming its data file, and its scripts.

A widget draws one of the data exports (data/network.json, data/network/<actor>.json, data/timeline.json) in
the browser with a vendored library, so the page's HTML stays the same size however large the dossier, and what
a reader sees is what a researcher downloads. Every widget has its text equivalent on the same page (the lists
the templates write), which is also what prints.

Links inside raw HTML are not rewritten by the host, so they are written relative to the page's URL as built
with directory URLs (`analysis/relationships.md` is served at `analysis/relationships/`), as the exports'
`page` fields are relative to the site root.
"""

from __future__ import annotations

from builder.export import DATA
from builder.export.network import FOLDER
from builder.render.markdown import Md, escape_html

NETWORK = f"{DATA}/network.json"
TIMELINE = f"{DATA}/timeline.json"


def site_root(path: str) -> str:
    """From the URL of the page made from `path` (relative to docs_dir) back to the site root."""
    parts = path.split("/")
    name = parts[-1].removesuffix(".md")
    depth = len(parts) - 1 + (0 if name in ("index", "README") else 1)
    return "../" * depth


def _widget(path: str, kind: str, src: str, focus: str = "") -> Md:
    """An empty box naming its data file: assets/pictures.js, linked from every page, loads what draws it."""
    focus_attr = f' data-focus="{escape_html(focus)}"' if focus else ""
    return Md(
        f'<div class="dossier-{kind}" data-root="{site_root(path)}" data-src="{escape_html(src)}"{focus_attr}'
        " data-search-exclude></div>"
    )


def network_widget(path: str) -> Md:
    """The whole network, drawn from data/network.json."""
    return _widget(path, "network", NETWORK)


def neighbourhood_widget(path: str, actor_id: str) -> Md:
    """One actor's neighbourhood, drawn from its own small file under data/network/."""
    return _widget(path, "network", f"{DATA}/{FOLDER}/{actor_id}.json", actor_id)


def timeline_widget(path: str) -> Md:
    """Every dated event on a zoomable axis, drawn from data/timeline.json."""
    return _widget(path, "timeline", TIMELINE)
