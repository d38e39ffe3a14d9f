"""`python -m builder build --out DIR`: atomic, and never harms a file the builder did not write."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from builder.cli import main
from builder.publish import output
from builder.publish.output import MANIFEST
from tests.conftest import Write

PROBLEMS, USAGE = 1, 2


def build(root: Path, out: Path) -> int:
    return main(["build", "--root", str(root), "--out", str(out), "--quiet"])


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (links as their target), to compare before and after."""
    files = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            files[rel] = os.readlink(path).encode()
        elif path.is_file():
            files[rel] = path.read_bytes()
    return files


@pytest.fixture
def out(tmp_path: Path) -> Path:
    return tmp_path / "out"


def test_build_writes_the_docs_tree_and_a_manifest(mini: Path, out: Path) -> None:
    assert build(mini, out) == 0
    written = snapshot(out)
    assert {"index.md", "actors/ana-lopez.md", "sources/planet-bridge.md", MANIFEST} <= written.keys()
    assert set(json.loads(written[MANIFEST])) == written.keys() - {MANIFEST}
    assert not [name for name in written if output.STAGING in name]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((out / "index.md").stat().st_mode) == 0o666 & ~umask, "not the 0600 of a temporary file"
    assert build(mini, out) == 0
    assert snapshot(out) == written  # a second build changes nothing


def test_a_failed_build_leaves_the_previous_output_intact(mini: Path, out: Path, write: Write) -> None:
    assert build(mini, out) == 0
    before = snapshot(out)
    write("annotations/actors/broken.yaml", "id: broken\nname: [unclosed\n")
    assert build(mini, out) == PROBLEMS
    assert snapshot(out) == before


def test_files_the_builder_did_not_write_are_kept(mini: Path, out: Path, write: Write) -> None:
    assert build(mini, out) == 0
    (out / "CNAME").write_text("dossier.example.org\n")
    (out / "actors/extra.md").write_text("mine\n")
    (mini / "annotations/claims/twelve-cracks.yaml").unlink()
    assert build(mini, out) == 0
    assert (out / "CNAME").read_text() == "dossier.example.org\n"
    assert (out / "actors/extra.md").read_text() == "mine\n"
    assert not (out / "claims/twelve-cracks.md").exists(), "a stale page the builder wrote is removed"


def test_a_file_in_the_way_is_never_overwritten(mini: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (out / "actors").mkdir(parents=True)
    (out / "actors/ana-lopez.md").write_text("written by hand\n")
    before = snapshot(out)
    assert build(mini, out) == USAGE
    assert "was not written by the builder" in capsys.readouterr().err
    assert snapshot(out) == before, "nothing at all is written"


def test_a_file_where_a_folder_is_needed_is_kept(mini: Path, out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out.mkdir()
    (out / "actors").write_text("a file, not a folder\n")
    assert build(mini, out) == USAGE
    assert "is a file where the builder needs a folder" in capsys.readouterr().err
    assert snapshot(out) == {"actors": b"a file, not a folder\n"}


def test_a_link_out_of_the_output_folder_is_not_followed(mini: Path, out: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out.mkdir()
    os.symlink(elsewhere, out / "actors")
    assert build(mini, out) == USAGE
    assert list(elsewhere.iterdir()) == []
    os.remove(out / "actors")
    os.symlink(elsewhere / "target.md", out / "index.md")
    assert build(mini, out) == USAGE
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize(
    "manifest",
    [
        ["../victim.txt"],
        ["/tmp/victim.txt"],
        ["sub/../../victim.txt"],
        {"index.md": 1},
        7,
        "not json",
    ],
)
def test_a_tampered_manifest_deletes_nothing(mini: Path, out: Path, tmp_path: Path, manifest: object) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    out.mkdir()
    (out / MANIFEST).write_text(manifest if isinstance(manifest, str) else json.dumps(manifest))
    assert build(mini, out) == USAGE
    assert victim.read_text() == "keep me\n"
    assert snapshot(out).keys() == {MANIFEST}


@pytest.mark.parametrize("inside", [".", "docs", "docs/generated", "annotations", "seeds"])
def test_the_output_cannot_be_the_repository_or_its_sources(mini: Path, inside: str) -> None:
    before = snapshot(mini)
    assert build(mini, mini / inside) == USAGE
    assert snapshot(mini) == before


def test_the_output_cannot_be_a_file(mini: Path, tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("x")
    assert build(mini, target) == USAGE
    assert target.read_text() == "x"


def test_a_full_disk_changes_nothing(mini: Path, out: Path, write: Write, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file is staged before any is replaced: failing to stage one leaves the output as it was."""
    assert build(mini, out) == 0
    before = snapshot(out)
    write("annotations/actors/new-actor.yaml", "id: new-actor\nname: New\nkind: person\n")
    real, calls = output._stage, []

    def failing(path: Path, content: str | bytes) -> Path:
        calls.append(path)
        if len(calls) == 6:
            raise OSError(28, "No space left on device")
        return real(path, content)

    monkeypatch.setattr(output, "_stage", failing)
    assert build(mini, out) == USAGE
    assert snapshot(out) == before
    assert not [p for p in out.rglob("*") if p.is_dir() and not any(p.iterdir())], "no empty folder is left"


def test_a_build_stopped_half_way_can_be_run_again(mini: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real, calls = os.replace, []

    def failing(source: str | Path, target: str | Path) -> None:
        calls.append(target)
        if len(calls) == 6:
            raise OSError(5, "Input/output error")
        real(source, target)

    out.mkdir()  # an existing folder: files are staged and replaced one by one
    monkeypatch.setattr(os, "replace", failing)
    assert build(mini, out) == USAGE
    assert not [p for p in out.rglob("*") if p.name.endswith(output.STAGING)]
    monkeypatch.setattr(os, "replace", real)
    assert build(mini, out) == 0, "the files written so far are claimed by the manifest"
    assert "actors/ana-lopez.md" in json.loads((out / MANIFEST).read_text())


def test_a_crash_while_writing_leaves_no_half_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "page.md"
    target.write_text("old\n")

    def broken(source: object, target: object) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        output._write_atomic(target, "new\n")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["page.md"]


def test_hand_written_files_are_copied_byte_for_byte(mini: Path, out: Path) -> None:
    image = bytes(range(256))
    (mini / "docs/images").mkdir()
    (mini / "docs/images/map.png").write_bytes(image)
    assert build(mini, out) == 0
    assert (out / "images/map.png").read_bytes() == image
    assert "<!-- dossier:at-a-glance -->" not in (out / "index.md").read_text()


def test_a_hand_written_page_that_is_not_utf8_is_reported(mini: Path, out: Path) -> None:
    (mini / "docs/latin.md").write_bytes(b"caf\xe9\n")
    assert build(mini, out) == USAGE
    assert not out.exists()


def test_a_docs_folder_linked_outside_the_repository_is_not_copied(mini: Path, out: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    shutil.move(mini / "docs", outside)
    os.symlink(outside, mini / "docs")
    assert build(mini, out) == USAGE
    assert not out.exists()


def test_a_first_build_appears_whole_or_not_at_all(mini: Path, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "rename", broken)
    assert build(mini, out) == USAGE
    assert not out.exists()
    assert [p.name for p in out.parent.iterdir() if output.STAGING in p.name] == []
    monkeypatch.undo()
    assert build(mini, out) == 0
    assert "actors/ana-lopez.md" in json.loads((out / MANIFEST).read_text())


# Two processes: a forked worker takes units of pages and exports as this one does (builder/parallel.py) ---


@pytest.mark.usefixtures("two_processes")
def test_a_hand_written_page_in_the_second_process_share_is_refused(mini: Path, out: Path) -> None:
    assert build(mini, out) == 0
    before = snapshot(out)
    claim = sorted((mini / "annotations/claims").glob("*.yaml"))[0].stem
    (mini / "docs/claims").mkdir(parents=True)
    (mini / f"docs/claims/{claim}.md").write_text("by hand\n")
    assert build(mini, out) == USAGE
    assert snapshot(out) == before


@pytest.mark.usefixtures("two_processes")
@pytest.mark.parametrize("first_build", [True, False])
def test_a_failure_in_the_second_process_changes_nothing(
    mini: Path, out: Path, monkeypatch: pytest.MonkeyPatch, first_build: bool
) -> None:
    if not first_build:
        assert build(mini, out) == 0
    before = snapshot(out) if out.exists() else None
    parent, real = os.getpid(), output._write

    def failing_in_child(handle: int, content: output.Content) -> None:
        if os.getpid() != parent:
            raise OSError(28, "No space left on device")
        real(handle, content)

    monkeypatch.setattr(output, "_write", failing_in_child)
    assert build(mini, out) == USAGE
    assert (snapshot(out) if out.exists() else None) == before
    assert not [p for p in out.parent.rglob("*") if output.STAGING in p.name]


@pytest.mark.usefixtures("two_processes")
def test_one_process_and_two_write_the_same_files(mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert build(mini, tmp_path / "two") == 0
    monkeypatch.setenv("DOSSIER_PROCESSES", "1")
    assert build(mini, tmp_path / "one") == 0
    assert snapshot(tmp_path / "one") == snapshot(tmp_path / "two")


@pytest.mark.usefixtures("two_processes")
@pytest.mark.parametrize("first_build", [True, False])
def test_a_child_that_dies_half_way_leaves_its_units_to_the_parent(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first_build: bool
) -> None:
    """The child dies after staging some files: this process stages again whatever the child took."""
    monkeypatch.setenv("DOSSIER_PROCESSES", "1")
    assert build(mini, tmp_path / "one") == 0
    monkeypatch.delenv("DOSSIER_PROCESSES")
    out = tmp_path / "two"
    if not first_build:
        assert build(mini, out) == 0
    parent, real, written = os.getpid(), output._write, []

    def dying_in_child(handle: int, content: output.Content) -> None:
        real(handle, content)
        if os.getpid() != parent:
            written.append(handle)
            if len(written) == 3:
                os._exit(9)

    monkeypatch.setattr(output, "_write", dying_in_child)
    assert build(mini, out) == 0
    assert snapshot(out) == snapshot(tmp_path / "one")


def test_two_files_at_one_path_are_refused(mini: Path, out: Path) -> None:
    """A page that would replace another (in one process, or across two) stops the build: one would be lost."""
    one = output.Output(mini, out)
    with pytest.raises(output.OutputError, match=r"two files at claims/x\.md"):
        one.stage([("claims/x.md", "first\n"), ("claims/x.md", "second\n")])
    one.abort()
    assert not out.exists()
    two = output.Output(mini, out)
    two.stage([("claims/x.md", "first\n")])
    two.adopt(["claims/x.md"], [])  # as if the second process had staged the same path
    with pytest.raises(output.OutputError, match=r"two files at claims/x\.md"):
        two.commit()
    two.abort()
    assert not out.exists()


@pytest.mark.usefixtures("two_processes")
def test_a_failure_here_stops_the_second_process_and_leaves_no_trace(
    mini: Path, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """This process fails half-way: the child is stopped before it says what it staged, and abort still
    removes every staged file (and any left by an earlier build that was stopped the same way)."""
    assert build(mini, out) == 0
    stray = out / "actors" / f".left-over.md{output.STAGING}"
    stray.write_text("from a build stopped by Ctrl-C\n")
    before = {rel: data for rel, data in snapshot(out).items() if output.STAGING not in rel}
    parent, real, calls = os.getpid(), output._stage, []

    def failing_here(path: Path, content: output.Content) -> Path:
        if os.getpid() == parent:
            calls.append(path)
            if len(calls) == 4:
                raise OSError(28, "No space left on device")
        return real(path, content)

    monkeypatch.setattr(output, "_stage", failing_here)
    assert build(mini, out) == USAGE
    assert snapshot(out) == before
    assert not [p for p in out.rglob("*") if output.STAGING in p.name]
