"""Mermaid labels and flowcharts: annotation text never becomes diagram syntax."""

from __future__ import annotations

import re

import pytest

from builder.render.mermaid import Flowchart, mermaid_label


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Cuba", '"Cuba"'),
        ('He said "no"', '"He said #quot;no#quot;"'),
        ("<b>bold</b> & co", '"#lt;b#gt;bold#lt;/b#gt; #amp; co"'),
        ("a | b ; c # d % e", '"a #124; b #59; c #35; d #37; e"'),
        ("```\nend", '"#96;#96;#96; end"'),
        ("[x] {y} *z* _w_ ~v~", '"#91;x#93; #123;y#125; #42;z#42; #95;w#95; #126;v#126;"'),
        ("Nicolás Maduro (claimant)", '"Nicolás Maduro (claimant)"'),
    ],
)
def test_labels_are_quoted_and_every_special_character_is_an_entity(text: str, label: str) -> None:
    assert mermaid_label(text) == label


def test_labels_are_one_line_and_shortened() -> None:
    label = mermaid_label("word " * 40 + "\r\n\t\x00end", limit=20)
    assert label.count('"') == 2 and "\n" not in label and "\x00" not in label
    assert label.endswith('…"') and len(label) <= 22


HOSTILE = '"]) --> x; click n0 call alert(1) %%\n```\n<script>alert(1)</script>'


def test_a_hostile_label_cannot_escape_its_quotes_or_the_fence() -> None:
    chart = Flowchart()
    chart.node("a", HOSTILE)
    chart.node("b", "B", "box", "unnamed")
    chart.edge("a", "b", HOSTILE)
    text = str(chart.markdown())
    lines = text.split("\n")
    assert lines[0] == "```{.mermaid data-search-exclude}" and lines[-1] == "```" and text.count("```") == 2
    for line in lines[2:-1]:
        # every quote on a line opens or closes a label; nothing between labels but generated syntax
        outside = re.sub(r'"[^"]*"', '""', line)
        assert re.fullmatch(
            r'\s*(n\d+(\(""\)|\[""\]|\(\[""\]\))|n\d+ -->\|""\| n\d+|classDef \w+ [\w:\- ]+|class [n\d,]+ \w+)', outside
        ), line
    assert "<script" not in text and "click" not in text.replace("#lt;", "")[: text.find('"')]


def test_nodes_are_added_once_and_edges_deduplicated() -> None:
    chart = Flowchart("LR")
    first = chart.node("x", "X")
    assert chart.node("x", "ignored") == first
    chart.node("y", "Y")
    chart.edge("x", "y", "knows")
    chart.edge("x", "y", "knows")
    chart.edge("y", "x", "", dashed=True)
    body = str(chart.markdown())
    assert body.count('n0 -->|"knows"| n1') == 1 and "n1 -.-> n0" in body and "ignored" not in body
