"""Sources whose texts overlap heavily: a safety net for unrecorded republication.

If an annotator forgets that a source republishes another, the two would count as
independent confirmations. So article bodies are cut into word 8-grams
("shingles"). A fixed part of shingle space is kept, chosen by the hash of a
shingle's first word, so that the same shingles are kept in every text (the
overlap estimate stays fair) and only the kept ones are built and hashed. An
inverted index maps each kept shingle to the sources that contain it. Shingles
found in more than `MAX_SHARED` sources (boilerplate, a wire story run by very
many sites) are skipped, so that counting shared shingles per pair of sources
stays linear in the size of the texts. No pair of sources is compared directly.
"""

from __future__ import annotations

import functools
import re
import zlib
from array import array
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations, compress

from builder.analyse.independence import Independence
from builder.analyse.mentions import body_runs
from builder.model.dossier import Dossier
from builder.model.text import SourceText
from builder.problems import Problems

SHINGLE = 8  # words per shingle
SAMPLE = 8  # keep shingles whose first word hashes to 0 modulo SAMPLE
MAX_SHARED = 25  # skip shingles found in more sources than this
MIN_SHARED = 6  # kept shingles two sources must share before it counts
HEAVY = 0.5  # share of the shorter text's kept shingles found in the other

_WORD_CHAR = re.compile(r"\w")
_ASCII = bytes(range(128))
# Bytes of casefolded UTF-8 text -> themselves if part of a word, else a space; ASCII capitals -> lower case.
# Non-ASCII bytes are kept: non-ASCII characters that are not word characters are replaced beforehand.
_WORD_BYTES = bytes(
    (c | 0x20 if 65 <= c <= 90 else c) if c >= 128 or chr(c).isalnum() or c == 95 else 32 for c in range(256)
)


@dataclass(frozen=True, slots=True)
class Overlap:
    a: str
    b: str
    shared: int  # kept shingles in common
    ratio: float  # shared / kept shingles of the shorter text


@functools.cache  # few distinct characters
def _fold(char: str) -> str:
    """A non-ASCII character's casefold, non-word characters as spaces."""
    return "".join(c if _WORD_CHAR.match(c) else " " for c in char.casefold())


def words(text: str) -> list[bytes]:
    """The words (`\\w+`) of the casefolded text, as UTF-8 bytes.

    The same as `re.findall(r"\\w+", text.casefold())`, but split in C: casefolding is per
    character, so only the few distinct non-ASCII characters are folded (or, if not word
    characters, blanked) in Python; ASCII is lower-cased and blanked by one `translate`.
    """
    data = text.encode("utf-8")
    rest = data.translate(None, _ASCII)
    if rest:
        for char in set(rest.decode("utf-8")):
            folded = _fold(char)
            if folded != char:
                text = text.replace(char, folded)
        data = text.encode("utf-8")
    return data.translate(_WORD_BYTES).split()


def _body(text: SourceText) -> str:
    """The article body: runs of consecutive body paragraphs, one newline between runs (only words matter)."""
    return "\n".join(text.text[start:end] for start, end in body_runs(text))


def shingles(text: SourceText) -> set[int]:
    """Hashes of the kept shingles of a source's article body (non-body passages left out). Whether a word
    starts kept shingles is decided by its crc32 (stable across runs); scanning and slicing run in C."""
    found = words(_body(text))
    starts = compress(range(len(found) - SHINGLE + 1), [zlib.crc32(word) % SAMPLE == 0 for word in found])
    return {hash(tuple(found[i : i + SHINGLE])) for i in starts}


Shingles = dict[tuple[str, tuple[int, ...]], "array[int]"]  # (text, non-body paragraphs) -> kept shingles


@dataclass
class OverlapMemo:
    """Under `mkdocs serve`: each text's kept shingles by content, and the overlaps the last build found
    from which shingles (an unchanged text keeps its very array, so most rebuilds find nothing new)."""

    shingles: Shingles = field(default_factory=dict)
    last: tuple[list[tuple[str, array[int]]], list[Overlap]] | None = None


def find_overlaps(texts: dict[str, SourceText], memo: OverlapMemo | None = None) -> list[Overlap]:
    """Pairs of sources that share at least HEAVY of the shorter one's shingles; with a `memo` (under `mkdocs
    serve`), unchanged texts' shingles and, if none changed, the overlaps are the last build's.

    A shingle dropped for good once more than MAX_SHARED sources have it (`dead`) is not touched in Python again.
    """
    last = memo.shingles if memo is not None else {}
    fresh: Shingles = {}
    kept_by_source = []
    for source_id in sorted(texts):
        text = texts[source_id]
        content = (text.text, tuple(sorted(text.non_body)))
        kept = last.get(content)
        if kept is None:
            kept = array("q", shingles(text))
        fresh[content] = kept
        kept_by_source.append((source_id, kept))
    if memo is not None:
        memo.shingles = fresh
        if memo.last is not None and _same_shingles(memo.last[0], kept_by_source):
            return list(memo.last[1])
    sizes: dict[str, int] = {}
    first: dict[int, str] = {}  # live shingle -> a source that has it (the first, until it has more)
    holders: dict[int, list[str]] = {}  # live shingle in two or more sources -> those sources, in order
    dead: set[int] = set()  # shingles in more than MAX_SHARED sources
    for source_id, kept in kept_by_source:
        sizes[source_id] = len(kept)
        live = set(kept).difference(dead) if dead else set(kept)
        for key in first.keys() & live:
            found = holders.get(key)
            if found is None:
                holders[key] = [first[key], source_id]
            elif len(found) < MAX_SHARED:
                found.append(source_id)
            else:
                del holders[key], first[key]
                dead.add(key)
                live.discard(key)
        first.update(dict.fromkeys(live, source_id))
    pairs: Counter[tuple[str, str]] = Counter()
    for found in holders.values():
        pairs.update(combinations(found, 2))
    result = []
    for (a, b), shared in pairs.items():
        if shared >= MIN_SHARED:
            ratio = shared / min(sizes[a], sizes[b])
            if ratio >= HEAVY:
                result.append(Overlap(a, b, shared, ratio))
    result.sort(key=lambda o: (o.a, o.b))
    if memo is not None:
        memo.last = (kept_by_source, result)
    return list(result)


def _same_shingles(old: list[tuple[str, array[int]]], new: list[tuple[str, array[int]]]) -> bool:
    """The same sources with the very same arrays of kept shingles."""
    return len(old) == len(new) and all(a[0] == b[0] and a[1] is b[1] for a, b in zip(old, new, strict=True))


def warn_unrelated(overlaps: list[Overlap], dossier: Dossier, independence: Independence, problems: Problems) -> None:
    """Warn about heavy overlaps between sources with no recorded tie (relation or shared publisher)."""
    for overlap in overlaps:
        a, b = dossier.sources[overlap.a], dossier.sources[overlap.b]
        if independence.same(a.id, b.id) or frozenset((a.id, b.id)) in independence.related:
            continue
        if a.publisher and a.publisher == b.publisher:
            continue
        problems.warning(
            b.at("relations") if b.relations else b.at("id"),
            f"the text of {b.id!r} overlaps heavily with {a.id!r} ({overlap.ratio:.0%} of the shorter text's "
            "sampled 8-word passages), but no relation between them is recorded, so they count as independent "
            "confirmations",
            f"if one is a copy or rewrite of the other, add to {b.loc.path} `relations: "
            f"[{{type: republishes, source: {a.id}}}]` (or `rewrites`, or the reverse in the other file)",
        )
