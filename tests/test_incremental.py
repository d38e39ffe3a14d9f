"""A rebuild with serve's ServeCache (builder/cache.py) gives exactly what a fresh build gives.

A seeded loop applies random one-file edits to the mini fixture and to a generated
dossier of 30 sources (a claim's statement or quote, an actor's name or aliases, a
source's title, publisher or relations, a date, a seed text; a new entity, a removed
one) and, after each edit that leaves the dossier valid, checks that the pages
rendered by reusing the previous build equal a fresh render's, page for page and in
the same order, and that the exports equal fresh ones.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from builder.cache import ServeCache
from builder.export import export_files
from builder.model.entities import Entity
from builder.pipeline import Checked, check, exports, render
from builder.render.run import render_pages
from builder.render.site import Site

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"

Edit = Callable[[Path, random.Random], bool]


def anchors_of(entity: Entity) -> tuple[Any, ...]:
    """What this stage set on an entity's evidence, as a value: a reused entity object is changed in place,
    so `==` on the object cannot tell whether its anchors moved (so a test compares anchors as values)."""
    return tuple(
        (ev.owner, (ev.anchor.source, ev.anchor.start, ev.anchor.end, ev.anchor.paragraph) if ev.anchor else None)
        for ev in entity.evidence_list
    )


def _files(root: Path, kind: str) -> list[Path]:
    return sorted((root / "annotations" / kind).glob("*.yaml"))


def _replace_line(path: Path, rng: random.Random, key: str, value: Callable[[str], str]) -> bool:
    lines = path.read_text(encoding="utf-8").split("\n")
    found = [i for i, line in enumerate(lines) if re.match(rf"\s*(- )?{key}:", line)]
    if not found:
        return False
    i = rng.choice(found)
    head, _, rest = lines[i].partition(f"{key}:")
    lines[i] = f"{head}{key}: {value(rest.strip())}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return True


def _words(rng: random.Random) -> str:
    return " ".join(rng.choice(["Tanaka", "bridge", "troops", "Gazette", "ministry", "port", "42"]) for _ in range(3))


def _statement(root: Path, rng: random.Random) -> bool:
    return _replace_line(rng.choice(_files(root, "claims")), rng, "statement", lambda v: f"'{_words(rng)}'")


def _name(root: Path, rng: random.Random) -> bool:
    return _replace_line(rng.choice(_files(root, "actors")), rng, "name", lambda v: f"'{_words(rng)}'")


def _aliases(root: Path, rng: random.Random) -> bool:
    path = rng.choice(_files(root, "actors"))
    text = path.read_text(encoding="utf-8")
    others = [p.stem.replace("-", " ").title() for p in _files(root, "actors")] + ["bridge", "Gazette"]
    alias = rng.choice(others)
    if "\naliases:" in text:
        return _replace_line(path, rng, "aliases", lambda v: f"[{alias!r}]")
    path.write_text(text.rstrip("\n") + f"\naliases: [{alias!r}]\n", encoding="utf-8")
    return True


def _title(root: Path, rng: random.Random) -> bool:
    return _replace_line(rng.choice(_files(root, "sources")), rng, "title", lambda v: f"'{_words(rng)}'")


def _publisher(root: Path, rng: random.Random) -> bool:
    actor = rng.choice(_files(root, "actors")).stem
    return _replace_line(rng.choice(_files(root, "sources")), rng, "publisher", lambda v: actor)


def _relation(root: Path, rng: random.Random) -> bool:
    path = rng.choice(_files(root, "sources"))
    other = rng.choice([p.stem for p in _files(root, "sources") if p != path])
    kind = rng.choice(["republishes", "rewrites", "follows-up", "cites"])
    text = path.read_text(encoding="utf-8")
    if "\nrelations:" in text:
        return False
    path.write_text(text.rstrip("\n") + f"\nrelations:\n  - type: {kind}\n    source: {other}\n", encoding="utf-8")
    return True


def _date(root: Path, rng: random.Random) -> bool:
    kind, key = rng.choice([("claims", "made"), ("events", "date"), ("sources", "published")])
    day = f"'20{rng.randint(10, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}'"
    return _replace_line(rng.choice(_files(root, kind)), rng, key, lambda v: day)


def _quote(root: Path, rng: random.Random) -> bool:
    """Quote another passage of the same source (or a shorter piece of the same one)."""
    path = rng.choice(_files(root, "claims") + _files(root, "events"))
    text = path.read_text(encoding="utf-8")
    match = re.search(r"source: (\S+)", text)
    if not match:
        return False
    source = (root / "annotations" / "sources" / f"{match.group(1)}.yaml").read_text(encoding="utf-8")
    seed = re.search(r"file: (\S+)", source)
    if not seed:
        return False
    lines = [line.strip() for line in (root / seed.group(1)).read_text(encoding="utf-8").splitlines()]
    words = rng.choice([line for line in lines if len(line.split()) > 6]).split()
    start = rng.randint(0, len(words) - 5)
    quote = " ".join(words[start : start + 5]).replace("'", "''")
    return _replace_line(path, rng, "quote", lambda v: f"'{quote}'")


def _seed(root: Path, rng: random.Random) -> bool:
    """Add a paragraph to a seed text, naming an actor (a new mention)."""
    seed = rng.choice(sorted((root / "seeds").rglob("*.txt")))
    name = rng.choice(_files(root, "actors")).stem.replace("-", " ").title()
    seed.write_text(seed.read_text(encoding="utf-8").rstrip("\n") + f"\n\nLater, {name} spoke.\n", encoding="utf-8")
    return True


def _seed_start(root: Path, rng: random.Random) -> bool:
    """Put a paragraph before the others: every quote of that seed moves."""
    seed = rng.choice(sorted((root / "seeds").rglob("*.txt")))
    seed.write_text(f"Updated {rng.randint(1, 99)} times.\n\n" + seed.read_text(encoding="utf-8"), encoding="utf-8")
    return True


def _new_claim(root: Path, rng: random.Random) -> bool:
    path = rng.choice(_files(root, "claims"))
    new_id = f"{path.stem}-copy-{rng.randint(0, 10**6)}"
    text = re.sub(r"(?m)^id: .*$", f"id: {new_id}", path.read_text(encoding="utf-8"))
    text = re.sub(r"(?m)^statement: .*$", f"statement: '{_words(rng)}'", text)
    path.with_name(f"{new_id}.yaml").write_text(text, encoding="utf-8")
    return True


def _new_actor(root: Path, rng: random.Random) -> bool:
    name = rng.choice(["Bridge", "Gazette", "Tanaka", "Ministry", "Peldosa", "Council"])
    new_id = f"new-actor-{rng.randint(0, 10**6)}"
    path = root / "annotations" / "actors" / f"{new_id}.yaml"
    path.write_text(f"id: {new_id}\nname: {name} Office\naliases: [{name}]\nkind: person\n", encoding="utf-8")
    return True


def _remove(root: Path, rng: random.Random) -> bool:
    kind = rng.choice(["claims", "claims", "relationships", "events", "actors"])
    files = _files(root, kind)
    if not files:
        return False
    rng.choice(files).unlink()
    return True


def _referenced_actor(root: Path, rng: random.Random) -> tuple[str, list[Path]] | None:
    """An actor id some claim refers to, with every annotation file that names it."""
    claims = _files(root, "claims")
    rng.shuffle(claims)
    for claim in claims:
        match = re.search(r"(?m)^claimant: ['\"]?([\w-]+)", claim.read_text(encoding="utf-8"))
        if match and (root / "annotations" / "actors" / f"{match.group(1)}.yaml").exists():
            actor = match.group(1)
            pattern = re.compile(rf"(?<![\w-]){re.escape(actor)}(?![\w-])")
            files = [p for p in (root / "annotations").rglob("*.yaml") if pattern.search(p.read_text(encoding="utf-8"))]
            return actor, files
    return None


def _rename_actor(root: Path, rng: random.Random) -> bool:
    """Rename an actor's id and file, and every reference to it: references move between entities."""
    found = _referenced_actor(root, rng)
    if found is None:
        return False
    actor, files = found
    new_id = f"{actor}-renamed-{rng.randint(0, 10**6)}"
    pattern = re.compile(rf"(?<![\w-]){re.escape(actor)}(?![\w-])")
    for path in files:
        path.write_text(pattern.sub(new_id, path.read_text(encoding="utf-8")), encoding="utf-8")
    old = root / "annotations" / "actors" / f"{actor}.yaml"
    old.rename(old.with_name(f"{new_id}.yaml"))
    return True


def _rename_actor_only(root: Path, rng: random.Random) -> bool:
    """Rename an actor's id and file but not the claims that name it: their references break."""
    found = _referenced_actor(root, rng)
    if found is None:
        return False
    actor, _ = found
    new_id = f"{actor}-alone-{rng.randint(0, 10**6)}"
    old = root / "annotations" / "actors" / f"{actor}.yaml"
    old.write_text(re.sub(r"(?m)^id: .*$", f"id: {new_id}", old.read_text(encoding="utf-8")), encoding="utf-8")
    old.rename(old.with_name(f"{new_id}.yaml"))
    return True


def _add_quote(root: Path, rng: random.Random) -> bool:
    """Add a piece of evidence to a claim: a quote from a source it may not have cited before."""
    path = rng.choice(_files(root, "claims"))
    source_file = rng.choice(_files(root, "sources"))
    seed = re.search(r"(?m)^file: ['\"]?([^'\"\n]+)", source_file.read_text(encoding="utf-8"))
    if not seed or not (root / seed.group(1)).exists():
        return False
    lines = [line.strip() for line in (root / seed.group(1)).read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if len(line.split()) > 8]
    if not lines:
        return False
    words = rng.choice(lines).split()
    start = rng.randint(0, len(words) - 6)
    quote = " ".join(words[start : start + 6]).replace("'", "''")
    text = path.read_text(encoding="utf-8").rstrip("\n")
    _, found, evidence = text.partition("\nevidence:")
    if not found or re.search(r"(?m)^\S", evidence):  # the evidence list must end the file
        return False
    stance = rng.choice(["reports", "supports", "disputes"])
    entry = f"\n  - source: {source_file.stem}\n    quote: '{quote}'\n    stance: {stance}\n"
    path.write_text(text + entry, encoding="utf-8")
    return True


def _non_body(root: Path, rng: random.Random) -> bool:
    """Mark a source's last paragraph as not article body: its text is marked anew, its quotes may break."""
    path = rng.choice(_files(root, "sources"))
    text = path.read_text(encoding="utf-8")
    seed = re.search(r"(?m)^file: ['\"]?([^'\"\n]+)", text)
    _, listed, after = text.partition("\nnon_body:")
    if not seed or not (root / seed.group(1)).exists() or re.search(r"(?m)^\S", after):
        return False  # no seed, or non_body is not the file's last field
    paragraphs = sum(1 for line in (root / seed.group(1)).read_text(encoding="utf-8").splitlines() if line.strip())
    entry = ("" if listed else "\nnon_body:") + f"\n  - kind: copyright\n    paragraphs: '{paragraphs}'\n"
    path.write_text(text.rstrip("\n") + entry, encoding="utf-8")
    return True


def _remove_source(root: Path, rng: random.Random) -> bool:
    """Delete a source's annotation: the evidence quoting it no longer resolves."""
    rng.choice(_files(root, "sources")).unlink()
    return True


EDITS: list[Edit] = [
    _statement,
    _name,
    _aliases,
    _title,
    _publisher,
    _relation,
    _date,
    _quote,
    _seed,
    _seed_start,
    _new_claim,
    _new_actor,
    _remove,
    _rename_actor,
    _rename_actor_only,
    _add_quote,
    _non_body,
    _remove_source,
]


def _snapshot(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _restore(root: Path, files: dict[Path, bytes]) -> None:
    for p in root.rglob("*"):
        if p.is_file() and p not in files:
            p.unlink()
    for p, data in files.items():
        if not p.exists() or p.read_bytes() != data:
            p.write_bytes(data)


def _problems(checked: Checked) -> list[str]:
    return [p.text() for p in checked.problems.items]


def _assert_fresh(root: Path, cache: ServeCache) -> int:
    """Check, render and export with the cache, then check, render and export afresh; compare everything.

    The fresh check reads every file again, locates every quote again and analyses without reusing
    anything, so pages and exports made with the cache must equal those from the fresh one. Returns how
    many pages were reused.
    """
    checked = check(root, cache=cache)
    assert checked.ok, [p.text() for p in checked.problems.errors]
    kept = {e.id: anchors_of(e) for e in checked.dossier.entities()}
    site = render(checked, cache=cache)
    incremental_exports = exports(checked, cache)
    anew = check(root)
    assert {e.id: anchors_of(e) for e in anew.dossier.entities()} == kept
    assert _problems(checked) == _problems(anew)
    fresh = render_pages(Site(anew.dossier, anew.analysis))
    assert list(site.pages) == list(fresh)
    different = [path for path in fresh if site.pages[path] != fresh[path]]
    assert not different, different[:10]
    tracked = Site(checked.dossier, checked.analysis)
    assert export_files(checked.dossier, checked.analysis.cross) == export_files(
        tracked.dossier, tracked.analysis.cross
    )
    assert incremental_exports == export_files(anew.dossier, anew.analysis.cross)
    return len(site.reused)


def _walk(root: Path, steps: int, seed: int, edits: list[Edit] = EDITS) -> set[str]:
    """Apply random edits, checking each against a fresh build; the edits applied (and those that broke it)."""
    rng = random.Random(seed)
    cache = ServeCache(root.resolve())
    _assert_fresh(root, cache)
    assert _assert_fresh(root, cache) > 0, "an unchanged dossier reuses its pages"
    assert cache.exports.reused > 0, "an unchanged dossier reuses its export pieces"
    applied = 0
    seen: set[str] = set()
    for _ in range(steps * 3):
        if applied >= steps:
            break
        before = _snapshot(root)
        edit = rng.choice(edits)
        if not edit(root, rng):
            continue
        served = check(root, cache=cache)  # as serve would: what is derived from unchanged objects is kept
        if not served.ok:
            assert _problems(served) == _problems(check(root)), edit.__name__
            _restore(root, before)
            seen.add(f"{edit.__name__} (invalid)")
            continue
        applied += 1
        seen.add(edit.__name__)
        _assert_fresh(root, cache)
    assert applied >= steps // 2
    return seen


def test_incremental_mini(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    _walk(root, steps=30, seed=1)


@pytest.mark.parametrize("seed", [1, 2])
def test_incremental_generated(tmp_path: Path, seed: int) -> None:
    root = tmp_path / "gen"
    script = REPO / "bench" / "generate.py"
    subprocess.run(
        [sys.executable, str(script), "--sources", "30", "--out", str(root), "--seed", str(seed)],
        check=True,
        capture_output=True,
    )
    _walk(root, steps=25, seed=seed)


def test_edits_that_move_references(tmp_path: Path) -> None:
    """Renamed actors (with and without their references), new quotes and removed files: references move
    between entities, so whatever was derived from an unchanged entity may now be wrong."""
    root = tmp_path / "gen"
    script = REPO / "bench" / "generate.py"
    subprocess.run(
        [sys.executable, str(script), "--sources", "30", "--out", str(root), "--seed", "3"],
        check=True,
        capture_output=True,
    )
    moving = [_rename_actor, _rename_actor_only, _add_quote, _non_body, _remove_source, _remove, _new_actor]
    seen = _walk(root, steps=20, seed=3, edits=moving)
    wanted = {"_rename_actor", "_rename_actor_only (invalid)", "_add_quote", "_remove_source (invalid)"}
    assert wanted <= seen, seen
    assert seen & {"_non_body", "_non_body (invalid)"}, seen


def test_reuses_unchanged_pages(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    cache = ServeCache(root.resolve())
    checked = check(root)
    assert not render(checked, cache=cache).reused
    claim = root / "annotations" / "claims" / "bridge-is-safe.yaml"
    claim.write_text(claim.read_text(encoding="utf-8").replace("statement: ", "statement: Now, "), encoding="utf-8")
    site = render(check(root), cache=cache)
    assert "claims/bridge-is-safe.md" not in site.reused
    assert site.reused, "pages that do not show the claim are reused"


def test_a_seed_file_shared_by_two_sources_is_refused_under_serve_as_by_a_cold_check(tmp_path: Path) -> None:
    """Two sources of one seed file would share one text and its non-body marks; serve, which keeps the
    text's marks and the anchors found with them, must refuse it as a cold check does, and recover after."""
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    cache = ServeCache(root.resolve())
    assert check(root, cache=cache).ok
    copy = root / "annotations" / "sources" / "planet-copy.yaml"
    stub = "id: planet-copy\nfile: seeds/wire.txt\ntitle: A copy of the wire story\nlanguage: en\n"
    copy.write_text(stub + "non_body:\n  - kind: related-headlines\n    paragraphs: '3'\n", encoding="utf-8")
    served = check(root, cache=cache)
    assert _problems(served) == _problems(check(root))
    assert any("already the text of the source 'planet-bridge'" in p.text() for p in served.problems.errors)
    copy.unlink()
    served = check(root, cache=cache)
    assert served.ok
    assert {e.id: anchors_of(e) for e in served.dossier.entities()} == {
        e.id: anchors_of(e) for e in check(root).dossier.entities()
    }


def test_the_export_memo_lets_go_of_removed_entities(tmp_path: Path) -> None:
    """Under serve the memo lives as long as the server: what it kept of a deleted file must go."""
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    cache = ServeCache(root.resolve())
    first = exports(check(root, cache=cache), cache)
    (root / "annotations" / "claims" / "twelve-cracks.yaml").unlink()
    second = exports(check(root, cache=cache), cache)
    assert first != second
    assert not cache.exports.kept("twelve-cracks")
