"""Load stage: annotation files and seed texts into a `Dossier`."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from builder.load import duplicates
from builder.load.annotations import read as read_annotation
from builder.load.files import (
    MAX_SOURCE_BYTES,
    SEEDS,
    SeedFiles,
    Stamp,
    annotation_files,
    read_text,
    resolve_seed,
    stamp,
)
from builder.load.validate import Validator
from builder.model.dossier import Dossier
from builder.model.entities import Entity, Source
from builder.model.schema import Schema, load_schema
from builder.model.text import SourceText
from builder.problems import Problems

if TYPE_CHECKING:
    from builder.cache import ServeCache


def load_dossier(
    root: Path, problems: Problems, schema: Schema | None = None, cache: ServeCache | None = None
) -> Dossier:
    """Read every annotation and the seed text of every source. With a `cache` (under `mkdocs serve`, for
    this root), a file whose text is unchanged gives the very object of the last build, unparsed."""
    schema = schema or load_schema()
    root = root.resolve()
    dossier = Dossier()
    first_seen: dict[str, Entity] = {}
    folders = {kind.folder: kind for kind in schema.kinds.values()}
    validator = Validator(schema, problems)
    memo = cache.annotations if cache is not None else {}
    # under serve, a file is trusted by its stamp once it has been left alone for a while (files.stamp)
    settled_before = time.time_ns() - SETTLED_NS if cache is not None else None
    listed = annotation_files(root, list(folders), problems)
    jobs = [(file, folders[folder].name) for folder, files in listed.items() for file in files]
    for file, kind in jobs:
        entity = read_annotation(file, kind, validator, memo, problems, settled_before).entity
        if entity is None:
            continue
        if entity.id in first_seen:
            duplicates.report(root, problems, entity.id, (first_seen[entity.id].at("id"), entity.at("id")))
            continue
        first_seen[entity.id] = entity
        dossier.add(entity)
    _load_texts(root, dossier, problems, cache, settled_before)
    for gone in memo.keys() - {file.rel for file, _ in jobs}:  # deleted or renamed since the last build
        del memo[gone]
    return dossier


def _load_texts(
    root: Path, dossier: Dossier, problems: Problems, cache: ServeCache | None, settled_before: int | None
) -> None:
    """The seed text of every source of `dossier` read so far."""
    remembered = cache.texts if cache is not None else {}
    kept: dict[str, SeedMemo] = {}  # the memo of this build: deleted files' texts are let go
    if cache is not None:
        cache.texts = kept
    held = [source for source in dossier.sources.values() if source.file]
    if not held:
        return
    try:
        seeds = (root / SEEDS).resolve()
        listed_seeds = SeedFiles(root, seeds)
    except (OSError, RuntimeError):  # RuntimeError: a link loop (Python < 3.13)
        problems.error(
            held[0].at("file"),
            "seeds/ cannot be opened: it is a link that leads back to itself",
            "make seeds/ a real folder holding the source texts",
        )
        return
    read_by: dict[int, Source] = {}  # id() of each text -> the source it was read for
    for source in held:
        text = _load_text(root, seeds, listed_seeds, source, problems, (remembered, kept), settled_before)
        if text is None:
            continue
        other = read_by.setdefault(id(text), source)  # one seed file, read once, gives one text object
        if other is not source:
            problems.error(
                source.at("file"),
                f"{source.file!r} is already the text of the source {other.id!r}",
                "give each source its own seed file: two sources of one text would share its non-body passages",
            )
            continue
        dossier.texts[source.id] = text


def _load_text(
    root: Path,
    seeds: Path,
    listed: SeedFiles,
    source: Source,
    problems: Problems,
    memos: tuple[dict[str, SeedMemo], dict[str, SeedMemo]],
    settled_before: int | None,
) -> SourceText | None:
    """The source's text; the last build's (`memos`: its memo and this build's) if its stamp or text is unchanged."""
    seed = listed.get(source.file) or resolve_seed(root, source.file, source.at("file"), problems, seeds)
    if seed is None:
        return None
    remembered, kept = memos
    last = kept.get(seed.path) or remembered.get(seed.path)  # kept: a file named twice gives one text object
    stamped = stamp(seed.path, settled_before)
    if last is not None and stamped is not None and last[0] == stamped:
        kept[seed.path] = last
        return last[2]
    text = read_text(seed, MAX_SOURCE_BYTES, problems, "source text")
    if text is None:
        return None
    if not text.strip():
        problems.error(source.at("file"), f"the source file {source.file!r} is empty", "add the article's text")
        return None
    if last is not None and last[1] == text:
        kept[seed.path] = (stamped, text, last[2])
        return last[2]
    parsed = SourceText.parse(text)
    kept[seed.path] = (stamped, text, parsed)
    return parsed


SETTLED_NS = 3_000_000_000  # longer than any file system's clock tick (FAT's is 2 s)
SeedMemo = tuple[Stamp | None, str, SourceText]  # a seed file's stamp, text and parse
