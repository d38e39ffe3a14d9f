"""Read `schema.yaml`, the model as data, into small typed specs."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

SCHEMA_FILE = Path(__file__).with_name("schema.yaml")
# libyaml when PyYAML was built with it: the pure-Python loader takes a tenth of a small build reading this file
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    required: bool = False
    doc: str = ""
    to: tuple[str, ...] = ()
    vocabulary: str = ""
    min: int = 0
    items: FieldSpec | None = None
    fields: dict[str, FieldSpec] = field(default_factory=dict)
    object_name: str = ""
    requires: tuple[str, ...] = ()  # fields that must be given with this one


@dataclass(frozen=True)
class KindSpec:
    name: str
    folder: str
    summary: str
    fields: dict[str, FieldSpec]


@dataclass(frozen=True)
class Schema:
    kinds: dict[str, KindSpec]
    vocabularies: dict[str, dict[str, str]]
    objects: dict[str, KindSpec]


def _field(name: str, raw: dict, objects: dict[str, dict], kind: str = "") -> FieldSpec:
    object_name = raw.get("schema", "")
    sub = objects[object_name]["fields"] if object_name else raw.get("fields", {})
    # A shared object's field may be described for each kind that uses it (`via` ends before a claim's
    # claimant, but with the original speaker of an event): a mapping by kind, with `default` for the others.
    doc = raw.get("doc", "")
    return FieldSpec(
        name=name,
        type=raw["type"],
        required=bool(raw.get("required", False)),
        doc=(doc[kind] if kind in doc else doc["default"]) if isinstance(doc, dict) else doc,
        to=tuple(raw.get("to", ())),
        vocabulary=raw.get("vocabulary", ""),
        min=int(raw.get("min", 0)),
        items=_field(name, raw["items"], objects, kind) if "items" in raw else None,
        fields={k: _field(k, v, objects, kind) for k, v in sub.items()},
        object_name=object_name,
        requires=tuple(raw.get("requires", ())),
    )


@cache
def load_schema() -> Schema:
    raw = yaml.load(SCHEMA_FILE.read_text(encoding="utf-8"), Loader=_Loader)
    objects = raw["objects"]

    def kind(name: str, spec: dict) -> KindSpec:
        fields = {k: _field(k, v, objects, name) for k, v in spec["fields"].items()}
        return KindSpec(name, spec.get("folder", ""), spec.get("summary", ""), fields)

    return Schema(
        kinds={name: kind(name, spec) for name, spec in raw["kinds"].items()},
        vocabularies=raw["vocabularies"],
        objects={name: kind(name, spec) for name, spec in objects.items()},
    )


# A plan lists only the fields that can hold references, each with how to walk it:
# ("ref", name, spec), ("refs", name, item spec) for a list of references,
# ("object", name, plan), ("objects", name, plan) for a list of objects, or
# ("value", name, spec) for anything else (walked field by field).
Plan = list[tuple[str, str, Any]]


def reference_plan(specs: dict[str, FieldSpec]) -> Plan:
    """How to walk the fields of a kind (or object) that can hold references (see `Plan`)."""
    plan: Plan = []
    for name, spec in specs.items():
        if not _has_refs(spec):
            continue
        items = spec.items
        if spec.type == "ref":
            plan.append(("ref", name, spec))
        elif spec.type == "list" and items is not None and items.type == "ref":
            plan.append(("refs", name, items))
        elif spec.type == "list" and items is not None and items.type == "object":
            plan.append(("objects", name, reference_plan(items.fields)))
        elif spec.type == "object":
            plan.append(("object", name, reference_plan(spec.fields)))
        else:
            plan.append(("value", name, spec))
    return plan


def _has_refs(spec: FieldSpec) -> bool:
    if spec.type == "ref":
        return True
    if spec.type == "list":
        return spec.items is not None and _has_refs(spec.items)
    if spec.type == "object":
        return any(_has_refs(f) for f in spec.fields.values())
    return False
