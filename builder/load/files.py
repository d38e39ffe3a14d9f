"""Find and read the dossier's files without ever leaving the repository root. Annotations come from
strangers' pull requests: a path or link that points outside the root, a huge file or a file that is not
UTF-8 is reported, not read."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import NamedTuple

from builder.problems import Location, Problems

MAX_ANNOTATION_BYTES = 100_000  # the largest real annotation is ~3 kB; pure-Python YAML reads ~50 kB/s at worst
MAX_SOURCE_BYTES = 5_000_000
ANNOTATIONS = "annotations"
SEEDS = "seeds"


class RepoFile(NamedTuple):
    """A file inside the root, with the path shown in messages (a named tuple: one per file, made quickly)."""

    path: str  # resolved absolute path (a string: a Path per file costs more than reading a small file)
    rel: str  # posix path relative to the root

    @property
    def loc(self) -> Location:
        return Location(self.rel)


def inside(root: Path, path: Path) -> bool:
    """Whether `path`, with every link followed, is inside `root` (a link loop is not)."""
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return False
    return True


def annotation_files(root: Path, folders: list[str], problems: Problems) -> dict[str, list[RepoFile]]:
    """The `*.yaml` files of each kind folder under annotations/, sorted by name."""
    base = root / ANNOTATIONS
    found: dict[str, list[RepoFile]] = {folder: [] for folder in folders}
    if not base.is_dir():
        problems.error(
            Location(ANNOTATIONS),
            "there is no annotations/ folder",
            f"create annotations/ with the folders {', '.join(folders)}",
        )
        return found
    if base.is_symlink():
        problems.error(Location(ANNOTATIONS), "annotations/ is a link, and links are not followed", "use a real folder")
        return found
    _walk(root, str(base), ANNOTATIONS, found, problems)
    return found


def _walk(root: Path, folder: str, rel: str, found: dict[str, list[RepoFile]], problems: Problems) -> None:
    """Every file below `folder`, in name order; links to folders are reported, never followed."""
    with os.scandir(folder) as entries:
        listing = sorted(entries, key=lambda entry: entry.name)
    kind, _, below = rel.partition("/")[2].partition("/")
    here = found.get(kind) if kind and not below else None  # a kind's folder, where almost every file is
    for entry in listing:
        name = entry.name
        entry_rel = f"{rel}/{name}"
        if (
            here is not None
            and name.endswith(".yaml")
            and name.lstrip(".") != "yaml"
            and entry.is_file(follow_symlinks=False)
        ):
            here.append(RepoFile(entry.path, entry_rel))  # what _add_file would do, in a fraction of the time
        elif entry.is_dir(follow_symlinks=False):
            _walk(root, entry.path, entry_rel, found, problems)
        elif entry.is_symlink() and _links_to_folder(entry):
            problems.error(
                Location(entry_rel), "this folder is a link, and links to folders are not followed", "use a real folder"
            )
        else:
            _add_file(root, entry, entry_rel, found, problems)


def _links_to_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a link loop: reported as a file that leads nowhere
        return False


def _add_file(root: Path, entry: os.DirEntry, rel: str, found: dict[str, list[RepoFile]], problems: Problems) -> None:
    parts = rel.split("/")[1:]  # below annotations/
    suffix = os.path.splitext(entry.name)[1]
    wrong_name = suffix.lower() in (".yml", ".yaml") and suffix != ".yaml"
    if wrong_name or (suffix == ".yaml" and (len(parts) != 2 or parts[0] not in found)):
        problems.error(
            Location(rel),
            "this annotation file is not where the builder looks for it",
            f"move it to annotations/<kind>/<id>.yaml, with <kind> one of {', '.join(found)}",
        )
        return
    if suffix != ".yaml":
        return
    path = entry.path
    if entry.is_symlink():  # only a link can lead out of the root
        if not inside(root, Path(path)):
            problems.error(
                Location(rel),
                "this file links to a place outside the repository",
                "replace the link with the file itself",
            )
            return
        path = str(Path(path).resolve())
    found[parts[0]].append(RepoFile(path, rel))


Stamp = tuple[int, int, int, int]  # a file's inode, size, and last changes of its text and its status (ns)


def stamp(path: str, settled_before: int | None) -> Stamp | None:
    """What tells, without reading it, that a file is the one read at the last build; None without
    `settled_before` (outside serve), or if it changed since then, when a write in the same clock tick
    would leave the stamp as it was (git calls this racy): such a file is read again, as every file is
    outside serve. Its status changes on every write, and no tool can set it back, as one can its time."""
    if settled_before is None:
        return None
    try:
        info = os.stat(path)
    except OSError:
        return None
    if max(info.st_mtime_ns, info.st_ctime_ns) >= settled_before:
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)


def read_text(file: RepoFile, limit: int, problems: Problems, what: str) -> str | None:
    """The file's text as UTF-8, or None after reporting why it cannot be used."""
    try:
        # os-level calls, one open and one fstat: this runs for every file, and Python's file objects cost
        # as much again. Non-blocking, so that a FIFO is reported as not a regular file instead of waited on.
        descriptor = os.open(file.path, _READ_FLAGS)
        try:
            info = os.fstat(descriptor)
            size = info.st_size
            if stat.S_ISDIR(info.st_mode):  # what opening it with open() would have said
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
            if not stat.S_ISREG(info.st_mode):
                problems.error(file.loc, f"the {what} is not a regular file", "replace it with a plain text file")
                return None
            if size > limit:
                problems.error(
                    file.loc, f"the {what} is {size:,} bytes, more than the {limit:,} allowed", "split or shorten it"
                )
                return None
            data = _read_all(descriptor, size)
        finally:
            os.close(descriptor)
    except OSError as exc:
        problems.error(
            file.loc, f"the {what} cannot be read: {exc.strerror}", "check that the file exists and is readable"
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        problems.error(
            Location(file.rel, line, column),
            f"the {what} is not UTF-8 text (byte {exc.start})",
            "save the file as UTF-8",
        )
        return None
    return text.removeprefix("\ufeff")


_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_all(descriptor: int, size: int) -> bytes:
    """Everything up to the end of the file, even if it grew since `size` was taken."""
    chunks = [os.read(descriptor, size + 1)]
    while chunks[-1]:
        chunks.append(os.read(descriptor, 1 << 20))
    return b"".join(chunks) if len(chunks) > 2 else chunks[0]


class SeedFiles:
    """The regular files directly in seeds/, listed once.

    Nearly every `file:` names one of them; such a file is inside the root as it is, with no link to
    follow, so it needs none of `resolve_seed`'s path resolution (most of the time of loading the texts).
    """

    def __init__(self, root: Path, seeds: Path) -> None:
        """`root` and `seeds` (root/seeds) both resolved."""
        self.files: dict[str, RepoFile] = {}
        if not seeds.is_relative_to(root):
            return  # a link out of the root: resolve_seed reports each file
        rel = seeds.relative_to(root).as_posix()
        try:
            with os.scandir(seeds) as entries:
                for entry in entries:
                    if entry.is_file(follow_symlinks=False):
                        self.files[entry.name] = RepoFile(entry.path, f"{rel}/{entry.name}")
        except OSError:
            self.files.clear()  # resolve_seed explains

    def get(self, rel: str) -> RepoFile | None:
        """The file that `rel` (a `file:` field) names if it is one of these, else None."""
        if rel.startswith(SEEDS + "/"):
            return self.files.get(rel[len(SEEDS) + 1 :])
        return None


def resolve_seed(root: Path, rel: str, loc: Location, problems: Problems, seeds: Path | None = None) -> RepoFile | None:
    """The seed file named by a source's `file:` field, if it is safely inside seeds/.

    `seeds` is `root/seeds` resolved, if the caller has it already (resolving costs more than the rest).
    """
    candidate = Path(rel)
    seeds = seeds or (root / SEEDS).resolve()
    if candidate.is_absolute() or ".." in candidate.parts:
        problems.error(
            loc, f"{rel!r} is not a path inside seeds/", "give the path relative to the repository, e.g. seeds/name.txt"
        )
        return None
    try:
        path = (root / candidate).resolve()
        outside = not path.is_relative_to(seeds) or not path.is_relative_to(root)
        kind = "folder" if path.is_dir() else "file" if path.is_file() else ""
    except (OSError, ValueError, RuntimeError) as exc:  # a link loop, a name too long, a NUL byte
        why = exc.strerror if isinstance(exc, OSError) else "a link loop" if isinstance(exc, RuntimeError) else exc
        problems.error(loc, f"{rel!r} cannot be used as a file name: {why}", "give the path of a file in seeds/")
        return None
    if outside:
        link = (root / candidate).parent.resolve().is_relative_to(seeds) and (root / candidate).is_symlink()
        what = "is a link to a file outside seeds/" if link else "is outside seeds/"
        problems.error(loc, f"{rel!r} {what}", "copy the text into seeds/ and point `file:` at it")
        return None
    if kind == "folder":
        problems.error(loc, f"{rel!r} is a folder, not a file", "give the path of the text file inside it")
        return None
    if not kind:
        problems.error(loc, f"the source file {rel!r} does not exist", "check the name, or add the text to seeds/")
        return None
    return RepoFile(str(path), path.relative_to(root).as_posix())
