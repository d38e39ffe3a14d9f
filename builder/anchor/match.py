"""Find a quote in a source text, exactly. The only differences forgiven are runs of white space,
typographic versus straight quotes, and the kind of dash: each a one-for-one character mapping, so offsets
stay those of the original text, and a quote is found with `str.find`, which keeps anchoring linear."""

from __future__ import annotations

import bisect
import difflib
import re
from array import array
from functools import lru_cache
from typing import NamedTuple

_EQUIVALENT = {
    '"': "\u201c\u201d\u201e\u201f\u2033",
    "'": "\u2018\u2019\u201a\u201b\u2032",
    "-": "\u2010\u2011\u2012\u2013\u2014\u2015\u2212",
    # Every character Python counts as white space but the line break (str.split and str.strip agree).
    " ": "\t\v\f\r\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
    "\u2009\u200a\u2028\u2029\u202f\u205f\u3000",
}
# Caps that keep every step of anchoring linear in its input, whatever a pull request holds (see
# docs/reference.md, "Limits"): a quote's occurrences are counted up to MAX_OCCURRENCES; the hint for
# a quote that is not found looks at the source a bounded number of times, compares at most
# NEAREST_LIMIT characters, and shows at most DIVERGENCE_WINDOW characters on each side of where the
# quote and the closest passage part.
MAX_OCCURRENCES = 1_000
NEAREST_LIMIT = 300
DIVERGENCE_WINDOW = 40

_PLAIN = {char: plain for plain, chars in _EQUIVALENT.items() for char in chars}
_FOLDABLE = re.compile(f"[{re.escape(''.join(_PLAIN))}]")
_SPACES = re.compile(r" {2,}")


def fold(text: str) -> str:
    """The text with equivalent characters made equal; same length, same offsets. Not `str.translate`, which raises
    and clears a KeyError for every character it leaves alone: each of the few characters to fold is replaced in one
    pass, and a text with none is returned as is."""
    for char in set(_FOLDABLE.findall(text)):
        text = text.replace(char, _PLAIN[char])
    return text


def fold_quote(quote: str) -> str:
    """A quote folded, with all white space (newlines too) collapsed to single spaces."""
    if quote.isascii():  # the only ASCII characters fold changes are white space, which split() drops anyway
        return " ".join(quote.split())
    return " ".join(fold(quote).split())


class Occurrence(NamedTuple):
    """Where a folded quote was found (a named tuple: one is made for every candidate of every quote)."""

    start: int
    end: int


def occurrences(folded: str, quote: str, limit: int = MAX_OCCURRENCES + 1) -> list[Occurrence]:
    """Every place the folded quote occurs in the folded text, overlapping ones too, up to `limit` of them.

    A quote of one short word may occur millions of times in a large source: counting them all is what
    the cap avoids (more than MAX_OCCURRENCES is an error whatever the number).
    """
    if not quote:
        return []
    found: list[Occurrence] = []
    position = folded.find(quote)
    while position != -1 and len(found) < limit:
        found.append(Occurrence(position, position + len(quote)))
        position = folded.find(quote, position + 1)
    if found or " " not in quote or "  " not in folded:
        return found  # (with one space between words the text reads as the quote: the search was exact)
    # The text may have several spaces where the quote has one: search the text with each run of spaces
    # made one (what a regex `word( +word)*` would find, in one pass: matching word by word at every place
    # the first word occurs was quadratic on a text of one short word repeated).
    collapsed, offsets = _collapsed(folded)
    quote = _RUN.sub(" ", quote)
    position = collapsed.find(quote)
    while position != -1 and len(found) < limit:
        found.append(Occurrence(offsets[position], offsets[position + len(quote) - 1] + 1))
        position = collapsed.find(quote, position + 1)
    return found


_RUN = re.compile(" +")
_RUNS = re.compile("  +")


@lru_cache(maxsize=4)
def _collapsed(folded: str) -> tuple[str, array[int]]:
    """The folded text with each run of spaces made one, and where each of its characters is in `folded`."""
    pieces: list[str] = []
    offsets = array("i")
    at = 0
    for run in _RUNS.finditer(folded):
        pieces.append(folded[at : run.start() + 1])
        offsets.extend(range(at, run.start() + 1))
        at = run.end()
    pieces.append(folded[at:])
    offsets.extend(range(at, len(folded)))
    return "".join(pieces), offsets


def has_prefix(folded: str, start: int, prefix: str) -> bool:
    window = folded[max(0, start - 2 * len(prefix) - 16) : start]
    return _SPACES.sub(" ", window.replace("\n", " ")).rstrip().endswith(prefix.rstrip())


def has_suffix(folded: str, end: int, suffix: str) -> bool:
    window = folded[end : end + 2 * len(suffix) + 16]
    return _SPACES.sub(" ", window.replace("\n", " ")).lstrip().startswith(suffix.lstrip())


ALIKE = 0.5  # a passage less similar than this is no help


class Nearest(NamedTuple):
    """The passage most like a quote that is not in the source, and where the two part."""

    paragraph: int
    text: str  # the passage, whole words, folded as quotes are
    similarity: float
    agreed: str  # the end of what quote and passage share before they part
    quote_part: str  # what the quote has from there (up to where they agree again)
    source_part: str  # what the passage has instead


class FlatText(NamedTuple):
    """A source's paragraphs folded as quotes are and joined by single spaces, with where each starts."""

    text: str
    starts: list[int]

    @classmethod
    def of(cls, paragraphs: list[str]) -> FlatText:
        starts, at = [], 0
        folded = []
        for paragraph in paragraphs:
            starts.append(at)
            piece = fold_quote(paragraph)
            folded.append(piece)
            at += len(piece) + 1
        return cls(" ".join(folded), starts)

    def paragraph_at(self, offset: int) -> int:
        return bisect.bisect_right(self.starts, offset)

    def bounds(self, number: int) -> tuple[int, int]:
        end = self.starts[number] - 1 if number < len(self.starts) else len(self.text)
        return self.starts[number - 1], end


def _longest_found(flat: str, quote: str, from_end: bool) -> tuple[int, int]:
    """(length, position in `flat`) of the longest beginning (or end) of `quote` found in `flat`.

    A binary search over the length, each step one `str.find`: O(len(flat) * log(len(quote))).
    """
    low, high, where = 0, len(quote), 0
    while low < high:
        middle = (low + high + 1) // 2
        part = quote[len(quote) - middle :] if from_end else quote[:middle]
        found = flat.find(part)
        if found == -1:
            high = middle - 1
        else:
            low, where = middle, found
    return low, where


def nearest_passage(flat: FlatText, quote: str) -> Nearest | None:
    """The passage most like the quote, to help fix a quote that was not found; None if nothing is alike.

    The passage is the one that starts like the quote or ends like it, whichever shares more: each is
    found in a bounded number of passes over the text (`_longest_found`), so that neither a huge
    one-paragraph source nor a huge quote can make the check slow. The passage is widened to whole words.
    """
    folded = fold_quote(quote)
    if not folded or not flat.text:
        return None
    best: Nearest | None = None
    for from_end in (False, True):
        length, position = _longest_found(flat.text, folded, from_end)
        if length == 0:
            continue
        if from_end:
            number = flat.paragraph_at(position + length - 1)
            first, last = flat.bounds(number)
            end = position + length
            start = max(first, end - len(folded))
        else:
            number = flat.paragraph_at(position)
            first, last = flat.bounds(number)
            start = position
            end = min(last, start + len(folded))
        candidate = _compare(number, flat.text[start:end], folded)
        if best is None or candidate.similarity > best.similarity:
            wide = _whole_words(flat.text, start, end, first, last)
            best = candidate._replace(text=flat.text[wide[0] : wide[1]])
    return best if best is not None and best.similarity >= ALIKE else None


def _whole_words(text: str, start: int, end: int, first: int, last: int) -> tuple[int, int]:
    """The span widened to the start and end of the words it cuts (by DIVERGENCE_WINDOW at most)."""
    limit = max(first, start - DIVERGENCE_WINDOW)
    while start > limit and not text[start - 1].isspace():
        start -= 1
    limit = min(last, end + DIVERGENCE_WINDOW)
    while end < limit and not text[end].isspace():
        end += 1
    return start, end


def _compare(number: int, passage: str, quote: str) -> Nearest:
    """Where the quote and the passage part, and how alike they are near there (bounded comparisons)."""
    agree = 0
    most = min(len(passage), len(quote))
    while agree < most and passage[agree] == quote[agree]:
        agree += 1
    again = 0  # how many characters at the end they share again, after the part where they differ
    while again < most - agree and passage[-1 - again] == quote[-1 - again]:
        again += 1
    begin = max(0, agree - NEAREST_LIMIT // 3)
    similarity = difflib.SequenceMatcher(
        None, quote[begin : begin + NEAREST_LIMIT], passage[begin : begin + NEAREST_LIMIT], autojunk=False
    ).ratio()
    return Nearest(
        number,
        passage,
        similarity,
        _tail(quote[:agree]),
        _head(quote[agree : len(quote) - again]),
        _head(passage[agree : len(passage) - again]),
    )


def _head(text: str) -> str:
    return text if len(text) <= DIVERGENCE_WINDOW else text[: DIVERGENCE_WINDOW - 1] + "…"


def _tail(text: str) -> str:
    return text if len(text) <= DIVERGENCE_WINDOW else "…" + text[1 - DIVERGENCE_WINDOW :]
