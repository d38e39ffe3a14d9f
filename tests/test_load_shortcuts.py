"""The load stage's shortcuts for large dossiers give what the general code gives."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from builder.cache import ServeCache
from builder.load import files
from builder.load.dossier import load_dossier
from builder.load.files import RepoFile, SeedFiles, annotation_files, resolve_seed
from builder.load.validate import Validator
from builder.load.yaml_nodes import parse_yaml
from builder.load.ynode import YNode
from builder.model.entities import EMPTY, Actor, Located
from builder.model.schema import load_schema
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


def places(node: YNode, obj: Located) -> list[tuple[Location, Location]]:
    """(where the loader says each field's value is, where the object says it is), nested objects too."""
    pairs = []
    for key, (_, child) in node.value.items():
        pairs.append((child.loc, obj.at(key)))
        value = getattr(obj, key)
        if isinstance(value, Located) and child.is_map:
            pairs += places(child, value)
        elif isinstance(value, list) and child.is_list:
            pairs += [
                p for n, v in zip(child.value, value, strict=True) if isinstance(v, Located) for p in places(n, v)
            ]
    return pairs


@pytest.mark.parametrize("padding", [0, 300])
def test_objects_know_where_each_field_was_written(padding: int) -> None:
    """`locs` is packed into bytes; past line 255 it is a tuple of names, and `at` reads either."""
    schema = load_schema()
    validator = Validator(schema, Problems())
    checked = 0
    for path in sorted((REPO / "annotations").glob("*/*.yaml")):
        text = "#\n" * padding + path.read_text(encoding="utf-8")
        node = parse_yaml(text, path.name, validator.problems)
        assert node is not None
        [kind] = [k for k in schema.kinds.values() if k.folder == path.parent.name]
        entity = validator.entity(node, kind)
        assert entity is not None
        assert type(entity.locs) is (tuple if padding else bytes)
        pairs = places(node, entity)
        assert all(found == expected for expected, found in pairs)
        checked += len(pairs)
    assert not validator.problems.items and checked > 500
    assert Actor(path="a.yaml", locs=b"\x03\x01").at("name") == Location("a.yaml", 3, 1)  # no place: the object's
    assert Actor().loc == Location("") and Actor().at("name") == Location("")


def test_short_texts_that_recur_are_one_string() -> None:
    dossier = load_dossier(REPO, Problems())
    languages = [s.language for s in dossier.sources.values()]
    assert len(languages) > 1 and len({id(language) for language in languages}) == len(set(languages))


def test_listing_a_kinds_folder_finds_what_each_file_alone_would(mini: Path) -> None:
    """annotation_files takes the regular `.yaml` files of a kind's folder directly; everything else, and
    anything elsewhere, goes through `_add_file`, as every file did before."""
    actors = mini / "annotations" / "actors"
    for name in (".yaml", "...yaml", ".hidden.yaml", "a..yaml", "b.YAML", "c.yml", "notes.txt", "yaml"):
        (actors / name).write_text("id: x\n", encoding="utf-8")
    (actors / "folder.yaml").mkdir()
    (actors / "inside.yaml").symlink_to(actors / "a..yaml")
    (actors / "outside.yaml").symlink_to("/etc/hostname")
    root = mini.resolve()
    folders = [kind.folder for kind in load_schema().kinds.values()]
    problems = Problems()
    found = annotation_files(root, folders, problems)
    expected: dict[str, list[RepoFile]] = {folder: [] for folder in folders}
    alone = Problems()
    for folder in folders:
        with os.scandir(root / "annotations" / folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if not entry.is_dir(follow_symlinks=False):
                    files._add_file(root, entry, f"annotations/{folder}/{entry.name}", expected, alone)
    assert found == expected and [p.text() for p in problems.items] == [p.text() for p in alone.items]
    names = [f.rel.rpartition("/")[2] for f in found["actors"]]
    assert ".hidden.yaml" in names and "a..yaml" in names and "inside.yaml" in names and ".yaml" not in names
    assert len(problems.items) == 3  # b.YAML, c.yml, outside.yaml


def test_serve_memos_let_go_of_deleted_and_renamed_files(mini: Path) -> None:
    """The memos live as long as `mkdocs serve`: they hold the files of the last build, not of every build."""
    root = mini.resolve()
    cache = ServeCache(root)
    load_dossier(root, Problems(), cache=cache)
    memo = cache.annotations
    assert "annotations/events/bridge-closed.yaml" in memo
    assert any(path.endswith("/seeds/wire.txt") for path in cache.texts)
    (mini / "annotations/events/bridge-closed.yaml").unlink()
    (mini / "seeds/wire.txt").rename(mini / "seeds/wire-copy.txt")
    source = mini / "annotations/sources/planet-bridge.yaml"
    source.write_text(source.read_text().replace("seeds/wire.txt", "seeds/wire-copy.txt"))
    load_dossier(root, Problems(), cache=cache)
    assert "annotations/events/bridge-closed.yaml" not in memo
    assert "annotations/sources/planet-bridge.yaml" in memo
    texts = cache.texts
    assert not any(path.endswith("/seeds/wire.txt") for path in texts)
    assert any(path.endswith("/seeds/wire-copy.txt") for path in texts)


def test_serve_reads_again_only_files_whose_stamp_changed(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Under serve a file left alone is trusted by its stamp and not read; an edited one is read, even when
    its stamp was taken too soon after a write to tell (then it is compared by its text, as before)."""
    from builder.load import annotations, dossier

    root = mini.resolve()
    cache = ServeCache(root)
    read: list[str] = []

    def counted(file: RepoFile, *args: object) -> str | None:
        read.append(file.rel)
        return files.read_text(file, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(annotations, "read_text", counted)
    monkeypatch.setattr(dossier, "read_text", counted)
    first = load_dossier(root, Problems(), cache=cache)
    assert "annotations/events/bridge-closed.yaml" in read and any(r.endswith("seeds/wire.txt") for r in read)
    read.clear()
    again = load_dossier(root, Problems(), cache=cache)  # every file changed within the last seconds: read
    assert "annotations/events/bridge-closed.yaml" in read
    assert again.events["bridge-closed"] is first.events["bridge-closed"]  # by its text: not parsed again
    monkeypatch.setattr(dossier, "SETTLED_NS", -(10**12))  # every file settled: each is trusted by its stamp
    load_dossier(root, Problems(), cache=cache)
    read.clear()
    event = mini / "annotations/events/bridge-closed.yaml"
    event.write_text(event.read_text(encoding="utf-8").replace("title: ", "title: Edited ", 1), encoding="utf-8")
    edited = load_dossier(root, Problems(), cache=cache)
    assert read == ["annotations/events/bridge-closed.yaml"]
    assert edited.events["bridge-closed"].title.startswith("Edited ")
    assert edited.sources == again.sources and edited.texts == again.texts
    assert all(edited.texts[s] is again.texts[s] for s in again.texts)
