"""A Python-Markdown extension that passes the builder's blocks of source text through untouched.

A source page shows its whole text, one anchored paragraph per line of the seed: a legal 5 MB seed of
short lines is hundreds of thousands of paragraphs. As Markdown, each costs the inline patterns, the
attribute lists and the block parser (~0.2 ms each, minutes for such a seed). So the builder writes
the paragraphs that quote nothing as HTML lines, already escaped (`render.markdown`), inside a
`<div class="dossier-text">` block, and this preprocessor hands each such block to the HTML stash in one
piece, in time linear in its length.

Without it (another Markdown host) the block is ordinary raw HTML, which Python-Markdown parses and
passes through the same: the same page, more slowly. It runs before MkDocs reads the raw HTML of a page
for the anchors that its link check knows (priority 21; that read alone cost ~60 us a paragraph): so the
builder leaves out of these blocks every paragraph that another page links to.

The same preprocessor stashes the inline tags that mark the quoted passages of a source's paragraphs
(`<mark>`, `<sup class="dossier-cites">` and their ends), as Python-Markdown's inline HTML pattern stashes
them, before the two HTML parsers (md_in_html's and MkDocs') read the page: they have no anchor to find.
The anchors (`<span … id="q…">`) stay, for MkDocs' link check. It also registers the quick reader of the
builder's blocks (render/quickblocks.py).
"""

from __future__ import annotations

import re

from markdown import Markdown  # type: ignore[import-untyped]
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.preprocessors import Preprocessor  # type: ignore[import-untyped]

from builder.render.quickblocks import QuickBlocks, inline_grammar

OPEN = '<div class="dossier-text">'
CLOSE = "</div>"
QUICK_BLOCKS = "dossier_quick"  # the block processor's name, to leave it out when comparing
# The quoted passages' tags (render/pages/sources.py), stashed only in a quoted paragraph as sources.py
# writes it: one line of the quick reader's grammar (so each tag is inline HTML as Python-Markdown reads
# it, not code, an image's text or a title), not indented, with its attribute list under it and blank
# lines around (so that no link or code span reaches into it from another line).
_MARKS = re.compile(r'<mark>|</mark>|<sup class="dossier-cites">|</sup>')
_STASHED = "\x02wzxhzdk:0\x03"  # what the tags become, to check the line before stashing them
_PARAGRAPH_ATTRIBUTES = re.compile(r"\{:[ #.\w-]*\}")


def _quoted_paragraph(lines: list[str], number: int) -> bool:
    line = lines[number]
    return (
        (number == 0 or lines[number - 1] == "")
        and number + 1 < len(lines)
        and _PARAGRAPH_ATTRIBUTES.fullmatch(lines[number + 1]) is not None
        and (number + 2 == len(lines) or lines[number + 2] == "")
        and not line[0].isspace()
        and inline_grammar(_MARKS.sub(_STASHED, line))
    )


class _TextBlocks(Preprocessor):  # type: ignore[misc]
    def run(self, lines: list[str]) -> list[str]:
        if OPEN in lines:
            lines = self._blocks(lines)
        store = self.md.htmlStash.store
        for number, line in enumerate(lines):
            if "<mark>" in line and _quoted_paragraph(lines, number):
                lines[number] = _MARKS.sub(lambda tag: store(tag.group()), line)
        return lines

    def _blocks(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        block: list[str] | None = None
        for line in lines:
            if block is None:
                if line == OPEN:
                    block = [line]
                else:
                    out.append(line)
                continue
            block.append(line)
            if line == CLOSE:  # escaped text holds no "<", so the first </div> line closes the block
                out += ["", self.md.htmlStash.store("\n".join(block)), ""]
                block = None
        if block is not None:
            out += block  # not closed: left to the HTML block reader
        return out


class TextBlockExtension(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: Markdown) -> None:  # Python-Markdown's name
        md.preprocessors.register(_TextBlocks(md), "dossier_text", 22)
        md.parser.blockprocessors.register(QuickBlocks(md.parser), QUICK_BLOCKS, 110)  # before all others


def makeExtension(**kwargs: object) -> TextBlockExtension:  # what Python-Markdown calls
    return TextBlockExtension(**kwargs)
