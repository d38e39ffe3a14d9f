"""Everything of the builder that relies on MkDocs' or Material's private internals, in one place.

Written for MkDocs 1.6 and Material 9.x (pinned `mkdocs>=1.6,<2`, `mkdocs-material<10`); the
canaries in tests/test_mkdocs_internals.py fail when an upgrade changes what is relied on:

- `FileMaker`: `File` objects made by hand, as `File.generated` makes them without its path
  normalisation (the cost of thousands of files per rebuild): `File.__new__`, its attributes and
  `_content`, and `config.plugins._current_plugin`.
- Converted pages (publish/conversions.py): `Page.render` run outside MkDocs' loop, and a page that takes
  its HTML, table of contents, title (`_title_from_render`) and anchors from a stored conversion
  (`Page.__class__` swapped).
- `serve --dirty` (`Served` below): swapping `File.__class__`, `Page.present_anchor_ids` and
  `Page.links_to_anchors`, MkDocs' title rule and `INHERIT:`, Material's `search_index_prev` and
  the layout of `search/search_index.json`.

What `mkdocs serve --dirty` may keep from the last build: the HTML of generated pages that did not change.

With `--dirty`, MkDocs builds again only the pages whose source changed (for a hand-written page: a source
newer than its HTML) and keeps in the preview the HTML it built before for the others. Generated files have no
source on disk, so MkDocs would build every one of them again: on a 1,000-source dossier, a minute after each
edit. Here a generated page is kept (`Unchanged`) when its Markdown is the last build's and nothing else that
its HTML shows changed (`Around`): the configuration, and the menu, which shows the pages `nav` names with
their titles (a change to what a title is made from builds every page again). Pages the menu names are
built every time, so that their titles are known to the pages built now, and so are hand-written pages: the
dossier's overview is inserted into them (`on_page_markdown`).

What MkDocs would have read from a kept page, it is given from the last build: the anchors it has, for
checking links into it, and the anchored links it makes (`Anchors`). Search plugins index only the pages
they see built, and Material's replaces, in its last index, the entries of the first page built only (the
home page's, at "", are all of them): `SearchIndex` merges the index itself.

Other plugins that gather something from every page (Material's tags or blog) see only the pages built.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import sysconfig
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path, PurePath
from typing import Any, NamedTuple, TypedDict

import jinja2
import mkdocs
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils import get_build_date
from mkdocs.utils.meta import get_data

NOTHING: frozenset[str] = frozenset()
Content = str | bytes


class Around(NamedTuple):
    """What the HTML of every page shows besides its own Markdown."""

    config: tuple[bytes, ...]  # mkdocs.yml and the files it inherits from, as written
    nav: str  # the menu's layout (the plugin's own when mkdocs.yml has none)
    menu: tuple[tuple[str, object], ...]  # each page the menu names, and what its title is made from


class Build(NamedTuple):
    generated: dict[str, Content]  # path -> content
    around: Around


class Served:
    """The last build under `mkdocs serve --dirty` that MkDocs finished, and the one under way."""

    def __init__(self) -> None:
        self.last: Build | None = None
        self.pending: tuple[Build, Files] | None = None  # the build under way, and MkDocs' files of it
        self.search = SearchIndex()
        self.anchors = Anchors()
        self.pages: dict[str, Page] = {}  # the last build's page objects of generated files, emptied (`keep_pages`)
        self.theme = ThemeListing()
        self.sitemap = Sitemap()

    def configure(self, config: MkDocsConfig) -> None:
        """Before MkDocs lists the theme's files (call from `on_config`)."""
        self.theme.use(config)

    def unchanged(self, generated: dict[str, Content], files: Files, config: MkDocsConfig) -> set[str]:
        """The paths in `generated` whose HTML MkDocs may keep from the last build; `files`, before the
        generated files are added, has every other file of the build. Also has MkDocs build every
        hand-written page again, and the search plugin index only the pages built (see `SearchIndex`)."""
        if self.pending is not None:  # the last build stopped half-way (any failure after this call, or
            self.forget()  # Ctrl-C): its pages may be of either build
        build_hand_written_again(files)
        named = nav_paths(config.nav)
        around = Around(
            config=_config_files(config.config_file_path),
            nav=repr(config.nav),
            menu=tuple((path, _title_source(path, generated, files)) for path in named),
        )
        last = self.last.generated if self.last is not None and self.last.around == around else {}
        self.pending = Build(generated, around), files
        SearchIndex.forget_plugins_index(config)
        in_menu = set(named)  # a set: every generated path is looked up
        return {p for p, content in generated.items() if p in last and p not in in_menu and last[p] == content}

    def reuse_pages(self, files: Files) -> None:
        """Give each kept file its page object of the last build, as MkDocs would make it afresh (making one
        for each of thousands of files, with its addresses, is a good part of a rebuild)."""
        today = get_build_date()
        for file in files:
            if isinstance(file, Unchanged):
                page = self.pages.get(file.src_uri)
                if page is not None:
                    page.file, file.page = file, page
                    page.update_date = today

    def restore(self, config: MkDocsConfig, env: jinja2.Environment, files: Files) -> None:
        """Give the kept pages what MkDocs would have read from them, and leave out the sitemap if it would be
        the one written last (call from `on_env`: every page is read, the theme's templates are next)."""
        if self.pending is not None:
            self.anchors.restore(self.pending[1])
            self.sitemap.leave_out_if_written(config, env, files)

    def built(self, config: MkDocsConfig) -> None:
        """MkDocs built every page of this build: complete the search index; the next build compares with
        this one."""
        if self.pending is not None:
            (self.last, files), self.pending = self.pending, None
            self.search.merge(files, config)
            pages = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
            self.anchors.record(pages)
            self.pages = keep_pages(pages)
            self.sitemap.built()

    def forget(self) -> None:
        self.last, self.pending, self.pages = None, None, {}
        self.search, self.anchors, self.sitemap = SearchIndex(), Anchors(), Sitemap()


def keep_pages(pages: Sequence[File]) -> dict[str, Page]:
    """The page objects of generated files among `pages`, emptied of what MkDocs read and made (so a reused
    one is what `Page(None, file, config)` makes, and holds no HTML meanwhile): their addresses are kept."""
    kept = {}
    for file in pages:
        page = file.page
        if file.generated_by and page is not None and type(page) in (Page, ConvertedPage) and page.parent is None:
            page.__class__ = Page
            page.markdown, page.content, page.meta, page._title_from_render = None, None, {}, None
            page.toc = []  # type: ignore[assignment]  # as Page.__init__ sets it
            page.present_anchor_ids, page.links_to_anchors = None, None
            for held in ("_converted", "_source", "_held"):
                vars(page).pop(held, None)
            kept[file.src_uri] = page
    return kept


class Unchanged(File):
    """A generated file that MkDocs need not build again (see `Served`)."""

    def is_modified(self) -> bool:
        return False


class Rebuilt(File):
    """A hand-written page, built on every build (see `Served`)."""

    def is_modified(self) -> bool:
        return True


def build_hand_written_again(files: Files) -> None:
    for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):  # drafts too: serve builds them
        if type(file) is File and not file.generated_by:
            file.__class__ = Rebuilt


def nav_paths(nav: object) -> list[str]:
    """The paths the menu names, in its order, normalised as MkDocs looks them up (external links too:
    harmless)."""

    def walk(item: object) -> Iterator[str]:
        if isinstance(item, str):
            yield PurePath(item).as_posix()
        elif isinstance(item, dict):
            for value in item.values():
                yield from walk(value)
        elif isinstance(item, list):
            for value in item:
                yield from walk(value)

    return list(dict.fromkeys(walk(nav)))


def _title_source(path: str, generated: dict[str, Content], files: Files) -> object:
    """What the title of a page the menu names is made from, or None if there is no such page: its front
    matter and its first line when that is a heading (MkDocs takes a heading as the title only if it is the
    page's first element); else the whole text, since the first element may come further down."""
    content = generated.get(path)
    if content is None:
        file = files.src_uris.get(path)
        if file is None:
            return None
        try:
            content = file.content_bytes
        except OSError:
            return None
    text = content if isinstance(content, str) else content.decode("utf-8", "replace")
    doc, meta = get_data(text)
    first = doc.lstrip("\n").partition("\n")[0]
    return (repr(meta), first) if first.startswith("#") else text


def _config_files(path: str | None) -> tuple[bytes, ...]:
    """`mkdocs.yml` and the files it inherits from (`INHERIT:`), as written."""
    found: list[bytes] = []
    seen: set[Path] = set()
    current = Path(path) if path else None
    while current is not None and current not in seen:
        seen.add(current)
        try:
            text = current.read_bytes()
        except OSError:
            break
        found.append(text)
        parent = re.search(rb"^INHERIT:[ \t]*['\"]?([^'\"\r\n#]+?)['\"]?[ \t]*(?:#.*)?$", text, re.MULTILINE)
        current = current.parent / parent.group(1).decode("utf-8", "replace") if parent else None
    return tuple(found)


class Anchors:
    """The anchors of each generated page of the last build, and the anchored links it makes, by path: MkDocs
    checks links against them, but reads them only from the pages it builds."""

    def __init__(self) -> None:
        self.present: dict[str, set[str] | None] = {}
        self.links: dict[str, dict[str, dict[str, str]]] = {}  # page -> target page -> anchor -> link
        self.into: dict[str, set[str]] = {}  # target page -> the pages whose links are to anchors in it

    def restore(self, files: Files) -> None:
        """Give each kept page its anchors, and the links it makes into pages built again (its links into kept
        pages were checked when it was built: neither end changed since). The links are found from the few
        pages built (`into`), not by going through every kept page's."""
        present = self.present
        built = []
        for file in files:
            if isinstance(file, Unchanged):
                if file.page is not None and file.src_uri in present:
                    file.page.present_anchor_ids = present[file.src_uri]
            elif file.is_documentation_page() and file.inclusion.is_in_serve():
                built.append(file)
        for target in built:
            for uri in self.into.get(target.src_uri, ()):
                source = files.src_uris.get(uri)
                if isinstance(source, Unchanged) and source.page is not None and uri in present:
                    if source.page.links_to_anchors is None:
                        source.page.links_to_anchors = {}
                    source.page.links_to_anchors[target] = self.links[uri][target.src_uri]

    def record(self, pages: Sequence[File]) -> None:
        """What the next build restores (`pages`: the build's pages): a kept page's links are its last
        build's, all of them."""
        last, into = self.links, self.into
        self.present, self.links = {}, {}
        for file in pages:
            if file.generated_by and file.page is not None:
                uri = file.src_uri
                self.present[uri] = file.page.present_anchor_ids
                if isinstance(file, Unchanged) and uri in last:
                    self.links[uri] = last.pop(uri)
                    continue
                for target in last.pop(uri, ()):
                    into[target].discard(uri)
                links = file.page.links_to_anchors or {}
                self.links[uri] = {target.src_uri: dict(found) for target, found in links.items()}
                for target in self.links[uri]:
                    into.setdefault(target, set()).add(uri)
        for uri, gone in last.items():  # pages of the last build that are no more
            for target in gone:
                into[target].discard(uri)


class ThemeListing:
    """The theme's files, as MkDocs lists them on every build to find the theme's static files
    (`Files.add_files_from_theme`: the names of every file of every theme folder, each matched against its
    patterns; Material's folder has thousands of icons). A folder of an installed package is walked once, and
    each name's verdict is kept while the patterns are the same; other folders (a `custom_dir` one may be
    editing) are walked on every build, so a file added to one is found as MkDocs finds it."""

    FILTER = "Files.add_files_from_theme.<locals>.filter"  # the only listing kept: its patterns are known

    def __init__(self) -> None:
        self.walked: dict[tuple[str, bool], list[str]] = {}  # (installed folder, follow links) -> names in it
        self.patterns: frozenset[str] = frozenset()  # what the filter's patterns depend on: the static templates
        self.verdicts: dict[str, bool] = {}  # name -> whether MkDocs' filter keeps it

    def use(self, config: MkDocsConfig) -> None:
        """Have the template environment MkDocs makes for this build list the theme's files from here."""
        theme = config.theme
        make_env = theme.get_env

        def get_env() -> jinja2.Environment:
            env = make_env()
            loader = env.loader
            if type(loader) is jinja2.FileSystemLoader:
                listed = env.list_templates
                patterns = frozenset(theme.static_templates)  # read now: MkDocs lists the files next

                def list_templates(
                    extensions: Any = None, filter_func: Callable[[str], bool] | None = None
                ) -> list[str]:
                    if extensions is not None or filter_func is None or filter_func.__qualname__ != self.FILTER:
                        return listed(extensions, filter_func)
                    return self.listed(loader, patterns, filter_func)

                env.list_templates = list_templates  # type: ignore[method-assign]
            return env

        theme.get_env = get_env  # type: ignore[method-assign]

    def listed(
        self, loader: jinja2.FileSystemLoader, patterns: frozenset[str], keep: Callable[[str], bool]
    ) -> list[str]:
        """`env.list_templates(filter_func=keep)`, as jinja2's `FileSystemLoader` lists them."""
        if patterns != self.patterns:
            self.patterns, self.verdicts = patterns, {}
        names: set[str] = set()
        for folder in loader.searchpath:
            if _installed(folder):
                key = (folder, loader.followlinks)
                if key not in self.walked:
                    self.walked[key] = _walk(folder, loader.followlinks)
                names.update(self.walked[key])
            else:
                names.update(_walk(folder, loader.followlinks))
        verdicts = self.verdicts
        for name in names.difference(verdicts):
            verdicts[name] = keep(name)
        return [name for name in sorted(names) if verdicts[name]]


def _walk(folder: str, followlinks: bool) -> list[str]:
    """The names of the files under `folder`, as `FileSystemLoader.list_templates` makes them."""
    found = []
    for dirpath, _, filenames in os.walk(folder, followlinks=followlinks):
        for filename in filenames:
            name = os.path.join(dirpath, filename)[len(folder) :].strip(os.path.sep).replace(os.path.sep, "/")
            found.append(name[2:] if name[:2] == "./" else name)
    return found


def _installed(folder: str) -> bool:
    """Whether `folder` is inside the installed packages (not a folder of the site being edited)."""
    where = Path(folder).resolve()
    return any(where.is_relative_to(Path(sysconfig.get_path(kind)).resolve()) for kind in ("purelib", "platlib"))


class Sitemap:
    """What the last sitemap written showed: MkDocs renders `sitemap.xml` (and gzips it) over every page on
    every build; under `serve --dirty` one that would be the same as the one in the preview is left as it is.
    Only MkDocs' own template is left out, with no plugin at the template events: what it shows of each page
    is known (`_shown`)."""

    NAME = "sitemap.xml"
    TEMPLATE = Path(mkdocs.__file__).parent / "templates" / NAME
    EVENTS = ("pre_template", "template_context", "post_template")

    def __init__(self) -> None:
        self.written: bytes | None = None  # digest of what the last finished build's sitemap shows
        self.pending: bytes | None = None  # of this build's

    def leave_out_if_written(self, config: MkDocsConfig, env: jinja2.Environment, files: Files) -> None:
        """Take the sitemap out of the templates MkDocs renders in this build if it would be the last one."""
        self.pending = None
        if self.NAME not in config.theme.static_templates or any(config.plugins.events[e] for e in self.EVENTS):
            return
        try:
            source, filename, _ = env.loader.get_source(env, self.NAME) if env.loader else ("", None, None)
        except jinja2.TemplateNotFound:
            return
        if filename is None or Path(filename).resolve() != self.TEMPLATE.resolve():
            return
        self.pending = _shown(source, config.site_url, files)
        site = Path(config.site_dir)
        if self.pending == self.written and (site / self.NAME).is_file() and (site / f"{self.NAME}.gz").is_file():
            config.theme.static_templates.discard(self.NAME)

    def built(self) -> None:
        self.written, self.pending = self.pending, None


def _shown(source: str, site_url: str | None, files: Files) -> bytes:
    """A digest of what MkDocs' sitemap template shows of `files`' pages (the `pages` it is given: every
    page included in the site), and of its gzipped copy (its time is the latest page's date)."""
    digest = hashlib.sha256(f"{source}\0{site_url}".encode())
    for file in files.documentation_pages():
        page = file.page
        shown = None if page is None else (page.is_link, page.abs_url, page.canonical_url, page.update_date)
        digest.update(f"\0{shown!r}".encode("utf-8", "surrogatepass"))
    return digest.digest()


class SearchIndex:
    """The search index of the last build: each entry's page URL and its JSON, in the order written."""

    PATH = "search/search_index.json"  # where MkDocs' and Material's search plugins write it

    def __init__(self) -> None:
        self.entries: list[tuple[str, str]] = []

    @staticmethod
    def forget_plugins_index(config: MkDocsConfig) -> None:
        """Have Material's search plugin write the entries of this build's pages only (it keeps the last
        index in `search_index_prev` under `--dirty`); `merge` adds the others."""
        for plugin in config.plugins.values():
            if getattr(plugin, "search_index_prev", None) is not None:
                plugin.search_index_prev = None  # type: ignore[attr-defined]

    def merge(self, files: Files, config: MkDocsConfig) -> None:
        """Rewrite the index the search plugin wrote for the pages built now, adding the last entries of
        every page kept (and still there). Entries stay encoded: the index of a large site is tens of MB."""
        path = Path(config.site_dir) / self.PATH
        try:
            written = json.loads(path.read_bytes())
        except (OSError, ValueError):
            return  # no search plugin, or one that writes something else
        if not isinstance(written, dict) or not isinstance(written.get("docs"), list):
            return
        kept = {file.url for file in files if isinstance(file, Unchanged) and file.is_documentation_page()}
        entries = [(_page(e), _json(e)) for e in written["docs"] if _page(e) not in kept]
        if kept:
            entries = [entry for entry in self.entries if entry[0] in kept] + entries
            written.pop("index", None)  # MkDocs' `prebuild_index`, of the pages built now: browsers build it
            docs = "[" + ",".join(text for _, text in entries) + "]"
            fields = [f"{_json(k)}:{docs if k == 'docs' else _json(v)}" for k, v in written.items()]
            path.write_text("{" + ",".join(fields) + "}", encoding="utf-8")
        self.entries = entries


def _page(entry: dict[str, Any]) -> str:
    return str(entry.get("location", "")).partition("#")[0]


def _json(value: object) -> str:
    """As the search plugins write their index."""
    return json.dumps(value, separators=(",", ":"))


class FileMaker:
    """What `File.generated(config, path, content=..., inclusion=NOT_IN_NAV)` makes, without its `PurePath`
    normalisation of the path: ours are already normal. Reads the config once (each setting read is a
    descriptor call, and a rebuild makes thousands of files).

    Entity pages are reached through the index pages, not the menu: NOT_IN_NAV says so, or MkDocs lists them all.
    """

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self.site_dir = config.site_dir
        self.use_directory_urls = config.use_directory_urls
        self.generated_by = config.plugins._current_plugin or "<unknown>"

    def __call__(self, path: str, content: Content, unchanged: bool = False) -> File:
        """The file; `unchanged`: one that MkDocs need not build again under `serve --dirty` (see `Served`)."""
        if not normal(path):
            file = File.generated(self.config, path, content=content, inclusion=InclusionLevel.NOT_IN_NAV)
        else:
            file = File.__new__(File)
            file.src_uri = path
            file.src_dir = None
            file.dest_dir = self.site_dir
            file.use_directory_urls = self.use_directory_urls
            file.inclusion = InclusionLevel.NOT_IN_NAV
            file.generated_by = self.generated_by
            file.abs_src_path = None
            file._content = content
        if unchanged:
            file.__class__ = Unchanged
        return file

    def in_site(self, path: str, content: Content) -> File:
        """The file, written into the site now, as a file that MkDocs finds in place there (it copies a file onto
        itself as nothing: `File.copy_file`), rather than held in memory until MkDocs copies the static files.
        For a build only: the site folder is MkDocs' own while it serves."""
        file = File(path, self.site_dir, self.site_dir, self.use_directory_urls, inclusion=InclusionLevel.NOT_IN_NAV)
        file.generated_by = self.generated_by
        target = Path(file.abs_dest_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            with target.open("w", encoding="utf-8") as out:  # as `File.copy_file` writes it
                out.write(content)
        return file


def forget_source(file: File) -> None:
    """MkDocs read this generated page's Markdown: in a build (not `--dirty`, which asks each file whether it
    changed), nothing reads it again, so it is not held until the build ends."""
    if file.generated_by and file.abs_src_path is None:
        file._content = None


def normal(path: str) -> bool:
    """Whether `PurePath(path).as_posix()` is `path` itself: relative, no empty, `.` or backslashed part."""
    return (
        bool(path)
        and "\\" not in path
        and "//" not in path
        and not path.startswith(("/", "./"))
        and ("/./" not in path and not path.endswith(("/", "/.")))
    )


class Converted(TypedDict):
    """What `Page.render` makes of a page's Markdown, as JSON."""

    content: str
    toc: list[Any]  # [title, id, level, children], as `get_toc` makes AnchorLinks
    title: str | None  # the title the page's first heading gives (`_title_from_render`)
    anchors: list[str]  # `present_anchor_ids`, sorted
    links: dict[str, dict[str, str]] | None  # `links_to_anchors`, by the target's src_uri


def is_converted(entry: object) -> bool:
    return isinstance(entry, dict) and entry.keys() == Converted.__annotations__.keys()


class _Said(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.anything = False

    def emit(self, record: logging.LogRecord) -> None:
        self.anything = True


def convert(file: File, markdown: str, config: MkDocsConfig, files: Files) -> Converted | None:
    """MkDocs' conversion of `markdown` as the page of `file`, or None if it logged anything: MkDocs then
    converts the page itself, so that what it says is said once, in its place, in every build."""
    kept = file.page
    said = _Said()
    loggers = [logging.getLogger(), logging.getLogger("mkdocs")]  # MkDocs' own does not propagate to the root
    handlers = [logger.handlers for logger in loggers]
    for logger in loggers:
        logger.handlers = [said]
    try:
        page = Page(None, file, config)
        page.markdown = markdown
        page.render(config, files)
    except Exception:  # MkDocs converts it again, and reports the failure as it reports any
        return None
    finally:
        file.page = kept
        for logger, before in zip(loggers, handlers, strict=True):
            logger.handlers = before
    if said.anything or page.content is None:
        return None
    links = page.links_to_anchors
    return {
        "content": page.content,
        "toc": [_toc_item(item) for item in page.toc],
        "title": page._title_from_render,
        "anchors": sorted(page.present_anchor_ids or ()),
        "links": None if links is None else {target.src_uri: dict(found) for target, found in links.items()},
    }


def _toc_item(item: AnchorLink) -> list[Any]:
    return [item.title, item.id, item.level, [_toc_item(child) for child in item.children]]


def _anchor_link(item: list[Any]) -> AnchorLink:
    title, id, level, children = item
    link = AnchorLink(title, id, level)
    link.children = [_anchor_link(child) for child in children]
    return link


Fetch = Callable[[], Converted | None]  # reads a page's entry from the store


class ConvertedPage(Page):
    """A page whose Markdown was converted before (publish/conversions.py): rendering it sets what MkDocs'
    own rendering would set.

    In a large site its HTML is not held from rendering to writing: MkDocs renders every page before it
    writes the first, so the HTML of the whole site would be in memory at once. Once MkDocs has handed it
    back after its `on_page_content` event, `content` reads it from the store when asked, and keeps it until
    the page is written (`written`). In a smaller one (`hold`) that memory is small, and reading each page's
    entry a second time would cost more than it: its HTML is held. A plugin that sets other HTML has it held,
    as on any page."""

    _converted: tuple[bytes, Fetch, bool]  # the digest of the Markdown converted, how to read its entry, `hold`
    _source: tuple[Fetch, MkDocsConfig, Files]  # once rendered from the entry: how to read its HTML again
    _held: str  # the stored HTML, from when it was read until the page is written

    def render(self, config: MkDocsConfig, files: Files) -> None:
        digest, fetch, _ = self._converted
        entry = fetch() if self.markdown is not None and markdown_digest(self.markdown) == digest else None
        if entry is None:  # another plugin changed the Markdown, or the entry is gone
            super().render(config, files)
            return
        toc = [_anchor_link(item) for item in entry["toc"]]
        if toc:
            toc[0].active = True  # type: ignore[attr-defined]  # as `get_toc` marks it
        self.toc = TableOfContents(toc)
        self._title_from_render = entry["title"]
        self.present_anchor_ids = set(entry["anchors"])
        if entry["links"] is not None:
            targets = ((files.src_uris.get(uri), links) for uri, links in entry["links"].items())
            self.links_to_anchors = {target: links for target, links in targets if target is not None}
        vars(self).pop("content", None)  # from now on, the stored HTML unless something sets other HTML
        self._source = (fetch, config, files)
        self._held = entry["content"]

    @property  # type: ignore[override]
    def content(self) -> str | None:
        own = vars(self)
        if "content" in own:
            return own["content"]  # type: ignore[no-any-return]
        if "_held" not in own:
            self._held = self._stored_content()
        return self._held

    @content.setter
    def content(self, value: str | None) -> None:
        own = vars(self)
        if value is not None and value is own.get("_held") and "content" not in own:
            if not self._converted[2]:
                del own["_held"]  # handed back as it was read (after `on_page_content`): read again when asked
            return
        own.pop("_held", None)
        own["content"] = value

    def _stored_content(self) -> str:
        """The HTML the entry holds; if it is gone (the store is closed, or a build running at the same time
        dropped it), the page's Markdown converted again: the same HTML."""
        fetch, config, files = self._source
        entry = fetch()
        if entry is not None:
            return entry["content"]
        scratch = Page(None, self.file, config)  # takes the file's page for a moment
        try:
            scratch.markdown = self.markdown
            scratch.render(config, files)
        finally:
            self.file.page = self
        assert scratch.content is not None
        return scratch.content


def render_from(page: Page, digest: bytes, fetch: Fetch, hold: bool) -> None:
    """Have `page` take the entry that `fetch` reads as its conversion when MkDocs renders it, if its
    Markdown's digest (by `markdown_digest`) is `digest`; `hold`: keep its HTML until it is written."""
    if type(page) is Page:
        page.__class__ = ConvertedPage
        page._converted = (digest, fetch, hold)  # type: ignore[attr-defined]


def forget_markdown(files: Files) -> None:
    """In a build, once every page is read: converted pages' Markdown is let go. Nothing of a build reads it
    again but `Page.title`, which is None without it: each title is kept as it reads now (what it is made
    from, the front matter and the rendered heading, is read already)."""
    for file in files.documentation_pages():
        page = file.page
        if type(page) is ConvertedPage and "_source" in vars(page):
            page.title = page.title  # type: ignore[misc]  # a weak_property: an instance's value overrides it
            page.markdown = None


def has_content(page: Page) -> bool:
    """Whether the page has HTML, without reading a converted page's from the store (which would then hold
    it until the page is written)."""
    own = vars(page)
    if type(page) is ConvertedPage and "_source" in own and "content" not in own:
        return True
    return page.content is not None


def written(page: Page) -> None:
    """MkDocs wrote the page: its stored HTML is read again if asked for."""
    vars(page).pop("_held", None)


def markdown_digest(page_markdown: str) -> bytes:
    return hashlib.sha256(page_markdown.encode("utf-8", "surrogatepass")).digest()
