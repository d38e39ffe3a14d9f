"""Compiled templates are kept between runs, and a cache that cannot be written never fails a build."""

from __future__ import annotations

from pathlib import Path

import jinja2

from builder.render.env import _QuietBytecodeCache


def _env(cache: jinja2.BytecodeCache, source: str) -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.DictLoader({"page.md.j2": source}), bytecode_cache=cache)


def test_compiled_template_is_stored_and_used_again(tmp_path: Path) -> None:
    cache = _QuietBytecodeCache(str(tmp_path))
    assert _env(cache, "Hello {{ name }}").get_template("page.md.j2").render(name="you") == "Hello you"
    stored = list(tmp_path.iterdir())
    assert len(stored) == 1
    again = _env(cache, "Hello {{ name }}").get_template("page.md.j2")
    assert again.render(name="again") == "Hello again"
    changed = _env(cache, "Bye {{ name }}").get_template("page.md.j2")  # a changed template is compiled afresh
    assert changed.render(name="you") == "Bye you"


def test_unwritable_cache_is_skipped(tmp_path: Path) -> None:
    cache = _QuietBytecodeCache(str(tmp_path / "no-such-folder"))
    assert _env(cache, "Hello {{ name }}").get_template("page.md.j2").render(name="you") == "Hello you"
    assert not (tmp_path / "no-such-folder").exists()
