"""Read `schema.yaml`, the model as data, into small typed specs."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

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

    def kind_for_folder(self, folder: str) -> KindSpec | None:
        return next((k for k in self.kinds.values() if k.folder == folder), None)


def _field(name: str, raw: dict, objects: dict[str, dict]) -> FieldSpec:
    object_name = raw.get("schema", "")
    sub = objects[object_name]["fields"] if object_name else raw.get("fields", {})
    return FieldSpec(
        name=name,
        type=raw["type"],
        required=bool(raw.get("required", False)),
        doc=raw.get("doc", ""),
        to=tuple(raw.get("to", ())),
        vocabulary=raw.get("vocabulary", ""),
        min=int(raw.get("min", 0)),
        items=_field(name, raw["items"], objects) if "items" in raw else None,
        fields={k: _field(k, v, objects) for k, v in sub.items()},
        object_name=object_name,
        requires=tuple(raw.get("requires", ())),
    )


@cache
def load_schema() -> Schema:
    raw = yaml.load(SCHEMA_FILE.read_text(encoding="utf-8"), Loader=_Loader)
    objects = raw["objects"]

    def kind(name: str, spec: dict) -> KindSpec:
        fields = {k: _field(k, v, objects) for k, v in spec["fields"].items()}
        return KindSpec(name, spec.get("folder", ""), spec.get("summary", ""), fields)

    return Schema(
        kinds={name: kind(name, spec) for name, spec in raw["kinds"].items()},
        vocabularies=raw["vocabularies"],
        objects={name: kind(name, spec) for name, spec in objects.items()},
    )
