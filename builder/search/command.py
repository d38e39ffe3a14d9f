"""`python -m builder search-index SITE`: index a site that a host without plugins built (Zensical, ProperDocs).

The MkDocs plugin indexes the site itself after each build; other hosts build the tree that
`python -m builder build --out` wrote, and this command then indexes the folder they wrote.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from builder.search.index import SearchError, index_site


def add_command(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser("search-index", help="write the search index into a built site (after a host's build)")
    cmd.add_argument("site", type=Path, help="the built site's folder (where its index.html is)")
    cmd.add_argument("--root", type=Path, default=Path("."), help="the dossier's root folder (default: here)")
    cmd.add_argument(
        "--file-urls", action="store_true", help="pages are at name.html, not name/ (use_directory_urls: false)"
    )
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from builder.pipeline import check

    site: Path = args.site
    if not (site / "index.html").is_file():
        print(f"error: {site} has no index.html: build the site first, then index it", file=sys.stderr)
        return 2
    checked = check(args.root.resolve())
    if not checked.ok:
        print(checked.problems.format("text"), file=sys.stderr)
        print("error: the dossier has errors; run `python -m builder check`", file=sys.stderr)
        return 1
    try:
        index_site(site.resolve(), checked.dossier, checked.analysis, not args.file_urls, print)
    except SearchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0
