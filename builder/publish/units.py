"""The docs folder a build writes, as units of work that processes can take in any order.

A unit gives some of the files: one export, one part of one page type, a site-wide page
type, the hand-written pages. Two processes that each take the next unit as they become
free (publish/workers.py) finish close together whatever the machine is busy with; the
largest units come first, so the last ones taken are small.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from builder.export import export_units, format_units, text_unit
from builder.load.files import inside
from builder.publish.assets import asset_files
from builder.publish.output import Content, OutputError
from builder.render.pages import EMITTERS, PER_ENTITY
from builder.render.pages.overview import insert_overview
from builder.render.site import Site

Files = Iterable[tuple[str, Content]]
Unit = Callable[[], Files]
Planned = tuple[Unit, list[str]]  # a unit and the paths of its files, in order, known before it is made
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
        *(_pages(site, emit, ((part,), PARTS)) for part in range(PARTS) for emit in per_entity),
        *(_pages(site, emit, ((0,), 1)) for emit in site_wide),
        lambda: asset_files().items(),
    ]


def whole(files: Files) -> list[tuple[str, str | bytes]]:
    """Files with each content whole: an export streamed in pieces is joined (to be pickled, or kept)."""
    return [(path, content if isinstance(content, str | bytes) else "".join(content)) for path, content in files]


def planned_units(site: Site) -> tuple[list[Unit], list[Planned]]:
    """Every file `site_units` gives, in two: the units to make now (site-wide pages, seed texts, assets),
    and those whose files are known by path before they are made, with the paths (each part of each page
    type with a page per entity, then each export format), in the order MkDocs reads them: a second process
    can make these while MkDocs reads the others (publish/streamed.py)."""
    site_wide = [emit for emit in EMITTERS if emit not in PER_ENTITY]
    now = [
        *(_pages(site, emit, ((0,), 1)) for emit in site_wide),
        text_unit(site.dossier),
        lambda: asset_files().items(),
    ]
    planned: list[Planned] = [
        (_pages(site, emit, ((part,), PARTS)), site.entity_paths(plural, ((part,), PARTS)))
        for part in range(PARTS)
        for emit, plural in PER_ENTITY.items()
    ]
    planned += [(unit, [path]) for path, unit in format_units(site.dossier, cross=site.analysis.cross)]
    return now, planned


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


def _pages(site: Site, emit: Emitter, share: tuple[tuple[int, ...], int]) -> Unit:
    def unit() -> Iterator[tuple[str, str]]:
        site.share = share  # read by Site.entity_pages when the emitter starts
        try:
            yield from emit(site)
        finally:  # the site outlives the build (mkdocs keeps it for hand-written pages): every entity again
            site.share = ((0,), 1)

    return unit


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
