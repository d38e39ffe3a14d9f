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
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

MANIFEST = ".dossier-build.json"
Content = str | bytes | Iterable[str]  # an export comes in pieces


class OutputError(Exception):
    """The output folder cannot be written without harming files the builder did not make."""


class Output:
    """The output folder of one build, written in two steps: `stage` files (by one or more processes,
    each with its own share of the tree), then `commit` them all at once, or `abort`.

    A first build stages into a fresh folder beside `out`, renamed into place by commit: nothing existed,
    so nothing can be harmed, and one rename replaces a rename per file. Otherwise each file is staged
    beside its target, after checking that the target is the builder's own.
    """

    def __init__(self, root: Path, out: Path) -> None:
        if out == root or root.is_relative_to(out) or any(out.is_relative_to(root / d) for d in _SOURCES):
            raise OutputError(
                f"{out} would overwrite the repository or its docs/, annotations/ or seeds/; choose another"
            )
        self.out = out
        self.fresh = not out.exists() and not out.is_symlink()
        self.staging = out.with_name(f".{out.name}{STAGING}") if self.fresh else out
        self.previous: set[str] = set() if self.fresh else _manifest(out)
        self.staged: list[str] = []  # relative paths staged so far, by every process
        self.made: list[str] = []  # folders created in an existing output (removed again on abort)
        self._folders: set[str] = {""}
        self._seen: set[str] = set()  # paths this process staged
        if self.fresh:
            self._attempt(self._start_fresh)

    def _start_fresh(self) -> None:
        self.out.parent.mkdir(parents=True, exist_ok=True)
        if self.staging.is_dir() and not self.staging.is_symlink():
            shutil.rmtree(self.staging)  # left over from an interrupted first build: only the builder uses this name
        self.staging.mkdir()

    def stage(self, tree: Iterable[tuple[str, Content]]) -> None:
        """Write every file of `tree` under a temporary name (raises OutputError; then call `abort`)."""
        self._attempt(lambda: self._stage_tree(tree))

    def _stage_tree(self, tree: Iterable[tuple[str, Content]]) -> None:
        base = str(self.staging)
        for rel, content in tree:
            if rel in self._seen:
                raise OutputError(_twice(rel))
            self._seen.add(rel)
            folder = rel.rpartition("/")[0]
            if not self.fresh:
                _check_target(self.out, rel, self.previous, folder in self._folders)
            if folder not in self._folders:
                if not self.fresh:
                    self.made += [f for f in _ancestors(folder) if not os.path.isdir(os.path.join(base, f))]
                os.makedirs(os.path.join(base, folder), exist_ok=True)
                self._folders.add(folder)
            path = os.path.join(base, rel)
            if self.fresh:
                _write(_create(path), content)
            else:
                _stage(Path(path), content)
            self.staged.append(rel)

    def adopt(self, staged: list[str], made: list[str]) -> None:
        """Take over what another process staged, so that commit and abort see it."""
        self.staged += staged
        self.made += made

    def commit(self) -> int:
        """Put every staged file in place and record them in the manifest; the number of files."""
        self._attempt(self._commit)
        return len(set(self.staged))

    def _commit(self) -> None:
        written = set(self.staged)
        if len(written) != len(self.staged):  # two processes staged one path: one page would be lost
            seen: set[str] = set()
            for rel in self.staged:
                if rel in seen:
                    raise OutputError(_twice(rel))
                seen.add(rel)
        if self.fresh:
            _write(os.open(self.staging / MANIFEST, _NEW_FILE, 0o666), _manifest_text(written))
            os.rename(self.staging, self.out)
            return
        # The manifest is replaced first, claiming every file that may be written, so that a build stopped
        # half-way can be run again. Staged files are moved into place only after every one was written.
        claim = _stage(self.out / MANIFEST, _manifest_text(self.previous | written))
        _replace_all([(claim, self.out / MANIFEST), *((_temp(self.out / rel), self.out / rel) for rel in written)])
        for rel in self.previous - written:
            stale = self.out / rel
            if stale.is_file() and not stale.is_symlink() and _inside(self.out, stale.parent):
                stale.unlink()
        _write_atomic(self.out / MANIFEST, _manifest_text(written))

    def abort(self) -> None:
        """Remove everything staged: the output is as it was before the build."""
        if self.fresh:
            shutil.rmtree(self.staging, ignore_errors=True)
            return
        for rel in self.staged:
            _temp(self.out / rel).unlink(missing_ok=True)
        # Files staged by a second process that was stopped before it could say which (Ctrl-C, a crash):
        # only the builder gives files this suffix.
        for folder, _, names in os.walk(self.out):
            for name in names:
                if name.startswith(".") and name.endswith(STAGING):
                    Path(folder, name).unlink(missing_ok=True)
        for folder in sorted(set(self.made), key=lambda f: f.count("/"), reverse=True):
            _remove_empty(self.out / folder, self.out)

    def _attempt(self, step: Callable[[], None]) -> None:
        try:
            step()
        except OSError as exc:
            raise OutputError(f"cannot write to {self.out}: {exc.strerror or exc}") from exc


_SOURCES = ("docs", "annotations", "seeds")


def _twice(rel: str) -> str:
    return f"the builder made two files at {rel}, and one would be lost; please report this as a bug"


def _ancestors(folder: str) -> list[str]:
    """'a/b/c' -> ['a', 'a/b', 'a/b/c'] (outermost first)."""
    parts = folder.split("/") if folder else []
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


# O_BINARY (Windows): no newline translation, so every file is written byte for byte as made.
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def _create(path: str) -> int:
    """A new file in a fresh build's own staging folder; one there already was left by a process of this
    build that failed (builder/parallel.py), and is replaced."""
    try:
        return os.open(path, _NEW_FILE, 0o666)
    except FileExistsError:
        os.unlink(path)
        return os.open(path, _NEW_FILE, 0o666)


def _write(handle: int, content: Content) -> None:
    """Write to a new file's descriptor and close it: bytes as they are, text as UTF-8, piece by piece."""
    with open(handle, "wb", closefd=True) as file:
        if isinstance(content, bytes):
            file.write(content)
        elif isinstance(content, str):
            file.write(content.encode("utf-8"))
        else:
            for piece in content:
                file.write(piece.encode("utf-8"))


def _check_target(out: Path, rel: str, previous: set[str], folder_checked: bool) -> None:
    """Refuse, before anything is replaced, a target that would harm a file the builder did not write.

    Folders are checked once each (`folder_checked`): many files share one.
    """
    target = out / rel
    if not folder_checked:
        if not _inside(out, target.parent):
            raise OutputError(f"{target.parent} leads out of {out} through a link; remove the link")
        for folder in [*reversed(target.relative_to(out).parents)][1:]:
            if (out / folder).exists() and not (out / folder).is_dir():
                raise OutputError(f"{out / folder} is a file where the builder needs a folder; move it away")
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


def _temp(path: Path) -> Path:
    return path.with_name(f".{path.name}{STAGING}")


def _stage(path: Path, content: Content) -> Path:
    """Write `content` beside `path` under a staging name (new file, mode from the umask)."""
    temp = _temp(path)
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
