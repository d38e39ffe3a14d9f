"""Exports: the dossier as data files published beside the site's pages.

Pages serve readers; these files serve other tools. Each format has its own
module with one function from the dossier to text, and `export_files` gathers
them as {path under docs_dir: content}, which both the MkDocs plugin (as
generated files) and `python -m builder build --out` (via `docs_tree`) publish.
Every file lives under `data/`, so relative links between them hold.
"""

from __future__ import annotations

from builder.export.claims_csv import claims_csv
from builder.export.dossier_json import dossier_json
from builder.export.ftm import ftm_ndjson
from builder.export.texts import source_texts
from builder.export.timeline import timeline_json
from builder.export.web_annotation import annotations_jsonld
from builder.model.dossier import Dossier

DATA = "data"
# file name -> what it holds, for the home page's Data section and the README
FORMATS = {
    "dossier.json": "everything, by stable id",
    "annotations.jsonld": "every quote as a W3C Web Annotation",
    "ftm.ndjson": "FollowTheMoney entities, one per line",
    "timeline.json": "the dated events for TimelineJS",
    "claims.csv": "one row per claim",
}


def export_files(dossier: Dossier) -> dict[str, str]:
    """Every export, by path relative to docs_dir."""
    files = {
        "dossier.json": dossier_json(dossier),
        "annotations.jsonld": annotations_jsonld(dossier),
        "ftm.ndjson": ftm_ndjson(dossier),
        "timeline.json": timeline_json(dossier),
        "claims.csv": claims_csv(dossier),
        **source_texts(dossier),
    }
    return {f"{DATA}/{name}": text for name, text in files.items()}
