"""The MkDocs plugin: generated pages as virtual files, rebuilt on every change.

Nothing is written into docs_dir (that would make `mkdocs serve` rebuild in a
loop); pages exist only as `File.generated` objects. Annotation and seed folders
are watched, so editing them under `mkdocs serve` rebuilds the site.
"""

from __future__ import annotations

import copy
import time
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from builder import IMPORT_STARTED
from builder.background import can_fork
from builder.export import Memo, export_files
from builder.pipeline import check, gc_paused, render
from builder.publish import repository
from builder.publish.assets import ASSETS, asset_files
from builder.publish.dirty import NOTHING, Served, Unchanged
from builder.publish.served_problems import ShownProblems
from builder.publish.streamed import Streamed
from builder.publish.units import planned_units, whole
from builder.render.pages.overview import insert_overview
from builder.render.site import Site
from builder.search import SearchError, index_site

log = get_plugin_logger(__name__)
IMPORT_SECONDS = time.perf_counter() - IMPORT_STARTED  # the builder's modules, imported when MkDocs loads the plugin


TEXT_BLOCKS = "builder.render.textblock"


class DossierConfig(base.Config):
    root = c.Type(str, default=".")  # the dossier's root, relative to mkdocs.yml


class DossierPlugin(BasePlugin[DossierConfig]):
    def __init__(self) -> None:
        self.site: Site | None = None
        self.root = Path(".")
        self.serving = False
        self.memo: Memo | None = None  # export pieces of unchanged entities, between rebuilds under serve
        self.timings: dict[str, float] = {}  # seconds per stage of the last build, for the log and the benchmark
        self.imported = False  # whether the log has said how long importing the builder took
        self.streamed: Streamed | None = None  # pages and exports a second process makes as MkDocs reads
        self.said = ""  # what this build made, for the log line said when MkDocs has taken every file
        self.seconds = 0.0  # the builder's time in this build
        self.dirty = False  # `mkdocs serve --dirty`: MkDocs keeps the pages it built from files that did not change
        self.served = Served()  # under it, what the last build gave MkDocs
        self.shown = ShownProblems()  # under serve, the last sound build's files, shown again with its problems

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also keeps this plugin object across the rebuilds of one `mkdocs serve`.
        self.serving = command == "serve"
        self.dirty = self.serving and dirty
        self.memo = Memo() if self.serving else None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = (Path(config.config_file_path or ".").parent / self.config.root).resolve()
        for css in ASSETS:
            if css not in config.extra_css:
                config.extra_css.append(css)
        if TEXT_BLOCKS not in config.markdown_extensions:  # source texts in time linear in their length
            config.markdown_extensions.append(TEXT_BLOCKS)
        repository.configure(config)  # the Annotate form's script, and the repository link without a request
        if self.serving:
            self.shown.configure(config.extra_javascript)
        if config.nav is None:
            config.nav = default_nav(Path(config.docs_dir))
            log.info("mkdocs.yml has no nav: using the dossier's sections, so that no menu lists every entity")
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        start = time.perf_counter()
        self._stop_child()  # of a last build that stopped without saying so (KeyboardInterrupt)
        checked = check(self.root, log.info, incremental=self.serving)
        checked_at = time.perf_counter()
        for problem in checked.problems.warnings:
            log.warning(problem.text())
        if not checked.ok:
            said = f"the dossier has {len(checked.problems.errors)} error(s); run `python -m builder check`:\n"
            if not self.serving:
                raise PluginError(said + "\n".join(p.text() for p in checked.problems.errors))
            log.warning(said + "\n".join(p.text() for p in checked.problems.sorted() if p.severity == "error"))
        later: list[str] = []  # made by the second process (or here) when MkDocs asks for them
        if self.serving:  # pages whose inputs did not change are reused: one process, which keeps track
            everything = lambda: self._made(checked)  # noqa: E731
            generated = self.shown.files(checked.problems, checked.ok, everything, config.nav, files.src_uris)
            rendered_at = time.perf_counter()
        else:  # a one-off build: what can be made while MkDocs reads pages is made so, in a second process
            with gc_paused():
                self.site = Site(checked.dossier, checked.analysis)
                now, planned = planned_units(self.site)
                self.streamed = streamed = Streamed(planned, fork=can_fork())
                later = streamed.paths
                generated = one_each([file for unit in now for file in whole(unit())])
            rendered_at = time.perf_counter()
        with gc_paused():
            by_hand = files.src_uris  # src_uris are POSIX paths, as ours are
            for path in filter(by_hand.__contains__, [*generated, *later]):
                raise PluginError(f"docs/{path} is written by hand, but the builder generates that page; rename it")
            for path in filter(generated.__contains__, later):
                raise PluginError(f"the builder made two files at {path}; please report this as a bug")
            made = _Maker(config)
            unchanged = self.served.unchanged(generated, files, config) if self.dirty else NOTHING
            for path, content in generated.items():
                files.append(made.unchanged(path, content) if path in unchanged else made(path, content))
            for path in later:
                files.append(made.later(path, streamed))
        done = time.perf_counter()
        # "render" holds the exports too in a one-off build, where they are made alongside the pages
        self.timings = {"check": checked_at - start, "render": rendered_at - checked_at}
        self.timings["exports and files"] = done - rendered_at
        self.seconds = done - start
        counts = ", ".join(f"{n} {k}" for k, n in checked.dossier.counts().items())
        pages = sum(1 for path in [*generated, *later] if path.endswith(".md"))
        self.said = f"{pages} pages from {counts}"
        if self.dirty:
            self.said += f" ({len(generated) - len(unchanged)} of {len(generated)} files built again)"
        if self.serving:
            self._say()
        return files

    def _made(self, checked: Any) -> dict[str, str | bytes]:
        """Under serve: the pages (those whose inputs did not change reused), exports and assets."""
        self.site = render(checked, log.info, incremental=True)
        with gc_paused():  # as for the other stages: the collector would rescan the whole dossier
            exports = export_files(checked.dossier, self.memo, checked.analysis.cross)
            return one_each([*self.site.pages.items(), *asset_files().items(), *exports.items()])

    @event_priority(-100)  # after the search plugin has written its index, which `Served` completes
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """In a one-off build, the time MkDocs waited for files from the second process (or for files made
        here when there was none) is the builder's too: said now that MkDocs has taken them all. Under
        `serve --dirty`, the search index is completed (`Served.built`)."""
        self.served.built(config)
        if self.site is not None:  # the search index, from the dossier, into the site just written
            site = self.site
            try:
                index_site(Path(config.site_dir), site.raw, site.raw_analysis, config.use_directory_urls, log.info)
            except SearchError as exc:
                raise PluginError(str(exc)) from None
        if self.streamed is not None and not self.serving:
            closing = time.perf_counter()
            self.streamed.close()
            self.timings["taken while MkDocs read"] = self.streamed.seconds + time.perf_counter() - closing
            self.seconds += self.timings["taken while MkDocs read"]
            child = self.streamed.child_seconds
            self.streamed = None
            self._say(f" (and {child:.2f} s of CPU in a second process, beside MkDocs)" if child else "")

    def on_build_error(self, *, error: Exception | None) -> None:
        """Stop the second process of a build that failed. (Under `serve --dirty`, the next build sees that
        this one did not finish: `Served.unchanged`.)"""
        self._stop_child()

    def _stop_child(self) -> None:
        if self.streamed is not None:
            self.streamed.close()
            self.streamed = None

    def _say(self, beside: str = "") -> None:
        took = f"dossier: {self.said} in {self.seconds:.2f} s"
        if not self.imported:  # on the first build (of a `mkdocs` run): what importing the builder took before it
            took += f" (and {IMPORT_SECONDS:.2f} s importing the builder)"
            self.imported = True
        log.info(took + beside)

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self.site is not None and not page.file.generated_by:
            return insert_overview(markdown, self.site, page.file.src_uri)
        return markdown

    def on_env(self, env: Any, /, *, config: MkDocsConfig, files: Files) -> Any:
        if self.dirty:  # every page read: MkDocs checks links next, kept pages' too
            self.served.restore()
        return env

    def on_serve(self, server: Any, /, *, config: MkDocsConfig, builder: Any) -> Any:
        for folder in ("annotations", "seeds"):
            if (self.root / folder).is_dir():
                server.watch(str(self.root / folder))
        return server


def one_each(made: list[tuple[str, str | bytes]]) -> dict[str, str | bytes]:
    """The generated files by path, refusing two at one path (as `build --out` does): one would be lost."""
    files: dict[str, str | bytes] = {}
    for path, content in made:
        if path in files:
            raise PluginError(f"the builder made two files at {path}; please report this as a bug")
        files[path] = content
    return files


def generated_file(config: MkDocsConfig, path: str, content: str | bytes) -> File:
    """What `File.generated(config, path, content=..., inclusion=NOT_IN_NAV)` makes, without its `PurePath`
    normalisation of the path (most of the cost of thousands of files per rebuild): ours are already normal.

    Entity pages are reached through the index pages, not the menu: NOT_IN_NAV says so, or MkDocs lists them all.
    """
    return _Maker(config)(path, content)


class _Maker:
    """`generated_file` for one config, read once: each config setting read is a descriptor call, and a
    rebuild makes thousands of files."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self.site_dir = config.site_dir
        self.use_directory_urls = config.use_directory_urls
        self.generated_by = config.plugins._current_plugin or "<unknown>"

    def __call__(self, path: str, content: str | bytes) -> File:
        if not _normal(path):
            return File.generated(self.config, path, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        file = File.__new__(File)
        file.src_uri = path
        file.src_dir = None
        file.dest_dir = self.site_dir
        file.use_directory_urls = self.use_directory_urls
        file.inclusion = InclusionLevel.NOT_IN_NAV
        file.generated_by = self.generated_by
        file.abs_src_path = None
        file._content = content
        return file

    def unchanged(self, path: str, content: str | bytes) -> File:
        """A file that MkDocs need not build again (see `Served`)."""
        file = self(path, content)
        file.__class__ = Unchanged
        return file

    def later(self, path: str, streamed: Streamed) -> File:
        """A file whose content `streamed` gives when MkDocs first reads it."""
        if not _normal(path):
            return self(path, streamed.take(path))
        file = self(path, "")
        file.__class__ = _Later
        assert isinstance(file, _Later)
        file.streamed = streamed
        file.made = None
        return file


class _Later(File):
    """A generated file whose content is taken from the builder (publish/streamed.py) when MkDocs first reads
    it: MkDocs reads `_content` only through `content_string`, `content_bytes`, `copy_file` and `is_modified`."""

    streamed: Streamed
    made: str | bytes | None

    @property  # type: ignore[override]
    def _content(self) -> str | bytes:
        if self.made is None:
            self.made = self.streamed.take(self.src_uri)
        return self.made

    @_content.setter
    def _content(self, value: str | bytes) -> None:
        self.made = value

    def __deepcopy__(self, memo: dict[int, object]) -> File:
        """A plain File with the content (the pipe to the second process cannot be copied)."""
        clone = File.__new__(File)
        state = {name: value for name, value in vars(self).items() if name not in ("streamed", "made")}
        clone.__dict__.update(copy.deepcopy(state, memo))
        clone._content = self._content
        return clone


def _normal(path: str) -> bool:
    """Whether `PurePath(path).as_posix()` is `path` itself: relative, no empty, `.` or backslashed part."""
    return (
        bool(path)
        and "\\" not in path
        and "//" not in path
        and not path.startswith(("/", "./"))
        and ("/./" not in path and not path.endswith(("/", "/.")))
    )


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
