"""The load stage's shortcuts for large dossiers give what the general code gives."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from builder.load.dossier import load_dossier
from builder.load.files import SeedFiles, resolve_seed
from builder.model.entities import EMPTY, Actor
from builder.problems import Location, Problems

REPO = Path(__file__).resolve().parent.parent


def seed_names(root: Path) -> list[str]:
    names = [f"seeds/{p.name}" for p in sorted((root / "seeds").iterdir())]
    return [*names, "seeds/missing.txt", "seeds/../README.md", "seeds//x", "seeds", "README.md", "/etc/passwd"]


@pytest.mark.parametrize("linked", [False, True])
def test_listed_seed_files_are_those_resolve_seed_finds(mini: Path, linked: bool) -> None:
    if linked:  # seeds/ is a link to a folder elsewhere in the repository: paths are the folder's
        (mini / "seeds").rename(mini / "texts")
        (mini / "seeds").symlink_to("texts")
    folder = mini / "texts" if linked else mini / "seeds"
    (folder / "folder").mkdir()
    (folder / "link.txt").symlink_to(folder / "wire.txt")  # a link: resolve_seed follows it
    root = mini.resolve()
    listed = SeedFiles(root, (root / "seeds").resolve())
    assert listed.files and "link.txt" not in listed.files and "folder" not in listed.files
    assert listed.get("seeds/wire.txt") is not None
    for name in seed_names(root):
        fast = listed.get(name)
        if fast is not None:
            assert fast == resolve_seed(root, name, Location("x"), Problems())
            assert fast.rel.startswith("texts/" if linked else "seeds/")


def test_seeds_linked_out_of_the_repository_are_not_listed(mini: Path, tmp_path: Path) -> None:
    (mini / "seeds").rename(tmp_path / "outside")
    (mini / "seeds").symlink_to(tmp_path / "outside")
    root = mini.resolve()
    assert not SeedFiles(root, (root / "seeds").resolve()).files
    problems = Problems()
    load_dossier(root, problems)
    assert problems.errors and all("outside seeds/" in p.message for p in problems.errors)


def test_left_out_lists_are_the_one_shared_empty_list() -> None:
    problems = Problems()
    dossier = load_dossier(REPO, problems)
    actors = list(dossier.actors.values())
    assert any(a.aliases is EMPTY for a in actors) and any(a.aliases for a in actors)
    assert all(a.aliases is EMPTY for a in actors if not a.aliases)
    assert Actor().aliases is not EMPTY  # an entity made in code gets a list of its own
    with pytest.raises(TypeError):
        EMPTY.append("x")
    with pytest.raises(TypeError):
        EMPTY.extend(["x"])
    assert EMPTY == [] and not EMPTY and pickle.loads(pickle.dumps(EMPTY)) is EMPTY
