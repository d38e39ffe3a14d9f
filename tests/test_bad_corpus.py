"""The corpus of bad annotations in tests/bad/: each mistake reported exactly, with its place and a fix.

See tests/bad/README.md for the format of a case.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
import yaml

from builder.cli import main
from builder.pipeline import check
from tests.conftest import FIXTURES, checked, messages

BAD = Path(__file__).parent / "bad"
CASES = sorted(p.name for p in BAD.iterdir() if p.is_dir())


def make_case(name: str, tmp_path: Path) -> tuple[Path, dict]:
    """The mini dossier with the case's files laid over it; and the case's expectations."""
    case = BAD / name
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    (tmp_path / "secret.txt").write_text("A file outside the repository.\n", encoding="utf-8")
    for path in case.rglob("*"):
        if path.is_file() and path.name != "expected.yaml":
            target = root / path.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    for link, target in (expected.get("links") or {}).items():
        (root / link).parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, root / link)
    return root, expected


def test_the_corpus_covers_every_kind_of_mistake() -> None:
    assert len(CASES) >= 40
    for name in CASES:
        assert (BAD / name / "expected.yaml").is_file(), name


@pytest.mark.parametrize("name", CASES)
def test_bad_annotation_is_reported_at_its_place(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, expected = make_case(name, tmp_path)
    errors = check(root).problems.errors
    want = expected["errors"]
    shown = "\n".join(p.text() for p in errors)
    assert len(errors) == len(want), f"expected {len(want)} error(s), got:\n{shown}"
    for item in want:
        matching = [p for p in errors if str(p.location) == item["at"] and item["message"] in p.text()]
        assert matching, f"no error at {item['at']} with {item['message']!r}; got:\n{shown}"
    for problem in errors:
        assert problem.fix, f"{problem.text()} has no fix"
        assert problem.location.path and not Path(problem.location.path).is_absolute()
    # The command line prints the same, and fails without a traceback.
    capsys.readouterr()
    assert main(["check", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    for item in expected["errors"]:
        assert f"{item['at']}: error: " in err
    assert "Traceback" not in err
    assert main(["check", "--root", str(root), "--format", "github"]) == 1
    out = capsys.readouterr().out
    for item in expected["errors"]:
        path, _, place = item["at"].partition(":")
        line, _, column = place.partition(":")
        props = f"file={path},line={line},col={column}" if line else f"file={path}"
        assert f"::error {props}::" in out


def test_every_mistake_at_once(mini: Path) -> None:
    """Several cases laid over one dossier are all reported by one run."""
    fragments = {
        "duplicate-key": "appears twice",
        "unknown-field": "Did you mean 'description'?",
        "quote-not-found": "97% similar",
        "unknown-actor": "Did you mean 'ana-lopez'?",
        "impossible-date": "28 days",
        "yaml-python-tag": "is not allowed",
    }
    for name in fragments:
        for path in (BAD / name).rglob("*.yaml"):
            if path.name != "expected.yaml":
                shutil.copyfile(path, mini / path.relative_to(BAD / name))
    errors = messages(checked(mini))
    assert len(errors) == len(fragments)
    for fragment in fragments.values():
        assert any(fragment in error for error in errors)


# Unusual but valid input -------------------------------------------------------------------------


def test_byte_order_marks_and_crlf_line_ends_are_read(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    for path in [*root.glob("seeds/*.txt"), *root.glob("annotations/*/*.yaml")]:
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    claim = root / "annotations/claims/bridge-is-safe.yaml"
    evidence = "  - source: planet-bridge\n    quote: the bridge is safe\n    prefix: expected. The mayor said\n"
    claim.write_bytes(claim.read_bytes() + evidence.replace("\n", "\r\n").encode())  # the prefix spans a CRLF
    result = checked(root)
    assert messages(result) == []
    text = result.dossier.texts["planet-bridge"]
    assert not text.text.startswith("\ufeff")
    assert [text.paragraph(n) for n in (1, 2)] == ["Daily Planet", "Officials say the bridge was closed on Monday."]
    anchor = result.dossier.claims["bridge-is-safe"].evidence[-1].anchor
    assert anchor is not None and anchor.paragraph == 5


def test_a_symlinked_seed_inside_seeds_is_followed(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    os.symlink("wire.txt", root / "seeds/wire-link.txt")
    source = root / "annotations/sources/planet-bridge.yaml"
    source.write_text(source.read_text().replace("seeds/wire.txt", "seeds/wire-link.txt"))
    assert messages(checked(root)) == []


def test_a_link_loop_is_reported_not_followed(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", root)
    os.symlink("loop-b.txt", root / "seeds/loop-a.txt")
    os.symlink("loop-a.txt", root / "seeds/loop-b.txt")
    os.symlink("loop.yaml", root / "annotations/actors/loop.yaml")
    source = root / "annotations/sources/planet-bridge.yaml"
    source.write_text(source.read_text().replace("seeds/wire.txt", "seeds/loop-a.txt"))
    text = "\n".join(messages(checked(root)))
    assert "'seeds/loop-a.txt' cannot be used as a file name" in text
    assert "annotations/actors/loop.yaml: error:" in text


def test_a_seeds_folder_linked_outside_the_repository_is_not_read(mini: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    shutil.move(mini / "seeds", outside)
    os.symlink(outside, mini / "seeds")
    text = "\n".join(messages(checked(mini)))
    assert re.search(r"annotations/sources/planet-bridge.yaml:\d+:7: error: 'seeds/wire.txt' is outside seeds/", text)
