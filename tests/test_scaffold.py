"""`python -m builder new-source`: on copies of the real seeds, next to the real dossier's actors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from builder.cli import main
from builder.model.jsonschema import schema_line
from builder.pipeline import check
from builder.scaffold import ScaffoldError, new_source, propose
from tests.conftest import REPO

SEEDS = sorted((REPO / "seeds").glob("*.txt"))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A dossier with the real actors and no sources yet; the real seeds wait outside it."""
    dossier = tmp_path / "dossier"
    (dossier / "annotations").mkdir(parents=True)
    shutil.copytree(REPO / "annotations" / "actors", dossier / "annotations" / "actors")
    incoming = tmp_path / "incoming"
    incoming.mkdir()
    for seed in SEEDS:
        shutil.copyfile(seed, incoming / seed.name)
    return dossier


def incoming(root: Path, prefix: str) -> Path:
    """The copy of a real seed, by its number (`000` for `000_<hash>.txt`) or its whole file name."""
    folder = root.parent / "incoming"
    found = [folder / prefix] if (folder / prefix).is_file() else sorted(folder.glob(f"{prefix}_*.txt"))
    assert found, f"no seed {prefix}_*.txt in seeds/: this test reads the real seeds by number"
    return found[0]


def stub(root: Path, prefix: str) -> dict:
    added = new_source(root, incoming(root, prefix))
    return yaml.safe_load(added.annotation.read_text(encoding="utf-8"))


def kinds(data: dict) -> list[str]:
    return [p["kind"] for p in data.get("non_body", [])]


def test_the_text_is_copied_byte_for_byte_and_named_like_the_seeds(root: Path) -> None:
    added = new_source(root, incoming(root, "000"))
    assert added.seed.read_bytes() == incoming(root, "000").read_bytes()
    assert added.seed.parent == root / "seeds"
    assert added.seed.name.startswith("000_") and len(added.seed.stem) == 20
    second = new_source(root, incoming(root, "003"))
    assert second.seed.name.startswith("001_")


def test_a_byline_gives_date_author_and_outlet(root: Path) -> None:
    data = stub(root, "000")
    assert data["published"] == "2025-11-26"
    assert data["authors"] == ["sophia-martinez"]
    assert data["publisher"] == "cubaheadlines"
    assert data["title"] == "Maduro Fears Cuban Allies May Turn Against Him If He Leaves Power, Say U.S. Officials"
    assert data["id"] == "cubaheadlines-2025-11-26-maduro-fears-cuban-allies"
    assert kinds(data) == ["masthead", "headline", "byline", "headline", "photo-caption", "faq", "copyright"]


def test_a_time_stamp_and_a_wire_dateline(root: Path) -> None:
    data = stub(root, "004")
    assert data["published"] == "2025-12-06"
    assert data["cites"] == ["reuters"]
    assert "publisher" not in data  # the carrying site is not named: nothing is guessed
    assert kinds(data) == ["photo-caption", "dateline", "related-headlines", "site-furniture"]
    assert "WASHINGTON, Dec 5 (Reuters)" in data["notes"]


def test_a_text_without_metadata_gets_todos_not_guesses(root: Path) -> None:
    data = stub(root, "002")
    assert "published" not in data and "publisher" not in data
    assert data["title"].startswith("TODO")
    assert kinds(data) == ["related-headlines"]
    assert "TODO" in data["notes"]


def test_faq_blocks_are_proposed(root: Path) -> None:
    data = stub(root, "001")
    [faq] = data["non_body"]
    assert faq["kind"] == "faq"
    assert faq["start"] == "Key Questions About Maduro's Cuban-Backed Security"


def test_known_actors_named_in_the_text_are_listed(root: Path) -> None:
    text = new_source(root, incoming(root, "003")).annotation.read_text(encoding="utf-8")
    assert "#   vladimir-padrino (Vladimir Padrino): " in text
    assert "#   nicolas-maduro (Nicolás Maduro): " in text


@pytest.mark.parametrize("seed", [s.name for s in SEEDS])
def test_every_stub_loads_checks_and_fits_the_editor_schema(root: Path, seed: str) -> None:
    """Every seed, however it is named (`--name` gives a seed a name of its own, not `NNN_<hash>.txt`)."""
    annotation = new_source(root, incoming(root, seed)).annotation
    text = annotation.read_text(encoding="utf-8")
    assert text.splitlines()[0] == schema_line("source")
    rel = annotation.relative_to(root).as_posix()
    result = check(root)
    own = [p for p in result.problems.items if p.location.path == rel]
    assert [p.text() for p in own if "TODO placeholder" not in p.message] == []  # only its TODOs, all warnings
    assert own and all(p.severity == "warning" for p in own)
    source_id = annotation.stem
    assert result.dossier.sources[source_id].file.startswith("seeds/")
    assert len(result.dossier.texts[source_id]) > 0
    schema = json.loads((REPO / "schema" / "source.schema.json").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft7Validator(schema).iter_errors(yaml.load(text, Loader=yaml.BaseLoader))) == []


def test_nothing_is_ever_overwritten(root: Path) -> None:
    new_source(root, incoming(root, "000"))
    with pytest.raises(ScaffoldError, match="already in seeds/"):
        new_source(root, incoming(root, "000"))
    (root / "seeds" / "my-text.txt").write_text("someone else's text\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="never overwritten"):
        new_source(root, incoming(root, "003"), name="My text")
    assert (root / "seeds" / "my-text.txt").read_text(encoding="utf-8") == "someone else's text\n"


def test_refuses_what_is_not_utf8_text(root: Path, tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Nicolás".encode("latin-1"))
    with pytest.raises(ScaffoldError, match="not UTF-8"):
        new_source(root, latin)
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="empty"):
        new_source(root, empty)
    assert not (root / "seeds").exists() or not any((root / "seeds").iterdir())


def test_the_command(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = incoming(root, "003")
    assert main(["new-source", "--root", str(root), str(file), "--name", "Padrino murder claim"]) == 0
    assert (root / "seeds" / "padrino-murder-claim.txt").read_bytes() == file.read_bytes()
    assert "annotations/sources/cubaheadlines-2026-01-04-" in capsys.readouterr().out
    assert main(["new-source", "--root", str(root), str(file)]) == 2
    assert "already in seeds/" in capsys.readouterr().err


def test_proposals_need_no_actors() -> None:
    proposal = propose(SEEDS[0].read_text(encoding="utf-8"), [])
    assert proposal.published == "2025-11-26"
    assert proposal.authors == ["sophia-martinez"]  # an actor new-source adds
    assert [(a.id, a.name, a.kind) for a in proposal.new_actors] == [
        ("sophia-martinez", "Sophia Martinez", "person"),
        ("cubaheadlines", "CubaHeadlines", "media-outlet"),  # from the copyright line
    ]
