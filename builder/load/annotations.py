"""Read, parse and validate every annotation file, remembering each file's outcome by its text's digest
(under `mkdocs serve`, a file that has not changed is not parsed again)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import NamedTuple

from builder.load import placeholders
from builder.load.files import MAX_ANNOTATION_BYTES, RepoFile, read_text
from builder.load.validate import Validator
from builder.load.yaml_nodes import parse_yaml
from builder.model.dossier import RESERVED_IDS
from builder.model.entities import Entity
from builder.problems import Problem, Problems


class Outcome(NamedTuple):
    """What reading one file gave; also what the memo remembers of it (`digest` is None if it was not read)."""

    digest: bytes | None
    entity: Entity | None
    problems: tuple[Problem, ...]


# A file whose text is the one the memo remembers: its entity is the remembered object itself.
REMEMBERED = Outcome(None, None, ())

Memo = dict[str, Outcome]
Job = tuple[RepoFile, str]  # a file and the kind its folder holds


def load_entities(jobs: list[Job], validator: Validator, memo: Memo, problems: Problems) -> Iterator[Entity | None]:
    """The entity of each file, in order (None where it has none), with its problems added to `problems` in order.

    `validator` reports to `problems`; `memo` maps each file's relative path to its last outcome."""
    for file, kind in jobs:
        yield take(file.rel, read(file, kind, validator, memo, problems), memo, problems)


def read(file: RepoFile, kind: str, validator: Validator, memo: Memo, problems: Problems) -> Outcome:
    """The file's outcome, its problems reported to `problems` (the validator's too), or REMEMBERED."""
    first = len(problems.items)
    text = read_text(file, MAX_ANNOTATION_BYTES, problems, "annotation file")
    if text is None:
        return Outcome(None, None, tuple(problems.items[first:]))
    digest = _digest(text)
    remembered = memo.get(file.rel)
    if remembered is not None and remembered.digest == digest:
        return REMEMBERED
    entity = _parse_entity(file, text, kind, validator, problems)
    placeholders.report(file.rel, text, problems)
    return Outcome(digest, entity, tuple(problems.items[first:]))


def take(rel: str, outcome: Outcome, memo: Memo, problems: Problems) -> Entity | None:
    """The outcome's entity, remembered in `memo`; a remembered file's problems are added to `problems` again."""
    if outcome is REMEMBERED:
        outcome = memo[rel]
        problems.items.extend(outcome.problems)
    elif outcome.digest is not None:
        memo[rel] = outcome
    return outcome.entity


# Parsing and validating a file depends only on its path and text, so the memo remembers the
# outcome by the text's 128-bit BLAKE2 digest, not the text: at 80,000 files the texts alone are ~100 MB.
def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


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
    if entity.id in RESERVED_IDS:
        problems.error(
            entity.at("id"),
            f"the id {entity.id!r} is the name of one of the site's own pages, so this {kind} would have none",
            f"choose another id, e.g. '{kind}-{entity.id}' (and rename the file to match)",
        )
    return entity
