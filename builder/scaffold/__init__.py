"""`python -m builder new-source FILE`: bring a new text into the dossier.

It copies the file into seeds/ byte for byte (never over an existing one), reads what the text states about
itself (date, outlet, authors), proposes the passages that are not article body, lists the known actors the
text names, and writes annotations/sources/<id>.yaml as a stub with TODO comments. The stub loads and checks
cleanly, so the contributor can build the site at once; everything in it is a proposal, never a fact.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from builder.load.validate import ID_PATTERN
from builder.scaffold import templates
from builder.scaffold.reading import Proposal, propose, slug
from builder.scaffold.stub import render_actor, render_stub

__all__ = ["Added", "ScaffoldError", "add_command", "new_source", "propose", "render_stub", "run", "seed_name"]


class ScaffoldError(Exception):
    """The new source cannot be added safely (the file exists, is empty or is not UTF-8)."""


def seed_name(seeds: Path, data: bytes, name: str = "") -> str:
    """`NNN_<16 hex>.txt` like the existing seeds (the next number, the text's SHA-256), or `<slug>.txt`."""
    if name:
        stem = slug(name, words=12) or "source"
        return f"{stem}.txt"
    numbers = [int(m.group(1)) for p in seeds.glob("*.txt") if (m := re.match(r"^(\d+)_", p.name))]
    return f"{max(numbers, default=-1) + 1:03d}_{hashlib.sha256(data).hexdigest()[:16]}.txt"


@dataclass
class Added:
    seed: Path
    annotation: Path
    proposal: Proposal
    actors: list[Path]


def new_source(root: Path, file: Path, name: str = "") -> Added:
    """Copy `file` into root/seeds and write a stub annotation; raise ScaffoldError when unsafe."""
    from builder.pipeline import check

    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ScaffoldError(f"{file} cannot be read: {exc.strerror}") from exc
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise ScaffoldError(f"{file} is not UTF-8 text (byte {exc.start}); save it as UTF-8") from exc
    if not text.strip():
        raise ScaffoldError(f"{file} is empty")
    seeds = root / "seeds"
    seeds.mkdir(exist_ok=True)
    for existing in sorted(seeds.glob("*.txt")):
        if existing.read_bytes() == data:
            raise ScaffoldError(f"the same text is already in seeds/ as {existing.name}")
    seed = seeds / seed_name(seeds, data, name)
    if seed.exists():
        raise ScaffoldError(f"{seed} exists; seeds are never overwritten: give another --name")
    checked = check(root)
    actors = list(checked.dossier.actors.values())
    proposal = propose(text, actors)
    if name:
        proposal.title, proposal.title_given = name, True
    source_id = _source_id(proposal, seed, checked.dossier.get)
    annotation = root / "annotations" / "sources" / f"{source_id}.yaml"
    if annotation.exists():
        raise ScaffoldError(f"{annotation} exists; it is never overwritten")
    files = {root / "annotations" / "actors" / f"{a.id}.yaml": render_actor(a, source_id) for a in proposal.new_actors}
    files[annotation] = render_stub(source_id, f"seeds/{seed.name}", text, proposal, actors)  # written last
    for path in files:
        if path.exists():
            raise ScaffoldError(f"{path} exists; it is never overwritten")
    with seed.open("xb") as stream:  # exclusive: never replaces a file that appeared meanwhile
        stream.write(data)
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as stream:
            stream.write(content)
    return Added(seed, annotation, proposal, list(files)[:-1])


def _source_id(proposal: Proposal, seed: Path, taken: Callable[[str], object]) -> str:
    """`<outlet>-<date>-<headline words>` like the dossier's own source ids, as far as the text tells."""
    outlet = proposal.publisher or (proposal.cites[0] if proposal.cites else "source")
    what = slug(proposal.title, words=4) if proposal.title else seed.stem.split("_")[0]
    base = "-".join(p for p in (slug(x, words=12) for x in (outlet, proposal.published, what) if x) if p)
    base = base[:80].strip("-") or "source"
    candidate, n = base, 2
    while not ID_PATTERN.match(candidate) or taken(candidate) is not None:
        candidate = f"{base}-{n}"
        n += 1
    return candidate


def add_command(commands: argparse._SubParsersAction) -> None:
    templates.add_command(commands)
    cmd = commands.add_parser("new-source", help="copy a new text into seeds/ and write a stub source annotation")
    cmd.add_argument("file", type=Path, help="the text file, UTF-8")
    cmd.add_argument("--root", type=Path, default=Path("."), help="the dossier's root folder (default: here)")
    cmd.add_argument("--name", default="", help="the source's title; the seed is then named <slug>.txt after it")
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not args.root.is_dir():
        print(f"error: {args.root} is not a folder", file=sys.stderr)
        return 2
    try:
        added = new_source(args.root, args.file, args.name)
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    root = args.root
    print(f"copied {args.file} to {added.seed.relative_to(root)}")
    print(f"wrote {added.annotation.relative_to(root)}: check every TODO, then run `python -m builder check`")
    for path in added.actors:
        print(f"wrote {path.relative_to(root)}: an actor the text credits; check its name and kind")
    for todo in added.proposal.todo:
        print(f"  TODO: {todo}")
    return 0
