"""Read, parse and validate every annotation file: in this process, or half in a forked second one.

Parsing and validating 80,000 small files is most of the load stage, and each file is
read on its own, so a large dossier splits the list: a forked child takes the last
files while this process takes the first ones, and the child's outcomes (our own
objects, pickled; see background.py) are taken in file order after this process's.
Problems, the memo that `mkdocs serve` keeps and everything else come out as they do
in one process; if the child fails, this process reads its files too.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterator
from typing import NamedTuple

from builder.background import Background, can_fork
from builder.load import placeholders
from builder.load.files import MAX_ANNOTATION_BYTES, RepoFile, read_text
from builder.load.validate import Validator
from builder.load.yaml_nodes import parse_yaml
from builder.model.dossier import RESERVED_IDS
from builder.model.entities import Entity
from builder.problems import Problem, Problems

MIN_FILES = 2_000  # annotation files below which a second process does not pay (at 2,000: 0.09 s, not 0.13 s)
# The child's share of the files. It also pickles what it read, but this process lists the files first,
# reads the seed texts meanwhile and unpickles afterwards: so the two finish about together at 10,000 sources.
CHILD_SHARE = 0.55


class Outcome(NamedTuple):
    """What reading one file gave; also what the memo remembers of it (`digest` is None if it was not read)."""

    digest: bytes | None
    entity: Entity | None
    problems: tuple[Problem, ...]


# A file whose text is the one the memo remembers: its entity is the remembered object itself.
REMEMBERED = Outcome(None, None, ())

Memo = dict[str, Outcome]
Job = tuple[RepoFile, str]  # a file and the kind its folder holds


def load_entities(
    jobs: list[Job],
    validator: Validator,
    memo: Memo,
    problems: Problems,
    meanwhile: Callable[[], None] | None = None,
    first: int = 0,
) -> Iterator[Entity | None]:
    """The entity of each file, in order (None where it has none), with its problems added to `problems` in order.

    `validator` reports to `problems`; `memo` maps each file's relative path to its last outcome. If a
    second process reads the last files, this one takes at least the `first` files, and once their entities
    are taken, calls `meanwhile` while the other is still at work.
    """
    split = len(jobs)
    child = None
    if len(jobs) >= MIN_FILES and can_fork():
        split = max(first, len(jobs) - round(len(jobs) * CHILD_SHARE))
    if split < len(jobs):
        child = Background.start(lambda: _pickled_outcomes(jobs[split:], validator, memo))
    try:
        for file, kind in jobs[:split]:
            yield take(file.rel, read(file, kind, validator, memo, problems), memo, problems)
        if child is not None and meanwhile is not None:
            meanwhile()
        chunks = child.result() if child is not None else None
        if chunks is None or len(chunks) != -(-(len(jobs) - split) // CHUNK):
            chunks = None  # no child, or it failed: this process reads its files as well
        for start in range(split, len(jobs), CHUNK):
            part = jobs[start : start + CHUNK]
            if chunks is None:
                for file, kind in part:
                    yield take(file.rel, read(file, kind, validator, memo, problems), memo, problems)
                continue
            index = (start - split) // CHUNK
            outcomes = pickle.loads(chunks[index])  # our own child's, never anything read from the repository
            chunks[index] = b""  # not needed any more
            for (file, _), outcome in zip(part, outcomes, strict=True):
                if outcome is not None:  # None: as remembered (a singleton is not itself once unpickled)
                    problems.items.extend(outcome.problems)  # reported in the child
                yield take(file.rel, REMEMBERED if outcome is None else outcome, memo, problems)
    finally:
        if child is not None:
            child.cancel()


# Files whose outcomes are pickled together. Unpickling keeps every object it made until the end of
# its pickle (the state of each entity among them); in small pickles those are freed, and their memory
# reused, every few thousand objects instead of fragmenting ~30 MB of the parent's heap at 10,000 sources.
CHUNK = 1_000


def _pickled_outcomes(jobs: list[Job], validator: Validator, memo: Memo) -> list[bytes]:
    """In the child: the outcome of each file, None where the memo has it already (this process has the
    same memo), pickled CHUNK files at a time."""
    problems = Problems()
    validator.problems = problems
    chunks = []
    for start in range(0, len(jobs), CHUNK):
        outcomes = [read(file, kind, validator, memo, problems) for file, kind in jobs[start : start + CHUNK]]
        chunk = [None if outcome is REMEMBERED else outcome for outcome in outcomes]
        chunks.append(pickle.dumps(chunk, protocol=pickle.HIGHEST_PROTOCOL))
    return chunks


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
