"""Hostile contributions, part two (issue 22): every class of bad input is refused with its place, or inert.

Generated rather than hand-picked: every scalar field of every kind meets every absurd scalar in every
YAML reader; every bidi control meets annotators' text; every Windows device name meets every kind;
Hypothesis makes adversarial seeds and quotes and counts the work anchoring does on them.
"""

from __future__ import annotations

import difflib
import re
import time
import unicodedata
from pathlib import Path
from typing import Any, ClassVar
from unittest import mock

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.anchor import match
from builder.anchor.anchoring import locate
from builder.anchor.match import MAX_OCCURRENCES, NEAREST_LIMIT, FlatText, nearest_passage
from builder.cli import main
from builder.load import yaml_nodes
from builder.load.validate import MAX_ID_LENGTH, WINDOWS_RESERVED, Validator
from builder.load.yaml_fast import parse_fast
from builder.load.yaml_nodes import _GIVE_UP, MAX_DEPTH, parse_yaml
from builder.load.ynode import BIDI_CONTROLS
from builder.model.entities import Evidence
from builder.model.schema import load_schema
from builder.model.text import SourceText
from builder.pipeline import check
from builder.problems import Problems
from tests.conftest import checked, messages

SCHEMA = load_schema()
SCALAR_TYPES = {"id", "text", "ref", "enum", "date", "url", "path"}
# Scalars that YAML reads as something the model cannot show as typed (or at all).
ABSURD = {
    "huge decimal": "9" * 5000,
    "huge negative": "-" + "1" * 5000,
    "huge hex": "0x" + "f" * 5000,
    "huge octal": "0" + "7" * 5000,
    "huge with underscores": "1_" * 3000 + "1",
    "overflowing float": "1.0e+400",
    "infinity": ".inf",
    "minus infinity": "-.Inf",
    "not a number": ".NaN",
    "fraction": "1.10",
    "octal": "0777",
    "underscores": "1_000",
    "plus sign": "+5",
    "hex": "0x1F",
    "sexagesimal": "1:30:00",
    "too long": "1" * 19,
}


def _scalar_fields() -> list[tuple[str, str]]:
    return sorted(
        (kind, name)
        for kind, spec in SCHEMA.kinds.items()
        for name, field in spec.fields.items()
        if field.type in SCALAR_TYPES
    )


def _document(field: str, raw: str) -> tuple[str, int]:
    """A file with `raw` as the value of `field`, and the line it is on."""
    if field == "id":
        return f"id: {raw}\n", 1
    return f"id: x\n{field}: {raw}\n", 2


def _read_by_every_reader(text: str) -> Problems:
    """What each of the two readers makes of the text: the fast one leaves it to the careful one."""
    assert parse_fast(text, "f.yaml", MAX_DEPTH, _GIVE_UP) is None
    problems = Problems()
    parse_yaml(text, "f.yaml", problems)
    return problems


@pytest.mark.parametrize("what", sorted(ABSURD))
def test_every_absurd_scalar_is_refused_in_every_field_by_every_reader(what: str) -> None:
    raw = ABSURD[what]
    for kind, field in _scalar_fields():
        forms = [_document(field, raw)]
        if field != "id":
            forms += [(f"id: x\n{field}: [{raw}]\n", 2), (f"id: x\n{field}:\n  - {raw}\n", 3)]
        for text, line in forms:
            problems = _read_by_every_reader(text)
            [problem] = problems.items
            assert problem.location.line == line, (kind, field, text[:80])
            assert problem.fix == "put the text in quotes"
            assert len(problem.message) < 200  # the number is shown cut short, never converted
            node = parse_yaml(text, "f.yaml", Problems())
            assert node is not None
            Validator(SCHEMA, Problems()).entity(node, SCHEMA.kinds[kind])  # what is left validates, no exception


def test_a_number_that_reads_back_as_typed_is_text() -> None:
    for text in ("id: x\nname: 1984\n", "id: x\nnon_body:\n  - kind: masthead\n    paragraphs: 7\n"):
        problems = Problems()
        node = parse_yaml(text, "f.yaml", problems)
        assert node is not None and not problems.items
    problems = Problems()
    node = parse_yaml("id: x\nname: 1984\nkind: person\n", "f.yaml", problems)
    assert node is not None
    actor: Any = Validator(SCHEMA, problems).entity(node, SCHEMA.kinds["actor"])
    assert actor.name == "1984" and not problems.errors


def test_check_prints_no_traceback_whatever_the_scalars(mini: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for number, raw in enumerate(ABSURD.values()):
        (mini / f"annotations/actors/absurd-{number}.yaml").write_text(
            f"id: absurd-{number}\nname: {raw}\nkind: person\naliases: [{raw}]\ndescription: {raw}\n", encoding="utf-8"
        )
        (mini / f"annotations/events/absurd-{number}.yaml").write_text(
            f"id: absurd-{number}\ntitle: T\ndate: {raw}\nevidence:\n  - source: {raw}\n    quote: {raw}\n",
            encoding="utf-8",
        )
    capsys.readouterr()
    assert main(["check", "--root", str(mini)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for number in range(len(ABSURD)):
        for kind in ("actors", "events"):
            assert (
                f"annotations/{kind}/absurd-{number}.yaml:3:" in err
                or f"annotations/{kind}/absurd-{number}.yaml:2:" in err
            )


@settings(max_examples=150, deadline=None)
@given(raw=st.text(alphabet="0123456789abcdefxo_.+-eEInNa:", min_size=1, max_size=30))
def test_the_readers_agree_on_numbers(raw: str) -> None:
    """Whatever a plain scalar looks like, a fast reader gives what the careful one gives, or leaves it to it."""
    text = f"id: x\nname: {raw}\n"
    with mock.patch.object(yaml_nodes, "parse_fast", return_value=None):
        careful_problems = Problems()
        careful = yaml_nodes.parse_yaml(text, "f.yaml", careful_problems)
    fast = parse_fast(text, "f.yaml", MAX_DEPTH, _GIVE_UP)
    if fast is not None:
        assert not careful_problems.items and fast == careful, raw
    if careful is not None and not careful_problems.items:
        value = careful.value["name"][1].value
        assert value is None or isinstance(value, (str, bool)) or str(value) == raw


# Invisible characters ----------------------------------------------------------------------------


@pytest.mark.parametrize("char", sorted(BIDI_CONTROLS))
def test_a_bidi_control_in_annotators_text_is_refused_by_name(char: str) -> None:
    name = unicodedata.name(char)
    for text, line in (
        (f'id: x\nname: "Ana {char}Lopez"\n', 2),
        (f"id: x\naliases: [Ana{char}]\n", 2),
        (f"id: x\nnotes: |\n  a note\n  with {char} in it\n", 2),
        (f'id: x\nevidence:\n  - source: s\n    note: "{char}"\n', 4),
    ):
        problems = _read_by_every_reader(text)
        [problem] = problems.items
        assert problem.location.line == line
        assert f"U+{ord(char):04X} {name}" in problem.message


def test_a_quote_may_hold_the_bidi_controls_of_its_seed(mini: Path) -> None:
    (mini / "seeds/bidi.txt").write_text("Before \u202etxet desrever\u202c after.\n", encoding="utf-8")
    (mini / "annotations/sources/bidi.yaml").write_text(
        "id: bidi\nfile: seeds/bidi.txt\ntitle: Bidi\nlanguage: en\n", encoding="utf-8"
    )
    (mini / "annotations/claims/bidi-quote.yaml").write_text(
        "id: bidi-quote\nstatement: S.\nclaimant: ana-lopez\nevidence:\n"
        '  - source: bidi\n    quote: "\\u202etxet desrever\\u202c"\n',
        encoding="utf-8",
    )
    result = checked(mini)
    assert messages(result) == []
    assert result.dossier.claims["bidi-quote"].evidence[0].anchor is not None


def test_zero_width_characters_in_names_are_warned_about(mini: Path) -> None:
    actor = mini / "annotations/actors/unnamed-engineer.yaml"
    actor.write_text(actor.read_text(encoding="utf-8") + 'aliases: ["Ana\u200bLópez", "نام\u200cخانوادگی"]\n')
    warnings = [p for p in checked(mini).problems.warnings if p.location.path.endswith("unnamed-engineer.yaml")]
    assert len(warnings) == 1, warnings  # the joiner between two Persian letters is the script's own
    assert "U+200B ZERO WIDTH SPACE" in warnings[0].message


# File names -------------------------------------------------------------------------------------


def test_every_windows_device_name_is_refused_as_an_id_of_every_kind() -> None:
    for kind in SCHEMA.kinds:
        for name in sorted(WINDOWS_RESERVED):
            problems = Problems()
            node = parse_yaml(f"id: {name}\n", "f.yaml", problems)
            assert node is not None
            Validator(SCHEMA, problems).entity(node, SCHEMA.kinds[kind])
            assert any("device name on Windows" in p.message for p in problems.errors), (kind, name)
    problems = Problems()
    node = parse_yaml("id: " + "a" * (MAX_ID_LENGTH + 1) + "\n", "f.yaml", problems)
    assert node is not None
    Validator(SCHEMA, problems).entity(node, SCHEMA.kinds["actor"])
    assert any("characters long" in p.message for p in problems.errors)


@settings(max_examples=300, deadline=None)
@given(raw=st.from_regex(r"[a-zA-Z0-9 ._-]{1,12}", fullmatch=True))
def test_an_accepted_id_is_a_file_name_on_every_common_file_system(raw: str) -> None:
    problems = Problems()
    node = parse_yaml(f'id: "{raw}"\n', "f.yaml", problems)
    assert node is not None
    entity = Validator(SCHEMA, problems).entity(node, SCHEMA.kinds["actor"])
    if entity is not None and entity.id:
        stem = entity.id
        assert stem not in WINDOWS_RESERVED and stem.split(".")[0] not in WINDOWS_RESERVED
        assert stem == stem.lower() and not stem.endswith((".", " ")) and len(stem) <= MAX_ID_LENGTH
        assert not set(stem) & set('<>:"/\\|?*')


# Bounded time -----------------------------------------------------------------------------------

WORDS = st.sampled_from(["a", "ab", "a b", "é", "“a”", "--", "a\u00a0b"])


@st.composite
def adversarial(draw: st.DrawFn) -> tuple[str, str, str]:
    """A seed of tiny words (one paragraph or many), a quote that is tiny, a near miss or absent, and a prefix."""
    word = draw(WORDS)
    count = draw(st.integers(1, 60_000))
    seed = draw(st.sampled_from([" ", "\n", "  "])).join([word] * count) + " the end of the text."
    kind = draw(st.sampled_from(["tiny", "near miss", "absent", "long near miss"]))
    if kind == "tiny":
        quote = word
    elif kind == "near miss":
        quote = seed[-40:].replace("end", "ends")
    elif kind == "absent":
        quote = draw(st.text(min_size=1, max_size=50))
    else:
        quote = " ".join([word] * min(count, 20_000)) + " the end of the tex!"
    prefix = draw(st.sampled_from(["", word, "nowhere"]))
    return seed, quote, prefix


class Counted(difflib.SequenceMatcher):  # type: ignore[type-arg]
    compared: ClassVar[list[tuple[int, int]]] = []

    def __init__(self, junk: Any = None, a: str = "", b: str = "", autojunk: bool = True) -> None:
        Counted.compared.append((len(a), len(b)))
        super().__init__(junk, a, b, autojunk)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(case=adversarial())
def test_anchoring_work_is_bounded_by_the_input(case: tuple[str, str, str]) -> None:
    """Counted, not timed: occurrences looked at, characters compared; and a wall budget generous enough
    for a shared machine, linear in the input (the unbounded version took minutes on such input)."""
    seed, quote, prefix = case
    text = SourceText.parse(seed)
    found: list[int] = []
    occurrences = match.occurrences

    def counting(folded: str, quote: str, limit: int = MAX_OCCURRENCES + 1) -> list[match.Occurrence]:
        result = occurrences(folded, quote, limit)
        found.append(len(result))
        return result

    Counted.compared = []
    problems = Problems()
    with (
        mock.patch.object(match.difflib, "SequenceMatcher", Counted),
        mock.patch("builder.anchor.anchoring.occurrences", counting),
    ):
        start = time.perf_counter()
        locate(Evidence(source="s", quote=quote, prefix=prefix), text, problems)
        elapsed = time.perf_counter() - start
    assert all(n <= MAX_OCCURRENCES + 1 for n in found)
    assert all(a <= NEAREST_LIMIT and b <= NEAREST_LIMIT for a, b in Counted.compared)
    assert len(Counted.compared) <= 2  # the passage that starts like the quote, and the one that ends like it
    assert elapsed < 2.0 + 2e-6 * (len(seed) + len(quote)), elapsed
    assert len(problems.items) <= 1


@settings(max_examples=100, deadline=None)
@given(
    words=st.lists(st.text(alphabet="abcdefgh", min_size=1, max_size=8), min_size=3, max_size=40),
    data=st.data(),
)
def test_the_closest_passage_is_whole_words_and_says_where_it_parts(words: list[str], data: st.DataObject) -> None:
    paragraph = " ".join(words)
    first = data.draw(st.integers(0, len(words) - 2))
    last = data.draw(st.integers(first + 1, len(words)))
    quote = " ".join(words[first:last])
    if len(quote) < 12:
        return  # a quote of a few letters with a typo may be most like anything
    at = data.draw(st.integers(0, len(quote) - 1))
    typo = quote[:at] + "Z" + quote[at + 1 :]
    nearest = nearest_passage(FlatText.of(["Before.", paragraph]), typo)
    if nearest is None:
        return  # too little alike to help (a short quote with its typo)
    assert nearest.paragraph == 2
    shown = nearest.text.split()
    assert shown and shown[0] in words and shown[-1] in words, (nearest.text, words)  # no first letter lost
    assert "Z" in nearest.quote_part and "Z" not in nearest.source_part


# YAML syntax in plain words ----------------------------------------------------------------------

JARGON = (
    "<block end>",
    "<scalar>",
    "<block mapping start>",
    "<block sequence start>",
    "while parsing",
    "while scanning",
)
BREAKS = {
    "colon in a value": lambda line: line + ": more" if ": " in line else line,
    "indented more": lambda line: "  " + line,
    "indented less": lambda line: line[1:] if line.startswith("  ") else line,
    "tab": lambda line: "\t" + line,
    "unclosed quote": lambda line: line.replace(": ", ': "', 1),
    "text after a quote": lambda line: line.replace(": ", ': "x" y ', 1),
    "unclosed list": lambda line: line.replace(": ", ": [x, ", 1),
    "stray dash": lambda line: "- " + line.strip(),
    "bare word": lambda line: line.split(":")[0].strip() or line,
}


@pytest.mark.parametrize("how", sorted(BREAKS))
def test_yaml_syntax_errors_are_said_in_plain_words_with_a_caret(how: str) -> None:
    """Each real annotation, broken on each of its lines in one way: the message speaks no parser jargon."""
    files = sorted(Path(__file__).parent.joinpath("fixtures/mini/annotations").rglob("*.yaml"))
    seen = 0
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        for number in range(1, len(lines)):
            broken = [*lines[:number], BREAKS[how](lines[number]), *lines[number + 1 :]]
            problems = Problems()
            parse_yaml("\n".join(broken) + "\n", "f.yaml", problems)
            for problem in problems.items:
                if "not valid YAML" not in problem.message:
                    continue
                seen += 1
                assert not any(word in problem.message for word in JARGON), problem.text()
                assert problem.text().splitlines()[-1].strip() == "^", problem.text()
    assert seen, how


# The source page of a large seed --------------------------------------------------------------


def test_a_source_page_is_the_same_with_or_without_the_text_block_extension(mini: Path) -> None:
    """The extension buys time (bench/large_seed.py), never a different page."""
    from builder.pipeline import render

    result = check(mini)
    page = render(result).pages["sources/planet-bridge.md"]
    body = page.split("\n---\n", 1)[1] if page.startswith("---") else page
    extensions = ["attr_list", "md_in_html", "tables", "toc"]
    plain = markdown.Markdown(extensions=extensions).convert(body)
    fast = markdown.Markdown(extensions=[*extensions, "builder.render.textblock"]).convert(body)
    assert '<div class="dossier-text">' in fast and 'id="p1"' in fast
    assert re.sub(r">\s+<", "><", fast) == re.sub(r">\s+<", "><", plain)
