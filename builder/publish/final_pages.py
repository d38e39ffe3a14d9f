"""Each generated page's finished HTML (the theme's template rendered around its content), kept across builds.

Once the page store (publish/conversions.py) has made converting pages free, most of a second `mkdocs build`
is Material's page template, rendered again for every page to the same HTML. The finished HTML of a
generated page is kept in the same SQLite file, under a key of everything the template reads:

- around every page (`around_digest`): the whole configuration as loaded (mkdocs.yml, what plugins set in
  `on_config`, plugin settings), the menu (each item's title, address and front matter), every file's
  address and title, the build date MkDocs hands templates, the theme's compiled translations (`locales/`),
  and the code of MkDocs, Jinja, MarkupSafe and the plugins;
- the page itself (`page_key`): its address, title, front matter, HTML, table of contents, Markdown, and
  the pages before, after and above it;
- the templates (`TemplateSources`): each entry says which template sources were read until it was
  rendered (from the theme's folders and `custom_dir`, icons and Material's translations included, and
  those looked for and not found); an entry is used only if each of them still reads the same.

MkDocs picks a page's template by its front matter's `template` before any plugin sees the page
(`_build_page`), so each generated page it is about to build is given `FINISHED` in `on_env`; in
`on_page_context` (run last) its own template is put back, and its finished HTML is taken from the store
or rendered here as MkDocs would render it (the same template, the same context) and stored. `FINISHED`
then writes that HTML out as it is.

Other plugins could change what the template reads in ways no key sees (a value they add to the context
or to page objects, filters they add to Jinja): the store is used only when every plugin is one of
`KNOWN_PLUGINS` (the dossier's own and the search plugins, which read pages only), and is off otherwise.
A configuration value that has no stable written form (an object shown by its address) turns it off too.
Entries are compressed HTML without the page's own (the page store holds it); like that store, the file is
refused if git tracks it, an entry that does not read back is a miss, and `cache: false` turns both off.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import markupsafe
from jinja2 import BaseLoader, Environment, TemplateNotFound
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink
from mkdocs.theme import Theme
from mkdocs.utils import get_build_date

from builder.publish.conversions import CHUNK, Store, code_digest
from builder.publish.mkdocs_internals import Unchanged, has_content

FORMAT = 1  # what an entry holds and how the key is made: a new value makes every entry a miss
FINISHED = "dossier/finished-page.html"  # the template that writes out the finished HTML it is handed
HTML = "dossier_finished_page"  # the context variable that hands it
KNOWN_PLUGINS = frozenset({"dossier", "search", "material/search"})
CODE = ("mkdocs", "mkdocs.commands.build", "mkdocs.structure.pages", "mkdocs.utils", "jinja2", "markupsafe")
NOT_READ = frozenset({"site_dir"})  # where pages are written (`mkdocs serve` builds into a temporary folder)


class FinalPages:
    """The finished generated pages of one build, in `store` (the page store's connection)."""

    def __init__(self, store: Store, say: Callable[[str], None]) -> None:
        self.store = store
        self.db = store.db
        self.say = say
        self.env: Environment | None = None
        self.sources: TemplateSources | None = None
        self.around = ""
        self.valid: set[str] = set()  # the template states whose sources still read the same
        self.pending: dict[str, tuple[str, bool]] = {}  # src_uri -> (its template, whether its front matter names it)
        self.used: set[str] = set()  # the keys of this build's pages
        # key -> (template state, where the page's HTML goes (or -1), the rest compressed), not yet written
        self.made: dict[str, tuple[str, int, bytes]] = {}
        self.states: dict[str, str] = {}  # template state -> its sources as JSON, not yet written
        self.rendered = 0

    def prepare(self, env: Environment, config: MkDocsConfig, nav: Navigation, files: Files) -> bool:
        """Have every generated page MkDocs is about to build go through `context` (call in `on_env`, once
        every page is read). False, and nothing done, where the store cannot be used."""
        unknown = sorted(set(config.plugins) - KNOWN_PLUGINS)
        if unknown:
            self.say(f"dossier: finished pages are not kept: plugins {', '.join(unknown)} may change them")
            return False
        pages = [
            file.page
            for file in files.documentation_pages()
            if file.generated_by and not isinstance(file, Unchanged) and file.page is not None
        ]
        pages = [page for page in pages if has_content(page) and not page.file.inclusion.is_excluded()]
        if len(pages) < CHUNK:  # a rebuild of a few pages under `serve --dirty`: the key costs more
            return False
        around = around_digest(config, nav, files)
        if around is None:
            self.say("dossier: finished pages are not kept: a setting has no stable form")
            return False
        try:
            create_tables(self.db)
            self.sources = TemplateSources(env.loader)
            self.valid = self.sources.still_valid(env, self.db.execute("SELECT id, sources FROM theme"))
        except sqlite3.Error as exc:
            self.say(f"dossier: finished pages are not kept ({exc})")
            return False
        self.around, self.env, env.loader = around, env, self.sources
        for page in pages:
            template = page.meta.get("template", "main.html")
            if isinstance(template, str):
                self.pending[page.file.src_uri] = (template, "template" in page.meta)
                page.meta["template"] = FINISHED
        return True

    def context(self, context: Any, page: Page) -> Any:
        """`context` with the page's finished HTML for `FINISHED` (from the store, or rendered now)."""
        pending = self.pending.pop(page.file.src_uri, None)
        if pending is None or self.env is None or self.sources is None:
            return context
        template, named = pending
        if not named:
            del page.meta["template"]
        else:
            page.meta["template"] = template
        key = page_key(self.around, template, page)
        content = page.content or ""
        html = self._stored(key, content)
        if html is None:
            html = self.env.get_template(template).render(context)
            self.rendered += 1
            state, sources = self.sources.state()
            self.states.setdefault(state, sources)
            at = html.find(content) if content else -1  # the page's own HTML is in the page store already
            around = html[:at] + html[at + len(content) :] if at >= 0 else html
            self.made[key] = (state, at, zlib.compress(around.encode("utf-8", "surrogatepass"), 1))
            if len(self.made) >= CHUNK:
                self._write()
        self.used.add(key)
        context[HTML] = markupsafe.Markup(html)
        return context

    def _stored(self, key: str, content: str) -> str | None:
        """The finished page stored under `key` (`content`: the page's HTML, which the key covers)."""
        try:
            row = self.db.execute("SELECT theme, at, html FROM final WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None
        if row is None or row[0] not in self.valid or not isinstance(row[1], int):
            return None
        try:
            around: str = zlib.decompress(row[2]).decode("utf-8", "surrogatepass")
        except (TypeError, ValueError, zlib.error):
            return None
        at = row[1]
        if at > len(around):
            return None
        return around if at < 0 else around[:at] + content + around[at:]

    def _write(self) -> None:
        made, states, self.made, self.states = self.made, self.states, {}, {}
        try:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany("INSERT OR IGNORE INTO theme VALUES (?, ?)", states.items())
                self.db.executemany(
                    "INSERT OR REPLACE INTO final VALUES (?, ?, ?, ?)", ((k, *v) for k, v in made.items())
                )
        except sqlite3.Error as exc:  # the next build renders them again
            self.say(f"dossier: finished pages not stored ({exc})")

    def close(self, prune: bool) -> None:
        """Write what is left; `prune`: this build rendered every generated page, so entries it did not use
        are dropped."""
        self._write()
        self.say(
            f"dossier: {len(self.used) - self.rendered} finished pages from the last builds, {self.rendered} rendered"
        )
        if not prune or self.sources is None:
            return
        try:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                self.store.wanted(self.used)
                self.db.execute("DELETE FROM final WHERE key NOT IN (SELECT key FROM wanted)")
                self.db.execute("DELETE FROM theme WHERE id NOT IN (SELECT DISTINCT theme FROM final)")
        except sqlite3.Error as exc:
            self.say(f"dossier: finished pages not pruned ({exc})")


def create_tables(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE IF NOT EXISTS final "
        "(key TEXT PRIMARY KEY, theme TEXT NOT NULL, at INTEGER NOT NULL, html BLOB NOT NULL)"
    )
    db.execute("CREATE TABLE IF NOT EXISTS theme (id TEXT PRIMARY KEY, sources TEXT NOT NULL)")


class TemplateSources(BaseLoader):
    """The theme's loader, which also serves `FINISHED` and notes each template it reads (with a digest of
    its source, or None if there is none: a template made later must not go unseen)."""

    def __init__(self, loader: BaseLoader | None) -> None:
        self.loader = loader
        self.read: dict[str, str | None] = {}

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        if template == FINISHED:
            return "{{ " + HTML + " }}", None, lambda: True
        try:
            found = self._source(environment, template)
        except TemplateNotFound:
            self.read[template] = None
            raise
        self.read[template] = _digest(found[0])
        return found

    def _source(self, environment: Environment, template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        if self.loader is None:
            raise TemplateNotFound(template)
        return self.loader.get_source(environment, template)

    def list_templates(self) -> list[str]:
        return self.loader.list_templates() if self.loader is not None else []

    def state(self) -> tuple[str, str]:
        """The sources read so far: (their digest, themselves as JSON)."""
        sources = json.dumps(sorted(self.read.items()))
        return _digest(sources), sources

    def still_valid(self, environment: Environment, states: Iterable[tuple[str, str]]) -> set[str]:
        """The ids of `states` (id, sources as JSON) whose every template reads the same now."""
        now: dict[str, str | None] = {}

        def source(name: str) -> str | None:
            if name not in now:
                try:
                    now[name] = _digest(self._source(environment, name)[0])
                except TemplateNotFound:
                    now[name] = None
            return now[name]

        valid = set()
        for state, sources in states:
            try:
                read = json.loads(sources)
            except ValueError:
                continue
            if _digest(sources) == state and all(source(name) == digest for name, digest in read):
                valid.add(state)
        return valid


def around_digest(config: MkDocsConfig, nav: Navigation, files: Files) -> str | None:
    """What every page's finished HTML depends on besides the page itself; None if some setting has no
    stable written form."""
    plugins = [
        (name, type(plugin).__module__, type(plugin).__qualname__, _stable(plugin.config))
        for name, plugin in config.plugins.items()
    ]
    said = json.dumps(
        {
            "format": FORMAT,
            "code": [code_digest(module) for module in CODE],
            "plugins_code": [code_digest(module) for _, module, _, _ in plugins],
            "build_date": get_build_date(),
            "config": [(k, _stable(v)) for k, v in config.items() if k not in NOT_READ and k != "plugins"],
            "plugins": plugins,
            "translations": [
                _file_digest(path) for d in config.theme.dirs for path in sorted(Path(d).glob("locales/**/*.mo"))
            ],
        }
    )
    if " at 0x" in said:
        return None

    digest = hashlib.sha256(said.encode())
    digest.update(json.dumps(list(_menu(nav.items)), default=repr).encode("utf-8", "surrogatepass"))
    for file in files:
        title = file.page.title if file.page is not None else None
        digest.update(json.dumps([file.src_uri, file.url, title], default=repr).encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _stable(value: object) -> object:
    """`value` as JSON the same in every run (a set's order is not)."""
    if isinstance(value, Theme):
        return [value.name, value.dirs, sorted(value.static_templates), _stable(dict(value))]
    if isinstance(value, Mapping):
        return [[str(key), _stable(item)] for key, item in value.items()]
    if isinstance(value, list | tuple):
        return [_stable(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(json.dumps(_stable(item)) for item in value)
    if value is None or isinstance(value, str | int | float):
        return value
    return repr(value)


def _menu(items: Iterable[Any]) -> Iterator[list[Any]]:
    for item in items:
        meta = getattr(item, "meta", None)
        yield [
            type(item).__name__,
            item.title,
            getattr(item, "url", None),
            repr(meta),
            list(_menu(item.children or ())),
        ]


def page_key(around: str, template: str, page: Page) -> str:
    near = [
        [(p.url, p.title) for p in (page.previous_page, page.next_page) if p is not None],
        [(s.title, getattr(s, "url", None)) for s in page.ancestors],
    ]
    said = [
        around,
        template,
        page.file.src_uri,
        page.url,
        page.canonical_url,
        page.edit_url,
        page.title,
        page.is_homepage,
        repr(page.meta),
        near,
        [_toc_item(item) for item in page.toc],
    ]
    digest = hashlib.sha256(json.dumps(said, default=repr).encode("utf-8", "surrogatepass"))
    for text in (page.content or "", page.markdown or ""):
        digest.update(b"\0" + text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _toc_item(item: AnchorLink) -> list[Any]:
    return [item.title, item.id, item.level, [_toc_item(child) for child in item.children]]


def _file_digest(path: Path) -> list[str]:
    return [path.as_posix(), hashlib.sha256(path.read_bytes()).hexdigest()]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
