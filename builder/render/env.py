"""The Jinja2 environment for page templates, and the helpers templates call.

Templates produce Markdown. Every `{{ value }}` is escaped unless it is `Md`
(see render/markdown.py), so forgetting a filter cannot open a hole.
"""

from __future__ import annotations

import html
import json
import posixpath
import unicodedata
from collections.abc import Iterable, Sized
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from builder.model.dates import DateValue
from builder.model.dossier import PLURAL
from builder.model.entities import Entity
from builder.render.markdown import Md, escape, external_href, link, title_json

RENDER = Path(__file__).parent
TEMPLATES = RENDER / "templates"


def _finalize(value: Any) -> Any:
    if type(value) is Md:  # the common case, checked first: most values are built by the builder
        return value
    if value is None:
        return ""
    return escape(value)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,  # templates are code: no stat() of every template on every page
    )
    env.filters["date"] = human_date
    env.filters["edtf"] = lambda d: d.edtf() if d else ""
    env.filters["raw"] = Md  # for Markdown built by the builder itself
    env.filters["external"] = external_href
    env.filters["tojson"] = title_json  # front matter titles: HTML-escaped, see title_json
    env.filters["plural"] = lambda n, word: f"{n} {word}" + ("" if n == 1 else "s")
    env.filters["search_tags"] = search_tags
    env.globals["front"] = front
    env.globals["capped"] = capped
    return env


def front(title: object, tags: Iterable[str] | None = None, searched: bool = True) -> Md:
    """A page's YAML front matter: its title, the names search should rank it by, and whether search indexes it.

    A Python function rather than a macro: it runs on every page, and a Jinja macro call costs
    several times as much.
    """
    lines = f"---\ntitle: {title_json(title)}\n"
    if tags:
        lines += f"tags: {search_tags(tags)}\n"
    if not searched:
        lines += "search:\n  exclude: true\n"  # Material's search leaves the page out
    return Md(lines + "---")


def capped(items: Sized, total: int, what: str) -> Md:
    """A note under a list that shows only the first `len(items)` of `total`."""
    if total > len(items):
        return Md(f"\n*Showing {len(items)} of {total} {escape(what)}.*\n")
    return Md("")


def search_tags(names: Iterable[str]) -> Md:
    """Names as the front matter's `tags`, which Material's search ranks above all else.

    Each name is given as written and without its accents: Lunr does not fold accents, so
    "Nicolas Maduro" would not find "Nicolás Maduro". HTML-escaped, as Material inserts tags
    into its search results as HTML; one JSON (hence YAML) list on one line.
    """
    tags: dict[str, None] = {}
    for name in names:
        name = " ".join("".join(c for c in str(name) if c.isprintable()).split())
        bare = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
        tags.update(dict.fromkeys(t for t in (name, unicodedata.normalize("NFC", bare)) if t))
    return Md(json.dumps([html.escape(t, quote=False) for t in tags], ensure_ascii=False))


def human_date(value: DateValue | None, unknown: str = "date unknown") -> str:
    return value.human() if value else unknown


def entity_path(entity: Entity | str, kind: str = "") -> str:
    """The page of an entity, relative to docs_dir."""
    if isinstance(entity, Entity):
        return f"{PLURAL[entity.KIND]}/{entity.id}.md"
    return f"{PLURAL[kind]}/{entity}.md"


class Page:
    """Helpers bound to one page, so links can be made relative to it."""

    def __init__(self, path: str, names: dict[str, str], escaped: dict[str, Md] | None = None) -> None:
        self.path = path
        self.names = names  # entity id -> display name
        self.escaped = {} if escaped is None else escaped  # display name -> escaped; shared by a build's pages
        directory = posixpath.dirname(path)
        self.folder = directory + "/" if directory else ""
        self.up = "../" * (directory.count("/") + 1) if directory else ""

    def href(self, target: str) -> str:
        """`target` (relative to docs_dir) relative to this page; cheaper than posixpath.relpath."""
        folder = self.folder
        if folder and target.startswith(folder):
            return target[len(folder) :]
        return self.up + target

    def to(self, entity: Entity | None, text: object = None, anchor: str = "") -> Md:
        """A link to an entity's page, named by its display name."""
        if entity is None:
            return escape(text or "unknown")
        target = f"{PLURAL[entity.KIND]}/{entity.id}.md"  # entity_path and href, inlined: called for every link
        folder = self.folder
        target = target[len(folder) :] if folder and target.startswith(folder) else self.up + target
        if anchor:
            target += f"#{anchor}"
        if text is not None:
            return link(text, target)
        # The same few names are linked from many pages: escape each once (a pure function of
        # the name, so reading the name through `names` still records the read for incremental builds).
        name = self.names.get(entity.id, entity.id)
        label = self.escaped.get(name)
        if label is None:
            label = self.escaped[name] = escape(name)
        return Md(f"[{label}]({target})")

    def links(self, entities: Iterable[Entity | None], sep: str = ", ") -> Md:
        return Md(sep.join(self.to(e) for e in entities if e is not None))

    def to_index(self, plural: str, count: int) -> Md:
        return link(str(count), self.href(f"{plural}/index.md"))


def render_template(name: str, page: Page, **context: Any) -> str:
    return _template(name).render(page=page, **context)


@cache
def _template(name: str) -> jinja2.Template:
    """Templates by name, without get_template's cache lock and lookup on every page."""
    return environment().get_template(name)
