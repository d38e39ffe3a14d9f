"""Compiled templates kept between builds (builder/render/compiled.py): used only when they are ours and whole."""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path

import jinja2
import pytest

from builder.render import env as page_env
from builder.render.compiled import SUFFIX, CompiledTemplates, fingerprint
from builder.render.markdown import escape

HOSTILE = '<script>alert("x")</script>'


def environment(folder: Path, mark: str, write: bool = True, escaping: bool = True) -> jinja2.Environment:
    """An environment like the builder's (escaping every value unless `escaping` is off), caching under `mark`."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        finalize=(lambda value: escape(value)) if escaping else None,
        bytecode_cache=CompiledTemplates(folder / "__pycache__", mark, write=write),
        auto_reload=False,
    )


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    (tmp_path / "page.j2").write_text("Hello {{ name }}!", encoding="utf-8")
    return tmp_path


def entries(folder: Path) -> list[Path]:
    return sorted((folder / "__pycache__").glob(f"*{SUFFIX}"))


def loaded_from_cache(folder: Path, mark: str) -> bool:
    """Whether a fresh environment takes page.j2's code from the cache rather than compiling it."""
    env = environment(folder, mark, write=False)
    compiled: list[str] = []
    original = env.compile

    def compile_spy(*args: object, **kwargs: object) -> object:
        compiled.append("page.j2")
        return original(*args, **kwargs)  # type: ignore[arg-type]

    env.compile = compile_spy  # type: ignore[method-assign]
    assert env.get_template("page.j2").render(name=HOSTILE) == f"Hello {escape(HOSTILE)}!"
    return not compiled


def test_a_compiled_template_is_kept_and_used_by_the_next_build(templates: Path) -> None:
    assert environment(templates, "ours").get_template("page.j2").render(name="you") == "Hello you!"
    assert len(entries(templates)) == 1
    assert loaded_from_cache(templates, "ours")


def test_code_compiled_with_other_settings_is_never_run_as_ours(templates: Path) -> None:
    """The hole of Jinja's shared cache: code compiled without our escaping must not render our pages."""
    unescaped = environment(templates, "other", escaping=False)
    assert unescaped.get_template("page.j2").render(name=HOSTILE) == f"Hello {HOSTILE}!"
    assert not loaded_from_cache(templates, "ours")  # and it renders escaped (checked inside)


def test_an_edited_template_is_compiled_again(templates: Path) -> None:
    environment(templates, "ours").get_template("page.j2")
    (templates / "page.j2").write_text("Bye {{ name }}!", encoding="utf-8")
    env = environment(templates, "ours", write=False)
    assert env.get_template("page.j2").render(name="you") == "Bye you!"


def rewritten(entry: bytes, body: bytes) -> bytes:
    """The entry with another body, under a header that vouches for it (as only a deliberate edit would)."""
    header = entry[: entry.index(b"\n")].split(b" ")
    header[-1] = hashlib.sha256(body).hexdigest().encode()
    return b" ".join(header) + b"\n" + body


@pytest.mark.parametrize("damage", ["truncated", "a bit flipped", "garbage", "not code", "no header", "empty"])
def test_a_damaged_entry_is_compiled_again_and_replaced(templates: Path, damage: str) -> None:
    environment(templates, "ours").get_template("page.j2")
    [entry] = entries(templates)
    data = entry.read_bytes()
    header = data[: data.index(b"\n") + 1]
    flipped = bytearray(data)
    flipped[len(header) + 20] ^= 0x08
    entry.write_bytes(
        {
            "truncated": data[: len(data) - 10],
            "a bit flipped": bytes(flipped),  # marshal would read it, and run other code (or crash)
            "garbage": header + os.urandom(64),
            "not code": rewritten(data, marshal.dumps("import os")),  # a string that exec would compile
            "no header": data[len(header) :],
            "empty": b"",
        }[damage]
    )
    assert not loaded_from_cache(templates, "ours")
    environment(templates, "ours").get_template("page.j2")  # writes a good entry over it
    assert loaded_from_cache(templates, "ours")


def test_entries_are_created_as_any_file_is(templates: Path) -> None:
    """Readable by whoever may read the templates (the umask decides), as Python's bytecode is: a private
    entry would have every other user of a shared checkout compile on each build."""
    mask = os.umask(0o022)
    try:
        environment(templates, "ours").get_template("page.j2")
    finally:
        os.umask(mask)
    [entry] = entries(templates)
    assert entry.stat().st_mode & 0o777 == 0o644
    assert not list((templates / "__pycache__").glob("*.tmp"))


def test_nothing_is_written_when_python_writes_no_bytecode(templates: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.dont_write_bytecode", True)
    cache = CompiledTemplates(templates / "__pycache__", "ours")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), bytecode_cache=cache)
    assert env.get_template("page.j2").render(name="you") == "Hello you!"
    assert entries(templates) == []


def test_a_read_only_folder_only_costs_compiling(templates: Path) -> None:
    (templates / "__pycache__").write_text("a file where the folder would be", encoding="utf-8")
    assert environment(templates, "ours").get_template("page.j2").render(name="you") == "Hello you!"


def test_an_entry_for_other_settings_is_replaced_not_kept_beside(templates: Path) -> None:
    environment(templates, "before").get_template("page.j2")
    environment(templates, "after").get_template("page.j2")
    assert [entry.name.split(".")[1] for entry in entries(templates)] == ["after"]


def test_the_builders_entries_are_named_by_its_settings(tmp_path: Path) -> None:
    """Changing env.py (where every setting of the environment is), or a module whose code compiling may run
    (escaping, filters: Jinja folds constants), names new entries."""
    settings = tmp_path / "env.py"
    settings.write_bytes(Path(page_env.__file__).read_bytes())
    before = fingerprint(settings)
    assert fingerprint(settings) == before
    settings.write_bytes(settings.read_bytes().replace(b"trim_blocks=True", b"trim_blocks=False"))
    assert fingerprint(settings) != before
    cache = page_env.environment().bytecode_cache
    assert isinstance(cache, CompiledTemplates)
    assert cache.fingerprint == fingerprint(*page_env.COMPILED_WITH)
    assert {"env.py", "markdown.py", "dates.py"} <= {path.name for path in page_env.COMPILED_WITH}
    assert cache.folder == page_env.TEMPLATES / "__pycache__"
