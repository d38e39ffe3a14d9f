"""Find a quote in a source text, exactly.

The only differences forgiven are runs of white space, typographic versus straight
quotes, and the kind of dash. Each is a one-for-one character mapping, so the
source is translated once, offsets stay those of the original text, and a quote
is found with `str.find`, which keeps anchoring linear and fast.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
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
_PLAIN = {char: plain for plain, chars in _EQUIVALENT.items() for char in chars}
_FOLDABLE = re.compile(f"[{re.escape(''.join(_PLAIN))}]")
_SPACES = re.compile(r" {2,}")


def fold(text: str) -> str:
    """The text with equivalent characters made equal; same length, same offsets.

    `str.translate` with a dict raises and clears a KeyError for every character it leaves alone
    (~60 ns each, most of the anchor stage); a regex finds the few characters to fold instead, and
    each is replaced in one pass. A text with none is returned as is, not copied.
    """
    for char in set(_FOLDABLE.findall(text)):
        text = text.replace(char, _PLAIN[char])
    return text


def fold_quote(quote: str) -> str:
    """A quote folded, with all white space (newlines too) collapsed to single spaces."""
    if quote.isascii():  # the only ASCII characters fold changes are white space, which split() drops anyway
        return " ".join(quote.split())
    return " ".join(fold(quote).split())


@lru_cache(maxsize=256)
def folded_text(text: str) -> str:
    return fold(text)


class Occurrence(NamedTuple):
    """Where a folded quote was found (a named tuple: one is made for every candidate of every quote)."""

    start: int
    end: int


def occurrences(folded: str, quote: str) -> list[Occurrence]:
    """Every place the folded quote occurs in the folded text, overlapping ones too."""
    if not quote:
        return []
    found = []
    position = folded.find(quote)
    while position != -1:
        found.append(Occurrence(position, position + len(quote)))
        position = folded.find(quote, position + 1)
    if found or " " not in quote or "  " not in folded:
        return found  # (with one space between words the text reads as the quote: the search was exact)
    # The text may have several spaces where the quote has one.
    parts = quote.split(" ")
    if "" in parts:  # a quote that was not folded with fold_quote: let a regex say what " +" means
        pattern = re.compile(" +".join(re.escape(part) for part in parts))
        return [Occurrence(m.start(), m.end()) for m in pattern.finditer(folded)]
    return _spaced(folded, parts)


_RUN = re.compile(" +")


def _spaced(folded: str, parts: list[str]) -> list[Occurrence]:
    """Where the words occur with runs of spaces between them, as the regex `word( +word)*` would find them
    (left to right, not overlapping), without compiling a regex for every quote (~80 us each)."""
    found = []
    first, rest = parts[0], parts[1:]
    position = folded.find(first)
    while position != -1:
        end = position + len(first)
        for part in rest:
            run = _RUN.match(folded, end)
            if run is None or not folded.startswith(part, run.end()):
                break
            end = run.end() + len(part)
        else:
            found.append(Occurrence(position, end))
            position = folded.find(first, end)
            continue
        position = folded.find(first, position + 1)
    return found


def has_prefix(folded: str, start: int, prefix: str) -> bool:
    window = folded[max(0, start - 2 * len(prefix) - 16) : start]
    return _SPACES.sub(" ", window.replace("\n", " ")).rstrip().endswith(prefix.rstrip())


def has_suffix(folded: str, end: int, suffix: str) -> bool:
    window = folded[end : end + 2 * len(suffix) + 16]
    return _SPACES.sub(" ", window.replace("\n", " ")).lstrip().startswith(suffix.lstrip())


NEAREST_LIMIT = 300  # characters of a quote compared when looking for the closest passage


@dataclass(frozen=True)
class Nearest:
    paragraph: int
    text: str
    similarity: float


def nearest_passage(paragraphs: list[str], quote: str) -> Nearest | None:
    """The passage most like the quote, to help fix a quote that was not found.

    Only used on the error path; a long quote is compared by its beginning, so that
    a huge quote cannot make the check slow.
    """
    best: Nearest | None = None
    folded_quote = fold_quote(quote)[:NEAREST_LIMIT]
    for number, paragraph in enumerate(paragraphs, start=1):
        para = fold_quote(paragraph)
        matcher = difflib.SequenceMatcher(None, folded_quote, para, autojunk=False)
        match = matcher.find_longest_match(0, len(folded_quote), 0, len(para))
        begin = max(0, match.b - match.a)
        window = para[begin : begin + len(folded_quote)]
        score = difflib.SequenceMatcher(None, folded_quote, window, autojunk=False).ratio()
        if best is None or score > best.similarity:
            best = Nearest(number, window, score)
    return best
