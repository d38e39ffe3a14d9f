"""Find and read the dossier's files without ever leaving the repository root.

Annotations come from strangers' pull requests: a path or symlink that points
outside the root, a huge file or a file that is not UTF-8 is reported, not read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from builder.problems import Location, Problems

MAX_ANNOTATION_BYTES = 1_000_000
MAX_SOURCE_BYTES = 5_000_000
ANNOTATIONS = "annotations"
SEEDS = "seeds"


@dataclass(frozen=True)
class RepoFile:
    """A file inside the root, with the path shown in messages."""

    path: Path  # resolved absolute path
    rel: str  # posix path relative to the root

    @property
    def loc(self) -> Location:
        return Location(self.rel)


def inside(root: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except ValueError:
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
    for path in sorted(base.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_dir():
            continue
        parts = path.relative_to(base).parts
        if path.suffix in (".yml",) or (path.suffix == ".yaml" and (len(parts) != 2 or parts[0] not in found)):
            problems.error(
                Location(rel),
                "this annotation file is not where the builder looks for it",
                f"move it to annotations/<kind>/<id>.yaml, with <kind> one of {', '.join(folders)}",
            )
            continue
        if path.suffix != ".yaml":
            continue
        if not inside(root, path):
            problems.error(
                Location(rel),
                "this file links to a place outside the repository",
                "replace the link with the file itself",
            )
            continue
        found[parts[0]].append(RepoFile(path.resolve(), rel))
    return found


def read_text(file: RepoFile, limit: int, problems: Problems, what: str) -> str | None:
    """The file's text as UTF-8, or None after reporting why it cannot be used."""
    try:
        size = file.path.stat().st_size
        if size > limit:
            problems.error(
                file.loc, f"the {what} is {size:,} bytes, more than the {limit:,} allowed", "split or shorten it"
            )
            return None
        data = file.path.read_bytes()
    except OSError as exc:
        problems.error(
            file.loc, f"the {what} cannot be read: {exc.strerror}", "check that the file exists and is readable"
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.error(
            Location(file.rel, line, 1), f"the {what} is not UTF-8 text (byte {exc.start})", "save the file as UTF-8"
        )
        return None
    return text.removeprefix("\ufeff")


def resolve_seed(root: Path, rel: str, loc: Location, problems: Problems) -> RepoFile | None:
    """The seed file named by a source's `file:` field, if it is safely inside seeds/."""
    candidate = Path(rel)
    seeds = (root / SEEDS).resolve()
    if candidate.is_absolute() or ".." in candidate.parts:
        problems.error(
            loc, f"{rel!r} is not a path inside seeds/", "give the path relative to the repository, e.g. seeds/name.txt"
        )
        return None
    path = (root / candidate).resolve()
    try:
        path.relative_to(seeds)
    except ValueError:
        problems.error(loc, f"{rel!r} is outside seeds/", "copy the text into seeds/ and point `file:` at it")
        return None
    if not path.is_file():
        problems.error(loc, f"the source file {rel!r} does not exist", "check the name, or add the text to seeds/")
        return None
    return RepoFile(path, path.relative_to(root).as_posix())
