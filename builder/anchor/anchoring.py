"""Anchor stage: mark non-body passages, then locate every evidence quote."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from builder.anchor.match import (
    MAX_OCCURRENCES,
    FlatText,
    fold,
    fold_quote,
    has_prefix,
    has_suffix,
    nearest_passage,
    occurrences,
)
from builder.model.dossier import Dossier
from builder.model.entities import Anchor, Evidence, NonBody, Source
from builder.model.text import SourceText
from builder.problems import Location, Problem, Problems, short

if TYPE_CHECKING:
    from builder.cache import ServeCache

_RANGE = re.compile(r"^\s*(\d+)\s*(?:-\s*(\d+))?\s*$")


def anchor_dossier(dossier: Dossier, problems: Problems, cache: ServeCache | None = None) -> None:
    """Mark non-body passages and locate every quote; with a `cache` (under `mkdocs serve`), keep the anchor
    of a quote whose evidence, seed text and source annotation are the very objects it was found with."""
    hints = Hints()
    _mark_texts(dossier, problems, cache, hints)
    last = cache.anchors if cache is not None else {}
    found_with: dict[int, tuple[Evidence, SourceText, Source | None]] = {}
    for entity in dossier.entities():
        for evidence in entity.evidence_list:
            evidence.owner = entity.id
            text = dossier.texts.get(evidence.source)
            if text is None:
                evidence.anchor = None
                continue
            source = dossier.sources.get(evidence.source)
            basis = last.get(id(evidence))
            if not (basis and basis[0] is evidence and basis[1] is text and basis[2] is source and evidence.anchor):
                evidence.anchor = locate(evidence, text, problems, hints)  # a found anchor comes with no problems
            if cache is not None:
                found_with[id(evidence)] = (evidence, text, source)
    if cache is not None:
        cache.anchors = found_with
    for text in dossier.texts.values():
        text.folded = None  # a second copy of every text (~75 MB at 10,000 sources) that no later stage reads


# What each quote was last anchored with, by id() of its Evidence (kept alive there, so ids are not reused).
FoundWith = dict[int, tuple[Evidence, SourceText, Source | None]]


def _mark_texts(dossier: Dossier, problems: Problems, cache: ServeCache | None, hints: Hints) -> None:
    """Mark each text's non-body passages, source by source; with a `cache`, a text last marked by the very same
    source object keeps its marks (finding a passage folds the whole text), and the source reports its problems
    again. (The loader gives each source its own text; one shared in a test is marked again, source by source.)"""
    last = cache.marks if cache is not None else {}
    marked: dict[int, Marked] = {}
    for source in dossier.sources.values():
        text = dossier.texts.get(source.id)
        if text is None:
            continue
        known = marked.get(id(text)) or last.get(id(text))
        if known is not None and known[0] is text and known[1] is source:
            problems.items.extend(known[2])
        else:
            first = len(problems.items)
            mark_non_body(source, text, problems, hints)
            known = (text, source, tuple(problems.items[first:]))
        marked[id(text)] = known
    if cache is not None:
        cache.marks = marked


# A text, the source that marked it last and the problems it reported, by id() of the text; the objects are
# kept alive there, so their ids are not reused.
Marked = tuple[SourceText, Source, tuple[Problem, ...]]


def mark_non_body(source: Source, text: SourceText, problems: Problems, hints: Hints | None = None) -> None:
    text.non_body.clear()
    for passage in source.non_body:
        for number in _passage_paragraphs(passage, text, problems, hints or Hints()):
            text.non_body[number] = passage


def _passage_paragraphs(passage: NonBody, text: SourceText, problems: Problems, hints: Hints) -> range:
    if passage.paragraphs:
        match = _RANGE.match(passage.paragraphs)
        first = int(match.group(1)) if match else 0
        last = int(match.group(2) or first) if match else 0
        if not match or not 1 <= first <= last <= len(text):
            problems.error(
                passage.at("paragraphs"),
                f"{passage.paragraphs!r} is not a paragraph range of this source",
                f"write a number or a range like 1-3, between 1 and {len(text)}",
            )
            return range(0)
        return range(first, last + 1)
    if not passage.start:
        problems.error(
            passage.loc,
            "a non-body passage needs `start` or `paragraphs`",
            "add `start:` with exact text from its first paragraph",
        )
        return range(0)
    first = _find_paragraph(passage.start, passage.prefix, text, passage.at("start"), problems, hints)
    last = _find_paragraph(passage.end, "", text, passage.at("end"), problems, hints) if passage.end else first
    if first and last and last < first:
        problems.error(
            passage.at("end"),
            "the passage ends before it starts",
            "`end` must be text in the same paragraph as `start` or a later one",
        )
        return range(0)
    return range(first, last + 1) if first and last else range(0)


def _find_paragraph(quote: str, prefix: str, text: SourceText, loc: Location, problems: Problems, hints: Hints) -> int:
    folded = _folded(text)
    found = occurrences(folded, fold_quote(quote))
    if len(found) > MAX_OCCURRENCES:
        _too_many(quote, loc, problems)
        return 0
    if prefix:
        found = [o for o in found if has_prefix(folded, o.start, fold_quote(prefix))]
    paragraphs = sorted({text.paragraph_at(o.start) for o in found})
    if not found:
        hints.not_found(quote, text, loc, problems, "the text")
        return 0
    if len(found) > 1:
        problems.error(
            loc,
            f"{short(quote, 60)!r} occurs {len(found)} times (paragraphs {_numbers(paragraphs)})",
            "add `prefix:` with the text just before the one you mean, or use `paragraphs:` instead",
        )
        return 0
    return paragraphs[0]


def _folded(text: SourceText) -> str:
    """The folded text, computed once per source (a cache keyed by text would thrash)."""
    if text.folded is None:
        text.folded = fold(text.text)
    return text.folded


def locate(evidence: Evidence, text: SourceText, problems: Problems, hints: Hints | None = None) -> Anchor | None:
    """The anchor of one quote, or None after reporting why it has none (`hints`: those of this check)."""
    folded = _folded(text)
    quote = fold_quote(evidence.quote)
    if not quote:
        return None  # the loader has reported the missing quote
    candidates = occurrences(folded, quote)
    if len(candidates) > MAX_OCCURRENCES:
        _too_many(evidence.quote, evidence.at("quote"), problems)
        return None
    if evidence.prefix:
        prefix = fold_quote(evidence.prefix)
        candidates = [o for o in candidates if has_prefix(folded, o.start, prefix)]
    if evidence.suffix:
        suffix = fold_quote(evidence.suffix)
        candidates = [o for o in candidates if has_suffix(folded, o.end, suffix)]
    if not candidates:
        if occurrences(folded, quote):
            problems.error(
                evidence.at("quote"),
                "the quote is in the source, but not with this prefix/suffix",
                "copy `prefix`/`suffix` exactly from the text around the quote, or remove them",
            )
        else:
            (hints or Hints()).not_found(evidence.quote, text, evidence.at("quote"), problems)
        return None
    body = [o for o in candidates if text.paragraph_at(o.start) not in text.non_body]
    if not body:
        number = text.paragraph_at(candidates[0].start)
        kind = text.non_body[number].kind if number in text.non_body else "non-body"
        problems.error(
            evidence.at("quote"),
            f"the quote is only in paragraph {number}, which is marked as {kind}, not article body",
            "quote the article body; passages such as headline lists and FAQ blocks are not reporting",
        )
        return None
    if len(body) > 1:
        numbers = sorted({text.paragraph_at(o.start) for o in body})
        problems.error(
            evidence.at("quote"),
            f"the quote occurs {len(body)} times in the article body (paragraphs {_numbers(numbers)})",
            "add `prefix:` or `suffix:` with the text just before or after the occurrence you mean",
        )
        return None
    start, end = body[0].start, body[0].end
    return Anchor(evidence.source, start, end, text.paragraph_at(start))


def _too_many(quote: str, loc: Location, problems: Problems) -> None:
    problems.error(
        loc,
        f"{short(quote, 60)!r} occurs more than {MAX_OCCURRENCES:,} times in the source",
        "quote a longer passage: so short a quote says nothing, and no prefix can pick one of so many",
    )


MAX_HINTS = 20
FLAT_KEPT = 4


class Hints:
    """The closest passage to each quote that is not found, in one check. Each costs a few passes over its
    text, so a text gets MAX_HINTS, and the last few texts' paragraphs are kept folded and joined."""

    def __init__(self) -> None:
        self.given: dict[int, int] = {}  # hints so far by id() of the text (the dossier keeps it alive)
        self.flat: dict[int, FlatText] = {}

    def flat_of(self, text: SourceText) -> FlatText:
        known = self.flat.get(id(text))
        if known is None:
            if len(self.flat) >= FLAT_KEPT:
                self.flat.pop(next(iter(self.flat)))
            known = self.flat[id(text)] = FlatText.of([text.paragraph(n) for n in range(1, len(text) + 1)])
        return known

    def not_found(
        self, quote: str, text: SourceText, loc: Location, problems: Problems, what: str = "the quote"
    ) -> None:
        flat = self.flat_of(text)
        if fold_quote(quote) in flat.text:
            problems.error(loc, f"{what} runs across two paragraphs", "split it into one quote per paragraph")
            return
        given = self.given[id(text)] = self.given.get(id(text), 0) + 1
        nearest = nearest_passage(flat, quote) if given <= MAX_HINTS else None
        hint = ""
        if nearest is not None:
            similar = f"{nearest.similarity:.0%} similar"
            hint = (
                f" The closest passage is in paragraph {nearest.paragraph} ({similar}): {short(nearest.text, 120)!r}."
            )
            if nearest.agreed or nearest.quote_part or nearest.source_part:
                where = f"after {nearest.agreed!r}" if nearest.agreed else "at the first character"
                hint += (
                    f" They part {where}: the quote has {_said(nearest.quote_part)}"
                    f" where the source has {_said(nearest.source_part)}."
                )
        elif given > MAX_HINTS:
            hint = f" (No closest passage: {MAX_HINTS} quotes of this source are not found already.)"
        problems.error(
            loc,
            f"{what} {short(quote, 60)!r} is not in the source.{hint}",
            "copy the quote exactly from the source text; quotes are never matched approximately",
        )


def _said(part: str) -> str:
    return repr(part) if part else "nothing"


def _numbers(numbers: list[int], limit: int = 10) -> str:
    shown = ", ".join(str(n) for n in numbers[:limit])
    return shown if len(numbers) <= limit else f"{shown} and {len(numbers) - limit:,} more"
