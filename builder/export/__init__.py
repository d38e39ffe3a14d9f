"""Exports: the dossier as data files published beside the site's pages.

Pages serve readers; these files serve other tools. Each format has its own
module with one function from the dossier to the file's text in pieces (an entity
or a quote at a time), so `python -m builder build --out` can write a file of a
10,000-source dossier without holding it whole, and `mkdocs serve` can reuse the
pieces of entities that did not change (`Memo`). `export_units` gathers them by
path under docs_dir; every file lives under `data/`, so relative links between
them hold.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from builder.export.annotate_index import annotate_json
from builder.export.claims_csv import claims_csv
from builder.export.dossier_json import dossier_json
from builder.export.ftm import ftm_ndjson
from builder.export.network import Graph, neighbourhood_files, network_json
from builder.export.records import Memo
from builder.export.standing import Standings
from builder.export.texts import source_texts
from builder.export.timeline import timeline_json
from builder.export.web_annotation import annotations_jsonld
from builder.model.dossier import Dossier

if TYPE_CHECKING:
    from builder.analyse.crosssource import CrossSource

__all__ = ["DATA", "FORMATS", "Memo", "export_files", "export_units"]

DATA = "data"
# file name -> what it holds, for the home page's Data section and the README
FORMATS = {
    "dossier.json": "everything, by stable id",
    "annotations.jsonld": "every quote as a W3C Web Annotation",
    "ftm.ndjson": "FollowTheMoney entities, one per line",
    "timeline.json": "the dated events for TimelineJS",
    "claims.csv": "one row per claim",
    "network.json": "actors and relationships as a graph, each relationship with what it rests on "
    "(the quotes of each actor's relationships in network/<actor id>.json)",
    "annotate.json": "the actors, ids and terms the Annotate form of a source's page offers",
}


Files = Iterator[tuple[str, Iterable[str]]]


def export_units(dossier: Dossier, cross: CrossSource, memo: Memo | None = None) -> list[Callable[[], Files]]:
    """Every export (each format's file, then the seed texts, then each actor's network file) as a unit of work:
    (path relative to docs_dir, the file's text in pieces), each made as it is read. `cross`: the analysis of
    this dossier, whose statuses the exports publish."""
    status = Standings(dossier, cross)
    graph = functools.cache(lambda: Graph(dossier, status, memo))  # shared by the network files
    pieces: dict[str, Callable[[], Iterable[str]]] = {
        "dossier.json": lambda: dossier_json(dossier, status, memo),
        "annotations.jsonld": lambda: annotations_jsonld(dossier, memo),
        "ftm.ndjson": lambda: ftm_ndjson(dossier, memo),
        "timeline.json": lambda: timeline_json(dossier, memo),
        "claims.csv": lambda: claims_csv(dossier, status, memo),
        "network.json": lambda: network_json(graph()),
        "annotate.json": lambda: annotate_json(dossier, memo),
    }
    assert pieces.keys() == FORMATS.keys()

    def one(name: str, made: Callable[[], Iterable[str]]) -> Callable[[], Files]:
        return lambda: iter([(f"{DATA}/{name}", made())])

    texts = lambda: ((f"{DATA}/{name}", (text,)) for name, text in source_texts(dossier))  # noqa: E731
    # each actor's neighbourhood and the quotes of its relationships (data/network/), read by its page
    network = lambda: ((f"{DATA}/{name}", text) for name, text in neighbourhood_files(graph()))  # noqa: E731
    return [*(one(name, made) for name, made in pieces.items()), texts, network]


def export_files(dossier: Dossier, cross: CrossSource, memo: Memo | None = None) -> dict[str, str]:
    """Every export, whole, by path relative to docs_dir.

    With a memo (under `mkdocs serve`), an entity's export text is the last build's while its inputs hold, and
    a file whose pieces are all what they were is the very text of the last build: joining is copying
    megabytes, and one edit leaves most files of the dossier alone.
    """
    if memo is None:
        return {path: "".join(pieces) for unit in export_units(dossier, cross) for path, pieces in unit()}
    memo.start(dossier)
    units = export_units(dossier, cross, memo)
    files = {path: memo.joined(path, list(pieces)) for unit in units for path, pieces in unit()}
    memo.keep_files(files)  # the text of a removed source goes
    return files
