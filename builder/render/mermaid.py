"""Mermaid flowcharts built safely from annotation text.

Annotation text never becomes Mermaid syntax: node ids are generated (n0, n1 ...),
and every label is quoted and passed through `mermaid_label`, which writes each
character Mermaid or its HTML labels could read as syntax as a Mermaid entity
(`#quot;`, `#35;` ...). The diagram sits in a ```mermaid fence, which Markdown
does not read, and the fence cannot be closed from inside because backticks are
escaped too.

The fence is marked `data-search-exclude` (with attr_list; without it the mark is
dropped): Material's search would otherwise index every diagram's source, so that
"flowchart" or "published by" found every claim (and ~7% of the index was code).
"""

from __future__ import annotations

from functools import lru_cache

from builder.render.markdown import Md

# Characters written as Mermaid entity codes inside a quoted label.
_ENTITIES = {
    '"': "#quot;",
    "#": "#35;",
    "&": "#amp;",
    "<": "#lt;",
    ">": "#gt;",
    "`": "#96;",
    "|": "#124;",
    "%": "#37;",
    ";": "#59;",
    "\\": "#92;",
    "{": "#123;",
    "}": "#125;",
    "[": "#91;",
    "]": "#93;",
    "*": "#42;",
    "_": "#95;",
    "~": "#126;",
}
LABEL_LIMIT = 48
_SHAPES = {"box": ("[", "]"), "round": ("(", ")"), "stadium": ("([", "])")}


_TRANSLATE = str.maketrans(_ENTITIES)


@lru_cache(maxsize=1 << 16)
def mermaid_label(text: object, limit: int = LABEL_LIMIT) -> str:
    """`text` as a quoted Mermaid label: one line, shortened, every special character an entity.

    Remembered by text: the same actor and source names are drawn on many pages.
    """
    text = str(text)
    if not text.isprintable():
        text = "".join(c if c.isprintable() else " " for c in text)
    folded = " ".join(text.split())
    if len(folded) > limit:
        folded = folded[: limit - 1].rstrip() + "…"
    return '"' + folded.translate(_TRANSLATE) + '"'


class Flowchart:
    """A flowchart of labelled nodes and edges, keyed by the builder's own ids."""

    def __init__(self, direction: str = "LR") -> None:
        self.direction = direction
        self.ids: dict[str, str] = {}
        self.lines: list[str] = []
        self.edges: set[tuple[str, str, str]] = set()
        self.classes: dict[str, list[str]] = {}

    def node(self, key: str, label: object, shape: str = "box", css: str = "") -> str:
        """Add a node once; `shape` is box, round or stadium."""
        if key in self.ids:
            return self.ids[key]
        node_id = f"n{len(self.ids)}"
        self.ids[key] = node_id
        left, right = _SHAPES[shape]
        self.lines.append(f"  {node_id}{left}{mermaid_label(label)}{right}")
        if css:
            self.classes.setdefault(css, []).append(node_id)
        return node_id

    def edge(self, a: str, b: str, label: object = "", dashed: bool = False) -> None:
        key = (a, b, str(label))
        if key in self.edges:
            return
        self.edges.add(key)
        arrow = "-.->" if dashed else "-->"
        text = f"|{mermaid_label(label, 32)}|" if label else ""
        self.lines.append(f"  {self.ids[a]} {arrow}{text} {self.ids[b]}")

    def markdown(self) -> Md:
        """The diagram as a fenced ```mermaid block, left out of the search index."""
        styles = {
            "unnamed": "stroke-dasharray: 4 3",
            "focus": "stroke-width: 3px",
            "source": "font-style: italic",
        }
        body = [f"flowchart {self.direction}", *self.lines]
        for css, members in self.classes.items():
            body.append(f"  classDef {css} {styles.get(css, '')}")
            body.append(f"  class {','.join(members)} {css}")
        return Md(f"{FENCE}\n" + "\n".join(body) + "\n```")


FENCE = "```{.mermaid data-search-exclude}"
