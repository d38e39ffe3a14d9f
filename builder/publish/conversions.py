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

import functools
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
CHUNK = 40  # pages per unit of work shared with the worker, and per write to the store
HOLD = 20_000  # up to this many pages, their HTML is held from rendering to writing (mkdocs_internals.ConvertedPage)


class Conversions:
    """The converted generated pages of one build: in the store, read from it as MkDocs renders each page
    (so that no more HTML is held at once than MkDocs holds)."""

    def __init__(self, root: Path, say: Callable[[str], None]) -> None:
        self.path = root / STORE
        self.say = say
        self.store: Store | None = None
        self.ready: dict[str, tuple[bytes, str]] = {}  # src_uri -> (its Markdown's digest, its key in the store)
        self.hold = False  # whether pages hold their HTML from rendering to writing (`HOLD`)

    def prepare(self, pages: Iterable[File], config: MkDocsConfig, files: Files, prune: bool) -> None:
        """Convert what the store lacks of `pages` (generated Markdown files that MkDocs will read) into it,
        then keep every page's key for `take`. `prune`: this build reads every page, so entries it does not
        use are dropped (so the store keeps what the next build needs, not every page ever made). Without a
        usable store, MkDocs converts every page itself, as it does when there are only a few (a rebuild after
        an edit under `serve --dirty`): a key needs a digest of every file of the site, which costs more."""
        pages = list(pages)
        if len(pages) < CHUNK:
            return
        self.hold = len(pages) <= HOLD
        start = time.perf_counter()
        self.store = Store.open(self.path, self.say)
        if self.store is None:
            return
        try:
            stored, made, wanted = self._convert(pages, config, files, prune)
        except sqlite3.Error as exc:  # a store that fails part-way: MkDocs converts what it lacks
            self.say(f"dossier: the page store {self.path} failed ({exc}); MkDocs converts every page")
            self.close()
            return
        self.say(
            f"dossier: HTML of {len(stored)} of {len(wanted)} generated pages from the last builds, "
            f"{len(made)} converted now, in {time.perf_counter() - start:.2f} s"
        )

    def _convert(
        self, pages: Iterable[File], config: MkDocsConfig, files: Files, prune: bool
    ) -> tuple[set[str], set[str], dict[str, tuple[File, bytes]]]:
        assert self.store is not None
        setting = setting_digest(config, files)
        wanted: dict[str, tuple[File, bytes]] = {}  # key -> file, the digest of its Markdown
        for file in pages:
            digest = markdown_digest(markdown_of(file))
            wanted[page_key(setting, file, digest)] = (file, digest)
        stored = self.store.keys(wanted)
        missing = [(key, file) for key, (file, _) in wanted.items() if key not in stored]
        made = convert_all(missing, config, files, self.path)
        if prune:
            self.store.keep_only(wanted)
        for key, (file, digest) in wanted.items():
            if key in stored or key in made:
                self.ready[file.src_uri] = (digest, key)
        return stored, made, wanted

    def take(self, page: Page) -> None:
        """Have MkDocs take this page's HTML from the store when it renders and writes it (if its Markdown is
        what was converted: another plugin may have changed it)."""
        ready = self.ready.pop(page.file.src_uri, None)
        if ready is not None and self.store is not None:
            digest, key = ready
            mkdocs_internals.render_from(page, digest, functools.partial(self.entry, key), self.hold)

    def entry(self, key: str) -> Converted | None:
        """A page's entry, read when MkDocs renders the page and again when it writes it (None once the store
        is closed: the page's Markdown is then converted again)."""
        return self.store.get(key) if self.store is not None else None

    def close(self) -> None:
        if self.store is not None:
            self.store.close()
            self.store = None


def convert_all(work: list[tuple[str, File]], config: MkDocsConfig, files: Files, path: Path) -> set[str]:
    """Convert each page into the store at `path`, this process and a worker each a share, each writing what
    it made: the keys of the pages stored (not those MkDocs should convert itself)."""
    chunks = [work[start : start + CHUNK] for start in range(0, len(work), CHUNK)]

    def convert_chunk(n: int) -> list[str]:
        made = {key: mkdocs_internals.convert(file, markdown_of(file), config, files) for key, file in chunks[n]}
        converted = {key: entry for key, entry in made.items() if entry is not None}
        store = Store.connect(path)  # a connection of this process's own: none may cross a fork
        try:
            store.put(converted)
        finally:
            store.close()
        return list(converted)

    return {key for keys, _ in parallel.shared(len(chunks), convert_chunk) for key in keys}


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
        "code": [
            code_digest(name)
            for name in [*map(_extension_module, config.markdown_extensions), "mkdocs.structure.pages"]
        ],
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


@functools.cache  # a running process keeps the code it imported, whatever happens to the files since
def code_digest(module: str) -> str:
    """The source of a module and of the modules beside it (an extension's helpers, its package): an upgrade
    or an edit of an extension changes what it makes without changing its name."""
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return f"{module}: not found"
    origin = Path(spec.origin) if spec is not None and spec.origin else None
    if origin is None or not origin.is_file():
        return f"{module}: no source"
    digest = hashlib.sha256()
    for source in sorted(origin.parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()


class Store:
    """The SQLite file of converted pages. Failing to open it costs only speed (MkDocs converts every page,
    and the build says why); failing to read one entry makes it a miss."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection

    @classmethod
    def open(cls, path: Path, say: Callable[[str], None]) -> Store | None:
        if _tracked_by_git(path):
            say(f"dossier: {path} is in the repository: not used (remove it with `git rm --cached`)")
            return None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            store = cls.connect(path)
            store.db.execute("PRAGMA journal_mode=WAL")
            store.db.execute(
                "CREATE TABLE IF NOT EXISTS page (key TEXT PRIMARY KEY, entry BLOB NOT NULL) WITHOUT ROWID"
            )
        except (OSError, sqlite3.Error) as exc:
            say(f"dossier: the page store {path} cannot be used ({exc}); MkDocs converts every page")
            return None
        return store

    @classmethod
    def connect(cls, path: Path) -> Store:
        """A connection to a store `open` has checked and set up."""
        return cls(sqlite3.connect(path, timeout=120, isolation_level=None))

    def keys(self, keys: Iterable[str]) -> set[str]:
        """Those of `keys` the store has."""
        self.wanted(keys)
        return {key for (key,) in self.db.execute("SELECT key FROM page JOIN wanted USING (key)")}

    def get(self, key: str) -> Converted | None:
        try:
            row = self.db.execute("SELECT entry FROM page WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        return None if row is None else _decoded(row[0])

    def put(self, entries: dict[str, Converted]) -> None:
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany(
                "INSERT OR REPLACE INTO page VALUES (?, ?)",
                ((key, zlib.compress(json.dumps(entry).encode(), 1)) for key, entry in entries.items()),
            )

    def keep_only(self, keys: Iterable[str]) -> None:
        with self.db:
            self.db.execute("BEGIN IMMEDIATE")
            self.wanted(keys)
            self.db.execute("DELETE FROM page WHERE key NOT IN (SELECT key FROM wanted)")

    def wanted(self, keys: Iterable[str]) -> None:
        """`keys` into the temporary table `wanted`, for a query to join (this store's or another table's)."""
        self.db.execute("CREATE TEMP TABLE IF NOT EXISTS wanted (key TEXT PRIMARY KEY)")
        self.db.execute("DELETE FROM wanted")
        self.db.executemany("INSERT OR IGNORE INTO wanted VALUES (?)", ((key,) for key in keys))

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
