"""Generated pages' HTML kept across builds (publish/conversions.py): the same site, byte for byte, with the
store cold, warm, partly stale after edits, or not used at all; and a store that cannot be trusted or read
costs speed only."""

from __future__ import annotations

import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import Files, get_files
from mkdocs.structure.pages import Page

from builder.publish.conversions import STORE, Store, _decoded, convert_all, page_key, setting_digest
from builder.publish.mkdocs_internals import (
    Converted,
    FileMaker,
    convert,
    forget_markdown,
    markdown_digest,
    render_from,
    written,
)
from builder.publish.plugin import DossierPlugin

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def build(root: Path, site: Path, *, cache: bool = True) -> str:
    """`mkdocs build --strict` of `root`, with or without the page store; what it logged."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if not cache:
        config = root / "mkdocs-no-cache.yml"
        config.write_text(text.replace("\n  - dossier\n", "\n  - dossier:\n      cache: false\n"), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    return done.stderr


def site_files(site: Path) -> dict[str, bytes]:
    """Every file of a built site but Pagefind's index, whose file names vary from one run to the next."""
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in site.rglob("*")
        if p.is_file() and not p.relative_to(site).as_posix().startswith("pagefind/")
    }


def assert_same_site(one: Path, other: Path) -> None:
    a, b = site_files(one), site_files(other)
    assert a.keys() == b.keys()
    assert [path for path in a if a[path] != b[path]] == []


def copy_of_seed_dossier(tmp_path: Path) -> Path:
    root = tmp_path / "seed"
    for part in ("annotations", "seeds", "docs", "schema"):
        if (REPO / part).is_dir():
            shutil.copytree(REPO / part, root / part)
    shutil.copy(REPO / "mkdocs.yml", root)
    return root


@pytest.mark.slow
def test_the_seed_site_is_the_same_with_the_store_cold_warm_or_unused(tmp_path: Path) -> None:
    root = copy_of_seed_dossier(tmp_path)
    said = build(root, tmp_path / "cold")
    assert "converted now" in said and (root / STORE).is_file()
    said = build(root, tmp_path / "warm")
    assert " 0 converted now" in said  # every page from the store
    build(root, tmp_path / "unused", cache=False)
    assert_same_site(tmp_path / "cold", tmp_path / "unused")
    assert_same_site(tmp_path / "warm", tmp_path / "unused")


@pytest.mark.slow
def test_a_bench_site_after_random_edits_is_the_same_as_without_the_store(tmp_path: Path) -> None:
    root = tmp_path / "bench"
    command = [sys.executable, str(REPO / "bench" / "generate.py"), "--sources", "30", "--out", str(root)]
    subprocess.run(command, check=True, capture_output=True)
    build(root, tmp_path / "before")  # fills the store
    rng = random.Random(7)
    claims = sorted((root / "annotations" / "claims").glob("*.yaml"))
    for path in rng.sample(claims, 3):  # statements edited: their pages and the pages that list them change
        path.write_text(path.read_text(encoding="utf-8").replace("statement: ", "statement: Edited ", 1))
    actor = rng.choice(sorted((root / "annotations" / "actors").glob("*.yaml")))
    actor.write_text(actor.read_text(encoding="utf-8").replace("name: ", "name: Renamed ", 1))
    removed = next(p for p in claims if "contradicts" not in p.read_text() and "updates" not in p.read_text())
    referrers = [p for p in (root / "annotations").rglob("*.yaml") if removed.stem in p.read_text()]
    if referrers == [removed]:  # a claim nothing points to goes: one page fewer, the site's files change
        removed.unlink()
    said = build(root, tmp_path / "after")
    assert "converted now" in said and " 0 converted now" not in said  # some from the store, some made now
    assert re.search(r" \d+ finished pages from the last builds, [1-9]\d* rendered", said)  # final_pages.py
    build(root, tmp_path / "unused", cache=False)
    assert_same_site(tmp_path / "after", tmp_path / "unused")


def mini_config_and_files(root: Path) -> tuple[object, Files]:
    """The mini dossier's config and its files with the generated pages, as MkDocs has them at `on_nav`."""
    config = load_config(str(root / "mkdocs.yml"))
    plugin = config.plugins["dossier"]
    assert isinstance(plugin, DossierPlugin)
    plugin.on_startup(command="build", dirty=False)
    config.plugins._current_plugin = "dossier"
    plugin.on_config(config)
    return config, plugin.on_files(get_files(config), config)


def test_a_conversion_that_logs_is_left_to_mkdocs(mini: Path) -> None:
    config, files = mini_config_and_files(mini)
    make = FileMaker(config)  # type: ignore[arg-type]
    sound = make("claims/sound.md", "# A page\n\nSee [the claims](index.md).\n")
    broken = make("claims/broken.md", "# A page\n\nSee [nothing](no-such-page.md).\n")
    files.append(sound)
    files.append(broken)
    converted = convert(sound, "# A page\n\nSee [the claims](index.md).\n", config, files)  # type: ignore[arg-type]
    assert converted is not None and 'href="../"' in converted["content"] and converted["title"] == "A page"
    assert convert(broken, "# A page\n\nSee [nothing](no-such-page.md).\n", config, files) is None  # type: ignore[arg-type]
    assert sound.page is None and broken.page is None  # MkDocs makes their pages in its own time


def test_a_page_whose_markdown_changed_after_conversion_is_converted_again(mini: Path) -> None:
    config, files = mini_config_and_files(mini)
    file = FileMaker(config)("claims/changed.md", "# Before\n")  # type: ignore[arg-type]
    files.append(file)
    path = mini / STORE
    assert Store.open(path, print) is not None
    assert convert_all([("key", file)], config, files, path) == {"key"}  # type: ignore[arg-type]
    entry = Store.connect(path).get("key")
    assert entry is not None and "Before" in entry["content"]
    page = Page(None, file, config)  # type: ignore[arg-type]
    render_from(page, markdown_digest("# Before\n"), lambda: entry, hold=False)
    page.markdown = "# After\n"  # as another plugin's on_page_markdown might
    page.render(config, files)  # type: ignore[arg-type]
    assert page.title == "After" and "After" in (page.content or "")


def test_a_converted_page_holds_its_html_only_while_it_is_used(mini: Path) -> None:
    """Between being read and being written, a page holds no HTML (MkDocs reads every page before it writes
    the first); asked for, its HTML is the stored one, and without the entry it is converted again, the same."""
    config, files = mini_config_and_files(mini)
    text = "# A page\n\nSee [the claims](index.md).\n"
    file = FileMaker(config)("claims/held.md", text)  # type: ignore[arg-type]
    files.append(file)
    path = mini / STORE
    assert Store.open(path, print) is not None
    assert convert_all([("key", file)], config, files, path) == {"key"}  # type: ignore[arg-type]
    store = Store.connect(path)
    stored = store.get("key")
    assert stored is not None
    reads: list[str] = []

    def fetch() -> Converted | None:
        reads.append("key")
        return store.get("key")

    page = Page(None, file, config)  # type: ignore[arg-type]
    render_from(page, markdown_digest(text), fetch, hold=False)
    page.markdown = text
    page.render(config, files)  # type: ignore[arg-type]
    page.content = page.content  # as MkDocs hands it back after `on_page_content`
    assert stored["content"] not in vars(page).values()  # nothing held
    assert page.content == stored["content"] and page.content == stored["content"]
    assert reads == ["key", "key"]  # read once when rendered, once when asked for again, then held
    written(page)
    assert stored["content"] not in vars(page).values()
    store.db.execute("DELETE FROM page")  # dropped by another build: converted again
    assert page.content == stored["content"] and page.title == "A page"
    page.content = "<p>other</p>"  # what a plugin sets is held, as on any page
    written(page)
    assert page.content == "<p>other</p>"
    forget_markdown(files)  # every page read, in a build: the Markdown goes, the title stays what it was
    assert page.markdown is None and page.title == "A page"

    kept: list[str] = []  # in a smaller site (`hold`), the HTML read when rendered is held until written

    def fetch_kept() -> Converted | None:
        kept.append("key")
        return stored

    held = Page(None, FileMaker(config)("claims/held.md", text), config)  # type: ignore[arg-type]
    render_from(held, markdown_digest(text), fetch_kept, hold=True)
    held.markdown = text
    held.render(config, files)  # type: ignore[arg-type]
    held.content = held.content  # handed back after `on_page_content`: still held
    assert held.content == stored["content"] and kept == ["key"]
    written(held)
    assert stored["content"] not in vars(held).values()


def test_the_key_follows_the_markdown_the_place_the_settings_and_the_files(mini: Path) -> None:
    config, files = mini_config_and_files(mini)
    file = FileMaker(config)("claims/x.md", "# X\n")  # type: ignore[arg-type]
    setting = setting_digest(config, files)  # type: ignore[arg-type]
    x, y = markdown_digest("# X\n"), markdown_digest("# Y\n")
    key = page_key(setting, file, x)
    assert page_key(setting, file, x) == key
    assert page_key(setting, file, y) != key
    assert page_key(setting, FileMaker(config)("claims/y.md", "# X\n"), x) != key  # type: ignore[arg-type]
    files.append(FileMaker(config)("claims/new.md", "# New\n"))  # type: ignore[arg-type]
    assert setting_digest(config, files) != setting  # type: ignore[arg-type]  # a link may now resolve
    config["mdx_configs"]["toc"] = {"permalink": False}  # type: ignore[index]
    assert setting_digest(config, files) != setting_digest(load_config(str(mini / "mkdocs.yml")), files)  # type: ignore[arg-type]


def test_a_corrupt_entry_is_a_miss_and_a_corrupt_store_is_not_used(tmp_path: Path) -> None:
    said: list[str] = []
    path = tmp_path / STORE
    store = Store.open(path, said.append)
    assert store is not None
    entry = {"content": "<p>x</p>", "toc": [], "title": None, "anchors": [], "links": None}
    store.put({"good": entry})  # type: ignore[dict-item]
    store.db.execute("INSERT INTO page VALUES ('bad', ?)", (b"not zlib",))
    store.db.execute("INSERT INTO page VALUES ('odd', ?)", (zlib.compress(b'{"content": 1}'),))
    assert [store.get(key) for key in ("good", "bad", "odd", "absent")] == [entry, None, None, None]
    store.close()
    assert _decoded(b"\x00") is None
    path.unlink()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    path.write_bytes(b"this is not an SQLite database" * 100)
    assert Store.open(path, said.append) is None
    assert "cannot be used" in said[-1]


def test_a_store_that_git_tracks_is_refused(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.fail("git is needed for this test (and by the builder's `new-source` and duplicate reports)")
    path = tmp_path / STORE
    store = Store.open(path, print)
    assert store is not None
    store.close()
    run = lambda *args: subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)  # noqa: E731
    run("init", "-q")
    run("add", "-f", STORE.as_posix())
    said: list[str] = []
    assert Store.open(path, said.append) is None
    assert "is in the repository" in said[0]


def test_the_store_is_sqlite_with_json_entries_never_pickles(tmp_path: Path) -> None:
    store = Store.open(tmp_path / STORE, print)
    assert store is not None
    store.put({"k": {"content": "<p>x</p>", "toc": [], "title": None, "anchors": [], "links": None}})  # type: ignore[dict-item]
    store.close()
    (blob,) = sqlite3.connect(tmp_path / STORE).execute("SELECT entry FROM page").fetchone()
    assert zlib.decompress(blob).startswith(b'{"content"')
