"""`dossier.json`: everything in the dossier, for anyone who wants the data, not the pages.

One JSON document with every entity of every kind under its stable id, in the
shape of the annotation files (field names from `schema.yaml`), plus what the
builder worked out: where each quote was found (`anchor`: start and end in
Unicode code points of the seed text as stored, and the 1-based paragraph) and a
SHA-256 of each seed text, so a reader can tell that the offsets still apply.
Each claim and relationship also has its `status` (see standing.py): whether it is
corroborated or single-source, its lines of reporting, whether it rests only on
unnamed sources, so that a relationship reported by one anonymous source is not
drawn like one carried by several independent lines.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial

from builder.export.records import Memo, entities, readable_json, record, remembered
from builder.export.standing import Standings
from builder.model.dossier import PLURAL, Dossier
from builder.model.entities import Entity
from builder.model.schema import Schema, load_schema

FORMAT = "dossier-builder/1"


def dossier_json(dossier: Dossier, status: Standings, memo: Memo | None = None) -> Iterator[str]:
    """The document in pieces, one entity a line (as `readable_json(data, levels=2)` would lay it out)."""
    schema = load_schema()
    data: dict[str, object] = {
        "format": FORMAT,
        "offsets": "anchor.start and anchor.end count Unicode code points of the seed text as stored "
        "(decoded from UTF-8, without a byte-order mark); the text itself is data/texts/<source id>.txt",
        "counts": dossier.counts(),
        "vocabularies": schema.vocabularies,
    }
    for plural in PLURAL.values():
        data[plural] = {}
    rest = readable_json(data, levels=2)
    for kind, plural in PLURAL.items():
        key = f"\n {json.dumps(plural)}: "
        before, _, rest = rest.partition(key + "{}")
        yield before + key
        separator = "{\n  "
        for entity in entities(dossier, kind):
            yield separator
            # a status reads other sources' ties, which the memo does not follow: what it is made from is the key
            make = partial(_line, entity, dossier, schema, status)
            yield remembered(memo, "dossier.json", entity, make, status.key(entity.id))
            separator = ",\n  "
        yield "{}" if separator == "{\n  " else "\n }"
    yield rest + "\n"


def _line(entity: Entity, dossier: Dossier, schema: Schema, status: Standings) -> str:
    item = record(entity, dossier, schema)
    text = dossier.texts.get(entity.id) if entity.KIND == "source" else None
    if text is not None:
        item["text"] = {"path": f"texts/{entity.id}.txt", "sha256": text.sha256, "paragraphs": len(text)}
    found = status.get(entity.id)
    if found is not None:
        item["status"] = found
    return f"{json.dumps(entity.id, ensure_ascii=False)}: {json.dumps(item, ensure_ascii=False)}"
