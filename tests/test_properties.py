"""Property-based tests: whatever a stranger writes, the builder reports Problems and never crashes."""

from __future__ import annotations

import html
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.anchor.anchoring import locate, mark_non_body
from builder.anchor.match import fold_quote
from builder.load.validate import Validator
from builder.load.yaml_nodes import parse_yaml
from builder.model.entities import Evidence, NonBody, Source
from builder.model.schema import load_schema
from builder.model.text import SourceText
from builder.pipeline import check
from builder.problems import Problem, Problems
from builder.render.markdown import bidi_sign, escape, escape_inline, title_json
from tests.conftest import FIXTURES

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text as strangers type it: any character, with the ones that matter to YAML, Markdown and HTML often.
SPECIAL = st.sampled_from(
    [*"<>&\"'`*_[](){}#|~^=:!%$@\\-.+\n\r\t \u00a0\u2028\ufeff\x00\x07\x85\ud800\u202e\u2067\u200f", "---", "-->"]
)
TEXT = st.lists(st.one_of(st.characters(), SPECIAL, st.sampled_from(["bridge", "the", "safe", "2025-11"])), max_size=30)
TEXT = TEXT.map("".join)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    TEXT,
    st.sampled_from(["ana-lopez", "planet-bridge", "bridge-closed", "2025-11-26", "2025-13", "seeds/wire.txt"]),
)
FIELDS = sorted({name for kind in load_schema().kinds.values() for name in kind.fields} | {"quote", "source", "prefix"})
KEYS = st.one_of(st.sampled_from(FIELDS), TEXT)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=6)),
    max_leaves=25,
)
KINDS = sorted(load_schema().kinds)


def well_formed(problem: Problem) -> None:
    assert isinstance(problem.message, str) and problem.message
    assert problem.location.path and not Path(problem.location.path).is_absolute()
    problem.text().encode("utf-8", "backslashreplace")
    problem.github()


@pytest.fixture(scope="module")
def dossier() -> Iterator[Path]:
    """One copy of the mini dossier for the whole module: each example overwrites one file."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "mini"
        shutil.copytree(FIXTURES / "mini", root)
        yield root


def _dump(document: Any) -> str:
    return yaml.safe_dump(document, allow_unicode=True)


def _write_and_check(root: Path, kind: str, text: str | bytes) -> None:
    folder = root / "annotations" / load_schema().kinds[kind].folder
    path = folder / "random-entity.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    try:
        result = check(root)
    finally:
        path.unlink()
    for problem in result.problems.items:
        well_formed(problem)


@SETTINGS
@given(kind=st.sampled_from(KINDS), document=DOCUMENTS)
def test_random_yaml_documents_give_problems_not_crashes(dossier: Path, kind: str, document: Any) -> None:
    _write_and_check(dossier, kind, _dump(document))


@SETTINGS
@given(kind=st.sampled_from(KINDS), changes=st.dictionaries(KEYS, DOCUMENTS, max_size=4), drop=st.sets(KEYS))
def test_valid_documents_with_random_changes(dossier: Path, kind: str, changes: dict, drop: set) -> None:
    """Start from a valid entity and break it, to reach deep into validation and anchoring."""
    valid = {
        "source": "planet-bridge.yaml",
        "actor": "ana-lopez.yaml",
        "event": "bridge-closed.yaml",
        "claim": "bridge-is-safe.yaml",
        "relationship": "lopez-opposes-engineer.yaml",
    }[kind]
    folder = load_schema().kinds[kind].folder
    document = yaml.safe_load((FIXTURES / "mini/annotations" / folder / valid).read_text(encoding="utf-8"))
    document = {k: v for k, v in document.items() if k not in drop} | changes
    document["id"] = "random-entity"
    _write_and_check(dossier, kind, _dump(document))


@SETTINGS
@given(kind=st.sampled_from(KINDS), text=st.one_of(TEXT, st.binary(max_size=200)))
def test_random_text_and_bytes_as_an_annotation_file(dossier: Path, kind: str, text: str | bytes) -> None:
    _write_and_check(dossier, kind, text)


@SETTINGS
@given(text=TEXT, depth=st.integers(0, 200), bracket=st.sampled_from(["[", "{a: ", "- ", "a:\n  "]))
def test_the_yaml_parser_never_raises(text: str, depth: int, bracket: str) -> None:
    problems = Problems()
    node = parse_yaml(bracket * depth + text, "f.yaml", problems)
    if node is not None:
        Validator(load_schema(), problems).entity(node, load_schema().kinds["claim"])
    for problem in problems.items:
        well_formed(problem)


# Anchoring -------------------------------------------------------------------------------------------

SEED = st.lists(st.one_of(TEXT, st.sampled_from(["the bridge is safe", "\n", "\r\n", "\n\n", "  "])), max_size=12)
SEED = SEED.map("".join)


@SETTINGS
@given(seed=SEED, quote=TEXT, prefix=TEXT, suffix=TEXT)
def test_random_quotes_give_an_anchor_or_a_problem(seed: str, quote: str, prefix: str, suffix: str) -> None:
    text = SourceText.parse(seed)
    problems = Problems()
    evidence = Evidence(source="s", quote=quote, prefix=prefix, suffix=suffix)
    anchor = locate(evidence, text, problems)
    if anchor is None:
        assert problems.items or not fold_quote(quote)
    else:
        assert not problems.items
        assert fold_quote(seed[anchor.start : anchor.end]) == fold_quote(quote)
        assert text.paragraph_at(anchor.start) == anchor.paragraph >= 1


@SETTINGS
@given(seed=SEED, data=st.data())
def test_a_quote_copied_from_the_source_is_found(seed: str, data: st.DataObject) -> None:
    text = SourceText.parse(seed)
    if not len(text):
        return
    number = data.draw(st.integers(1, len(text)))
    paragraph = text.paragraph(number)
    start = data.draw(st.integers(0, len(paragraph) - 1))
    end = data.draw(st.integers(start + 1, len(paragraph)))
    quote = paragraph[start:end]
    problems = Problems()
    anchor = locate(Evidence(source="s", quote=quote), text, problems)
    if anchor is not None:
        assert fold_quote(seed[anchor.start : anchor.end]) == fold_quote(quote)
    elif fold_quote(quote):
        [problem] = problems.items
        assert "times in the article body" in problem.message


@SETTINGS
@given(
    seed=SEED,
    start=TEXT,
    end=TEXT,
    prefix=TEXT,
    paragraphs=st.one_of(TEXT, st.from_regex(r"\d{1,3}(-\d{1,3})?", fullmatch=True)),
)
def test_random_non_body_passages(seed: str, start: str, end: str, prefix: str, paragraphs: str) -> None:
    text = SourceText.parse(seed)
    source = Source(id="s", non_body=[NonBody(kind="teaser", start=start, end=end, prefix=prefix)])
    source.non_body.append(NonBody(kind="faq", paragraphs=paragraphs))
    problems = Problems()
    mark_non_body(source, text, problems)
    assert all(1 <= n <= len(text) for n in text.non_body)


# Escaping --------------------------------------------------------------------------------------------

MD = markdown.Markdown(extensions=["attr_list", "md_in_html", "admonition", "tables", "toc", "pymdownx.superfences"])


UNSHOWABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def _shown(text: str) -> str:
    """What a stranger's text looks like on the page: the same, on one line, control characters as �, and
    the bidi controls that open a scope as visible signs (⟦RLO⟧), so that none can reorder the page."""
    shown = UNSHOWABLE.sub("\ufffd", " ".join(text.split()))
    return re.sub("[\u202a-\u202e\u2066-\u2069]", lambda m: bidi_sign(m.group()), shown)


@SETTINGS
@given(text=TEXT)
def test_escaped_text_renders_as_exactly_that_text(text: str) -> None:
    for before in ("", "- item ", "Label: "):
        rendered = MD.reset().convert(before + str(escape(text)))
        body = rendered.removeprefix("<ul>\n<li>").removesuffix("</li>\n</ul>")
        body = body.removeprefix("<p>").removesuffix("</p>")
        assert "<" not in body, rendered
        assert html.unescape(body).strip() == (before.removeprefix("- ") + _shown(text)).strip()


@SETTINGS
@given(text=TEXT)
def test_escaped_seed_segments_render_as_that_text(text: str) -> None:
    rendered = MD.reset().convert(f"x {escape_inline(text)} x")
    body = rendered.removeprefix("<p>").removesuffix("</p>")
    assert "<" not in body, rendered
    assert " ".join(html.unescape(body).split()) == _shown(f"x {text} x")


@SETTINGS
@given(text=TEXT)
def test_page_titles_are_always_valid_front_matter(text: str) -> None:
    """MkDocs reads front matter with libyaml and drops what it cannot parse; a title must always parse."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(f"title: {title_json(text)!s}\n", Loader=loader)
    assert html.unescape(data["title"]) == re.sub("[\ufffe\uffff]", "\ufffd", _shown(text))
    assert "<" not in data["title"] and '"' not in data["title"]
