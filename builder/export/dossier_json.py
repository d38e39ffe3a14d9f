"""`dossier.json`: everything in the dossier, for anyone who wants the data, not the pages.

One JSON document with every entity of every kind under its stable id, in the
shape of the annotation files (field names from `schema.yaml`), plus what the
builder worked out: where each quote was found (`anchor`: start and end in
Unicode code points of the seed text as stored, and the 1-based paragraph) and a
SHA-256 of each seed text, so a reader can tell that the offsets still apply.
"""

from __future__ import annotations

import json
from typing import Any

from builder.anchor.anchoring import anchors_of
from builder.export.records import entities, quote_ids, readable_json, record
from builder.model.dossier import PLURAL, Dossier
from builder.model.entities import Entity
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
    lines = {}
    for kind, plural in PLURAL.items():
        data[plural] = {}
        lines[plural] = [_line(entity, dossier, ids, schema) for entity in entities(dossier, kind)]
    # As readable_json(data, levels=2): one entity a line, each line remembered between builds.
    head = readable_json(data, levels=2)
    for plural, found in lines.items():
        if found:
            head = head.replace(
                f"\n {json.dumps(plural)}: {{}}", f"\n {json.dumps(plural)}: {{\n  " + ",\n  ".join(found) + "\n }", 1
            )
    return head + "\n"


# Under `mkdocs serve` each build exports the whole dossier again; an entity's line
# depends only on the entity (with its anchors) and the texts its evidence quotes.
_LINES: dict[str, tuple[Entity, tuple[Any, ...], tuple[Any, ...], str]] = {}


def _line(entity: Entity, dossier: Dossier, ids: dict[int, str], schema: Any) -> str:
    texts = dossier.texts
    quoted = tuple(texts[ev.source].text if ev.source in texts else None for ev in entity.evidence_list)
    own = texts[entity.id].text if entity.KIND == "source" and entity.id in texts else None
    key = (own, *quoted)
    anchors = anchors_of(entity)
    found = _LINES.get(entity.id)
    if found is not None and (found[0] is entity or found[0] == entity) and found[1] == anchors and found[2] == key:
        return found[3]
    item = record(entity, dossier, ids, schema)
    text = texts.get(entity.id) if entity.KIND == "source" else None
    if text is not None:
        item["text"] = {"path": f"texts/{entity.id}.txt", "sha256": text.sha256, "paragraphs": len(text)}
    line = f"{json.dumps(entity.id, ensure_ascii=False)}: {json.dumps(item, ensure_ascii=False)}"
    _LINES[entity.id] = (entity, anchors, key, line)
    return line
