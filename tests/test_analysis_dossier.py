"""A tiny-dossier builder for the cross-source analysis tests, and a check that it builds sound dossiers.

`build(root, sources=..., actors=..., ...)` writes seeds and annotation YAML from
plain dicts and runs the pipeline's `check`, so each test states only what matters
to it. A source dict takes its seed text under `text`; evidence defaults to
`stance: reports`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from builder.analyse.crosssource import CrossSource
from builder.cache import ServeCache
from builder.pipeline import Checked, check

Spec = dict[str, Any]

_BANK = (
    "harbour council minister river border budget ferry report market village storm bridge school railway "
    "garden factory treaty island museum festival tunnel airport hospital court station valley forest mayor "
    "ship cargo union strike energy grain coast canal tower engineer vote election army police press"
)
WORDS = _BANK.split()


def prose(seed: int, words: int = 300) -> str:
    """Deterministic filler text of `words` words, in sentences of ten, one paragraph per 60 words."""
    rng = random.Random(seed)
    out = []
    for i in range(words):
        word = rng.choice(WORDS)
        out.append(word.capitalize() if i % 10 == 0 else word)
        if i % 10 == 9:
            out[-1] += "."
        if i % 60 == 59:
            out[-1] += "\n"
    return " ".join(out).replace("\n ", "\n")


def _dump(folder: Path, spec: Spec) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{spec['id']}.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), "utf-8")


def build(
    root: Path,
    *,
    sources: Sequence[Spec] = (),
    actors: Sequence[Spec] = (),
    events: Sequence[Spec] = (),
    claims: Sequence[Spec] = (),
    relationships: Sequence[Spec] = (),
    cache: ServeCache | None = None,
) -> Checked:
    """Write a dossier under `root` (replacing nothing else) and check it (as serve would, given a `cache`)."""
    for spec in sources:
        spec = dict(spec)
        text = spec.pop("text")
        (root / "seeds").mkdir(parents=True, exist_ok=True)
        (root / "seeds" / f"{spec['id']}.txt").write_text(text, "utf-8")
        spec = {
            "file": f"seeds/{spec['id']}.txt",
            "title": spec["id"].replace("-", " ").title(),
            "language": "en",
        } | spec
        _dump(root / "annotations" / "sources", spec)
    for spec in actors:
        _dump(root / "annotations" / "actors", {"name": spec["id"].replace("-", " ").title(), "kind": "person"} | spec)
    for spec in events:
        _dump(root / "annotations" / "events", {"title": spec["id"].replace("-", " ")} | spec)
    for spec in claims:
        _dump(root / "annotations" / "claims", {"statement": spec["id"].replace("-", " ")} | spec)
    for spec in relationships:
        _dump(root / "annotations" / "relationships", spec)
    return check(root, cache=cache)


def cross_of(result: Checked) -> CrossSource:
    """The cross-source analysis of a checked dossier (always computed by `analyse`)."""
    assert result.analysis.cross is not None
    return result.analysis.cross


def quote(source: str, text: str, **extra: Any) -> Spec:
    return {"source": source, "quote": text, **extra}


def test_build_writes_a_sound_dossier(tmp_path: Path) -> None:
    result = build(
        tmp_path,
        sources=[{"id": "s1", "text": "The council met on Monday.\nIt voted."}],
        actors=[{"id": "council", "kind": "government-body"}],
        claims=[{"id": "c1", "claimant": "council", "evidence": [quote("s1", "The council met")]}],
    )
    assert [p.text() for p in result.problems.errors] == []
    assert result.analysis.cross is not None
    assert set(result.analysis.cross.statuses) == {"c1"}


def test_prose_is_deterministic_and_long_enough() -> None:
    assert prose(1) == prose(1) != prose(2)
    assert len(prose(1, 400).split()) == 400
