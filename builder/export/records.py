"""The dossier as plain data, walked from `schema.yaml`, shared by every export.

Exports must say the same thing as the site and survive a new field in the
model, so nothing here lists fields by hand: an entity becomes a dict by
walking its kind's field specs, exactly as the loader built it. Evidence gets a
stable id (`<owner id>.e<n>`, n counting from 1 in the owner's file order) that
every export uses, so a quote can be followed from one format to another.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple, TypeVar

from builder.analyse.references import Plan, reference_plan
from builder.anchor.anchoring import anchors_of
from builder.model.dates import DateValue
from builder.model.dossier import PLURAL, Dossier
from builder.model.entities import Entity, Evidence, Located
from builder.model.schema import FieldSpec, Schema, load_schema

T = TypeVar("T")


class Quote(NamedTuple):
    """One piece of evidence, with its stable id and the entity it supports (a tuple: every quote of the
    dossier is made one for each export that counts or numbers them, and a frozen dataclass costs 3x)."""

    id: str
    owner: Entity
    evidence: Evidence


def entities(dossier: Dossier, kind: str) -> list[Entity]:
    """The entities of one kind, by id, so every export lists them in the same order."""
    found = dossier.by_kind(kind)
    return [found[key] for key in sorted(found)]


def quotes(dossier: Dossier) -> Iterator[Quote]:
    """Every piece of evidence, owner by owner (kinds in schema order, ids sorted)."""
    for kind in PLURAL:
        for entity in entities(dossier, kind):
            for n, evidence in enumerate(entity.evidence_list, start=1):
                yield Quote(f"{entity.id}.e{n}", entity, evidence)


def quote_ids(dossier: Dossier) -> Mapping[int, str]:
    """Stable evidence id by `id()` of the Evidence object, for exports that walk entities.

    Worked out on the first lookup: under `mkdocs serve` most entities' export text is reused, and a
    rebuild that makes none would number every quote of the dossier for nothing.
    """
    return QuoteIds(dossier)


class QuoteIds(Mapping[int, str]):
    """`quote_ids` of a dossier, numbered when first read (a Mapping, so every way of reading it waits)."""

    def __init__(self, dossier: Dossier) -> None:
        self._dossier = dossier
        self._ids: dict[int, str] | None = None

    def _all(self) -> dict[int, str]:
        if self._ids is None:
            self._ids = {id(q.evidence): q.id for q in quotes(self._dossier)}
        return self._ids

    def of(self, evidence: Evidence) -> str:
        """One quote's id, from its owner's evidence alone while the whole numbering is not needed: a rebuild
        under serve exports a few changed entities, not the dossier's every quote."""
        if self._ids is None:
            owner = self._dossier.get(evidence.owner)
            if owner is not None:
                for n, candidate in enumerate(owner.evidence_list, start=1):
                    if candidate is evidence:
                        return f"{owner.id}.e{n}"
        return self._all().get(id(evidence), "")

    def get(self, key: int, default: Any = None) -> Any:  # one dict lookup: called for every quote
        return self._all().get(key, default)

    def __getitem__(self, key: int) -> str:
        return self._all()[key]

    def __iter__(self) -> Iterator[int]:
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())


def record(entity: Entity, dossier: Dossier, ids: Mapping[int, str], schema: Schema | None = None) -> dict[str, Any]:
    """An entity as a JSON-ready dict of its schema fields; empty fields are left out.

    `ids` is `quote_ids(dossier)`, computed once by the caller.
    """
    schema = schema or load_schema()
    data = _fields(entity, schema.kinds[entity.KIND].fields, dossier, ids)
    return {"kind": entity.KIND, **data}


def _fields(obj: Located, specs: dict[str, FieldSpec], dossier: Dossier, ids: Mapping[int, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if isinstance(obj, Evidence):
        data["id"] = ids.of(obj) if isinstance(ids, QuoteIds) else ids.get(id(obj), "")
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


def _value(value: Any, spec: FieldSpec, dossier: Dossier, ids: Mapping[int, str]) -> Any:
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


class Memo:
    """Export text of each entity from the last build of one `mkdocs serve`, reused while its inputs hold.

    An entity's export text reads the entity itself (with the anchors set on it), the
    entities it refers to (a claimant's name, a source's title, an actor's kind) and the
    seed texts its evidence quotes, never anything further away. Files that did not
    change come back from the loader as the very same objects, so `is` settles most
    comparisons; `==` settles the rest. `start` compares every entity once per build and
    drops the pieces of those that changed, so a piece of an unchanged entity costs one
    dict lookup in each of the formats (thousands of pieces per format).
    """

    def __init__(self) -> None:
        self._inputs: dict[str, tuple[Any, ...]] = {}  # entity id -> its inputs at the last build
        self._parts: dict[str, dict[str, Any]] = {}  # part (format) -> entity id -> export text, still valid
        self.reused = 0  # pieces reused in this build
        self._dossier = Dossier()
        self._plans = {kind: reference_plan(spec.fields) for kind, spec in load_schema().kinds.items()}

    def start(self, dossier: Dossier) -> Memo:
        """Use this memo for a build of `dossier`: forget the pieces of entities whose inputs changed, and
        of those removed or renamed since (the memo lives as long as the server)."""
        self._dossier = dossier
        self.reused = 0
        # One lookup table for the references, as Dossier.get finds them (the first kind in PLURAL wins).
        found = {k: v for kind in reversed(PLURAL) for k, v in dossier.by_kind(kind).items()}
        last = self._inputs
        inputs: dict[str, tuple[Any, ...]] = {}
        stale = [k for k in last if k not in found]
        for entity_id, entity in found.items():
            old = last.get(entity_id)
            now = inputs[entity_id] = self._inputs_of(entity, old, found)
            if old is not None and not _same(old, now):
                stale.append(entity_id)
        self._inputs = inputs
        for texts in self._parts.values():
            for entity_id in stale:
                texts.pop(entity_id, None)
        return self

    def get(self, part: str, entity: Entity, make: Callable[[], T]) -> T:
        """`make()`, or what it gave for this part of this entity's export last time if its inputs are unchanged."""
        texts = self._parts.get(part)
        if texts is None:
            texts = self._parts[part] = {}
        value = texts.get(entity.id, _MISSING)
        if value is _MISSING:
            value = texts[entity.id] = make()
        else:
            self.reused += 1
        return value  # type: ignore[no-any-return]

    def kept(self, entity_id: str) -> bool:
        """Whether any piece of this entity's export is kept (for tests)."""
        return entity_id in self._inputs or any(entity_id in texts for texts in self._parts.values())

    def _inputs_of(self, entity: Entity, old: tuple[Any, ...] | None, found: dict[str, Entity]) -> tuple[Any, ...]:
        """(entity, its anchors, ids it refers to, those entities, seed ids it quotes, those texts)."""
        if old is not None and old[0] is entity:
            ids, sources = old[2], old[4]  # the same object refers to the same ids
        else:
            ids = tuple(_refs(entity, self._plans[entity.KIND]))
            quoted = dict.fromkeys(ev.source for ev in entity.evidence_list)
            if entity.KIND == "source":
                quoted[entity.id] = None
            sources = tuple(quoted)
        lookup, text = found.get, self._dossier.texts.get
        return (entity, anchors_of(entity), ids, tuple(map(lookup, ids)), sources, tuple(map(text, sources)))


_MISSING = object()


def _same(old: tuple[Any, ...], new: tuple[Any, ...]) -> bool:
    """Inputs equal item by item (see `Memo._inputs_of`). Tuple equality tries `is` before `==` on each
    item, so unchanged objects cost a pointer comparison."""
    return old == new


def remembered(memo: Memo | None, part: str, entity: Entity, make: Callable[[], T]) -> T:
    """`make()` through the memo when there is one (under `mkdocs serve`), directly otherwise."""
    return make() if memo is None else memo.get(part, entity, make)


def _refs(obj: Any, plan: Plan) -> Iterator[str]:
    """Every id an entity refers to, in field order (walked by the reference checker's plan)."""
    for how, name, sub in plan:
        value = getattr(obj, name, None)
        if not value:
            continue
        if how == "ref":
            yield value
        elif how == "refs":
            yield from value
        elif how == "object":
            yield from _refs(value, sub)
        elif how == "objects":
            for item in value:
                yield from _refs(item, sub)
