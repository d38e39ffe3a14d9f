"""Write the generated docs tree to a folder, safely.

Everything is rendered in memory first, so a failed build writes nothing. Each
file is written to a temporary name and moved into place, so no file is ever
half-written. A manifest records what the builder wrote: files it did not write
are never overwritten or deleted, and stale files it did write are removed.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from builder.publish.assets import asset_files
from builder.render.pages.overview import insert_overview
from builder.render.site import Site

MANIFEST = ".dossier-build.json"


class OutputError(Exception):
    """The output folder cannot be written without harming files the builder did not make."""


def docs_tree(site: Site, root: Path) -> dict[str, str]:
    """The complete docs folder: hand-written pages (with the overview filled in) plus generated ones."""
    tree: dict[str, str] = {}
    docs = root / "docs"
    if docs.is_dir():
        for path in sorted(docs.rglob("*")):
            if path.is_file() and not path.is_symlink():
                rel = path.relative_to(docs).as_posix()
                text = path.read_text(encoding="utf-8")
                tree[rel] = insert_overview(text, site, rel) if rel.endswith(".md") else text
    for rel, text in {**site.pages, **asset_files()}.items():
        if rel in tree:
            raise OutputError(f"docs/{rel} is written by hand, but the builder generates that page")
        tree[rel] = text
    return tree


def write_tree(site: Site, root: Path, out: Path) -> int:
    tree = docs_tree(site, root)
    if out == root or root.is_relative_to(out) or out.is_relative_to(root / "docs"):
        raise OutputError(f"{out} would overwrite the repository or its docs/; choose another folder")
    previous = _manifest(out)
    for rel in tree:
        target = out / rel
        if target.exists() and rel not in previous:
            raise OutputError(f"{target} exists and was not written by the builder; remove it or choose another folder")
    for rel, text in tree.items():
        _write_atomic(out / rel, text)
    for rel in previous - tree.keys():
        stale = out / rel
        if stale.is_file():
            stale.unlink()
    _write_atomic(out / MANIFEST, json.dumps(sorted(tree), indent=0))
    return len(tree)


def _manifest(out: Path) -> set[str]:
    if not out.exists():
        return set()
    if not out.is_dir():
        raise OutputError(f"{out} is not a folder")
    try:
        return set(json.loads((out / MANIFEST).read_text(encoding="utf-8")))
    except FileNotFoundError:
        return set()
    except (OSError, ValueError) as exc:
        raise OutputError(f"{out / MANIFEST} is unreadable ({exc}); remove the output folder") from exc


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
