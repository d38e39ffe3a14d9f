"""Load stage: annotation files and seed texts into a `Dossier`."""

from __future__ import annotations

import hashlib
from pathlib import Path

from builder.load.files import (
    MAX_ANNOTATION_BYTES,
    MAX_SOURCE_BYTES,
    SEEDS,
    RepoFile,
    annotation_files,
    read_text,
    resolve_seed,
)
from builder.load.validate import Validator
from builder.load.yaml_nodes import parse_yaml
from builder.model.dossier import Dossier
from builder.model.entities import Entity, Source
from builder.model.schema import Schema, load_schema
from builder.model.text import SourceText
from builder.problems import Problem, Problems


def load_dossier(root: Path, problems: Problems, schema: Schema | None = None) -> Dossier:
    """Read every annotation and the seed text of every source."""
    schema = schema or load_schema()
    root = root.resolve()
    dossier = Dossier()
    first_seen: dict[str, Entity] = {}
    folders = {kind.folder: kind for kind in schema.kinds.values()}
    validator = Validator(schema, problems)
    memo = _MEMO.setdefault(str(root), {})  # by root: two dossiers in one process never share objects
    for folder, files in annotation_files(root, list(folders), problems).items():
        for file in files:
            entity = _load_entity(file, folders[folder].name, validator, memo, problems)
            if entity is None:
                continue
            if entity.id in first_seen:
                other = first_seen[entity.id]
                problems.error(
                    entity.at("id"),
                    f"the id {entity.id!r} is already used by {other.loc.path}",
                    "ids are unique across the dossier: choose another id (and rename the file)",
                )
                continue
            first_seen[entity.id] = entity
            dossier.add(entity)
    seeds: Path | None = None  # root/seeds resolved, when first needed
    for source in dossier.sources.values():
        if not source.file:
            continue
        try:
            seeds = seeds or (root / SEEDS).resolve()
        except (OSError, RuntimeError):  # RuntimeError: a link loop (Python < 3.13)
            problems.error(
                source.at("file"),
                "seeds/ cannot be opened: it is a link that leads back to itself",
                "make seeds/ a real folder holding the source texts",
            )
            break
        text = _load_text(root, seeds, source, problems)
        if text is not None:
            dossier.texts[source.id] = text
    return dossier


# Under `mkdocs serve` every change rebuilds the whole site in the same process.
# Parsing and validating a file depends only on its path and text, so both are
# remembered and a file that has not changed costs one read. The text is remembered
# by a 128-bit BLAKE2 digest, not kept: at 80,000 files the texts alone are ~100 MB.
# Files are remembered by root, then by the relative path their locations already hold.
_MEMO: dict[str, dict[str, tuple[bytes, Entity | None, tuple[Problem, ...]]]] = {}
_TEXTS: dict[str, tuple[str, SourceText]] = {}


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _load_entity(
    file: RepoFile, kind: str, validator: Validator, memo: dict[str, tuple], problems: Problems
) -> Entity | None:
    text = read_text(file, MAX_ANNOTATION_BYTES, problems, "annotation file")
    if text is None:
        return None
    digest = _digest(text)
    remembered = memo.get(file.rel)
    if remembered is not None and remembered[0] == digest:
        problems.items.extend(remembered[2])
        return remembered[1]
    first = len(problems.items)  # the validator reports to `problems` too; what this file adds is remembered
    entity = _parse_entity(file, text, kind, validator, problems)
    memo[file.rel] = (digest, entity, tuple(problems.items[first:]))
    return entity


def _parse_entity(file: RepoFile, text: str, kind: str, validator: Validator, problems: Problems) -> Entity | None:
    node = parse_yaml(text, file.rel, problems)
    if node is None:
        return None
    entity = validator.entity(node, validator.schema.kinds[kind])
    if entity is None or not entity.id:
        return None
    stem = file.rel.rpartition("/")[2].removesuffix(".yaml")  # annotation files all end in .yaml
    if entity.id != stem:
        problems.error(
            entity.at("id"),
            f"the id {entity.id!r} does not match the file name {stem + '.yaml'!r}",
            f"rename the file to {entity.id}.yaml or set `id: {stem}`",
        )
    return entity


def _load_text(root: Path, seeds: Path, source: Source, problems: Problems) -> SourceText | None:
    seed = resolve_seed(root, source.file, source.at("file"), problems, seeds)
    if seed is None:
        return None
    text = read_text(seed, MAX_SOURCE_BYTES, problems, "source text")
    if text is None:
        return None
    if not text.strip():
        problems.error(source.at("file"), f"the source file {source.file!r} is empty", "add the article's text")
        return None
    remembered = _TEXTS.get(seed.path)
    if remembered is not None and remembered[0] == text:
        return remembered[1]
    parsed = SourceText.parse(text)
    _TEXTS[seed.path] = (text, parsed)
    return parsed
