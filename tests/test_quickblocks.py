"""The builder's Markdown extension (render/textblock.py, render/quickblocks.py) changes how fast a page
converts, never the page.

Each page is converted as MkDocs converts it (the extensions of mkdocs.yml and the builder's), and again
without the quick block processor: the HTML and the table of contents must be the same, byte for byte;
and again without the builder's extension at all, as the other hosts convert it: the same but for the
white space between tags (the text blocks are passed through as written). On every generated page of the
seed dossier and of the hostile mini dossier, on the hand-written pages, and on random blocks made of the
characters that Markdown reads as syntax.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import markdown
import pytest
import yaml

from builder.pipeline import check, render
from builder.render import quickblocks
from builder.render.textblock import QUICK_BLOCKS
from tests.conftest import REPO
from tests.test_hostile import make_hostile

TEXT_BLOCKS = "builder.render.textblock"


def _extensions() -> tuple[list[str], dict[str, object]]:
    """The Markdown extensions of the project's mkdocs.yml, with the builder's (as the dossier plugin adds it)."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names: list[str] = []
    options: dict[str, object] = {}
    for entry in config["markdown_extensions"]:
        name, option = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if option:
            options[name] = option
    return [*names, TEXT_BLOCKS], options


EXTENSIONS, OPTIONS = _extensions()


def convert(text: str, quick: bool, builder_s: bool = True) -> tuple[str, object]:
    md = markdown.Markdown(extensions=EXTENSIONS if builder_s else EXTENSIONS[:-1], extension_configs=OPTIONS)
    if not quick and builder_s:
        md.parser.blockprocessors.deregister(QUICK_BLOCKS)
    return md.convert(text), md.toc_tokens  # type: ignore[attr-defined]


def _tags(converted: tuple[str, object]) -> tuple[str, object]:
    return re.sub(r">\s+<", "><", converted[0]), converted[1]


def body(page: str) -> str:
    """The Markdown that MkDocs converts: the page without its front matter."""
    return page.split("\n---\n", 1)[1] if page.startswith("---\n") else page


def assert_same(pages: dict[str, str]) -> None:
    different, other_hosts = [], []
    for path, text in pages.items():
        ours = convert(text, True)
        if ours != convert(text, False):
            different.append(path)
        if _tags(ours) != _tags(convert(text, False, builder_s=False)):
            other_hosts.append(path)
    assert different == [] and other_hosts == []


def generated(root: Path) -> dict[str, str]:
    result = check(root)
    assert result.ok, [p.text() for p in result.problems.errors]
    return {path: body(page) for path, page in render(result).pages.items() if path.endswith(".md")}


def test_every_page_of_the_seed_dossier_is_the_same(seed_pages: dict[str, str]) -> None:
    assert len(seed_pages) > 100
    assert_same(seed_pages)


def test_every_page_of_a_hostile_dossier_is_the_same(tmp_path: Path) -> None:
    make_hostile(tmp_path / "hostile")
    pages = generated(tmp_path / "hostile")
    assert "sources/hostile.md" in pages
    assert_same(pages)


def test_every_hand_written_page_is_the_same() -> None:
    pages = {path.as_posix(): path.read_text(encoding="utf-8") for path in (REPO / "docs").rglob("*.md")}
    assert len(pages) > 5
    assert_same({path: body(text) for path, text in pages.items()})


@pytest.fixture(scope="module")
def seed_pages() -> dict[str, str]:
    return generated(REPO)


def test_the_quick_reader_takes_almost_every_block_of_a_generated_page(
    seed_pages: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pages stay fast: a template change that writes what the grammar does not cover shows here."""
    taken = refused = 0
    run = quickblocks.QuickBlocks.run

    def counted(self: quickblocks.QuickBlocks, parent: object, blocks: list[str]) -> bool:
        nonlocal taken, refused
        done = run(self, parent, blocks)
        taken, refused = (taken + 1, refused) if done else (taken, refused + 1)
        return done

    monkeypatch.setattr(quickblocks.QuickBlocks, "run", counted)
    for path, text in seed_pages.items():
        if path.startswith(("actors/", "claims/", "events/", "sources/")) and not path.endswith("index.md"):
            convert(text, True)
    assert taken > 1000
    assert refused < taken / 50, (taken, refused)


# Random blocks ----------------------------------------------------------------------------------------

PIECES = [
    "word", "two words", " ", "  ", "\n", "\n\n", "—", "é", "1", "2024.", "3)", "#", "## ", "- ", "* ", "+ ", "> ",
    "1. ", "    ", "*", "**", "***", "_", "__", "`", "``", "[", "]", "(", ")", "](", "](../a.md)", "](#x)",
    '](a.md "T")', "[link](../actors/a.md)", "[link](b.md#q1-2)", "&#40;", "&#58;", "&", "&amp;", "&#x41;", "<",
    ">", "<mark>", "</mark>", '<sup class="dossier-cites">', "</sup>", '<span class="dossier-anchor" id="q1-2"></span>',
    "<b>", "{: .x }", "{ #id }", "{ .a .b }", "{: data-search-exclude }", "\\", "!", "![", "|", "---", "===", "~~~",
    ":", "!!! note", "\t", "[x]: y.md", "**bold**", "*em*", "`code`", ".",
]  # fmt: skip


def _random_document(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(1, 6)):
        start = rng.choice(["", "", "- ", "> ", "## ", "# ", "1. "])
        lines.append(start + "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 8))))
    return rng.choice(["\n", "\n\n"]).join(lines)


def _numbered(html: str) -> str:
    """The HTML with the numbers of leaked inline placeholders left out: some broken emphasis makes
    Python-Markdown leave one in its output (`klzzwxh:0004`), numbered by how many inline elements it made
    before, which are fewer when the quick reader has made some."""
    return re.sub(r"klzzwxh:[0-9]+", "klzzwxh:", html)


def test_random_blocks_of_markdown_syntax_read_the_same() -> None:
    """Whatever the grammar takes, it reads as Python-Markdown does; the rest it leaves to it."""
    rng = random.Random(23)
    ours = markdown.Markdown(extensions=EXTENSIONS, extension_configs=OPTIONS)
    plain = markdown.Markdown(extensions=EXTENSIONS, extension_configs=OPTIONS)
    plain.parser.blockprocessors.deregister(QUICK_BLOCKS)
    other_host = markdown.Markdown(extensions=EXTENSIONS[:-1], extension_configs=OPTIONS)
    different, other_hosts = [], []
    for _ in range(4000):
        text = _random_document(rng)
        html = _numbered(ours.reset().convert(text))
        if html != _numbered(plain.reset().convert(text)):
            different.append(text)
        if _tags((html, 0)) != _tags((_numbered(other_host.reset().convert(text)), 0)):
            other_hosts.append(text)
    assert different == [] and other_hosts == []


def test_the_builder_s_own_blocks_are_read_quickly_and_the_same() -> None:
    """The shapes of a generated page (see the templates), each taken by the quick reader."""
    document = "\n\n".join(
        [
            "# A title &#40;with entities&#41;",
            "*military unit* — A description.\n**Also named:** X · Y",
            "## Relationships",
            "### Reported: [A](a.md) commands [B](b.md) { #rel-a-commands-b }",
            "[corroborated](#rel-a-commands-b){ .dossier-status .dossier-status-corroborated }",
            "- **When:** 2024 – 30 April 2025.\n- Line 1: [A source](../sources/s.md) (reports)",
            "> The quoted words &#58; as they stand\n> {: data-search-exclude }",
            "— [A source, ¶9](../sources/s.md#q1-2) ([at the original](https://example.com/a?b=1#:~:text=x)) · reports"
            "\n{: .dossier-cite }",
            "- **Date:** 14 January 2024 (precision: day; `2024-01-14`)\n## Participants",
            '[12](#p12){ .dossier-pn } Before <span class="dossier-anchor" id="q5-9"></span><mark>quoted</mark>'
            '<sup class="dossier-cites">[claim](../claims/c.md "A claim &#40;x&#41;")</sup> after.'
            "\n{: #p12 .dossier-para }",
            "*Showing 5 of 9 events.*",
        ]
    )
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=OPTIONS)
    refused: list[str] = []
    run = quickblocks.QuickBlocks.run

    def counted(self: quickblocks.QuickBlocks, parent: object, blocks: list[str]) -> bool:
        done = run(self, parent, blocks)
        if not done:
            refused.append(blocks[0])
        return done

    quick = md.parser.blockprocessors[QUICK_BLOCKS]
    quick.run = counted.__get__(quick)
    html = md.convert(document)
    assert refused == []
    assert html == convert(document, False)[0]
    assert '<a class="dossier-status dossier-status-corroborated" href="#rel-a-commands-b">' in html
    assert '<p class="dossier-para" id="p12">' in html and "<mark>quoted</mark>" in html
    assert "&#40;with entities&#41;" in html
