"""Per-text work is remembered by content between builds, and gives the same results as from scratch."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from builder.analyse import discrepancies, mentions, overlap
from builder.analyse.figures import figures
from builder.analyse.mentions import MentionMemo, NameFinder, find_mentions
from builder.cache import ServeCache
from builder.model.dossier import Dossier
from builder.model.entities import Actor
from builder.model.text import SourceText
from builder.pipeline import Checked
from tests.test_analysis_discrepancies import ACTORS, TEXTS, toll
from tests.test_analysis_dossier import Spec, build, cross_of


@pytest.mark.parametrize(
    "text",
    [
        "Plain ASCII words, with_underscores and 1,234 numbers.",
        "Ünïcödé Straße café ÉLAN naïve – “quoted” — dash…",
        "ﬁne ligature, Kelvin \u212a sign, İstanbul, ŉ apostrophe, ΣΊΣΥΦΟΣ",
        "tabs\tand\u00a0non-breaking\u2028separators\r\nhere",
        "",
    ],
)
def test_words_are_those_of_the_casefolded_text(text: str) -> None:
    expected = re.findall(r"\w+", text.casefold())
    assert [w.decode("utf-8") for w in overlap.words(text)] == expected


def test_shingles_are_remembered_by_text_and_body(monkeypatch: pytest.MonkeyPatch) -> None:
    text = SourceText.parse("\n".join(f"paragraph {n} " + "some words here and there " * 20 for n in range(5)))
    known = overlap.OverlapMemo()
    first = overlap.find_overlaps({"a": text, "b": SourceText.parse(text.text)}, known)
    calls: list[SourceText] = []
    original = overlap.shingles
    monkeypatch.setattr(overlap, "shingles", lambda t: calls.append(t) or original(t))
    assert overlap.find_overlaps({"a": text, "b": SourceText.parse(text.text)}, known) == first
    assert calls == []  # both texts remembered
    other = SourceText.parse(text.text)
    other.non_body[1] = None  # type: ignore[assignment]
    overlap.find_overlaps({"a": text, "c": other}, known)
    assert calls == [other]  # a different body is shingled again


def test_remembered_mentions_follow_the_names(monkeypatch: pytest.MonkeyPatch) -> None:
    dossier = Dossier(texts={"s": SourceText.parse("Ana met Bo.\nBo left.")})
    ana = Actor(id="ana", name="Ana", kind="person")
    bo = Actor(id="bo", name="Bo", kind="person")
    memo = MentionMemo()
    first = find_mentions(dossier, NameFinder([ana, bo]), memo)
    scans: list[str] = []
    original = mentions.mentions_in
    monkeypatch.setattr(mentions, "mentions_in", lambda f, s, t: scans.append(s) or original(f, s, t))
    again = find_mentions(dossier, NameFinder([ana, bo]), memo)
    assert again == first and scans == []
    assert again["bo"] is not first["bo"]  # fresh lists: the last build's results stay intact
    fewer = find_mentions(dossier, NameFinder([ana]), memo)
    assert scans == ["s"] and set(fewer) == {"ana"}


def test_a_rebuild_reads_figures_only_from_new_quotes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def discrepancies_of(result: Checked) -> list[tuple[str, list[float], list[str]]]:
        return [(d.slug, d.values, d.sources) for d in cross_of(result).discrepancies]

    claims = [
        toll("toll-a", "a", "At least 83 people were killed in 21 strikes", differs_from=["toll-b"]),
        toll("toll-b", "b", "At least 80 fatalities were recorded in over 20 strikes"),
    ]
    cache = ServeCache(tmp_path.resolve())
    first = discrepancies_of(analysed_result(tmp_path, claims, cache))
    read: list[str] = []
    monkeypatch.setattr(discrepancies, "figures", lambda text: read.append(text) or figures(text))
    assert discrepancies_of(analysed_result(tmp_path, claims, cache)) == first
    assert read == []  # every quote remembered
    claims[1] = toll("toll-b", "c", "Exactly 90 people died")
    changed = discrepancies_of(analysed_result(tmp_path, claims, cache))
    assert read == ["Exactly 90 people died"]
    assert changed != first and [d[1] for d in changed] == [[83, 90]]


def analysed_result(root: Path, claims: list[Spec], cache: ServeCache) -> Checked:
    for old in (root / "annotations" / "claims").glob("*.yaml"):
        old.unlink()
    return build(
        root, sources=[{"id": k, "text": v} for k, v in TEXTS.items()], actors=ACTORS, claims=claims, cache=cache
    )
