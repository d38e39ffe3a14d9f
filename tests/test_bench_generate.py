"""The benchmark's dossier generator: deterministic, realistic in its proportions, and valid.

A benchmark is only worth something if the dossier it measures is a valid one of the right shape and
the same on every run; these tests hold the generator (bench/generate.py) to that on a small N.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "bench" / "generate.py"
KINDS = ("sources", "actors", "events", "claims", "relationships")


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


gen = _load()


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def annotations(root: Path, kind: str) -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((root / "annotations" / kind).glob("*.yaml"))]


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bench") / "d40"
    gen.generate(40, root, seed=7)
    return root


def test_same_seed_gives_the_same_bytes_in_another_process(dossier: Path, tmp_path: Path) -> None:
    # Another interpreter with another hash seed: catches any output that depends on set order.
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    cmd = [sys.executable, str(SCRIPT), "--sources", "40", "--out", str(tmp_path / "again"), "--seed", "7"]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stderr
    assert "sources=40" in done.stdout
    assert tree(tmp_path / "again") == tree(dossier)


def test_another_seed_gives_another_dossier(dossier: Path, tmp_path: Path) -> None:
    gen.generate(40, tmp_path / "other", seed=8)
    ours, theirs = tree(dossier), tree(tmp_path / "other")
    assert ours["mkdocs.yml"] != theirs["mkdocs.yml"]  # the seed is named in site_name
    seeds = {k: v for k, v in ours.items() if k.startswith("seeds/")}
    assert set(seeds).isdisjoint(k for k in theirs if k.startswith("seeds/"))
    assert {p.stem for p in (dossier / "annotations/actors").iterdir()} != {
        p.stem for p in (tmp_path / "other/annotations/actors").iterdir()
    }


def test_proportions_follow_a_real_dossier(dossier: Path) -> None:
    n = 40
    sources, actors, events, claims, rels = (annotations(dossier, k) for k in KINDS)
    assert (len(sources), len(actors), len(events), len(claims), len(rels)) == (n, n // 2, n, 5 * n, n // 2)
    quotes = sum(len(x["evidence"]) for x in events + claims + rels)
    assert 8 * n <= quotes <= 12 * n
    republished = [s for s in sources if any(r["type"] == "republishes" for r in s.get("relations", []))]
    assert 1 <= len(republished) <= 0.15 * n
    assert any(c.get("contradicts") for c in claims)
    assert any(ev.get("via") for c in claims for ev in c["evidence"])
    assert {ev.get("stance", "reports") for c in claims for ev in c["evidence"]} >= {"reports", "supports"}
    kinds = {a["kind"] for a in actors}
    assert {"person", "media-outlet", "country", "unnamed-source"} <= kinds
    assert {e["kind"] for s in sources for e in s.get("non_body", [])} >= {"related-headlines", "byline"}
    sizes = [len((dossier / s["file"]).read_bytes()) for s in sources]
    assert min(sizes) >= 2_500 and max(sizes) <= 6_000


def test_every_file_has_the_documented_shape(dossier: Path) -> None:
    for kind in KINDS:
        for path in (dossier / "annotations" / kind).glob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            assert text.startswith(f"# yaml-language-server: $schema=../../schema/{kind[:-1]}.schema.json\n")
            data = yaml.safe_load(text)
            assert data["id"] == path.stem and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", path.stem)
            # Dates stay strings (EDTF), never YAML timestamps.
            assert all(isinstance(data[k], str) for k in ("published", "date", "made") if k in data)
    assert "<!-- dossier:at-a-glance -->" in (dossier / "docs/index.md").read_text()
    config = (dossier / "mkdocs.yml").read_text()
    for needle in ("name: material", "- dossier", "docs_dir: docs", "unrecognized_links: warn"):
        assert needle in config


NORMALISE = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-", "‒": "-", "―": "-"})


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.translate(NORMALISE))


def body_paragraphs(root: Path, source: dict) -> list[str]:
    """The source's paragraphs less its non_body passages, resolved as docs/reference.md says."""
    paragraphs = [line for line in (root / source["file"]).read_text(encoding="utf-8").splitlines() if line.strip()]
    skip: set[int] = set()
    for passage in source.get("non_body", []):
        if "paragraphs" in passage:
            first, _, last = str(passage["paragraphs"]).partition("-")
            skip.update(range(int(first) - 1, int(last or first)))
            continue
        starts = [i for i, p in enumerate(paragraphs) if norm(passage["start"]) in norm(p)]
        assert len(starts) == 1, (source["id"], passage)
        end = starts[0]
        if "end" in passage:
            end = next(i for i in range(end, len(paragraphs)) if norm(passage["end"]) in norm(paragraphs[i]))
        skip.update(range(starts[0], end + 1))
    return [norm(p) for i, p in enumerate(paragraphs) if i not in skip]


def test_every_quote_is_in_one_body_paragraph_exactly_once(dossier: Path) -> None:
    bodies = {s["id"]: body_paragraphs(dossier, s) for s in annotations(dossier, "sources")}
    evidence = [ev for k in KINDS[2:] for x in annotations(dossier, k) for ev in x["evidence"]]
    evidence += [ev for a in annotations(dossier, "actors") for r in a.get("roles", []) for ev in r.get("evidence", [])]
    assert any("prefix" in ev or "suffix" in ev for ev in evidence)  # the repeated-phrase case is exercised
    for ev in evidence:
        quote, prefix, suffix = norm(ev["quote"]), norm(ev.get("prefix", "")), norm(ev.get("suffix", ""))
        hits = [
            (p, m.start())
            for p in bodies[ev["source"]]
            for m in re.finditer(re.escape(quote), p)
            if p[: m.start()].endswith(prefix) and p[m.start() + len(quote) :].startswith(suffix)
        ]
        assert len(hits) == 1, ev


@pytest.mark.skipif(importlib.util.find_spec("builder.cli") is None, reason="the builder CLI is not there yet")
def test_the_builder_finds_no_problem(dossier: Path) -> None:
    cmd = [sys.executable, "-m", "builder", "check", "--root", str(dossier), "--strict"]
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no problems found" in done.stderr


printable = st.text(st.characters(categories=("L", "N", "P", "S", "Zs")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(value=printable)
def test_yaml_scalars_read_back_as_written(value: str) -> None:
    assert yaml.safe_load(f"k: {gen.scalar(value)}")["k"] == value
    assert yaml.safe_load(f"k: [{gen.scalar(value, flow=True)}]")["k"] == [value]


def test_there_are_wire_copies_whatever_the_seed() -> None:
    """About 5% of sources are copies, drawn by chance; at small N chance alone often draws none."""
    for seed in range(20):
        made = gen.Generator(10, seed)
        made.run()
        assert any(s.copy_of is not None for s in made.sources), f"seed {seed}"


def test_refuses_a_folder_that_has_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A dossier generated over another would mix the two, and still pass the check."""
    gen.main(["--sources", "10", "--out", str(tmp_path / "d"), "--seed", "1"])
    before = tree(tmp_path / "d")
    with pytest.raises(SystemExit) as exit_:
        gen.main(["--sources", "12", "--out", str(tmp_path / "d"), "--seed", "2"])
    assert exit_.value.code == 2 and "not an empty folder" in capsys.readouterr().err
    assert tree(tmp_path / "d") == before
    (tmp_path / "empty").mkdir()
    assert gen.main(["--sources", "10", "--out", str(tmp_path / "empty"), "--seed", "1"]) == 0
    assert tree(tmp_path / "empty") == before
