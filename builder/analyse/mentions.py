"""Where each actor is named in the sources, found by its name and aliases.

All names are compiled into one regular expression shaped as a trie, so the
text is scanned once, in C, whatever the number of actors: the cost is linear
in the size of the texts. Matches are whole words and the longest name wins.
Unnamed sources are described, not named, and are not searched for.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from builder.model.dossier import Dossier
from builder.model.entities import Actor
from builder.model.text import SourceText

MAX_NAME = 100  # longer "names" are not looked for: they are not names, and would nest the trie too deeply


@dataclass(frozen=True)
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
        self.pattern = re.compile(r"(?<!\w)" + _trie_pattern(self.names)) if self.names else None

    def find(self, text: str, begin: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
        """(actor id, start, end) of every name in text[begin:end], leftmost-longest."""
        if self.pattern is None:
            return []
        stop = len(text) if end is None else end
        return [(self.names[m.group()], m.start(), m.end()) for m in self.pattern.finditer(text, begin, stop)]


def _trie_pattern(names: dict[str, str]) -> str:
    trie: dict = {}
    for name in names:
        node = trie
        for char in name:
            node = node.setdefault(char, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: dict) -> str:
    """Greedy: longer names are tried first, a name ends only at a word boundary."""
    branches = [re.escape(char) + _node_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return r"(?!\w)"
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body}|(?!\\w))" if "" in node else body


def find_mentions(dossier: Dossier, finder: NameFinder | None = None) -> dict[str, list[Mention]]:
    """Mentions in article-body paragraphs, by actor id."""
    finder = finder or NameFinder(list(dossier.actors.values()))
    by_actor: dict[str, list[Mention]] = defaultdict(list)
    for source_id, text in dossier.texts.items():
        for mention in mentions_in(finder, source_id, text):
            by_actor[mention.actor].append(mention)
    return by_actor


def mentions_in(finder: NameFinder, source_id: str, text: SourceText) -> list[Mention]:
    found = []
    for number in text.body_paragraphs:
        for actor, start, end in finder.find(text.text, text.starts[number - 1], text.ends[number - 1]):
            found.append(Mention(actor, source_id, number, start, end))
    return found
