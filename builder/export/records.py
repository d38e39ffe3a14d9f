"""The dossier as plain data, walked from `schema.yaml`, shared by every export.

Exports must say the same thing as the site and survive a new field in the
model, so nothing here lists fields by hand: an entity becomes a dict by
walking its kind's field specs, exactly as the loader built it. Evidence gets a
stable id (`<owner id>.e<n>`, n counting from 1 in the owner's file order) that
every export uses, so a quote can be followed from one format to another.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Iterator, Mapping
from typing import Any, NamedTuple, TypeVar

from builder.model.dates import DateValue
from builder.model.dossier import PLURAL, Dossier
from builder.model.entities import Entity, Evidence, Located
from builder.model.schema import FieldSpec, Plan, Schema, load_schema, reference_plan

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
            yield from quotes_of(entity)


def quotes_of(entity: Entity) -> Iterator[Quote]:
    """The entity's pieces of evidence, numbered in its file's order."""
    for n, evidence in enumerate(entity.evidence_list, start=1):
        yield Quote(f"{entity.id}.e{n}", entity, evidence)


def record(entity: Entity, dossier: Dossier, schema: Schema) -> dict[str, Any]:
    """An entity as a JSON-ready dict of its schema fields, each quote with its stable id; empty fields are left
    out."""
    ids = {id(q.evidence): q.id for q in quotes_of(entity)}
    data = _fields(entity, schema.kinds[entity.KIND].fields, dossier, ids)
    return {"kind": entity.KIND, **data}


def _fields(obj: Located, specs: dict[str, FieldSpec], dossier: Dossier, ids: Mapping[int, str]) -> dict[str, Any]:
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

    An entity's export text reads the entity (with its anchors), the entities it refers to and the seed texts
    its evidence quotes, nothing further. Unchanged files come back from the loader as the very same objects,
    and the anchor stage re-anchors only quotes whose evidence, text or source is new. So `start` finds what
    changed by identity, and marks stale the entities that changed and, through reverse indexes of the last
    build, those that refer to them or quote a changed text: no comparison of values.
    """

    def __init__(self) -> None:
        self._objects: dict[str, Entity] = {}  # entity id -> the entity exported at the last build
        self._texts: dict[str, Any] = {}  # source id -> its text at the last build
        self._refs: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}  # id -> (ids it refers to, quoted)
        self._referrers: dict[str, set[str]] = {}  # id -> entities referring to it (whether it exists or not)
        self._quoters: dict[str, set[str]] = {}  # source id -> entities quoting its text
        self._parts: dict[str, dict[str, tuple[object, Any]]] = {}  # part -> entity id -> (key, text), still valid
        self._files: dict[str, tuple[list[str], str]] = {}  # path -> its pieces and text at the last build
        self.reused = 0  # pieces reused in this build
        self._plans = {kind: reference_plan(spec.fields) for kind, spec in load_schema().kinds.items()}

    def start(self, dossier: Dossier) -> Memo:
        """Use this memo for a build of `dossier`: forget the pieces of entities whose inputs changed, and
        of those removed or renamed since (the memo lives as long as the server)."""
        self.reused = 0
        # The entities as Dossier.get finds them (the first kind in PLURAL wins), as references are looked up.
        found = {k: v for kind in reversed(PLURAL) for k, v in dossier.by_kind(kind).items()}
        last, last_texts = self._objects, self._texts
        changed = [k for k, entity in found.items() if last.get(k) is not entity]
        removed = [k for k in last if k not in found]
        texts = dossier.texts
        new_texts = [k for k, text in texts.items() if last_texts.get(k) is not text]
        new_texts += [k for k in last_texts if k not in texts]
        stale = {*changed, *removed}
        for entity_id in [*changed, *removed]:
            stale.update(self._referrers.get(entity_id, ()))
        for source_id in new_texts:
            stale.update(self._quoters.get(source_id, ()))
        for entity_id in [*changed, *removed]:
            self._unindex(entity_id)
        for entity_id in changed:
            self._index(found[entity_id])
        self._objects, self._texts = found, dict(texts)
        if stale:
            for pieces in self._parts.values():
                for entity_id in stale:
                    pieces.pop(entity_id, None)
        return self

    def get(self, part: str, entity: Entity, make: Callable[[], T], key: object = None) -> T:
        """`make()`, or what it gave for this part of this entity's export last time if its inputs are unchanged
        and `key` (what else it read: a claim's status, an actor's degree) is equal to the last build's."""
        pieces = self._parts.get(part)
        if pieces is None:
            pieces = self._parts[part] = {}
        found = pieces.get(entity.id)
        if found is not None and found[0] == key:
            self.reused += 1
            return found[1]  # type: ignore[no-any-return]
        value = make()
        pieces[entity.id] = (key, value)
        return value

    def joined(self, path: str, pieces: list[str]) -> str:
        """The file's text: the last build's if its pieces are equal (most are the very same strings)."""
        last = self._files.get(path)
        if last is not None and last[0] == pieces:
            return last[1]
        text = "".join(pieces)
        self._files[path] = (pieces, text)
        return text

    def keep_files(self, paths: Collection[str]) -> None:
        """Forget the files of the last build that this one did not make."""
        if len(self._files) > len(paths):
            self._files = {path: found for path, found in self._files.items() if path in paths}

    def kept(self, entity_id: str) -> bool:
        """Whether anything of this entity is still remembered."""
        return entity_id in self._objects or any(entity_id in pieces for pieces in self._parts.values())

    def _index(self, entity: Entity) -> None:
        ids = tuple(dict.fromkeys(_refs(entity, self._plans[entity.KIND])))
        quoted = dict.fromkeys(ev.source for ev in entity.evidence_list)
        if entity.KIND == "source":
            quoted[entity.id] = None
        self._refs[entity.id] = (ids, tuple(quoted))
        for target in ids:
            self._referrers.setdefault(target, set()).add(entity.id)
        for source_id in quoted:
            self._quoters.setdefault(source_id, set()).add(entity.id)

    def _unindex(self, entity_id: str) -> None:
        ids, quoted = self._refs.pop(entity_id, ((), ()))
        for index, keys in ((self._referrers, ids), (self._quoters, quoted)):
            for key in keys:
                referring = index.get(key)
                if referring is not None:
                    referring.discard(entity_id)
                    if not referring:
                        del index[key]


def remembered(memo: Memo | None, part: str, entity: Entity, make: Callable[[], T], key: object = None) -> T:
    """`make()` through the memo when there is one (under `mkdocs serve`), directly otherwise."""
    return make() if memo is None else memo.get(part, entity, make, key)


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
