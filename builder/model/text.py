"""A source's text, split into the paragraphs that quotes and pages refer to."""

from __future__ import annotations

import bisect
import hashlib
import re
from array import array
from dataclasses import dataclass, field

from builder.model.entities import NonBody

# A paragraph: a line from its first to its last character that is not white space (as str.strip sees it).
_PARAGRAPH = re.compile(r"\S(?:[^\n]*\S)?")


@dataclass
class SourceText:
    """The exact text of a seed, with each non-blank line as a numbered paragraph."""

    text: str
    # Where each paragraph starts and ends: machine integers, not a list of int objects (a large dossier
    # has hundreds of thousands of paragraphs). They index, slice and bisect like lists. Four bytes
    # each: a source text is at most MAX_SOURCE_BYTES (5 MB) long.
    starts: array[int] = field(default_factory=lambda: array("i"))
    ends: array[int] = field(default_factory=lambda: array("i"))
    # Paragraph number (1-based) -> the non-body passage it belongs to.
    non_body: dict[int, NonBody] = field(default_factory=dict)
    # The text with equivalent characters folded (kept by the anchor stage while it runs).
    folded: str | None = field(default=None, repr=False, compare=False)

    @classmethod
    def parse(cls, text: str) -> SourceText:
        spans = [match.span() for match in _PARAGRAPH.finditer(text)]
        return cls(text, array("i", [start for start, _ in spans]), array("i", [end for _, end in spans]))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def __len__(self) -> int:
        return len(self.starts)

    def paragraph_at(self, offset: int) -> int:
        """The 1-based paragraph containing `offset`, or 0 between paragraphs."""
        index = bisect.bisect_right(self.starts, offset) - 1
        if index >= 0 and offset < self.ends[index]:
            return index + 1
        return 0

    def paragraph(self, number: int) -> str:
        return self.text[self.starts[number - 1] : self.ends[number - 1]]

    @property
    def body_paragraphs(self) -> list[int]:
        return [n for n in range(1, len(self) + 1) if n not in self.non_body]
