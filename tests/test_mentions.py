"""Actor mentions: whole words, longest name first, linear scan."""

from __future__ import annotations

from pathlib import Path

from builder.analyse.mentions import NameFinder
from builder.model.entities import Actor
from tests.conftest import Write, checked, messages


def finder(*actors: tuple[str, list[str]]) -> NameFinder:
    return NameFinder(
        [Actor(id=f"a{i}", name=name, aliases=aliases, kind="person") for i, (name, aliases) in enumerate(actors)]
    )


def test_longest_name_wins_and_words_are_whole() -> None:
    names = finder(("Ana", []), ("Ana López", ["Ana Lopez"]))
    text = "Ana López met Anatoly and Ana; ana was absent. Ana Lopez."
    found = [(actor, text[s:e]) for actor, s, e in names.find(text)]
    assert found == [("a1", "Ana López"), ("a0", "Ana"), ("a1", "Ana Lopez")]


def test_a_name_followed_by_a_longer_word_still_matches_the_shorter_name() -> None:
    names = finder(("Cuba", []), ("Cuba Libre", []))
    assert [(a, s, e) for a, s, e in names.find("Cuba Libres")] == [("a0", 0, 4)]


def test_unnamed_sources_are_not_searched_for() -> None:
    actor = Actor(id="officials", name="officials", kind="unnamed-source")
    assert NameFinder([actor]).find("officials said") == []


def test_mentions_are_found_in_body_paragraphs_only(mini: Path) -> None:
    result = checked(mini)
    mentions = result.analysis.mentions
    assert {(m.source, m.paragraph) for m in mentions["ana-lopez"]} == {("planet-bridge", 3), ("gazette-bridge", 2)}
    # "Daily Planet" is the masthead of planet-bridge (not body) and is cited in the gazette's body.
    assert {(m.source, m.paragraph) for m in mentions["daily-planet"]} == {("gazette-bridge", 1)}


def test_a_name_shared_by_two_actors_is_a_warning(write: Write, mini: Path) -> None:
    write("annotations/actors/other-ana.yaml", "id: other-ana\nname: Ana López\nkind: person\n")
    assert any("'Ana López' is also used by the actor 'ana-lopez'" in m for m in messages(checked(mini)))
