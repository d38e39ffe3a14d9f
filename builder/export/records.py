"""The dossier as plain data, walked from `schema.yaml`, shared by every export.

Exports must say the same thing as the site and survive a new field in the
model, so nothing here lists fields by hand: an entity becomes a dict by
walking its kind's field specs, exactly as the loader built it. Evidence gets a
stable id (`<owner id>.e<n>`, n counting from 1 in the owner's file order) that
every export uses, so a quote can be followed from one format to another.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from builder.model.dates import DateValue
from builder.model.dossier import PLURAL, Dossier
from builder.model.entities import Entity, Evidence, Located
from builder.model.schema import FieldSpec, Schema, load_schema


@dataclass(frozen=True)
class Quote:
    """One piece of evidence, with its stable id and the entity it supports."""

    id: str
    owner: Entity
    evidence: Evidence


def entities(dossier: Dossier, kind: str) -> list[Entity]:
    """The entities of one kind, by id, so every export lists them in the same order."""
    return [dossier.by_kind(kind)[key] for key in sorted(dossier.by_kind(kind))]


def quotes(dossier: Dossier) -> Iterator[Quote]:
    """Every piece of evidence, owner by owner (kinds in schema order, ids sorted)."""
    for kind in PLURAL:
        for entity in entities(dossier, kind):
            for n, evidence in enumerate(entity.evidence_list, start=1):
                yield Quote(f"{entity.id}.e{n}", entity, evidence)


def quote_ids(dossier: Dossier) -> dict[int, str]:
    """Stable evidence id by `id()` of the Evidence object, for exports that walk entities."""
    return {id(q.evidence): q.id for q in quotes(dossier)}


def record(entity: Entity, dossier: Dossier, ids: dict[int, str], schema: Schema | None = None) -> dict[str, Any]:
    """An entity as a JSON-ready dict of its schema fields; empty fields are left out.

    `ids` is `quote_ids(dossier)`, computed once by the caller.
    """
    schema = schema or load_schema()
    data = _fields(entity, schema.kinds[entity.KIND].fields, dossier, ids)
    return {"kind": entity.KIND, **data}


def _fields(obj: Located, specs: dict[str, FieldSpec], dossier: Dossier, ids: dict[int, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if isinstance(obj, Evidence):
        data["id"] = ids.get(id(obj), "")
    for name, spec in specs.items():
        value = _value(getattr(obj, name, None), spec, dossier, ids)
        if value not in (None, "", [], {}):
            data[name] = value
    if isinstance(obj, Evidence) and obj.anchor is not None:
        text = dossier.texts.get(obj.source)
        data["anchor"] = {
            "start": obj.anchor.start,
            "end": obj.anchor.end,
            "paragraph": obj.anchor.paragraph,
            "exact": text.text[obj.anchor.start : obj.anchor.end] if text else obj.quote,
        }
    return data


def _value(value: Any, spec: FieldSpec, dossier: Dossier, ids: dict[int, str]) -> Any:
    if value is None:
        return None
    if isinstance(value, DateValue):
        return value.edtf()
    if spec.type == "list":
        assert spec.items is not None
        items = spec.items
        return [_value(v, items, dossier, ids) for v in value]
    if spec.type == "object":
        return _fields(value, spec.fields, dossier, ids)
    return value


def date_parts(value: DateValue | None) -> tuple[str, str]:
    """(start, end) as FtM-style prefix dates (`2025`, `2025-11`, `2025-11-26`); '' when open or unknown."""
    if value is None:
        return "", ""
    start = value.start.iso() if value.start else ""
    end = value.end.iso() if value.end else ""
    return start, end


def page_url(entity: Entity) -> str:
    """The entity's page in the built site, relative to the site root (MkDocs' default directory URLs).

    Relationships have no page of their own: they are listed on their subject's page.
    """
    subject = getattr(entity, "subject", "")
    if entity.KIND == "relationship" and subject:
        return f"actors/{subject}/#rel-{entity.id}"
    return f"{PLURAL[entity.KIND]}/{entity.id}/"


def readable_json(value: Any, levels: int, indent: str = "") -> str:
    """JSON laid out one item a line down to `levels` of nesting, each item compact below that.

    Diffable and readable like indented JSON, but written by the json module's C encoder: `indent=`
    falls back to the pure-Python one, several times slower on a dossier of thousands of quotes.
    """
    if levels <= 0 or not isinstance(value, (dict, list)) or not value:
        return json.dumps(value, ensure_ascii=False)
    inner = indent + " "
    if isinstance(value, dict):
        items = [
            f"{json.dumps(k, ensure_ascii=False)}: {readable_json(v, levels - 1, inner)}" for k, v in value.items()
        ]
        return "{\n" + inner + f",\n{inner}".join(items) + "\n" + indent + "}"
    items = [readable_json(v, levels - 1, inner) for v in value]
    return "[\n" + inner + f",\n{inner}".join(items) + "\n" + indent + "]"
