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

import re
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import compress

from builder.analyse.independence import Independence
from builder.model.dossier import Dossier
from builder.model.text import SourceText
from builder.problems import Problems

SHINGLE = 8  # words per shingle
SAMPLE = 8  # keep shingles whose first word hashes to 0 modulo SAMPLE
MAX_SHARED = 25  # skip shingles found in more sources than this
MIN_SHARED = 6  # kept shingles two sources must share before it counts
HEAVY = 0.5  # share of the shorter text's kept shingles found in the other

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Overlap:
    a: str
    b: str
    shared: int  # kept shingles in common
    ratio: float  # shared / kept shingles of the shorter text


class Shingler:
    """Kept shingles of texts. Whether a word starts kept shingles is decided once per word
    (crc32, stable across runs); scanning and slicing run in C (`compress`, `join`)."""

    def __init__(self) -> None:
        self.keeps: dict[str, bool] = {}

    def __call__(self, text: SourceText) -> set[int]:
        """Hashes of the kept shingles of a source's article body (non-body passages left out)."""
        words = _WORD.findall("\n".join(text.paragraph(n) for n in text.body_paragraphs).casefold())
        for word in set(words).difference(self.keeps):
            self.keeps[word] = zlib.crc32(word.encode("utf-8")) % SAMPLE == 0
        starts = compress(range(len(words) - SHINGLE + 1), map(self.keeps.__getitem__, words))
        return {hash(" ".join(words[i : i + SHINGLE])) for i in starts}


def find_overlaps(texts: dict[str, SourceText]) -> list[Overlap]:
    """Pairs of sources that share at least HEAVY of the shorter one's shingles."""
    sizes: dict[str, int] = {}
    index: dict[int, list[str]] = defaultdict(list)
    shingles = Shingler()
    for source_id in sorted(texts):
        kept = shingles(texts[source_id])
        sizes[source_id] = len(kept)
        for key in kept:
            index[key].append(source_id)
    pairs: Counter[tuple[str, str]] = Counter()
    for holders in index.values():
        if 1 < len(holders) <= MAX_SHARED:
            for i, a in enumerate(holders):
                for b in holders[i + 1 :]:
                    pairs[(a, b)] += 1
    found = []
    for (a, b), shared in sorted(pairs.items()):
        ratio = shared / min(sizes[a], sizes[b])
        if shared >= MIN_SHARED and ratio >= HEAVY:
            found.append(Overlap(a, b, shared, ratio))
    return found


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
