"""Where each actor is named in the sources, found by its name and aliases.

Matching is by whole words, longest name first, with one dictionary lookup per
word, so the cost is linear in the size of the texts whatever the number of
actors. Unnamed sources are described, not named, and are not searched for.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from builder.model.dossier import Dossier
from builder.model.entities import Actor
from builder.model.text import SourceText

_WORD = re.compile(r"\w+(?:[.'\u2019\-]\w+)*")


@dataclass(frozen=True)
class Mention:
    actor: str
    source: str
    paragraph: int
    start: int
    end: int


class NameFinder:
    """Finds actor names in text: a dictionary of word sequences, keyed by first word."""

    def __init__(self, actors: list[Actor]) -> None:
        self.names: dict[tuple[str, ...], str] = {}
        self.longest: dict[str, int] = defaultdict(int)
        for actor in actors:
            if actor.kind == "unnamed-source":
                continue
            for name in actor.names:
                words = tuple(_WORD.findall(name))
                if words:
                    self.names.setdefault(words, actor.id)
                    self.longest[words[0]] = max(self.longest[words[0]], len(words))

    def find(self, text: str, begin: int = 0, end: int | None = None) -> list[tuple[str, int, int]]:
        """(actor id, start, end) of every name in text[begin:end], leftmost-longest."""
        tokens = list(_WORD.finditer(text, begin, len(text) if end is None else end))
        found = []
        i = 0
        while i < len(tokens):
            word = tokens[i].group()
            longest = self.longest.get(word, 0)
            step = 1
            for n in range(min(longest, len(tokens) - i), 0, -1):
                key = tuple(t.group() for t in tokens[i : i + n])
                actor = self.names.get(key)
                if actor is not None:
                    found.append((actor, tokens[i].start(), tokens[i + n - 1].end()))
                    step = n
                    break
            i += step
        return found


def find_mentions(dossier: Dossier) -> dict[str, list[Mention]]:
    """Mentions in article-body paragraphs, by actor id."""
    finder = NameFinder(list(dossier.actors.values()))
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
