"""Hostile annotations and seeds build a site that shows them as text and runs nothing.

One site is built with `mkdocs build --strict` from the mini dossier with hostile text in every
text field of every kind and a hostile seed; its HTML is read with html.parser.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from builder.render.markdown import bidi_sign
from tests.conftest import FIXTURES

MARK = "XSS"  # every payload names it, so that no trace of one can hide
PAYLOADS = [
    '<script>alert("XSS")</script>',
    "<img src=x onerror=alert('XSS')>",
    "[XSS](javascript:alert(1))",
    '{: onclick="alert(XSS)" }',
    '"><svg onload=alert(XSS)>',
    "<!-- XSS",
    "*[XSS]: an abbreviation",
    '--8<-- "/etc/passwd" XSS',
    "{{ XSS }} {% if XSS %}",
    '<a href="javascript:alert(1)">XSS</a>',
    "</title><script>XSS</script>",
    "`XSS` **XSS** _XSS_ | XSS | ~~XSS~~ ^XSS^ ==XSS== ++XSS++ :smile: $XSS$ @XSS",
    "😀 Ünïcödé — “quotes” ‘too’",
]
LITERAL = "AT&T &amp; &#60; &lt;"  # entities in annotation text are shown as typed


def hostile(name: str) -> str:
    """The hostile text for one field; the field's name makes each one findable."""
    return f"{name}: " + " ".join(PAYLOADS)


SEED = """---
title: <script>alert('XSS front matter')</script>
---
Daily XSS Planet
<script>alert("XSS")</script>
<img src=x onerror=alert('XSS')>
[XSS](javascript:alert(1))
{: onclick="alert('XSS')" }
<!-- XSS comment
*[HTML]: XSS abbr
--8<-- "/etc/passwd"
{{ XSS }} {% if XSS %}
# XSS heading
| XSS | table |
<div markdown="1">*XSS*</div>
    indented XSS code
1. XSS list
> XSS quote
Bidi \u202eXSS reversed\u202c and \u2067isolated XSS\u2069 and a mark \u200f here
"""


def _edit(root: Path, rel: str, change: dict[str, Any]) -> None:
    path = root / rel
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else {}
    data.update(change)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _evidence(source: str, quote: str, name: str) -> dict[str, Any]:
    return {"source": source, "quote": quote, "note": hostile(f"{name} note")}


def make_hostile(root: Path) -> None:
    shutil.copytree(FIXTURES / "mini", root)
    (root / "seeds/hostile.txt").write_text(SEED, encoding="utf-8")
    # Put hostile titles in the menu too, where MkDocs and Material insert them as HTML.
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("nav:\n  - index.md\n  - actors/ana-lopez.md\n  - events/bridge-closed.md\n")
        config.write("  - sources/hostile.md\n  - actors/index.md\n")
    _edit(
        root,
        "annotations/sources/hostile.yaml",
        {
            "id": "hostile",
            "file": "seeds/hostile.txt",
            "title": hostile("source title"),
            "language": hostile("source language"),
            "url": "https://example.com/a?b=1&c=javascript:alert(1)#XSS",
            "notes": hostile("source notes"),
            "relations": [{"type": "rewrites", "source": "planet-bridge", "note": hostile("relation note")}],
            "non_body": [{"kind": "masthead", "paragraphs": "1-4", "note": hostile("non-body note")}],
        },
    )
    _edit(root, "annotations/sources/planet-bridge.yaml", {"notes": hostile("planet notes")})
    _edit(
        root,
        "annotations/actors/ana-lopez.yaml",
        {
            "name": hostile("actor name"),
            "aliases": ["Ana Lopez", hostile("actor alias")],
            "description": hostile("actor description") + " " + LITERAL,
            "notes": hostile("actor notes"),
            "roles": [
                {
                    "title": hostile("role title"),
                    "of": "gazette",
                    "evidence": [_evidence("planet-bridge", "The mayor, Ana López", "role evidence")],
                }
            ],
        },
    )
    _edit(
        root,
        "annotations/events/bridge-closed.yaml",
        {
            "title": hostile("event title"),
            "date_note": hostile("event date_note"),
            "place": hostile("event place"),
            "notes": hostile("event notes"),
            "participants": [{"actor": "ana-lopez", "role": hostile("participant role")}],
            "evidence": [
                _evidence("planet-bridge", "the bridge was closed on Monday", "event evidence"),
                _evidence("hostile", '<script>alert("XSS")</script>', "seed evidence"),
                _evidence("hostile", "{: onclick=\"alert('XSS')\" }", "seed evidence 2"),
                _evidence(
                    "hostile",
                    "Bidi \u202eXSS reversed\u202c and \u2067isolated XSS\u2069 and a mark \u200f here",
                    "seed evidence 3",
                ),
            ],
        },
    )
    for claim in ("bridge-is-safe", "twelve-cracks", "fourteen-cracks"):
        _edit(
            root,
            f"annotations/claims/{claim}.yaml",
            {"statement": hostile(f"{claim} statement"), "notes": hostile(f"{claim} notes")},
        )
    rel = "annotations/relationships/lopez-opposes-engineer.yaml"
    _edit(root, rel, {"notes": hostile("relationship notes")})
    data = yaml.safe_load((root / rel).read_text(encoding="utf-8"))
    data["evidence"][0]["note"] = hostile("relationship evidence note")
    _edit(root, rel, data)


def mkdocs_build(root: Path, site: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"), "-d", str(site)]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=root, check=False)


@dataclass
class HtmlPage(HTMLParser):
    """What a browser would run and show."""

    path: str
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    scripts: list[tuple[str, str]] = field(default_factory=list)  # (src, inline code)
    comments: list[str] = field(default_factory=list)
    article_tags: set[str] = field(default_factory=set)
    words: list[str] = field(default_factory=list)
    title: str = ""
    pictures: list[dict[str, str]] = field(default_factory=list)  # the attributes of network and timeline boxes
    _open: list[str] = field(default_factory=list)
    _article: int = 0

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append((tag, values))
        if self._article:
            self.article_tags.add(tag)
        if tag == "article":
            self._article += 1
        if tag == "script":
            self.scripts.append((values.get("src", ""), ""))
        if {"dossier-network", "dossier-timeline"} & set(values.get("class", "").split()):
            self.pictures.append(values)
        if tag not in VOID:
            self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "article":
            self._article -= 1
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        inside = self._open[-1] if self._open else ""
        if inside == "script":
            src, code = self.scripts[-1]
            self.scripts[-1] = (src, code + data)
        elif inside == "title":
            self.title += data
        elif inside != "style":
            self.words.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.words).split())


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# the theme's scripts, and the site's own (builder/publish/assets.py: SCRIPTS): the Annotate form's, the search
# box's and the pictures' loader
THEME_SCRIPT = re.compile(r"^(/|(\.\./)*)assets/(?:javascripts/[\w./-]+|annotate|dossier-search|pictures)\.js$")
ACTIVE = {"script", "img", "iframe", "object", "embed", "svg", "math", "style", "abbr", "form", "input", "button"}
ACTIVE |= {"textarea", "link", "meta", "base", "video", "audio", "source", "template", "frame", "frameset"}


def read_page(site: Path, path: Path) -> HtmlPage:
    page = HtmlPage(path.relative_to(site).as_posix())
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    make_hostile(base / "dossier")
    result = mkdocs_build(base / "dossier", base / "site")
    assert result.returncode == 0, result.stderr
    return base / "site"


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, HtmlPage]:
    return {page.path: page for page in (read_page(site, p) for p in sorted(site.rglob("*.html")))}


def test_the_hostile_dossier_is_valid(tmp_path: Path) -> None:
    """The hostile text is refused nowhere: it is valid, so it must be made harmless, not rejected."""
    from builder.pipeline import check

    make_hostile(tmp_path / "dossier")
    result = check(tmp_path / "dossier")
    assert result.problems.errors == []
    assert result.dossier.events["bridge-closed"].evidence[1].anchor is not None


def test_no_script_runs_but_the_themes(pages: dict[str, HtmlPage]) -> None:
    for page in pages.values():
        for src, code in page.scripts:
            assert MARK not in src + code, page.path
            assert not src or THEME_SCRIPT.match(src), f"{page.path}: script {src}"


def test_no_event_handler_and_no_script_link(pages: dict[str, HtmlPage]) -> None:
    for page in pages.values():
        for tag, attrs in page.tags:
            assert MARK not in tag, page.path
            for name, value in attrs.items():
                assert not name.startswith("on"), f"{page.path}: <{tag} {name}={value!r}>"
                assert MARK not in name, page.path
                plain = re.sub(r"[\s\x00-\x1f]", "", html.unescape(value)).lower()
                assert not plain.startswith(("javascript:", "vbscript:", "data:")), f"{page.path}: {name}={value!r}"


def test_no_active_element_comes_from_the_content(pages: dict[str, HtmlPage]) -> None:
    for page in pages.values():
        assert not page.article_tags & ACTIVE, f"{page.path}: {page.article_tags & ACTIVE}"
        assert not [c for c in page.comments if MARK in c], page.path


def test_pictures_get_hostile_text_only_as_json_data(site: Path, pages: dict[str, HtmlPage]) -> None:
    """A network or timeline box names its data file and nothing else; annotation text reaches the picture
    only inside that JSON, which the widgets put on the page as text, never as HTML."""
    pictures = [(page.path, p) for page in pages.values() for p in page.pictures]
    assert pictures, "no page has a picture"
    for path, attrs in pictures:
        assert MARK not in "".join(attrs) + "".join(attrs.values()), path
        assert set(attrs) <= {"class", "data-root", "data-src", "data-focus", "data-search-exclude"}, (path, attrs)
        assert re.fullmatch(r"(\.\./)*", attrs["data-root"]) and re.fullmatch(r"data/[\w/.-]+\.json", attrs["data-src"])
    network = json.loads((site / "data" / "network.json").read_text(encoding="utf-8"))
    assert any(MARK in node["name"] for node in network["nodes"]), "the hostile names reach the network's data"
    assets = FIXTURES.parent.parent / "builder" / "render" / "assets"
    for script in ("pictures.js", "network.js", "timeline.js"):  # the pictures never write HTML
        assert "innerHTML" not in (assets / script).read_text(encoding="utf-8"), script


VISIBLE = {
    "actors/ana-lopez/index.html": [
        "actor name",
        "actor alias",
        "actor description",
        "actor notes",
        "role title",
        "relationship evidence note",
        "participant role",
    ],
    "events/bridge-closed/index.html": [
        "event title",
        "event date_note",
        "event place",
        "event notes",
        "participant role",
        "event evidence note",
        "seed evidence note",
        "actor name",
    ],
    "claims/bridge-is-safe/index.html": ["bridge-is-safe statement", "bridge-is-safe notes", "actor name"],
    "claims/twelve-cracks/index.html": ["twelve-cracks statement", "twelve-cracks notes"],
    "sources/hostile/index.html": ["source title", "source language", "source notes", "relation note"],
    "sources/planet-bridge/index.html": ["planet notes", "source title"],
}


@pytest.mark.parametrize("path", sorted(VISIBLE))
def test_hostile_text_is_shown_as_text(pages: dict[str, HtmlPage], path: str) -> None:
    text = pages[path].text
    for name in VISIBLE[path]:
        assert hostile(name) in text, f"{name!r} is not shown as typed on {path}"


def test_entities_typed_in_an_annotation_are_shown_as_typed(pages: dict[str, HtmlPage]) -> None:
    assert LITERAL in pages["actors/ana-lopez/index.html"].text


def test_nothing_is_escaped_twice(pages: dict[str, HtmlPage]) -> None:
    for page in pages.values():
        for text in (page.text.replace(LITERAL, ""), page.title):
            assert not re.search(r"&(#\d+|#x[0-9a-f]+|[a-z]+);", text, re.IGNORECASE), f"{page.path}: {text[:300]}"


def test_the_hostile_seed_is_shown_as_text(pages: dict[str, HtmlPage]) -> None:
    page = pages["sources/hostile/index.html"]
    for line in SEED.splitlines():
        if line.strip():
            shown = re.sub("[\u202a-\u202e\u2066-\u2069]", lambda m: bidi_sign(m.group()), line)
            assert " ".join(shown.split()) in page.text, line
    assert "front matter" not in page.title


def test_page_titles_are_the_text_itself(pages: dict[str, HtmlPage]) -> None:
    """<title>, the navigation and the header show the title as text: no tag, no visible entity."""
    titles = {
        "actors/ana-lopez/index.html": hostile("actor name"),
        "events/bridge-closed/index.html": hostile("event title"),
        "sources/hostile/index.html": hostile("source title"),
    }
    for path, title in titles.items():
        assert " ".join(pages[path].title.split()) == f"{title} - Mini dossier"
        assert pages["index.html"].text.count(title) >= 1, f"{title} is not in the navigation"
    claim = pages["claims/bridge-is-safe/index.html"].title
    assert claim.startswith(hostile("bridge-is-safe statement")[:40])


def test_the_search_index_holds_text_not_markup(site: Path) -> None:
    """Material shows search titles as HTML, so a title must be escaped once: parsed, it is the text."""
    docs = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    titles = {doc["location"]: doc["title"] for doc in docs}
    for location, name in {"actors/ana-lopez/": "actor name", "events/bridge-closed/": "event title"}.items():
        assert " ".join(html.unescape(titles[location]).split()) == hostile(name)
    for doc in docs:
        for value in (doc["title"], doc["text"]):
            parser = HtmlPage(doc["location"])
            parser.feed(value)
            assert not {tag for tag, _ in parser.tags} & ACTIVE, doc["location"]
            assert not any(name.startswith("on") for _, attrs in parser.tags for name in attrs), doc["location"]


# Part two (issue 22): bounded time, no traceback, nothing invisible ------------------------------


def test_no_page_holds_a_bidi_control_that_opens_a_scope(site: Path) -> None:
    """A seed's RLO, RLI... reach no page raw (not even the search index): each is a visible sign."""
    for path in [*site.rglob("*.html"), site / "search/search_index.json"]:
        text = path.read_text(encoding="utf-8")
        assert not re.search("[\u202a-\u202e\u2066-\u2069]", text), path


def test_a_bidi_control_in_a_seed_is_shown_where_it_matters(pages: dict[str, HtmlPage]) -> None:
    for path in ("sources/hostile/index.html", "events/bridge-closed/index.html"):
        assert "Bidi ⟦RLO⟧XSS reversed⟦PDF⟧ and" in pages[path].text, path
    assert "⟦RLI⟧isolated XSS⟦PDI⟧ and a mark \u200f here" in pages["sources/hostile/index.html"].text
