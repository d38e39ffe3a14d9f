"""Read, parse and validate every annotation file, remembering each file's outcome by its text's digest
and its stamp (under `mkdocs serve`, a file that has not changed is not read or parsed again)."""

from __future__ import annotations

import hashlib
from typing import NamedTuple

from builder.load import placeholders
from builder.load.files import MAX_ANNOTATION_BYTES, RepoFile, Stamp, read_text, stamp
from builder.load.validate import Validator
from builder.load.yaml_nodes import parse_yaml
from builder.model.dossier import RESERVED_IDS
from builder.model.entities import Entity
from builder.problems import Problem, Problems


class Outcome(NamedTuple):
    """What reading one file gave; also what the memo remembers of it."""

    digest: bytes | None  # None if it could not be read
    entity: Entity | None
    problems: tuple[Problem, ...]
    stamp: Stamp | None = None  # the file's stamp when it was read, if settled


Memo = dict[str, Outcome]


def read(
    file: RepoFile, kind: str, validator: Validator, memo: Memo, problems: Problems, settled_before: int | None
) -> Outcome:
    """The file's outcome, its problems (the validator's too) added to `problems`.

    `memo` maps each file's relative path to its last outcome: a file whose stamp is the remembered one is
    not read; one whose text is the remembered one is not parsed (the outcome's entity is the very object of
    the last build). `settled_before` (under serve): see files.stamp."""
    remembered = memo.get(file.rel)
    stamped = stamp(file.path, settled_before)
    if remembered is not None and stamped is not None and remembered.stamp == stamped:
        problems.items.extend(remembered.problems)
        return remembered
    first = len(problems.items)
    text = read_text(file, MAX_ANNOTATION_BYTES, problems, "annotation file")
    if text is None:
        return Outcome(None, None, tuple(problems.items[first:]))
    digest = _digest(text)
    if remembered is not None and remembered.digest == digest:
        problems.items.extend(remembered.problems)
        outcome = remembered._replace(stamp=stamped)
    else:
        entity = _parse_entity(file, text, kind, validator, problems)
        placeholders.report(file.rel, text, problems)
        outcome = Outcome(digest, entity, tuple(problems.items[first:]), stamped)
    memo[file.rel] = outcome
    return outcome


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
