"""Generated pages' finished HTML kept across builds (publish/final_pages.py): the same site, byte for byte, as a
build without the store, whether the pages come from it or not; an edit of anything the theme's template reads
(the configuration, the menu, a page title, a template) renders every page again; an entry that does not read
back is a miss; unknown plugins turn the store off."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from builder.publish import conversions, final_pages
from builder.publish.conversions import STORE
from builder.publish.final_pages import around_digest
from tests.test_conversions import assert_same_site


class Said(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@pytest.fixture
def said(monkeypatch: pytest.MonkeyPatch) -> Iterator[Said]:
    """What builds say; the store used however few pages the mini dossier has."""
    monkeypatch.setattr(conversions, "CHUNK", 1)
    monkeypatch.setattr(final_pages, "CHUNK", 1)
    handler = Said()
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    yield handler
    logger.removeHandler(handler)
    logger.setLevel(level)


def build_site(root: Path, site: Path, said: Said, *, cache: bool = True) -> str:
    """`mkdocs build` of `root` into `site`, in this process: what it said of finished pages."""
    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    config.plugins["dossier"].config["cache"] = cache
    config.plugins.on_startup(command="build", dirty=False)
    said.lines.clear()
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return "\n".join(line for line in said.lines if "finished pages" in line)


def rendered(line: str) -> tuple[int, int]:
    """(pages from the store, pages rendered) as a build said them."""
    words = line.split()
    return int(words[words.index("finished") - 1]), int(words[words.index("rendered") - 1])


def test_the_site_is_the_same_with_finished_pages_kept_or_not(mini: Path, tmp_path: Path, said: Said) -> None:
    cold = rendered(build_site(mini, tmp_path / "cold", said))
    assert cold[0] == 0 and cold[1] > 10
    assert rendered(build_site(mini, tmp_path / "warm", said)) == (cold[1], 0)
    assert build_site(mini, tmp_path / "unused", said, cache=False) == ""
    assert_same_site(tmp_path / "cold", tmp_path / "unused")
    assert_same_site(tmp_path / "warm", tmp_path / "unused")

    seed = mini / "seeds" / "wire.txt"  # a source text edited: its page changes, the others do not
    seed.write_text(seed.read_text(encoding="utf-8") + "\nA line added at the end.\n", encoding="utf-8")
    kept, made = rendered(build_site(mini, tmp_path / "edited", said))
    assert kept > 0 and made > 0
    build_site(mini, tmp_path / "edited-unused", said, cache=False)
    assert_same_site(tmp_path / "edited", tmp_path / "edited-unused")


@pytest.mark.slow
def test_an_edit_of_anything_the_template_reads_renders_every_page_again(
    mini: Path, tmp_path: Path, said: Said
) -> None:
    pages = rendered(build_site(mini, tmp_path / "cold", said))[1]
    config = mini / "mkdocs.yml"
    edits = {
        "extra": lambda: config.write_text(config.read_text() + "extra:\n  generator: false\n"),
        "page": lambda: (mini / "docs" / "about.md").write_text("# About us\n\nWho we are.\n"),  # in the menu
        "title": lambda: _retitle(mini / "docs" / "about.md"),
        "template": lambda: _override(mini, "{% block footer %}<p>Edited</p>{% endblock %}"),
        "template again": lambda: _override(mini, "{% block footer %}<p>Edited again</p>{% endblock %}"),
    }
    last = tmp_path / "cold"
    for n, (what, edit) in enumerate(edits.items()):
        edit()
        line = build_site(mini, tmp_path / f"edit{n}", said)
        assert rendered(line) == (0, pages), what  # every page shows what changed
        build_site(mini, tmp_path / f"edit{n}-unused", said, cache=False)
        assert_same_site(tmp_path / f"edit{n}", tmp_path / f"edit{n}-unused")
        assert (tmp_path / f"edit{n}" / "claims" / "index.html").read_bytes() != (
            last / "claims" / "index.html"
        ).read_bytes(), what
        last = tmp_path / f"edit{n}"


def _retitle(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith("# "))
    lines[at] = "# Retitled " + lines[at][2:]
    page.write_text("".join(lines), encoding="utf-8")


def _override(root: Path, blocks: str) -> None:
    """A `custom_dir` whose main.html changes the footer (the configuration names it once, then only the
    template changes)."""
    config = root / "mkdocs.yml"
    if "custom_dir" not in config.read_text():
        config.write_text(
            config.read_text().replace("  name: material\n", "  name: material\n  custom_dir: overrides\n")
        )
    (root / "overrides").mkdir(exist_ok=True)
    (root / "overrides" / "main.html").write_text('{% extends "base.html" %}\n' + blocks + "\n", encoding="utf-8")


def test_an_entry_that_does_not_read_back_is_rendered_again(mini: Path, tmp_path: Path, said: Said) -> None:
    cold = rendered(build_site(mini, tmp_path / "cold", said))
    db = sqlite3.connect(mini / STORE, isolation_level=None)
    db.execute("UPDATE final SET html = x'00' WHERE rowid % 2 = 0")
    db.execute("UPDATE final SET at = 10000000 WHERE rowid % 2 = 1")
    db.close()
    assert rendered(build_site(mini, tmp_path / "again", said)) == (0, cold[1])
    assert_same_site(tmp_path / "cold", tmp_path / "again")


def test_unknown_plugins_turn_the_store_off(mini: Path, tmp_path: Path, said: Said) -> None:
    config = mini / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - dossier\n", "  - dossier\n  - tags\n"))
    build_site(mini, tmp_path / "site", said)
    assert any("not kept: plugins" in line and "tags" in line for line in said.lines)


def test_a_setting_without_a_stable_form_turns_the_store_off(mini: Path) -> None:
    config = load_config(str(mini / "mkdocs.yml"))
    nav = type("Nav", (), {"items": []})()
    assert around_digest(config, nav, []) is not None  # type: ignore[arg-type]
    config["extra"]["thing"] = object()
    assert around_digest(config, nav, []) is None  # type: ignore[arg-type]
