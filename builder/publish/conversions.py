"""Each generated page converted from Markdown to HTML once, kept across builds, and made on both cores.

Python-Markdown's conversion of the generated pages is most of a `mkdocs build`. A page's HTML depends
only on its Markdown, where the page is (its path and URL), which files the site has (its links resolve
against them), and how Markdown is set up (the extensions, their settings, their code and MkDocs' own);
the page's key covers all of those. Before MkDocs reads the pages, every generated page is looked up in
the store; what is not there is converted by this process and a forked worker together
(builder/parallel.py), with MkDocs' own conversion (publish/mkdocs_internals.py `convert`), and stored.
MkDocs then takes each page's HTML, table of contents, title and anchors from here instead of converting
it again, so the site is the same byte for byte. A page whose conversion logged anything (a link MkDocs
warns about, say) is left to MkDocs, so that its messages are said in every build.

The store is one SQLite file, `.cache/dossier/pages.sqlite` under the dossier's root: safe against builds
running at once (SQLite's locking), it holds compressed JSON, never pickles, and an entry that does not
read back is a miss. A store that git tracks is refused: a pull request could otherwise bring HTML of its
own for pages that a reviewer never sees in Markdown.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import sqlite3
import subprocess
import time
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import markdown  # type: ignore[import-untyped]
import mkdocs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from builder import parallel
from builder.publish import mkdocs_internals
from builder.publish.mkdocs_internals import Converted, markdown_digest

STORE = Path(".cache/dossier/pages.sqlite")  # under the dossier's root
FORMAT = 1  # what an entry holds and how the key is made: a new value makes every entry a miss
CHUNK = 40  # pages per unit of work shared with the worker: each unit's HTML comes back in one message


class Conversions:
    """The converted generated pages of one build, from the store or made now."""

    def __init__(self, root: Path, say: Callable[[str], None]) -> None:
        self.path = root / STORE
        self.say = say
        self.ready: dict[str, tuple[bytes, Converted]] = {}  # src_uri -> (its Markdown's digest, its conversion)

    def prepare(self, pages: Iterable[File], config: MkDocsConfig, files: Files, prune: bool) -> None:
        """Convert what the store lacks of `pages` (generated Markdown files that MkDocs will read), then
        keep every page's conversion for `take`. `prune`: this build reads every page, so entries it does
        not use are dropped (so the store keeps what the next build needs, not every page ever made)."""
        start = time.perf_counter()
        setting = setting_digest(config, files)
        wanted: dict[str, tuple[File, bytes]] = {}  # key -> file, the digest of its Markdown
        for file in pages:
            digest = markdown_digest(markdown_of(file))
            wanted[page_key(setting, file, digest)] = (file, digest)
        store = Store.open(self.path, self.say)
        found = store.get(wanted) if store else {}
        missing = [key for key in wanted if key not in found]
        made = convert_all([(key, wanted[key][0]) for key in missing], config, files)
        if store:
            store.put({key: entry for key, entry in made.items() if entry is not None})
            if prune:
                store.keep_only(wanted)
            store.close()
        for key, (file, digest) in wanted.items():
            entry = found.get(key) or made.get(key)
            if entry is not None:
                self.ready[file.src_uri] = (digest, entry)
        self.say(
            f"dossier: HTML of {len(found)} of {len(wanted)} generated pages from the last builds, "
            f"{len(missing)} converted now, in {time.perf_counter() - start:.2f} s"
        )

    def take(self, page: Page) -> None:
        """Have MkDocs take this page's HTML from here when it renders it (if its Markdown is what was
        converted: another plugin may have changed it)."""
        ready = self.ready.pop(page.file.src_uri, None)
        if ready is not None:
            mkdocs_internals.render_from(page, *ready)


def convert_all(work: list[tuple[str, File]], config: MkDocsConfig, files: Files) -> dict[str, Converted | None]:
    """Each page's conversion by key (None where MkDocs should convert it itself), shared with a worker."""
    chunks = [work[start : start + CHUNK] for start in range(0, len(work), CHUNK)]

    def convert_chunk(n: int) -> list[tuple[str, Converted | None]]:
        return [(key, mkdocs_internals.convert(file, markdown_of(file), config, files)) for key, file in chunks[n]]

    return {key: entry for result, _ in parallel.shared(len(chunks), convert_chunk) for key, entry in result}


def markdown_of(file: File) -> str:
    """A page's Markdown as MkDocs reads it (`Page.read_source`: without its front matter)."""
    return get_data(file.content_string)[0]


def page_key(setting: str, file: File, digest: bytes) -> str:
    """`digest`: of the page's Markdown (`markdown_digest`)."""
    key = hashlib.sha256(setting.encode())
    for part in (file.src_uri, file.url):
        key.update(b"\0" + part.encode("utf-8", "surrogatepass"))
    key.update(b"\0" + digest)
    return key.hexdigest()


def setting_digest(config: MkDocsConfig, files: Files) -> str:
    """What every page's HTML depends on besides its own Markdown and place."""
    digest = hashlib.sha256()
    said = {
        "format": FORMAT,
        "markdown": markdown.__version__,
        "mkdocs": mkdocs.__version__,
        "code": [_code_digest(name) for name in [*map(_extension_module, config.markdown_extensions), "mkdocs"]],
        "extensions": repr(config.markdown_extensions),
        "settings": repr(sorted(config.mdx_configs.items(), key=lambda item: str(item[0]))),
        "directory_urls": config.use_directory_urls,
        "validation": repr(config.validation),
        "log_level": logging.getLogger("mkdocs").getEffectiveLevel(),
    }
    digest.update(json.dumps(said, sort_keys=True).encode())
    for file in sorted(files, key=lambda f: f.src_uri):  # links resolve against every file of the site
        digest.update(f"\0{file.src_uri}\0{file.url}\0{file.inclusion.name}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _extension_module(extension: object) -> str:
    """The module an entry of `markdown_extensions` is loaded from (`toc` is Python-Markdown's own)."""
    if not isinstance(extension, str):
        return type(extension).__module__
    name = extension.partition(":")[0]
    return name if "." in name else f"markdown.extensions.{name}"


def _code_digest(module: str) -> str:
    """The source of a module (of a package: of its `__init__` and every module beside it): an upgrade or
    an edit of an extension changes what it makes without changing its name."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return f"{module}: not found"
    origin = Path(spec.origin) if spec is not None and spec.origin else None
    if origin is None or not origin.is_file():
        return f"{module}: no source"
    sources = sorted(origin.parent.rglob("*.py")) if origin.name == "__init__.py" else [origin]
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()


class Store:
    """The SQLite file of converted pages. Any failure to read or write it costs only speed: the build goes
    on converting, and says why once."""

    def __init__(self, connection: sqlite3.Connection, say: Callable[[str], None]) -> None:
        self.db = connection
        self.say = say

    @classmethod
    def open(cls, path: Path, say: Callable[[str], None]) -> Store | None:
        if _tracked_by_git(path):
            say(f"dossier: {path} is in the repository: not used (remove it with `git rm --cached`)")
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=60, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("CREATE TABLE IF NOT EXISTS page (key TEXT PRIMARY KEY, entry BLOB NOT NULL) WITHOUT ROWID")
        except (OSError, sqlite3.Error) as exc:
            say(f"dossier: the page store {path} cannot be used ({exc}); every page is converted")
            return None
        return cls(db, say)

    def get(self, keys: Iterable[str]) -> dict[str, Converted]:
        found: dict[str, Converted] = {}
        try:
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (key TEXT PRIMARY KEY)")
            self.db.execute("DELETE FROM wanted")
            self.db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((key,) for key in keys))
            rows = self.db.execute("SELECT page.key, page.entry FROM page JOIN wanted USING (key)").fetchall()
        except sqlite3.Error as exc:
            self.say(f"dossier: the page store could not be read ({exc})")
            return found
        for key, blob in rows:
            entry = _decoded(blob)
            if entry is not None:
                found[key] = entry
        return found

    def put(self, entries: dict[str, Converted]) -> None:
        try:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany(
                    "INSERT OR REPLACE INTO page VALUES (?, ?)",
                    ((key, zlib.compress(json.dumps(entry).encode(), 1)) for key, entry in entries.items()),
                )
        except sqlite3.Error as exc:
            self.say(f"dossier: the page store could not be written ({exc})")

    def keep_only(self, keys: Iterable[str]) -> None:
        try:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.execute("DELETE FROM wanted")
                self.db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((key,) for key in keys))
                self.db.execute("DELETE FROM page WHERE key NOT IN (SELECT key FROM wanted)")
        except sqlite3.Error as exc:
            self.say(f"dossier: the page store could not be pruned ({exc})")

    def close(self) -> None:
        self.db.close()


def _decoded(blob: object) -> Converted | None:
    """An entry as stored, or None if it is not one (a corrupt or foreign entry is a miss)."""
    try:
        entry: Any = json.loads(zlib.decompress(blob))  # type: ignore[arg-type]
    except (TypeError, ValueError, zlib.error):
        return None
    return entry if mkdocs_internals.is_converted(entry) else None


def _tracked_by_git(path: Path) -> bool:
    if not path.is_file():
        return False
    try:
        done = subprocess.run(
            ["git", "ls-files", "--error-unmatch", path.name],
            cwd=path.parent,
            capture_output=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0
