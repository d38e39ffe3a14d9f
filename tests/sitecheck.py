"""Read a built site's HTML: the ids on each page and the internal links between pages."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


def read_site(site: Path) -> dict[str, _Page]:
    pages = {}
    for path in site.rglob("*.html"):
        parser = _Page()
        parser.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(site).as_posix()] = parser
    return pages


def _target(page: str, href: str) -> tuple[str, str] | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
        return None
    path = unquote(parts.path)
    if not path:
        return page, unquote(parts.fragment)
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if path.endswith("/") or not posixpath.splitext(resolved)[1]:
        resolved = posixpath.join(resolved, "index.html")
    return resolved.lstrip("./") if resolved.startswith("./") else resolved, unquote(parts.fragment)


def broken_links(site: Path) -> list[str]:
    """Every internal link whose page or anchor does not exist, as 'page -> href'."""
    pages = read_site(site)
    broken = []
    for name, page in pages.items():
        if name == "404.html":  # links from the root, wherever the site is served; not relative
            continue
        for href in page.links:
            target = _target(name, href)
            if target is None:
                continue
            path, fragment = target
            if path not in pages:
                if not (site / path).exists():
                    broken.append(f"{name} -> {href}")
                continue
            if fragment and not fragment.startswith("__") and fragment not in pages[path].ids:
                broken.append(f"{name} -> {href} (no anchor)")
    return broken
