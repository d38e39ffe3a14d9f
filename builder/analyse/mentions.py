"""Where each actor is named in the sources, found by its name and aliases.

All names are compiled into one regular expression shaped as a trie, so the
text is scanned once, in C, whatever the number of actors: the cost is linear
in the size of the texts. Matches are whole words and the longest name wins.
Unnamed sources are described, not named, and are not searched for.

Under `mkdocs serve` a rebuild scans only the texts where a change can matter (`find_mentions`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field

from builder.model.dossier import Dossier
from builder.model.entities import Actor
from builder.model.text import SourceText

MAX_NAME = 100  # longer "names" are not looked for: they are not names, and would nest the trie too deeply


@dataclass(frozen=True, slots=True)
class Mention:
    actor: str
    source: str
    paragraph: int
    start: int
    end: int


class NameFinder:
    """Finds actor names in text with one trie-shaped regular expression."""

    def __init__(self, actors: list[Actor]) -> None:
        self.names: dict[str, str] = {}
        self.clashes: list[tuple[str, str, str]] = []  # (name, first actor, second actor)
        for actor in actors:
            if actor.kind == "unnamed-source":
                continue
            for name in actor.names:
                name = " ".join(name.split())
                if not name or len(name) > MAX_NAME:
                    continue
                first = self.names.setdefault(name, actor.id)
                if first != actor.id:
                    self.clashes.append((name, first, actor.id))
        self._pattern: re.Pattern[str] | bool | None = False  # False: not compiled yet

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """The trie expression, compiled when first needed: a rebuild whose names changed may scan no text."""
        if self._pattern is False:
            # `re` keeps recent patterns compiled: unchanged names cost a lookup
            self._pattern = re.compile(_trie_pattern(self.names)) if self.names else None
        return self._pattern  # type: ignore[return-value]

    def find(self, text: str, begin: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
        """(actor id, start, end) of every name in text[begin:end], leftmost-longest."""
        if self.pattern is None:
            return []
        stop = len(text) if end is None else end
        return [(self.names[m.group()], m.start(), m.end()) for m in self.pattern.finditer(text, begin, stop)]


def _trie_pattern(names: dict[str, str]) -> str:
    """Names as one trie: a name starts where no word character precedes its first character."""
    trie: dict = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
    # `(?<!\w.)` after the first character is `(?<!\w)` before it (names hold no newline), and
    # leaves each branch starting with a literal, which the engine searches for in C.
    branches = [re.escape(char) + r"(?<!\w.)" + _node_pattern(child) for char, child in sorted(trie.items())]
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def _node_pattern(node: dict) -> str:
    """Greedy: longer names are tried first, a name ends only at a word boundary."""
    branches = [re.escape(char) + _node_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return r"(?!\w)"
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body}|(?!\\w))" if "" in node else body


@dataclass
class MentionMemo:
    """What `find_mentions` found in each text at the last build (under `mkdocs serve`), and with which names."""

    found: dict[tuple[str, str, tuple[int, ...]], tuple[Mention, ...]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # name -> actor id


def find_mentions(
    dossier: Dossier, finder: NameFinder | None = None, memo: MentionMemo | None = None
) -> dict[str, list[Mention]]:
    """Mentions in article-body paragraphs, by actor id.

    With a `memo`, a text is scanned again only if it changed, or if the names changed in a way that can
    change what it mentions: a name it mentioned is gone or now someone else's, or a new name is somewhere
    in it. Other changes cannot matter, since at each place the longest name wins: a name that was found
    nowhere in a text only ever lost to a longer one (or stood inside one), and a name that is not in a text
    at all cannot be found in it.
    """
    finder = finder or NameFinder(list(dossier.actors.values()))
    names = finder.names
    memo = memo or MentionMemo()
    previous, last_names = memo.found, memo.names
    gone: set[str] = set()
    added: list[str] = []
    if names != last_names:
        gone = {name for name, actor in last_names.items() if names.get(name) != actor}
        added = [name for name in names if name not in last_names]
    fresh: dict[tuple[str, str, tuple[int, ...]], tuple[Mention, ...]] = {}
    by_actor: dict[str, list[Mention]] = defaultdict(list)
    for source_id, text in dossier.texts.items():
        key = (source_id, text.text, tuple(sorted(text.non_body)))
        found = previous.get(key)
        if found is not None and (
            (gone and any(text.text[m.start : m.end] in gone for m in found))  # the names it mentioned: only
            or (added and any(name in text.text for name in added))  # looked at when names change, rarely
        ):
            found = None
        if found is None:
            found = tuple(mentions_in(finder, source_id, text))
        fresh[key] = found
        for mention in found:
            by_actor[mention.actor].append(mention)
    memo.found, memo.names = fresh, names
    return by_actor


def mentions_in(finder: NameFinder, source_id: str, text: SourceText) -> list[Mention]:
    """Mentions in the body paragraphs of one text, in order: each run of body paragraphs is scanned at once
    (a name never spans two lines), a match given the paragraph it starts in."""
    if finder.pattern is None:
        return []
    finditer, names, starts = finder.pattern.finditer, finder.names, text.starts
    found = []
    for begin, end in body_runs(text):
        for match in finditer(text.text, begin, end):
            start, stop = match.span()
            found.append(Mention(names[match.group()], source_id, bisect_right(starts, start), start, stop))
    return found


def body_runs(text: SourceText) -> list[tuple[int, int]]:
    """(start, end) offsets of each run of consecutive article-body paragraphs."""
    starts, ends, non_body = text.starts, text.ends, text.non_body
    if not non_body:
        return [(starts[0], ends[-1])] if starts else []
    runs = []
    first = 0  # index of the first paragraph of the current run
    for index in range(len(starts)):
        if index + 1 in non_body:
            if first < index:
                runs.append((starts[first], ends[index - 1]))
            first = index + 1
    if first < len(starts):
        runs.append((starts[first], ends[-1]))
    return runs
