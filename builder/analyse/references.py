"""Check every reference between entities and index them for backlinks.

Which fields are references, and to which kinds, is read from the schema, so a
new reference field needs no code here.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from builder.load.validate import suggest
from builder.model.dossier import Dossier
from builder.model.entities import Entity, Located
from builder.model.schema import FieldSpec, Schema
from builder.problems import Location, Problems


@dataclass(frozen=True)
class Ref:
    """`source` refers to `target` through `field` (e.g. a claim's `about`)."""

    source: str
    source_kind: str
    field: str
    target: str


@dataclass
class RefIndex:
    incoming: dict[str, list[Ref]] = field(default_factory=lambda: defaultdict(list))

    def to(self, target: str, field_name: str | None = None, kind: str | None = None) -> list[str]:
        """Ids of entities that refer to `target`, optionally through one field or from one kind."""
        seen: dict[str, None] = {}
        for ref in self.incoming.get(target, ()):
            if (field_name and ref.field != field_name) or (kind and ref.source_kind != kind):
                continue
            seen[ref.source] = None
        return list(seen)


def check_references(dossier: Dossier, schema: Schema, problems: Problems) -> RefIndex:
    index = RefIndex()
    kinds_of = {}
    for entity in dossier.entities():
        kinds_of[entity.id] = entity.KIND
    ids_by_kind: dict[str, list[str]] = defaultdict(list)
    for entity_id, kind in kinds_of.items():
        ids_by_kind[kind].append(entity_id)
    walker = _Walker(kinds_of, ids_by_kind, index, problems)
    for entity in dossier.entities():
        walker.walk(entity, entity, schema.kinds[entity.KIND].fields)
        _check_self_reference(entity, problems)
    return index


class _Walker:
    def __init__(
        self, kinds_of: dict[str, str], ids_by_kind: dict[str, list[str]], index: RefIndex, problems: Problems
    ) -> None:
        self.kinds_of = kinds_of
        self.ids_by_kind = ids_by_kind
        self.index = index
        self.problems = problems

    def walk(self, owner: Entity, obj: Located, specs: dict[str, FieldSpec]) -> None:
        for name, spec in specs.items():
            value = getattr(obj, name, None)
            if value in (None, "", []):
                continue
            self._value(owner, obj, name, spec, value)

    def _value(self, owner: Entity, obj: Located, name: str, spec: FieldSpec, value: Any) -> None:
        if spec.type == "ref":
            self._ref(owner, obj.at(name), name, spec, value)
        elif spec.type == "list" and spec.items is not None:
            for item in value:
                self._value(owner, obj, name, spec.items, item)
        elif spec.type == "object":
            self.walk(owner, value, spec.fields)

    def _ref(self, owner: Entity, loc: Location, name: str, spec: FieldSpec, target: str) -> None:
        kind = self.kinds_of.get(target)
        wanted = " or ".join(spec.to)
        if kind is None:
            candidates = [i for k in spec.to for i in self.ids_by_kind.get(k, [])]
            self.problems.error(
                loc,
                f"{name!r} refers to {target!r}, but there is no {wanted} with that id.{suggest(target, candidates)}",
                f"use the id of an existing {wanted}, or add annotations/{_folder(spec.to[0])}/{target}.yaml",
            )
            return
        if kind not in spec.to:
            self.problems.error(
                loc, f"{name!r} must refer to a {wanted}, but {target!r} is a {kind}", f"use the id of a {wanted}"
            )
            return
        self.index.incoming[target].append(Ref(owner.id, owner.KIND, name, target))


def _folder(kind: str) -> str:
    return {
        "actor": "actors",
        "event": "events",
        "claim": "claims",
        "source": "sources",
        "relationship": "relationships",
    }[kind]


def _check_self_reference(entity: Entity, problems: Problems) -> None:
    for name in ("contradicts", "differs_from", "updates"):
        if entity.id in getattr(entity, name, []):
            problems.error(entity.at(name), f"the claim lists itself under {name!r}", "remove its own id")
    if getattr(entity, "subject", None) and entity.subject == getattr(entity, "object", None):  # type: ignore[attr-defined]
        problems.error(entity.at("object"), "the relationship links an actor to itself", "check `subject` and `object`")
