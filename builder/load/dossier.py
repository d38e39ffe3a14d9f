"""Load stage: annotation files and seed texts into a `Dossier`."""

from __future__ import annotations

from pathlib import Path

from builder.load import duplicates
from builder.load.annotations import Memo, load_entities
from builder.load.files import MAX_SOURCE_BYTES, SEEDS, SeedFiles, annotation_files, read_text, resolve_seed
from builder.load.validate import Validator
from builder.model.dossier import Dossier
from builder.model.entities import Entity, Source
from builder.model.schema import Schema, load_schema
from builder.model.text import SourceText
from builder.problems import Problems


def load_dossier(root: Path, problems: Problems, schema: Schema | None = None) -> Dossier:
    """Read every annotation and the seed text of every source."""
    schema = schema or load_schema()
    root = root.resolve()
    dossier = Dossier()
    first_seen: dict[str, Entity] = {}
    folders = {kind.folder: kind for kind in schema.kinds.values()}
    validator = Validator(schema, problems)
    memo = _MEMO.setdefault(str(root), {})  # by root: two dossiers in one process never share objects
    listed = annotation_files(root, list(folders), problems)
    jobs = [(file, folders[folder].name) for folder, files in listed.items() for file in files]
    # While a second process reads the last annotation files, this one reads the seed texts, if it has
    # read every source's annotation by then; their problems are reported after the annotations' all the same.
    sources_end = max((n + 1 for n, (_, kind) in enumerate(jobs) if kind == "source"), default=0)
    early: list[Problems] = []

    def read_texts_meanwhile() -> None:
        early.append(Problems())
        _load_texts(root, dossier, early[0])

    for entity in load_entities(jobs, validator, memo, problems, read_texts_meanwhile, sources_end):
        if entity is None:
            continue
        if entity.id in first_seen:
            duplicates.report(root, problems, entity.id, (first_seen[entity.id].at("id"), entity.at("id")))
            continue
        first_seen[entity.id] = entity
        dossier.add(entity)
    if early:
        problems.items.extend(early[0].items)
    else:
        _load_texts(root, dossier, problems)
    for gone in memo.keys() - {file.rel for file, _ in jobs}:  # deleted or renamed since the last build
        del memo[gone]
    return dossier


def _load_texts(root: Path, dossier: Dossier, problems: Problems) -> None:
    """The seed text of every source of `dossier` read so far."""
    seeds: Path | None = None  # root/seeds resolved, when first needed
    listed_seeds: SeedFiles | None = None
    remembered = _TEXTS.get(str(root), {})
    kept: dict[str, tuple[str, SourceText]] = {}  # the memo of this build: deleted files' texts are let go
    _TEXTS[str(root)] = kept
    read_by: dict[int, Source] = {}  # id() of each text -> the source it was read for
    for source in dossier.sources.values():
        if not source.file:
            continue
        try:
            if seeds is None:
                seeds = (root / SEEDS).resolve()
                listed_seeds = SeedFiles(root, seeds)
        except (OSError, RuntimeError):  # RuntimeError: a link loop (Python < 3.13)
            problems.error(
                source.at("file"),
                "seeds/ cannot be opened: it is a link that leads back to itself",
                "make seeds/ a real folder holding the source texts",
            )
            break
        assert listed_seeds is not None
        text = _load_text(root, seeds, listed_seeds, source, problems, remembered, kept)
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


# Under `mkdocs serve` every change rebuilds the whole site in the same process. Each annotation
# file's outcome is remembered (see annotations.py), so a file that has not changed costs one read.
# Files are remembered by root, then by the relative path their locations already hold.
_MEMO: dict[str, Memo] = {}
_TEXTS: dict[str, dict[str, tuple[str, SourceText]]] = {}  # by root, then seed file: its text and parse


def _load_text(
    root: Path,
    seeds: Path,
    listed: SeedFiles,
    source: Source,
    problems: Problems,
    remembered: dict[str, tuple[str, SourceText]],
    kept: dict[str, tuple[str, SourceText]],
) -> SourceText | None:
    seed = listed.get(source.file) or resolve_seed(root, source.file, source.at("file"), problems, seeds)
    if seed is None:
        return None
    text = read_text(seed, MAX_SOURCE_BYTES, problems, "source text")
    if text is None:
        return None
    if not text.strip():
        problems.error(source.at("file"), f"the source file {source.file!r} is empty", "add the article's text")
        return None
    last = kept.get(seed.path) or remembered.get(seed.path)  # kept: a file named twice gives one text object
    if last is not None and last[0] == text:
        kept[seed.path] = last
        return last[1]
    parsed = SourceText.parse(text)
    kept[seed.path] = (text, parsed)
    return parsed
