"""What a rebuild under `mkdocs serve` reuses from the last one, and what it must not.

tests/test_incremental.py walks random edits and compares whole builds; the tests here aim at one
reuse path each, with the edits that must defeat it.
"""

from __future__ import annotations

import csv
import gc
import io
import json
import random
import re
import subprocess
import sys
import weakref
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from builder.analyse import mentions
from builder.analyse.figures import figures
from builder.analyse.mentions import Mention, MentionMemo, NameFinder
from builder.cache import ServeCache
from builder.export import Memo, export_files
from builder.model.dossier import Dossier
from builder.model.entities import Actor, Claim
from builder.model.text import SourceText
from builder.pipeline import Checked, check, gc_paused, render
from builder.render.run import render_pages
from builder.render.site import Site
from tests.test_analysis_dossier import cross_of

REPO = Path(__file__).resolve().parent.parent


class _Node:
    def __init__(self) -> None:
        self.other: _Node | None = None


def test_objects_made_with_the_collector_paused_go_to_the_oldest_generation_and_stay_collectable() -> None:
    was = gc.isenabled()
    gc.enable()
    try:
        with gc_paused():
            kept = [_Node() for _ in range(1000)]
            cycle = _Node()
            cycle.other = _Node()
            cycle.other.other = cycle
            gone = weakref.ref(cycle)
            del cycle
        assert gc.isenabled()
        assert gc.get_freeze_count() == 0, "nothing is left frozen"
        assert all(gc.is_tracked(node) for node in kept)
        young = {id(o) for generation in (0, 1) for o in gc.get_objects(generation)}
        assert not any(id(node) in young for node in kept), "promoted without a young collection"
        assert gone() is not None  # a cycle waits for a full collection ...
        gc.collect()
        assert gone() is None  # ... which frees it
    finally:
        if not was:
            gc.disable()


def test_objects_frozen_by_someone_else_stay_frozen() -> None:
    was = gc.isenabled()
    gc.enable()
    frozen = _Node()
    gc.freeze()
    try:
        with gc_paused():
            _Node()
        # Had gc_paused unfrozen them, none would be left. (Not an exact count: a frozen object may be freed
        # meanwhile, by another thread such as the browser tests' idle web server.)
        assert gc.get_freeze_count() > 0
        assert not any(o is frozen for o in gc.get_objects()), "still frozen: in no generation"
    finally:
        gc.unfreeze()
        if not was:
            gc.disable()


# Mentions -------------------------------------------------------------------------------------------------


def _fresh_mentions(texts: dict[str, SourceText], actors: list[Actor]) -> dict[str, list[Mention]]:
    finder = NameFinder(actors)
    found: dict[str, list[Mention]] = {}
    for source_id, text in texts.items():
        for mention in mentions.mentions_in(finder, source_id, text):
            found.setdefault(mention.actor, []).append(mention)
    return found


def test_mentions_after_name_changes_are_those_of_a_fresh_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Random names over random texts, changed one at a time: renamed, given or robbed of an alias, a longer
    name over a shorter one, a name passing to another actor; each time the remembered scan equals a fresh one."""
    memo = MentionMemo()
    rng = random.Random(5)
    words = ["Ana", "Bo", "Lopez", "Port", "Gazette", "said", "the", "bridge", "Maria", "of"]
    texts = {
        f"s{n}": SourceText.parse("\n\n".join(" ".join(rng.choices(words, k=12)) for _ in range(3))) for n in range(12)
    }
    dossier = Dossier(texts=texts)
    pool = ["Ana", "Bo", "Ana Lopez", "Ana Maria Lopez", "Port", "Gazette", "the Gazette", "Bo of Port", "Nobody"]
    names = {f"a{n}": [rng.choice(pool)] for n in range(5)}
    for step in range(60):
        actor = rng.choice(list(names))
        change = rng.choice(["rename", "alias", "drop", "swap"])
        if change == "rename":
            names[actor] = [rng.choice(pool), *names[actor][1:]]
        elif change == "alias":
            names[actor] = [*names[actor], rng.choice(pool)]
        elif change == "drop" and len(names[actor]) > 1:
            names[actor] = names[actor][:-1]
        else:  # the same names, in another order of actors: a shared name passes to the other actor
            keys = list(names)
            rng.shuffle(keys)
            names = {k: names[k] for k in keys}
        actors = [Actor(id=k, name=v[0], aliases=v[1:], kind="person") for k, v in names.items()]
        found = mentions.find_mentions(dossier, NameFinder(actors), memo)
        assert dict(found) == _fresh_mentions(texts, actors), (step, change)


def test_a_new_name_found_nowhere_rescans_no_text(monkeypatch: pytest.MonkeyPatch) -> None:
    memo = MentionMemo()
    dossier = Dossier(texts={"a": SourceText.parse("Ana met Bo."), "b": SourceText.parse("Bo left the port.")})
    ana, bo = Actor(id="ana", name="Ana", kind="person"), Actor(id="bo", name="Bo", kind="person")
    first = mentions.find_mentions(dossier, NameFinder([ana, bo]), memo)
    scans: list[str] = []
    original = mentions.mentions_in
    monkeypatch.setattr(mentions, "mentions_in", lambda f, s, t: scans.append(s) or original(f, s, t))
    alias = Actor(id="ana", name="Ana", aliases=["Anastasia"], kind="person")
    assert mentions.find_mentions(dossier, NameFinder([alias, bo]), memo) == first and scans == []
    port = Actor(id="bo", name="Bo", aliases=["port"], kind="person")
    again = mentions.find_mentions(dossier, NameFinder([alias, port]), memo)
    assert scans == ["b"], "only the text holding the new name"
    assert [m.end - m.start for m in again["bo"]] == [2, 2, 4]


# Export memo ----------------------------------------------------------------------------------------------


@pytest.fixture
def generated(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "gen"
    subprocess.run(
        [sys.executable, str(REPO / "bench" / "generate.py"), "--sources", "30", "--out", str(root), "--seed", "4"],
        check=True,
        capture_output=True,
    )
    _CACHES[root] = ServeCache(root.resolve())
    yield root
    del _CACHES[root]


_CACHES: dict[Path, ServeCache] = {}  # each generated dossier's, as `mkdocs serve` keeps one


def served(root: Path) -> Checked:
    """A check as a rebuild under serve makes it."""
    return check(root, cache=_CACHES[root])


def _claim(root: Path, n: int = 0) -> Path:
    return sorted((root / "annotations" / "claims").glob("*.yaml"))[n]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def exported(checked: Checked, memo: Memo | None = None) -> dict[str, str]:
    return export_files(checked.dossier, checked.analysis.cross, memo)


def test_exports_follow_what_each_entity_reads(generated: Path) -> None:
    """An actor's new name reaches the exports of the claims that name it; a source's new title reaches the
    annotations quoting it; a seed edit reaches the quotes of that source; what did not change is kept whole."""
    memo = _CACHES[generated].exports
    first = exported(served(generated), memo)
    claim = _claim(generated)
    _edit(claim, "statement: ", "statement: Edited, ")
    second = exported(served(generated), memo)
    assert second == exported(check(generated))
    assert second["data/claims.csv"] != first["data/claims.csv"]
    assert second["data/timeline.json"] is first["data/timeline.json"], "no event changed: the very same text"
    seed = sorted((generated / "seeds").glob("*.txt"))[1]  # every quote of it moves down a paragraph
    seed.write_text("A new first paragraph.\n\n" + seed.read_text(encoding="utf-8"), encoding="utf-8")
    third = exported(served(generated), memo)
    assert memo.reused > 0
    assert third == exported(check(generated))
    claimant = re.search(r"(?m)^claimant: (\S+)", claim.read_text(encoding="utf-8"))
    assert claimant is not None
    _edit(generated / "annotations" / "actors" / f"{claimant.group(1)}.yaml", "name: ", "name: Renamed ")
    source = sorted((generated / "annotations" / "sources").glob("*.yaml"))[0]
    _edit(source, "title: ", "title: Retitled ")
    fourth = exported(served(generated), memo)
    assert fourth == exported(check(generated))
    assert "Renamed " in fourth["data/claims.csv"] and "Retitled " in fourth["data/annotations.jsonld"]
    for path in list(generated.rglob("*.yaml"))[:3]:
        path.unlink()
    assert exported(served(generated), memo) == exported(check(generated))


def test_exports_follow_statuses_and_degrees(generated: Path) -> None:
    """What an entity's export reads beyond the entities it refers to (its status, an actor's number of
    relationships) reaches the exports when another entity changes it: a claim newly contradicted by another
    is disputed, an actor with one more relationship has a new degree; unchanged files are the very same text."""
    memo = _CACHES[generated].exports
    first = exported(served(generated), memo)
    undisputed = [
        row["id"] for row in csv.DictReader(io.StringIO(first["data/claims.csv"])) if row["status"] == "corroborated"
    ]
    target_id = undisputed[0]
    claims = sorted((generated / "annotations" / "claims").glob("*.yaml"))
    other = next(p for p in claims if p.stem != target_id and "contradicts:" not in p.read_text(encoding="utf-8"))
    other.write_text(other.read_text(encoding="utf-8") + f"contradicts: [{target_id}]\n", encoding="utf-8")
    second = exported(served(generated), memo)
    assert second == exported(check(generated))
    row = [line for line in second["data/claims.csv"].splitlines() if line.startswith(f"{target_id},")]
    assert row and "disputed" in row[0] and row[0] not in first["data/claims.csv"]
    assert json.loads(second["data/dossier.json"])["claims"][target_id]["status"]["disputed"] is True
    assert second["data/timeline.json"] is first["data/timeline.json"]
    relationship = sorted((generated / "annotations" / "relationships").glob("*.yaml"))[0]
    again = re.sub(r"(?m)^id: .*$", "id: said-again", relationship.read_text(encoding="utf-8"), count=1)
    (relationship.parent / "said-again.yaml").write_text(again, encoding="utf-8")
    third = exported(served(generated), memo)
    assert third == exported(check(generated))
    subject = json.loads(third["data/dossier.json"])["relationships"]["said-again"]["subject"]
    degrees = [
        {n["id"]: n["degree"] for n in json.loads(files["data/network.json"])["nodes"]} for files in (second, third)
    ]
    assert degrees[1][subject] == degrees[0][subject] + 1
    assert third["data/network.json"] != second["data/network.json"]


# Pages of the whole site ----------------------------------------------------------------------------------


def _served(root: Path) -> Site:
    checked = served(root)
    assert checked.ok, [p.text() for p in checked.problems.errors]
    return render(checked, cache=_CACHES[root])


def _assert_as_fresh(root: Path, site: Site) -> None:
    fresh = render_pages(Site(check(root).dossier, check(root).analysis))
    assert list(site.pages) == list(fresh)
    assert [p for p in fresh if site.pages[p] != fresh[p]] == []


def test_listing_pages_are_reused_unless_they_show_what_changed(generated: Path) -> None:
    _served(generated)
    assert {"claims/all/all.md", "claims/all/all-2.md", "events/index.md"} <= set(_served(generated).reused)
    claims = sorted(_served(generated).raw.claims.values(), key=lambda c: c.statement.casefold())
    last = claims[-1].id  # on the last listing page, and edited so that it stays last
    _edit(generated / "annotations" / "claims" / f"{last}.yaml", "statement: ", "statement: Zz ")
    site = _served(generated)
    assert "claims/all/all-2.md" not in site.reused and "claims/all/all.md" in site.reused
    assert "Zz " in site.pages["claims/all/all-2.md"]
    _assert_as_fresh(generated, site)
    first = claims[0].id  # now it moves to the end: every listing page between changes
    _edit(generated / "annotations" / "claims" / f"{first}.yaml", "statement: ", "statement: Zzz ")
    site = _served(generated)
    assert {"claims/all/all.md", "claims/all/all-2.md", "claims/index.md"}.isdisjoint(site.reused)
    _assert_as_fresh(generated, site)


def test_timeline_pages_follow_an_event_to_another_year(generated: Path) -> None:
    site = _served(generated)
    event = sorted((generated / "annotations" / "events").glob("*.yaml"))[0]
    date = re.search(r"(?m)^date: '(\d{4})", event.read_text(encoding="utf-8"))
    assert date is not None
    old_year = f"analysis/timeline/{date.group(1)}.md"
    assert old_year in site.pages and old_year in _served(generated).reused
    _edit(event, f"date: '{date.group(1)}", "date: '2031")
    site = _served(generated)
    assert {old_year, "analysis/timeline/2031.md", "analysis/timeline/index.md"}.isdisjoint(site.reused)
    _assert_as_fresh(generated, site)


def test_unnamed_source_pages_follow_a_new_claimant(generated: Path) -> None:
    _served(generated)
    assert "analysis/unnamed-sources.md" in _served(generated).reused
    unnamed = [
        p.stem for p in (generated / "annotations" / "actors").glob("*.yaml") if "unnamed-source" in p.read_text()
    ]
    assert unnamed
    claim = next(
        p for p in sorted((generated / "annotations" / "claims").glob("*.yaml")) if "disputes" not in p.read_text()
    )
    claimant = re.search(r"(?m)^claimant: (\S+)", claim.read_text(encoding="utf-8"))
    assert claimant is not None and claimant.group(1) not in unnamed
    _edit(claim, f"claimant: {claimant.group(1)}", f"claimant: {unnamed[0]}")
    site = _served(generated)
    assert "analysis/unnamed-sources.md" not in site.reused
    assert f"claims/{claim.stem}.md" in site.pages["analysis/unnamed-sources.md"]
    _assert_as_fresh(generated, site)


def test_discrepancy_pages_follow_new_figures(generated: Path) -> None:
    _served(generated)
    assert "analysis/discrepancies.md" in _served(generated).reused
    assert cross_of(check(generated)).discrepancies, "the generated dossier has figures that differ"
    # A new claim quoting two sources that give different figures of one unit: a new discrepancy, early in
    # the list, whose owner no page read before: only the pages' keys tell that the list changed.
    quoted: dict[str, list[tuple[str, str, float]]] = {}
    for known in check(generated).dossier.claims.values():
        for ev in known.evidence:
            for figure in figures(ev.quote):
                if figure.known and figure.unit not in ("year", "date"):
                    quoted.setdefault(figure.unit, []).append((ev.source, ev.quote, figure.value))
    pair = next((a, b) for found in quoted.values() for a in found for b in found if a[0] != b[0] and a[2] != b[2])
    evidence = [{"source": source, "quote": text, "stance": "reports"} for source, text, _ in pair]
    claimant = sorted((generated / "annotations" / "actors").glob("*.yaml"))[0].stem
    spec = {"id": "a-copy", "statement": "Two figures.", "claimant": claimant, "evidence": evidence}
    copy = generated / "annotations" / "claims" / "a-copy.yaml"
    copy.write_text(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site = _served(generated)
    assert "analysis/discrepancies.md" not in site.reused
    assert "claims/a-copy.md" in site.pages["analysis/discrepancies.md"]
    _assert_as_fresh(generated, site)
    copy.unlink()
    _served(generated)
    # A claim that quotes, instead, another passage of the same source with another figure: no source moved,
    # and the claim's evidence is what changed (the first such edit that changes what is found).
    before = _found(served(generated))
    claims_of: dict[str, list[Claim]] = {}
    for known in check(generated).dossier.claims.values():
        claims_of.setdefault(known.evidence[0].source, []).append(known)
    candidates = [
        (a, b)
        for group in claims_of.values()
        for a in group
        for b in group
        if _values(a.evidence[0].quote)
        and _values(b.evidence[0].quote) - _values(a.evidence[0].quote)
        and _plain(a.evidence[0].quote)
        and _plain(b.evidence[0].quote)
    ]
    for first, second in candidates:
        path = generated / "annotations" / "claims" / f"{first.id}.yaml"
        original = path.read_text(encoding="utf-8")
        _edit(path, first.evidence[0].quote, second.evidence[0].quote)
        if _found(check(generated)) != before:
            break
        path.write_text(original, encoding="utf-8")
    else:
        pytest.fail("no quote swap changes the discrepancies")
    _assert_as_fresh(generated, _served(generated))
    assert _found(served(generated)) == _found(check(generated))
    # A seed text whose figure's words are spaced anew: quotes still match (white space is forgiven), every
    # annotation is the same object, but the words quoted changed.
    occurrence = cross_of(check(generated)).discrepancies[0].occurrences[0]
    seed = _seed_of(generated, occurrence.evidence.source)
    text = seed.read_text(encoding="utf-8")
    spaced = occurrence.figure.text.replace(" ", "  ", 1)
    assert occurrence.figure.text in text and spaced != occurrence.figure.text
    seed.write_text(text.replace(occurrence.figure.text, spaced), encoding="utf-8")
    _assert_as_fresh(generated, _served(generated))
    assert _found(served(generated)) == _found(check(generated))


def _plain(quote: str) -> bool:
    """Whether a quote is written as it is in YAML, so that it can be replaced in the file's text."""
    return not any(mark in quote for mark in ("'", '"', ": ", "#", "\\"))


def _values(quote: str) -> set[float]:
    return {f.value for f in figures(quote) if f.known}


def _found(checked: Checked) -> list[tuple[str, list[float], list[str], list[str]]]:
    found = cross_of(checked).discrepancies
    return [(d.slug, d.values, d.sources, [o.figure.text for o in d.occurrences]) for d in found]


def _seed_of(root: Path, source_id: str) -> Path:
    annotation = (root / "annotations" / "sources" / f"{source_id}.yaml").read_text(encoding="utf-8")
    found = re.search(r"(?m)^file: ['\"]?([^'\"\n]+)", annotation)
    assert found is not None
    return root / found.group(1)


def _texts(checked: Checked) -> list[str]:
    return [p.text() for p in checked.problems.items]


def test_statuses_of_unchanged_claims_are_kept_and_of_changed_ones_redone(generated: Path) -> None:
    before = cross_of(served(generated))
    claim = _claim(generated, 3)
    _edit(claim, "statement: ", "statement: Reworded, ")
    after = cross_of(served(generated))
    assert after.independence is before.independence
    assert all(after.statuses[k] is before.statuses[k] for k in before.statuses if k != claim.stem)
    assert after.statuses[claim.stem] is not before.statuses[claim.stem]
    assert after.statuses == cross_of(check(generated)).statuses
    other = _claim(generated, 4)
    _edit(claim, "evidence:", f"contradicts: [{other.stem}]\nevidence:")  # the other claim's status changes too
    after = cross_of(served(generated))
    assert after.statuses == cross_of(check(generated)).statuses
    assert after.statuses[other.stem].contradicts == [claim.stem]
