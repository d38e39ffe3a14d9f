"""What `mkdocs serve --dirty` may keep from the last build: the HTML of generated pages that did not change.

With `--dirty`, MkDocs builds again only the pages whose source changed (for a hand-written page: a source
newer than its HTML) and keeps in the preview the HTML it built before for the others. Generated files have no
source on disk, so MkDocs would build every one of them again: on a 1,000-source dossier, a minute after each
edit. Here a generated file is unchanged when its content is the last build's, and when nothing that every page
shows changed around it: the menu, which MkDocs makes from `nav` and the hand-written pages, and `mkdocs.yml`.
Hand-written pages are always built again: the dossier's overview is inserted into them (`on_page_markdown`).

Search plugins index only the pages they see built; under `--dirty`, Material's keeps the last index and
replaces the entries of the first page built, which loses or repeats pages when a build makes several
(the home page's entries, at "", would replace all). `SearchIndex` merges the index itself: the last
entries of every page not built again, then the entries of the pages built.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

NOTHING: frozenset[str] = frozenset()


class Served:
    """The generated files of the last build under `mkdocs serve --dirty`, and what was around them."""

    def __init__(self) -> None:
        self.files: dict[str, str | bytes] = {}  # of the last build that MkDocs finished
        self.around: tuple[object, ...] = ()
        self.pending: tuple[dict[str, str | bytes], tuple[object, ...], Files] | None = None  # this build's
        self.search = SearchIndex()

    def unchanged(self, generated: dict[str, str | bytes], files: Files, config: MkDocsConfig) -> set[str]:
        """The paths in `generated` whose HTML MkDocs may keep from the last build. Call before adding them
        to `files`; hand-written pages in `files` are marked to be built again."""
        for file in files.documentation_pages():
            if type(file) is File and not file.generated_by:
                file.__class__ = Rebuilt
        if self.pending is not None:  # the last build stopped half-way: its pages may be of either build
            self.failed()
        around = (repr(config.nav), frozenset(files.src_uris), _text_of(config.config_file_path))
        last = self.files if around == self.around else {}
        self.pending = generated, around, files
        self.search.forget_plugins_index(config)
        return {path for path, content in generated.items() if path in last and last[path] == content}

    def built(self, config: MkDocsConfig) -> None:
        """MkDocs built every page of this build: the next one compares with it."""
        if self.pending is not None:
            self.files, self.around, files = self.pending
            self.pending = None
            self.search.merge(files, config)

    def failed(self) -> None:
        """Compare the next build with nothing: every page of it is built again."""
        self.files, self.around, self.pending = {}, (), None
        self.search = SearchIndex()


class Unchanged(File):
    """A generated file that MkDocs need not build again (see `Served`)."""

    def is_modified(self) -> bool:
        return False


class Rebuilt(File):
    """A hand-written page, built on every build (see `Served`)."""

    def is_modified(self) -> bool:
        return True


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
        kept = {file.url for file in files.documentation_pages() if isinstance(file, Unchanged)}
        entries = [(_page(e), _json(e)) for e in written["docs"] if _page(e) not in kept]
        if kept:
            entries = [entry for entry in self.entries if entry[0] in kept] + entries
            docs = "[" + ",".join(text for _, text in entries) + "]"
            fields = [f"{_json(k)}:{docs if k == 'docs' else _json(v)}" for k, v in written.items()]
            path.write_text("{" + ",".join(fields) + "}", encoding="utf-8")
        self.entries = entries


def _page(entry: dict[str, Any]) -> str:
    return str(entry.get("location", "")).partition("#")[0]


def _json(value: object) -> str:
    """As the search plugins write their index."""
    return json.dumps(value, separators=(",", ":"))


def _text_of(path: str | None) -> bytes:
    try:
        return Path(path).read_bytes() if path else b""
    except OSError:
        return b""
