"""The builder's own Markdown blocks, read in one pass instead of by Python-Markdown's general parser.

Most of a generated page is a few kinds of block the builder writes itself: lists of links, paragraphs,
quotes, headings, each a line of escaped text (`render.markdown`), links, `**bold**`, `*italic*`, `code` and a few
fixed inline tags. Python-Markdown reads each such line with every one of its inline patterns in turn,
and each link's text again: most of the time a page takes to convert. This block processor (registered
by `render.textblock`, first of all) recognises those blocks by a strict grammar and builds the very
elements the general parser would build, with their text marked as already read (`AtomicString`), so the
inline patterns pass over them. Everything else goes on to the general parser: a block the grammar does
not cover, or one whose reading depends on its neighbours (a list next to a list, a quote after a quote).

The grammar admits no character that any inline pattern reacts to outside its own tokens (backslash,
backtick, `[`, `]`, `!`, `<`, `>`, `&` but in a numeric reference, `*`, `_`, `|`), and no line that could
start another block (`#`, `>`, `-`, `+`, `=`, a number and a dot, an indent). So a block it accepts has
one reading, and the elements built are those of the general parser: entities stay as they were written
(the serializer leaves references alone, as it leaves the stashed ones), and the fixed inline tags go to
the HTML stash, as the general parser puts them. The host then treats the elements as its own: MkDocs
rewrites and checks the links, the anchors are found, `attr_list` reads the `{: … }` lists. A host
without this extension reads the same Markdown into the same page, more slowly (tests/test_quickblocks.py
compares the two on every generated page).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown.blockprocessors import BlockProcessor, HashHeaderProcessor  # type: ignore[import-untyped]
from markdown.util import AtomicString, code_escape  # type: ignore[import-untyped]

# Text that no inline pattern reacts to: no backslash, backtick, bracket, "!", "<", ">", "&" (but in a
# numeric character reference), "*", "_", "|", placeholder marks or newline.
_CHAR = r"[^\\`\[\]!<>&*_|\x02\x03\n]"
_TEXT = rf"(?:{_CHAR}|&\#[0-9]+;)"
_HREF = r"[A-Za-z0-9_.~:/?#%&+=,;@$-]"
_TITLE = r"[^\"\\`<>&\x02\x03\n]|&\#[0-9]+;"
_CODE = r"[^`\\\s\x02\x03](?:[^`\\\n\x02\x03]*[^`\\\s\x02\x03])?"  # code_escape() escapes what HTML would read
# The fixed inline HTML the builder writes into a source's quoted paragraphs (render/pages/sources.py).
_TAG = (
    r'<mark>|</mark>|<sup[ ]class="dossier-cites">|</sup>'
    r'|<span[ ]class="dossier-anchor"[ ]id="[A-Za-z0-9-]+"></span>'
)

_TOKEN = re.compile(
    rf"""(?P<text>(?:{_TEXT}|\n)+)
    |\[(?P<label>{_TEXT}+)\]\((?P<href>{_HREF}+)(?:\ "(?P<title>(?:{_TITLE})*)")?\)
    |(?P<stars>\*\*?)(?P<emphasised>(?!\s){_TEXT}+?(?<!\s))(?P=stars)(?!\*)
    |`(?P<code>{_CODE})`(?!`)
    |(?P<tag>{_TAG})
    |(?P<stashed>\x02wzxhzdk:[0-9]+\x03)""",  # markdown.util.HTML_PLACEHOLDER: tags stashed by render.textblock
    re.VERBOSE,
)
# What may open a line without starting another kind of block (a heading, quote, list, rule, code block,
# setext underline, table, admonition, reference definition): "*" only as the start of an emphasis.
_LINE_START = re.compile(r"[^\s#>\-+=|!~`:\d*\x02\x03]|\d+(?![\d.)])|\*\*?[^\s*]")
_ITEM = "- "
_QUOTE = "> "
_LISTS = frozenset(("ul", "ol"))
_HEADING = HashHeaderProcessor.RE
_REFERENCE = re.compile(r"[ ]{0,3}\[[^\[\]]*\]:")
_NEXT_ITEM = re.compile(r"[ ]{0,3}(?:[*+-]|\d+\.)[ ]")


def inline_grammar(text: str) -> bool:
    """Whether `text` is all tokens of the grammar (emphasis not checked for where it opens)."""
    position, end = 0, len(text)
    while position < end:
        match = _TOKEN.match(text, position)
        if match is None:
            return False
        position = match.end()
    return True


class QuickBlocks(BlockProcessor):  # type: ignore[misc]
    """Lists, paragraphs and quotes of the builder's grammar, as elements; other blocks left to the parser."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return parent is self.parser.root and bool(block) and block[0] not in " \n"

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        block = blocks[0]
        if "\n!!!" in block:  # an admonition further down: Python-Markdown splits the block there first
            return False
        heading = _HEADING.search(block) if "#" in block else None  # Python-Markdown's own heading pattern
        if heading is not None:
            # Python-Markdown reads the lines before a heading as a block of their own, then the heading
            # line, and the lines after it as the next block; all in one step, before any other reader
            # (a table's) could take the heading's line.
            before = self._block(parent, [block[: heading.start()]]) if heading.start() else None
            if heading.start() and before is None:
                return False
            title = self._inline(f"h{len(heading.group('level'))}", heading.group("header").strip())
            if title is None:
                return False
            if before is not None:
                parent.append(before)
            parent.append(title)
            rest = block[heading.end() :]
            if rest:
                blocks[0] = rest
            else:
                del blocks[0]
            return True
        built = self._block(parent, blocks)
        if built is None:
            return False  # the general parser reads it
        parent.append(built)
        del blocks[0]
        return True

    def _block(self, parent: etree.Element, blocks: list[str]) -> etree.Element | None:
        block = blocks[0]
        if block.startswith(_ITEM):
            return self._list(parent, blocks)
        if block.startswith(_QUOTE):
            return self._quote(parent, block)
        return self._paragraph(block)

    def _list(self, parent: etree.Element, blocks: list[str]) -> etree.Element | None:
        """A tight list of one-line items; not next to another list, which would join it as a loose list."""
        if len(parent) and parent[-1].tag in _LISTS:
            return None
        # The next block with content: neither a list item nor indented, nor a reference definition (which
        # Python-Markdown takes out, leaving what follows it next to the list).
        for later in blocks[1:]:
            later = later.lstrip("\n")
            if later:
                if later[0] in " \t" or _NEXT_ITEM.match(later) or _REFERENCE.match(later):
                    return None
                break
        ul = etree.Element("ul")
        for line in blocks[0].split("\n"):
            if not line.startswith(_ITEM):
                return None
            li = self._inline("li", line[2:])
            if li is None:
                return None
            ul.append(li)
        return ul

    def _quote(self, parent: etree.Element, block: str) -> etree.Element | None:
        """A quote of one paragraph; not after a quote, which it would continue."""
        if len(parent) and parent[-1].tag == "blockquote":
            return None
        lines = block.split("\n")
        if not all(line.startswith(_QUOTE) for line in lines):
            return None
        p = self._paragraph("\n".join(line[2:] for line in lines))
        if p is None:
            return None
        quote = etree.Element("blockquote")
        quote.append(p)
        return quote

    def _paragraph(self, block: str) -> etree.Element | None:
        if "  \n" in block:  # a hard line break
            return None
        for line in block.split("\n"):
            if not _LINE_START.match(line):
                return None
        return self._inline("p", block)

    def _inline(self, tag: str, text: str) -> etree.Element | None:
        """`tag` holding `text`'s inline Markdown as elements, or None if `text` is outside the grammar."""
        if not _LINE_START.match(text):
            return None
        element = etree.Element(tag)
        last: etree.Element | None = None  # the child whose tail the next text extends
        pending: list[str] = []
        position = 0
        end = len(text)
        while position < end:
            match = _TOKEN.match(text, position)
            if match is None:
                return None
            position = match.end()
            kind = match.lastgroup
            if kind == "text" or kind == "stashed":  # stashed: a quoted passage's tag (render.textblock)
                pending.append(match.group())
                continue
            if kind == "tag":
                pending.append(self.parser.md.htmlStash.store(match.group()))
                continue
            if kind == "emphasised":
                if not self._flanked(text, match):
                    return None
                child = etree.Element("strong" if len(match.group("stars")) == 2 else "em")
                child.text = AtomicString(match.group("emphasised"))
            elif kind == "code":
                child = etree.Element("code")
                child.text = AtomicString(code_escape(match.group("code")))
            else:  # a link
                child = etree.Element("a")
                child.text = AtomicString(match.group("label"))
                child.set("href", match.group("href"))
                title = match.group("title")
                if title is not None:
                    child.set("title", title)
            _place_text(element, last, pending)
            pending = []
            element.append(child)
            last = child
        _place_text(element, last, pending)
        return element

    @staticmethod
    def _flanked(text: str, match: re.Match[str]) -> bool:
        """Whether the emphasis opens at the start or after white space. Its stars can then only open, and
        the closing ones (after a non-space, before a non-star) can close it: Python-Markdown's delimiter
        rules pair them as the grammar does."""
        start = match.start()
        return start == 0 or text[start - 1] in " \n"


def _place_text(element: etree.Element, last: etree.Element | None, pending: list[str]) -> None:
    """The text read since the last child: the element's own text before its first child, else that child's
    tail, as Python-Markdown places it."""
    if pending:
        joined = AtomicString("".join(pending))
        if last is None:
            element.text = joined
        else:
            last.tail = joined
