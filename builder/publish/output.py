"""Write the generated docs tree to a folder, safely, a file at a time.

Pages and exports are written as they are made, so a dossier of 10,000 sources
never has to fit in memory whole. Every file is first written under a temporary
name (a first build: into a fresh folder beside the output), and only when all are
written are they moved into place: a failed build or a full disk changes nothing,
and no file is ever half-written. A manifest records what the builder wrote: files
it did not write are never overwritten or deleted (nor reached through a link), and
stale files it did write are removed. The manifest is replaced first, claiming every
file, so a build stopped while moving files into place can simply be run again.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path, PurePosixPath

from builder.export import export_streams
from builder.load.files import inside
from builder.publish.assets import asset_files
from builder.render.pages.overview import insert_overview
from builder.render.site import Site

MANIFEST = ".dossier-build.json"
Content = str | bytes | Iterable[str]  # an export comes in pieces


class OutputError(Exception):
    """The output folder cannot be written without harming files the builder did not make."""


def docs_tree(site: Site, pages: Iterable[tuple[str, str]], root: Path) -> Iterator[tuple[str, Content]]:
    """The complete docs folder, made as it is read: hand-written pages (with the overview filled in),
    then the generated pages, assets and exports."""
    docs = root / "docs"
    if not inside(root, docs):
        raise OutputError("docs/ is a link to a folder outside the repository; replace it with a real folder")
    hand_written = set()
    if docs.is_dir():
        for path in sorted(docs.rglob("*")):
            if path.is_file() and not path.is_symlink():
                rel = path.relative_to(docs).as_posix()
                hand_written.add(rel)
                yield rel, _hand_written(path, rel, site)
    for rel, content in chain(pages, asset_files().items(), export_streams(site.dossier)):
        if rel in hand_written:
            raise OutputError(f"docs/{rel} is written by hand, but the builder generates that page")
        yield rel, content


def _hand_written(path: Path, rel: str, site: Site) -> str | bytes:
    data = path.read_bytes()
    if not rel.endswith(".md"):
        return data  # images and other files are copied byte for byte
    try:
        return insert_overview(data.decode("utf-8"), site, rel)
    except UnicodeDecodeError as exc:
        raise OutputError(f"docs/{rel} is not UTF-8 text; save it as UTF-8") from exc


def write_tree(tree: Iterable[tuple[str, Content]], root: Path, out: Path) -> int:
    """Write `tree` (see `docs_tree`) to `out`; the number of files written."""
    if out == root or root.is_relative_to(out) or any(out.is_relative_to(root / d) for d in _SOURCES):
        raise OutputError(f"{out} would overwrite the repository or its docs/, annotations/ or seeds/; choose another")
    if not out.exists() and not out.is_symlink():
        return _write_new(out, tree)
    previous = _manifest(out)
    checked_folders: set[Path] = set()

    def checked() -> Iterator[tuple[str, Content]]:
        for rel, content in tree:
            _check_target(out, rel, previous, checked_folders)
            yield rel, content

    try:
        # A full disk fails while staging, before any file is replaced. The manifest is replaced first,
        # claiming every file that may be written, so that a build stopped half-way can be run again.
        staged = _stage_all(out, checked())
        written = {target.relative_to(out).as_posix() for _, target in staged}
        try:
            claim = (_stage(out / MANIFEST, _manifest_text(previous | written)), out / MANIFEST)
        except BaseException:
            _discard(staged)
            raise
        _replace_all([claim, *staged])
        for rel in previous - written:
            stale = out / rel
            if stale.is_file() and not stale.is_symlink() and _inside(out, stale.parent):
                stale.unlink()
        _write_atomic(out / MANIFEST, _manifest_text(written))
    except OSError as exc:
        raise OutputError(f"cannot write to {out}: {exc.strerror or exc}") from exc
    return len(written)


_SOURCES = ("docs", "annotations", "seeds")


def _write_new(out: Path, tree: Iterable[tuple[str, Content]]) -> int:
    """A first build: written into a fresh folder beside `out`, then renamed into place in one step.

    Nothing existed, so nothing can be harmed, and one rename replaces a staged write and a rename per file.
    """
    staging = out.with_name(f".{out.name}{STAGING}")
    written: list[str] = []
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if staging.is_dir() and not staging.is_symlink():
            shutil.rmtree(staging)  # left over from an interrupted first build: only the builder uses this name
        staging.mkdir()
        folders = {""}
        base = str(staging)
        for rel, content in tree:
            folder = rel.rpartition("/")[0]
            if folder not in folders:
                os.makedirs(os.path.join(base, folder), exist_ok=True)
                folders.add(folder)
            _write(os.open(os.path.join(base, rel), _NEW_FILE, 0o666), content)
            written.append(rel)
        _write(os.open(os.path.join(base, MANIFEST), _NEW_FILE, 0o666), _manifest_text(written))
        os.rename(staging, out)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write to {out}: {exc.strerror or exc}") from exc
        raise
    return len(written)


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)


def _write(handle: int, content: Content) -> None:
    """Write to a new file's descriptor and close it: bytes as they are, text as UTF-8, piece by piece."""
    if isinstance(content, bytes):
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        return
    with os.fdopen(handle, "w", encoding="utf-8", newline="") as text:
        if isinstance(content, str):
            text.write(content)
        else:
            for piece in content:
                text.write(piece)


def _check_target(out: Path, rel: str, previous: set[str], checked_folders: set[Path]) -> None:
    """Refuse, before anything is written, a target that would harm a file the builder did not write.

    Folders are checked once each (`checked_folders`): many files share one.
    """
    target = out / rel
    if target.parent not in checked_folders:
        if not _inside(out, target.parent):
            raise OutputError(f"{target.parent} leads out of {out} through a link; remove the link")
        for folder in [*reversed(target.relative_to(out).parents)][1:]:
            if (out / folder).exists() and not (out / folder).is_dir():
                raise OutputError(f"{out / folder} is a file where the builder needs a folder; move it away")
        checked_folders.add(target.parent)
    if target.is_symlink() or (target.exists() and (rel not in previous or not target.is_file())):
        raise OutputError(f"{target} exists and was not written by the builder; remove it or choose another folder")


def _inside(out: Path, path: Path) -> bool:
    try:
        return path.resolve().is_relative_to(out.resolve())
    except (OSError, RuntimeError):
        return False


def _manifest(out: Path) -> set[str]:
    if not out.exists():
        return set()
    if not out.is_dir():
        raise OutputError(f"{out} is not a folder")
    try:
        names = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return set()
    except (OSError, ValueError) as exc:
        raise OutputError(f"{out / MANIFEST} is unreadable ({exc}); remove the output folder") from exc
    if not isinstance(names, list) or not all(isinstance(n, str) and _safe_name(n) for n in names):
        raise OutputError(f"{out / MANIFEST} is not a list of files inside {out}; remove the output folder")
    return set(names)


def _safe_name(name: str) -> bool:
    """A manifest entry is a plain relative path inside the output folder, never `..` or absolute."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name and "\0" not in name


def _manifest_text(names: Iterable[str]) -> str:
    return json.dumps(sorted(names), indent=0)


def _stage_all(out: Path, tree: Iterable[tuple[str, Content]]) -> list[tuple[Path, Path]]:
    """Every file written under a temporary name next to its target; on failure, all removed again."""
    staged: list[tuple[Path, Path]] = []
    folders: set[Path] = set()
    made: list[Path] = []
    try:
        for rel, content in tree:
            target = out / rel
            if target.parent not in folders:
                missing = [f for f in (target.parent, *target.parent.parents) if f.is_relative_to(out)]
                made += [f for f in reversed(missing) if not f.exists()]
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            staged.append((_stage(target, content), target))
    except BaseException:
        _discard(staged)
        for folder in sorted(made, key=lambda f: len(f.parts), reverse=True):
            _remove_empty(folder, out)
        raise
    return staged


def _replace_all(staged: list[tuple[Path, Path]]) -> None:
    """Move staged files into place; any left over after a failure are deleted."""
    done = 0
    try:
        for temp, target in staged:
            os.replace(temp, target)
            done += 1
    finally:
        _discard(staged[done:])


def _discard(staged: list[tuple[Path, Path]]) -> None:
    for temp, _ in staged:
        temp.unlink(missing_ok=True)


def _remove_empty(folder: Path, out: Path) -> None:
    while folder != out and folder.is_relative_to(out):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent


STAGING = ".dossier-tmp"  # suffix of staged files: only the builder writes such names


def _stage(path: Path, content: Content) -> Path:
    """Write `content` beside `path` under a staging name (new file, mode from the umask)."""
    temp = path.with_name(f".{path.name}{STAGING}")
    try:
        handle = os.open(temp, _NEW_FILE, 0o666)
    except FileExistsError:  # left over from an interrupted build
        temp.unlink()
        handle = os.open(temp, _NEW_FILE, 0o666)
    try:
        _write(handle, content)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _write_atomic(path: Path, content: Content) -> None:
    _replace_all([(_stage(path, content), path)])
