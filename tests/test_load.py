"""Loading: safe YAML with locations, schema validation, ids, files."""

from __future__ import annotations

import shutil
from pathlib import Path

from builder.load.yaml_nodes import parse_yaml
from builder.problems import Problems
from tests.conftest import Write, checked, messages


def test_the_mini_fixture_is_sound(mini: Path) -> None:
    result = checked(mini)
    assert messages(result) == []
    assert result.dossier.counts() == {"sources": 2, "actors": 4, "events": 1, "claims": 3, "relationships": 1}


def test_values_keep_their_line_and_column() -> None:
    problems = Problems()
    node = parse_yaml("id: a\nevidence:\n  - source: s\n    quote: q\n", "f.yaml", problems)
    assert node is not None
    evidence = node.value["evidence"][1].value[0]
    assert (evidence.value["quote"][1].loc.line, evidence.value["quote"][1].loc.column) == (4, 12)


def test_duplicate_keys_are_reported_not_silently_merged() -> None:
    problems = Problems()
    parse_yaml("id: a\nname: one\nname: two\n", "f.yaml", problems)
    [problem] = problems.items
    assert problem.location.line == 3
    assert "'name' appears twice" in problem.message


def test_custom_tags_and_aliases_are_refused() -> None:
    problems = Problems()
    parse_yaml("id: !!python/object:os.system x\n", "f.yaml", problems)
    parse_yaml("a: &x [1]\nb: *x\n", "g.yaml", problems)
    text = " ".join(p.message for p in problems.items)
    assert "tag" in text and "aliases" in text


def test_malformed_yaml_points_at_the_line(write: Write, mini: Path) -> None:
    write("annotations/actors/broken.yaml", "id: broken\nname: [unclosed\nkind: person\n")
    [problem] = checked(mini).problems.errors
    assert problem.location.path == "annotations/actors/broken.yaml"
    assert problem.location.line >= 2
    assert "not valid YAML" in problem.message


def test_unknown_field_suggests_the_nearest(write: Write, mini: Path) -> None:
    write("annotations/actors/typo.yaml", "id: typo\nname: Typo\nkind: person\ndescripton: x\n")
    [problem] = checked(mini).problems.errors
    assert (problem.location.line, problem.location.column) == (4, 1)
    assert "Did you mean 'description'?" in problem.message


def test_missing_required_and_wrong_types(write: Write, mini: Path) -> None:
    write("annotations/actors/bad.yaml", "id: bad\naliases: just-one\nkind: persn\n")
    text = "\n".join(messages(checked(mini)))
    assert "has no 'name', which is required" in text
    assert "'aliases' must be a list" in text
    assert "'persn' is not a known kind. Did you mean 'person'?" in text


def test_duplicate_ids_across_files(write: Write, mini: Path) -> None:
    write(
        "annotations/claims/ana-lopez.yaml",
        (mini / "annotations/claims/twelve-cracks.yaml")
        .read_text()
        .replace("id: twelve-cracks", "id: ana-lopez")
        .replace("contradicts: [fourteen-cracks]", ""),
    )
    text = "\n".join(messages(checked(mini)))
    assert "the id 'ana-lopez' is already used by annotations/actors/ana-lopez.yaml" in text


def test_unknown_reference_suggests_an_id(write: Write, mini: Path) -> None:
    path = mini / "annotations/claims/bridge-is-safe.yaml"
    path.write_text(path.read_text().replace("claimant: ana-lopez", "claimant: ana-lopes"))
    [problem] = checked(mini).problems.errors
    assert problem.location.line == 1 + path.read_text().splitlines().index("claimant: ana-lopes")
    assert "Did you mean 'ana-lopez'?" in problem.message


def test_reference_to_the_wrong_kind(write: Write, mini: Path) -> None:
    path = mini / "annotations/claims/bridge-is-safe.yaml"
    path.write_text(path.read_text().replace("claimant: ana-lopez", "claimant: bridge-closed"))
    assert "must refer to an actor, but 'bridge-closed' is an event" in "\n".join(messages(checked(mini)))


def test_source_file_outside_seeds_missing_or_not_utf8(write: Write, mini: Path) -> None:
    source = (mini / "annotations/sources/gazette-bridge.yaml").read_text()
    write("annotations/sources/gazette-bridge.yaml", source.replace("seeds/rewrite.txt", "../../etc/passwd"))
    assert "is not a path inside seeds/" in "\n".join(messages(checked(mini)))
    write("annotations/sources/gazette-bridge.yaml", source.replace("seeds/rewrite.txt", "docs/index.md"))
    assert "is outside seeds/" in "\n".join(messages(checked(mini)))
    write("annotations/sources/gazette-bridge.yaml", source.replace("seeds/rewrite.txt", "seeds/nope.txt"))
    assert "does not exist" in "\n".join(messages(checked(mini)))
    (mini / "seeds/rewrite.txt").write_bytes(b"caf\xe9\n")
    write("annotations/sources/gazette-bridge.yaml", source)
    assert "is not UTF-8" in "\n".join(messages(checked(mini)))
    (mini / "seeds/rewrite.txt").write_text("  \n")
    assert "is empty" in "\n".join(messages(checked(mini)))


def test_symlink_out_of_the_repository_is_not_followed(mini: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text("id: secret\nname: Secret\nkind: person\n")
    (mini / "annotations/actors/secret.yaml").symlink_to(secret)
    result = checked(mini)
    assert "secret" not in result.dossier.actors
    assert "outside the repository" in "\n".join(messages(result))


def test_a_seeds_folder_that_links_to_itself_is_reported(mini: Path) -> None:
    shutil.rmtree(mini / "seeds")
    (mini / "seeds").symlink_to("seeds")
    result = checked(mini)
    assert any("seeds/ cannot be opened" in m for m in messages(result)), messages(result)


def test_id_must_match_file_name(write: Write, mini: Path) -> None:
    write("annotations/actors/someone.yaml", "id: someone-else\nname: X\nkind: person\n")
    assert "does not match the file name 'someone.yaml'" in "\n".join(messages(checked(mini)))


def test_every_problem_is_reported_at_once(write: Write, mini: Path) -> None:
    write("annotations/actors/a.yaml", "id: a\nkind: person\nnam: A\n")
    write("annotations/actors/b.yaml", "id: b\nname: B\nkind: persn\n")
    write("annotations/events/c.yaml", "id: c\ntitle: C\ndate: 2025-02-30\nevidence: []\n")
    assert len(checked(mini).problems.errors) >= 5


def test_fast_and_careful_loaders_agree_on_every_annotation_file() -> None:
    """The libyaml fast path must build exactly what the careful loader builds."""
    from unittest import mock

    from builder.load import yaml_nodes
    from tests.conftest import REPO

    files = sorted((REPO / "annotations").rglob("*.yaml")) + sorted((REPO / "tests/fixtures").rglob("*.yaml"))
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast = yaml_nodes.parse_yaml(text, path.name, Problems())
        with mock.patch.object(yaml_nodes, "parse_fast", return_value=None):
            careful = yaml_nodes.parse_yaml(text, path.name, Problems())
        assert fast == careful, path


def test_fast_path_gives_up_on_anything_unusual() -> None:
    from builder.load.yaml_fast import parse_fast
    from builder.load.yaml_nodes import _UNSHOWABLE, MAX_DEPTH

    for text in [
        "a: 1\na: 2\n",
        "a: &x 1\nb: *x\n",
        "a: !!python/name:os.system\n",
        "- [[[[[[[[[[1]]]]]]]]]]\n",
        "a: 1\n---\nb: 2\n",
        "a: [unclosed\n",
        'a: "\\x07"\n',
        "? [a]\n: 1\n",
        "<<: {a: 1}\n",
    ]:
        assert parse_fast(text, "f.yaml", 5, _UNSHOWABLE) is None, text
    assert parse_fast("a: [1, {b: c}]\n", "f.yaml", MAX_DEPTH, _UNSHOWABLE) is not None
