"""`dossier.json`: everything in the dossier, for anyone who wants the data, not the pages.

One JSON document with every entity of every kind under its stable id, in the
shape of the annotation files (field names from `schema.yaml`), plus what the
builder worked out: where each quote was found (`anchor`: start and end in
Unicode code points of the seed text as stored, and the 1-based paragraph) and a
SHA-256 of each seed text, so a reader can tell that the offsets still apply.
"""

from __future__ import annotations

from builder.export.records import entities, quote_ids, readable_json, record
from builder.model.dossier import PLURAL, Dossier
from builder.model.schema import load_schema

FORMAT = "dossier-builder/1"


def dossier_json(dossier: Dossier) -> str:
    schema = load_schema()
    ids = quote_ids(dossier)
    data: dict[str, object] = {
        "format": FORMAT,
        "offsets": "anchor.start and anchor.end count Unicode code points of the seed text as stored "
        "(decoded from UTF-8, without a byte-order mark); the text itself is data/texts/<source id>.txt",
        "counts": dossier.counts(),
        "vocabularies": schema.vocabularies,
    }
    for kind, plural in PLURAL.items():
        items = {}
        for entity in entities(dossier, kind):
            item = record(entity, dossier, ids, schema)
            text = dossier.texts.get(entity.id) if kind == "source" else None
            if text is not None:
                item["text"] = {"path": f"texts/{entity.id}.txt", "sha256": text.sha256, "paragraphs": len(text)}
            items[entity.id] = item
        data[plural] = items
    return readable_json(data, levels=2) + "\n"  # one entity a line
