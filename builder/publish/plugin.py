"""The MkDocs plugin: a thin adapter from MkDocs' events to the builder's pipeline.

The pipeline (builder/pipeline.py) makes the same files for every host; this plugin hands them to
MkDocs as virtual files, so nothing is written into docs_dir (that would make `mkdocs serve` rebuild
in a loop). Under `mkdocs serve` it owns the `ServeCache` that lets a rebuild reuse what did not
change, and watches the annotation and seed folders. Whatever relies on MkDocs' private internals
is in publish/mkdocs_internals.py.
"""

from __future__ import annotations

import html
import time
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import is_markdown_file

from builder import parallel
from builder.cache import ServeCache
from builder.pipeline import Checked, check, exports, gc_paused, give_back_memory, render
from builder.publish import repository
from builder.publish.assets import ASSETS, asset_files
from builder.publish.conversions import Conversions
from builder.publish.final_pages import FinalPages
from builder.publish.mkdocs_internals import (
    NOTHING,
    FileMaker,
    Served,
    Unchanged,
    forget_markdown,
    forget_source,
    written,
)
from builder.publish.serve_search import SearchLater
from builder.publish.served_problems import ShownProblems
from builder.render.pages.overview import insert_overview
from builder.render.site import Site
from builder.search import SearchError, index_site
from builder.search.index import Indexing, is_other_page, page_url, site_pages

log = get_plugin_logger(__name__)


TEXT_BLOCKS = "builder.render.textblock"


class DossierConfig(base.Config):
    root = c.Type(str, default=".")  # the dossier's root, relative to mkdocs.yml
    cache = c.Type(bool, default=True)  # keep generated pages' HTML across builds (publish/conversions.py)


class DossierPlugin(BasePlugin[DossierConfig]):
    def __init__(self) -> None:
        self.root = Path(".")
        self.serving = False
        self.cache: ServeCache | None = None  # under `mkdocs serve`: what the next rebuild may reuse
        self.site: Site | None = None  # the last build's, for the overview in hand-written pages
        self.dirty: Served | None = None  # under `mkdocs serve --dirty`: what the last build gave MkDocs
        self.shown = ShownProblems()  # under serve, the last sound build's files, shown again with its problems
        self.conversions: Conversions | None = None  # this build's converted generated pages
        self.nav: Navigation | None = None
        self.final: FinalPages | None = None  # this build's finished generated pages
        self.search = SearchLater(log.warning, log.info)  # under serve, the index is made beside the preview
        self.templates = KeptTemplates()
        self.indexing: Indexing | None = None  # in `mkdocs build`: the index, made beside the build
        self.records: parallel.Beside | None = None  # in `mkdocs build`: its records, written by a second process
        self.releasing = False  # in `mkdocs build` (not --dirty): what MkDocs no longer needs is let go

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this plugin object across the rebuilds of one `mkdocs serve`.
        self.serving = command == "serve"
        self.dirty = Served() if self.serving and dirty else None
        self.releasing = not self.serving and not dirty
        if self.serving and not dirty:
            log.info("`mkdocs serve --dirty` (as `make serve` runs it) rebuilds only the pages an edit changes")

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = (Path(config.config_file_path or ".").parent / self.config.root).resolve()
        if self.serving and (self.cache is None or self.cache.root != self.root):
            self.cache = ServeCache(self.root)
        for css in ASSETS:
            if css not in config.extra_css:
                config.extra_css.append(css)
        if TEXT_BLOCKS not in config.markdown_extensions:  # source texts in time linear in their length
            config.markdown_extensions.append(TEXT_BLOCKS)
        repository.configure(config)  # the Annotate form's script, and the repository link without a request
        if self.serving:
            self.shown.configure(config.extra_javascript)
        if self.dirty is not None:
            self.dirty.configure(config)
        if config.nav is None:
            config.nav = default_nav(Path(config.docs_dir))
            log.info("mkdocs.yml has no nav: using the dossier's sections, so that no menu lists every entity")
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """check -> pages -> exports, as `build --out` runs them, handed to MkDocs as files. Under serve, a
        check that finds errors shows them on the pages of the last sound build (publish/served_problems.py)."""
        start = time.perf_counter()
        checked = check(self.root, log.info, self.cache)
        for problem in checked.problems.warnings:
            log.warning(problem.text())
        if not checked.ok:
            said = f"the dossier has {len(checked.problems.errors)} error(s); run `python -m builder check`:\n"
            if not self.serving:
                raise PluginError(said + "\n".join(p.text() for p in checked.problems.errors))
            log.warning(said + "\n".join(p.text() for p in checked.problems.sorted() if p.severity == "error"))
        if not self.serving and checked.ok:
            self._index_beside(checked, config.use_directory_urls)
        if self.serving:
            made = lambda: self._made(checked)  # noqa: E731
            generated = self.shown.files(checked.problems, checked.ok, made, config.nav, files.src_uris)
        else:
            generated = self._made(checked)
        by_hand = files.src_uris  # src_uris are POSIX paths, as ours are
        for path in filter(by_hand.__contains__, generated):
            raise PluginError(f"docs/{path} is written by hand, but the builder generates that page; rename it")
        unchanged = self.dirty.unchanged(generated, files, config) if self.dirty is not None else NOTHING
        make = FileMaker(config)
        with gc_paused():  # thousands of objects: the collector would rescan the whole dossier
            for path, content in generated.items():
                if self.releasing and not is_markdown_file(path):  # exports: not held until MkDocs copies them
                    files.append(make.in_site(path, content))
                else:
                    files.append(make(path, content, path in unchanged))
        if self.releasing and self.site is not None:
            self.site.pages = {}  # held by the files until MkDocs reads each (then let go: `on_page_markdown`)
        if self.dirty is not None:
            self.dirty.reuse_pages(files)
        counts = ", ".join(f"{n} {kind}" for kind, n in checked.dossier.counts().items())
        pages = sum(1 for path in generated if path.endswith(".md"))
        again = f" ({len(generated) - len(unchanged)} of {len(generated)} files built again)" if self.dirty else ""
        log.info(f"dossier: {pages} pages from {counts}{again} in {time.perf_counter() - start:.2f} s")
        return files

    def _made(self, checked: Checked) -> dict[str, str | bytes]:
        """The pages, assets and exports of a sound check."""
        self.site = render(checked, log.info, self.cache)
        return one_each([*self.site.pages.items(), *asset_files().items(), *exports(checked, self.cache).items()])

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """Every generated page MkDocs will read, converted now on both cores or taken from the last builds."""
        if self.conversions is not None:  # the last build failed part-way
            self.conversions.close()
        self.conversions = None
        self._records_written()  # the second process is done before the next is forked
        if self.config.cache and self.site is not None:
            pages = [f for f in files.documentation_pages() if f.generated_by and not isinstance(f, Unchanged)]
            self.conversions = Conversions(self.root, log.info)
            # not with the collector paused: each conversion leaves cycles (Python-Markdown's parser and its
            # processors), which only the collector frees
            self.conversions.prepare(pages, config, files, prune=self.dirty is None)
        self.nav = nav
        return nav

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> Page:
        if self.conversions is not None:
            self.conversions.take(page)
        return page

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.releasing:
            forget_source(page.file)
        if self.site is not None and not page.file.generated_by:
            return insert_overview(markdown, self.site, page.file.src_uri)
        return markdown

    @event_priority(-100)  # after other plugins have seen the page
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        written(page)  # a generated page's HTML is not held from here on (mkdocs_internals.ConvertedPage)
        return output

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        if self.serving and env.bytecode_cache is None:
            env.bytecode_cache = self.templates
        if self.dirty is not None:  # every page read: MkDocs checks links next, kept pages' too
            self.dirty.restore(config, env, files)
        if self.indexing is not None:  # every page read: Pagefind can index as MkDocs writes
            self._start_index(config, files)
        self.final = None
        store = self.conversions.store if self.conversions is not None else None
        if store is not None and self.nav is not None:
            final = FinalPages(store, log.info)
            self.final = final if final.prepare(env, config, self.nav, files) else None
        if self.releasing:
            self._let_go(files)
        return env

    @event_priority(-100)  # after other plugins: the context as the template reads it
    def on_page_context(self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        return self.final.context(context, page) if self.final is not None else context

    def _let_go(self, files: Files) -> None:
        """Every page read and the index under way: what writing the pages does not need is let go, and its
        memory given back, while Pagefind (a large process) runs beside: the dossier, and converted pages'
        Markdown (mkdocs_internals.forget_markdown)."""
        self.site = None
        forget_markdown(files)
        give_back_memory()

    def _index_beside(self, checked: Checked, directory_urls: bool) -> None:
        """In a build, the search index is made beside it: its records written by a second process, forked
        now, while this one holds only the dossier (builder/search/index.py `Indexing`), and Pagefind started
        once MkDocs has read every page (`_start_index`)."""
        indexing = self.indexing = Indexing()
        dossier, analysis = checked.dossier, checked.analysis
        self.records = parallel.Beside(lambda: indexing.write_records(dossier, analysis, directory_urls))

    def _records_written(self, indexing: Indexing | None = None) -> None:
        """Wait for the second process to have written the index's records."""
        indexing = indexing or self.indexing
        if self.records is not None and indexing is not None:
            indexing.count(self.records.result())
        self.records = None

    def _start_index(self, config: MkDocsConfig, files: Files) -> None:
        """Pagefind started on the records and the other pages' HTML as MkDocs converted them. Not when
        MkDocs did not convert them all (`mkdocs build --dirty` keeps unchanged ones as written): they are
        then read from the written site, and Pagefind runs after the build (`on_post_build`)."""
        assert self.indexing is not None
        others = [f.page for f in files.documentation_pages() if f.page is not None and is_other_page(f.dest_uri)]
        if any(page.content is None for page in others):
            return
        urls = config.use_directory_urls
        self.indexing.add_pages((page_url(page.file.dest_uri, urls), article(page, config)) for page in others)
        self._records_written()
        self.indexing.start()

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Steps that work on the built site go here, after `serve --dirty` has completed the search index."""
        if self.final is not None:
            self.final.close(prune=self.dirty is None)
            self.final = None
        if self.conversions is not None:
            self.conversions.close()
            self.conversions = None
        if self.dirty is not None:
            self.dirty.built(config)
        site, urls = Path(config.site_dir), config.use_directory_urls
        indexing, self.indexing = self.indexing, None
        if indexing is not None:  # a build: its index is under way
            self._records_written(indexing)
            try:
                if indexing.pagefind is None:
                    indexing.add_pages(site_pages(site, urls))
                    indexing.start()
                indexing.finish(site, log.info)
            except SearchError as exc:
                raise PluginError(str(exc)) from None
            finally:
                indexing.close()
            return
        if self.site is None:
            return
        if self.serving and (site / "pagefind").is_dir():  # the first build's index is there before the preview
            self.search.request(site, self.site.raw, self.site.raw_analysis, urls)
            return
        try:  # the search index, from the dossier, into the site just written (builder/search)
            index_site(site, self.site.raw, self.site.raw_analysis, urls, log.info)
        except SearchError as exc:
            raise PluginError(str(exc)) from None

    def on_build_error(self, *, error: Exception) -> None:
        if self.indexing is not None:  # Pagefind stopped, its folder removed
            self.indexing.close()
        self.indexing = self.records = None

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        for folder in ("annotations", "seeds"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server


def article(page: Page, config: MkDocsConfig) -> str:
    """What the theme shows of a page as its article: its HTML, under a heading of its title if it has none
    (Material's `partials/content.html`)."""
    content = page.content or ""
    title = page.title or config.site_name
    return content if "<h1" in content else f"<h1>{html.escape(str(title))}</h1>{content}"


class KeptTemplates(BytecodeCache):
    """Under serve, MkDocs makes a new template environment for every rebuild, which compiles the theme's
    templates again; their compiled code is kept here, for as long as the process lives (in memory only:
    compiled code is never read from a file)."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # refused by the bucket if the template's source changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


def one_each(made: list[tuple[str, str | bytes]]) -> dict[str, str | bytes]:
    """The generated files by path, refusing two at one path (as `build --out` does): one would be lost."""
    files: dict[str, str | bytes] = {}
    for path, content in made:
        if path in files:
            raise PluginError(f"the builder made two files at {path}; please report this as a bug")
        files[path] = content
    return files


SECTIONS = [
    ("Actors", "actors/index.md"),
    ("Events", "events/index.md"),
    ("Claims", "claims/index.md"),
    ("Sources", "sources/index.md"),
    ("Analysis", "analysis/index.md"),
]


def default_nav(docs: Path) -> list[dict[str, Any]]:
    """Home, the dossier's index pages and the hand-written pages.

    Without a nav, MkDocs would list every page in every page's menu: with
    thousands of generated pages, each page would carry megabytes of menu.
    """
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md")) if docs.is_dir() else []
    nav: list[dict[str, Any]] = [{"Home": "index.md"}] if "index.md" in pages else []
    nav += [{title: path} for title, path in SECTIONS]
    others = [page for page in pages if page != "index.md"]
    if others:
        nav.append({"About": others})
    return nav
