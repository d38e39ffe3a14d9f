"""The docs folder a build writes, as units of work that two processes can share (builder/parallel.py).

A unit gives some of the files: one export, one part of one page type, a site-wide page
type, the hand-written pages. The largest units come first, so that the last ones taken
are small and both processes finish close together whatever the machine is busy with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from builder.export import export_units
from builder.load.files import inside
from builder.publish.assets import asset_files
from builder.publish.output import Content, OutputError
from builder.render.pages import EMITTERS, PER_ENTITY
from builder.render.pages.overview import insert_overview
from builder.render.site import Site

Files = Iterable[tuple[str, Content]]
Unit = Callable[[], Files]
Emitter = Callable[[Site], Iterator[tuple[str, str]]]

# Each page type with a page per entity comes in this many parts (entity n is in part n % PARTS):
# at 10,000 sources the claim pages are 50,000, a part of them about half a second of work.
PARTS = 8


def docs_units(site: Site, root: Path) -> list[Unit]:
    """Every file of the docs folder, in units of work, largest first."""
    hand_written = hand_written_files(root)

    def generated(unit: Unit) -> Unit:
        return lambda: refuse_hand_written(unit(), hand_written)

    return [lambda: _hand_written_pages(site, hand_written), *map(generated, site_units(site))]


def site_units(site: Site) -> list[Unit]:
    """Every file the builder generates (pages, exports, assets), in units of work, largest first."""
    per_entity = [emit for emit in EMITTERS if emit in PER_ENTITY]
    site_wide = [emit for emit in EMITTERS if emit not in PER_ENTITY]
    return [
        *export_units(site.dossier, cross=site.analysis.cross),
        *(_pages(site.part(part, PARTS), emit) for part in range(PARTS) for emit in per_entity),
        *(_pages(site, emit) for emit in site_wide),
        lambda: asset_files().items(),
    ]


def hand_written_files(root: Path) -> dict[str, Path]:
    """Files under docs/ by path relative to it, read before anything is generated so that every process
    can refuse a generated page that would replace one."""
    docs = root / "docs"
    if not inside(root, docs):
        raise OutputError("docs/ is a link to a folder outside the repository; replace it with a real folder")
    found: dict[str, Path] = {}
    if docs.is_dir():
        for path in sorted(docs.rglob("*")):
            if path.is_file() and not path.is_symlink():
                found[path.relative_to(docs).as_posix()] = path
    return found


def refuse_hand_written(files: Files, hand_written: dict[str, Path]) -> Iterator[tuple[str, Content]]:
    for rel, content in files:
        if rel in hand_written:
            raise OutputError(f"docs/{rel} is written by hand, but the builder generates that page")
        yield rel, content


def _pages(site: Site, emit: Emitter) -> Unit:
    return lambda: emit(site)


def _hand_written_pages(site: Site, hand_written: dict[str, Path]) -> Iterator[tuple[str, Content]]:
    for rel, path in hand_written.items():
        data = path.read_bytes()
        if not rel.endswith(".md"):
            yield rel, data  # images and other files are copied byte for byte
            continue
        try:
            yield rel, insert_overview(data.decode("utf-8"), site, rel)
        except UnicodeDecodeError as exc:
            raise OutputError(f"docs/{rel} is not UTF-8 text; save it as UTF-8") from exc
