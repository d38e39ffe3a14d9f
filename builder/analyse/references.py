"""Check every reference between entities and index them for backlinks.

Which fields are references, and to which kinds, is read from the schema, so a
new reference field needs no code here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from builder.load.validate import suggest
from builder.model.dossier import Dossier
from builder.model.entities import Entity, Located
from builder.model.schema import FieldSpec, Schema
from builder.problems import Location, Problems


@dataclass(frozen=True, slots=True)
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


def check_references(dossier: Dossier, schema: Schema, problems: Problems, reuse: bool = False) -> RefIndex:
    """Index every reference that names an entity of an allowed kind; report the others.

    With `reuse` (under `mkdocs serve`), an entity that is the very object of the last check (the
    loader returns unchanged files as the same objects) keeps the references found in it then; and when
    the last check found no problem and every id names an entity of the same kind as then, only the
    backlinks of what changed entities refer to (before and after) are worked out again.
    """
    global _LAST
    kinds_of = {}
    for entity in dossier.entities():
        kinds_of[entity.id] = entity.KIND
    plans = {kind: reference_plan(spec.fields) for kind, spec in schema.kinds.items()}
    last = _LAST if reuse else None
    if last is not None and last.clean and last.kinds == kinds_of and list(last.kinds) == list(kinds_of):
        patched = _patch(dossier, last, plans, problems)
        if patched is not None:
            return patched
    index = RefIndex()
    walker = _Walker(kinds_of, None, index, problems, dossier)
    known = last.found if last is not None else {}
    found: dict[str, tuple[Entity, tuple[Outgoing, ...]]] = {}
    incoming = index.incoming
    first = len(problems.items)
    for entity in dossier.entities():
        old = known.get(entity.id)
        if old is not None and old[0] is entity:
            outgoing: Iterable[Outgoing] = old[1]
        else:
            outgoing = _outgoing(entity, entity, plans[entity.KIND])
        if reuse:  # kept for the next build; a one-off build keeps nothing (40 MB at 10,000 sources)
            outgoing = tuple(outgoing)
            found[entity.id] = (entity, outgoing)
        _index(entity, outgoing, kinds_of, incoming, walker, problems)
    if reuse:
        clean = len(problems.items) == first
        _LAST = _Checked(kinds_of, found, dict(incoming), {k: n for n, k in enumerate(kinds_of)}, clean)
    return index


def _index(
    entity: Entity,
    outgoing: Iterable[Outgoing],
    kinds_of: dict[str, str],
    into: dict[str, list[Ref]],
    walker: _Walker,
    problems: Problems,
) -> None:
    """File an entity's references that name an entity of an allowed kind under their targets; report the others."""
    for obj, name, spec, ref in outgoing:
        target_kind = kinds_of.get(ref.target)
        if target_kind is not None and target_kind in spec.to:
            into[ref.target].append(ref)
        else:
            walker.report(entity, obj.at(name), name, spec, ref.target)
    _check_self_reference(entity, problems)


def _patch(dossier: Dossier, last: _Checked, plans: dict[str, Plan], problems: Problems) -> RefIndex | None:
    """The last check's backlinks with those of changed entities redone, or None if that would add a target
    (the full index is built then, so that its order is a fresh one's). Only changed entities can have
    problems: the last check found none, and every id still names an entity of the same kind."""
    global _LAST
    kinds_of, position, before = last.kinds, last.position, last.found
    changed = [entity for entity in dossier.entities() if before[entity.id][0] is not entity]
    walker = _Walker(kinds_of, None, RefIndex(), problems, dossier)
    first = len(problems.items)
    renewed: dict[str, tuple[Entity, tuple[Outgoing, ...]]] = {}
    added: dict[str, list[Ref]] = defaultdict(list)
    targets: set[str] = set()
    for entity in changed:
        outgoing = tuple(_outgoing(entity, entity, plans[entity.KIND]))
        renewed[entity.id] = (entity, outgoing)
        _index(entity, outgoing, kinds_of, added, walker, problems)
        targets.update(ref.target for *_, ref in before[entity.id][1])
    if any(target not in last.incoming for target in added):
        del problems.items[first:]  # the full check reports them again, in its order
        return None
    targets.update(added)
    incoming = dict(last.incoming)  # unchanged targets share their lists, which nothing changes after a check
    for target in targets:
        kept = [ref for ref in last.incoming.get(target, ()) if ref.source not in renewed]
        refs = sorted(kept + added.get(target, []), key=lambda ref: position[ref.source])  # stable: file order
        if refs:
            incoming[target] = refs
        else:
            incoming.pop(target, None)
    _LAST = _Checked(kinds_of, {**before, **renewed}, incoming, position, len(problems.items) == first)
    index = RefIndex()
    index.incoming.update(incoming)
    return index


# One reference as written: the object holding it, the field, the field's (or list item's) spec, and the
# reference it makes if its target exists with an allowed kind.
Outgoing = tuple[Located, str, FieldSpec, Ref]


@dataclass
class _Checked:
    """The last check under serve: each id's kind, each entity with the references found in it (kept alive
    here; an entity is never changed after loading, so neither are its references), the backlinks, each
    entity's place in the dossier's order, and whether it found no problem."""

    kinds: dict[str, str]
    found: dict[str, tuple[Entity, tuple[Outgoing, ...]]]
    incoming: dict[str, list[Ref]]
    position: dict[str, int]
    clean: bool


_LAST: _Checked | None = None


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


def _outgoing(owner: Entity, obj: Located, plan: Plan) -> Iterator[Outgoing]:
    """The references in `obj`, in the order of the schema's fields.

    Fields that cannot hold references are not visited.
    """
    for how, name, spec in plan:
        value = getattr(obj, name, None)
        if value is None or value == "" or value == []:
            continue
        if how == "refs":
            for target in value:
                yield obj, name, spec, Ref(owner.id, owner.KIND, name, target)
        elif how == "ref":
            yield obj, name, spec, Ref(owner.id, owner.KIND, name, value)
        elif how == "objects":
            for item in value:
                yield from _outgoing(owner, item, spec)
        elif how == "object":
            yield from _outgoing(owner, value, spec)
        else:
            yield from _in_value(owner, obj, name, spec, value)


def _in_value(owner: Entity, obj: Located, name: str, spec: FieldSpec, value: Any) -> Iterator[Outgoing]:
    if spec.type == "ref":
        yield obj, name, spec, Ref(owner.id, owner.KIND, name, value)
    elif spec.type == "list" and spec.items is not None:
        for item in value:
            yield from _in_value(owner, obj, name, spec.items, item)
    elif spec.type == "object":
        yield from _outgoing(owner, value, reference_plan(spec.fields))


class _Walker:
    """Reports references whose target is missing or of the wrong kind."""

    def __init__(
        self,
        kinds_of: dict[str, str],
        ids_by_kind: dict[str, list[str]] | None,
        index: RefIndex,
        problems: Problems,
        dossier: Dossier | None = None,
    ) -> None:
        self.kinds_of = kinds_of
        self._ids_by_kind = ids_by_kind
        self.index = index
        self.problems = problems
        self.dossier = dossier

    @property
    def ids_by_kind(self) -> dict[str, list[str]]:
        """Ids by kind, for suggestions: worked out for the first problem."""
        if self._ids_by_kind is None:
            found: dict[str, list[str]] = defaultdict(list)
            for entity_id, kind in self.kinds_of.items():
                found[kind].append(entity_id)
            self._ids_by_kind = found
        return self._ids_by_kind

    def report(self, owner: Entity, loc: Location, name: str, spec: FieldSpec, target: str) -> None:
        """A field's location is looked up only for a problem."""
        kind = self.kinds_of.get(target)
        wanted = " or ".join(spec.to)
        if kind is None:
            named = named_by(self.dossier, target) if self.dossier is not None and "actor" in spec.to else ""
            if named:
                self.problems.error(
                    loc,
                    f"{name!r} refers to {target!r}, which is not an id but a name of the actor {named!r}",
                    f"write {named}; do not add an actor for {target!r}, which would be a second {named}",
                    about=target,
                )
                return
            candidates = [i for k in spec.to for i in self.ids_by_kind.get(k, [])]
            close = suggest(target, candidates)
            files = " or ".join(f"annotations/{_folder(k)}/{target}.yaml" for k in spec.to)
            self.problems.error(
                loc,
                f"{name!r} refers to {target!r}, but there is no {wanted} with that id.{close}",
                f"use the id of an existing {wanted}" + ("" if close else f", or add {files} if it is new"),
                about=target,
            )
            return
        if kind not in spec.to:
            self.problems.error(
                loc,
                f"{name!r} must refer to {_a(wanted)}, but {target!r} is {_a(kind)}",
                f"use the id of {_a(wanted)}",
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


def _a(noun: str) -> str:
    """The noun with its indefinite article: 'an actor', 'a claim'."""
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def named_by(dossier: Dossier, target: str) -> str:
    """The id of the actor one of whose names or aliases reads as `target` (`trump` -> donald-trump), or ''.

    Only asked for a reference that names no entity (the error path): a newcomer writes the name they
    read in the article, and creating an actor for it would make a duplicate."""
    wanted = _plain(target)
    for actor in dossier.actors.values():
        if any(_plain(name) == wanted for name in actor.names):
            return actor.id
    return ""


def _plain(text: str) -> str:
    """A name or id as lower-case ASCII words joined by hyphens: "Nicolás Maduro" -> nicolas-maduro."""
    import re
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text))
