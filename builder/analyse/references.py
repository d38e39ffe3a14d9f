"""Check every reference between entities and index them for backlinks.

Which fields are references, and to which kinds, is read from the schema, so a
new reference field needs no code here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from builder.model.dossier import PLURAL, Dossier
from builder.model.entities import Entity, Located
from builder.model.schema import FieldSpec, Plan, Schema, reference_plan
from builder.problems import Location, Problems, suggest


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


def check_references(
    dossier: Dossier, schema: Schema, problems: Problems, known: ReferenceMemo | None = None
) -> RefIndex:
    """Index every reference that names an entity of an allowed kind; report the others.

    `known` (under `mkdocs serve`, kept by the ServeCache): the references found in each entity at the last
    build; an entity that is the very object of then (the loader's memo) is not walked again."""
    kinds_of = {}
    for entity in dossier.entities():
        kinds_of[entity.id] = entity.KIND
    plans = {kind: reference_plan(spec.fields) for kind, spec in schema.kinds.items()}
    index = RefIndex()
    reporter = _Reporter(kinds_of, problems, dossier)
    found: ReferenceMemo = {}
    for entity in dossier.entities():
        last = known.get(entity.id) if known is not None else None
        if last is not None and last[0] is entity:
            outgoing = last[1]
        else:
            outgoing = tuple(_outgoing(entity, entity, plans[entity.KIND]))
        found[entity.id] = (entity, outgoing)
        _index(entity, outgoing, kinds_of, index.incoming, reporter, problems)
    if known is not None:
        known.clear()
        known.update(found)
    return index


def _index(
    entity: Entity,
    outgoing: Iterable[Outgoing],
    kinds_of: dict[str, str],
    into: dict[str, list[Ref]],
    reporter: _Reporter,
    problems: Problems,
) -> None:
    """File an entity's references that name an entity of an allowed kind under their targets; report the others."""
    for obj, name, spec, ref in outgoing:
        target_kind = kinds_of.get(ref.target)
        if target_kind is not None and target_kind in spec.to:
            into[ref.target].append(ref)
        else:
            reporter.report(obj.at(name), name, spec, ref.target)
    _check_self_reference(entity, problems)


# One reference as written: the object holding it, the field, the field's (or list item's) spec, and the
# reference it makes if its target exists with an allowed kind.
Outgoing = tuple[Located, str, FieldSpec, Ref]
ReferenceMemo = dict[str, tuple[Entity, tuple[Outgoing, ...]]]  # entity id -> the entity and its references


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


class _Reporter:
    """Reports references whose target is missing or of the wrong kind."""

    def __init__(self, kinds_of: dict[str, str], problems: Problems, dossier: Dossier) -> None:
        self.kinds_of, self.problems, self.dossier = kinds_of, problems, dossier

    @cached_property
    def ids_by_kind(self) -> dict[str, list[str]]:
        """Ids by kind, for suggestions: worked out for the first problem."""
        found: dict[str, list[str]] = defaultdict(list)
        for entity_id, kind in self.kinds_of.items():
            found[kind].append(entity_id)
        return found

    def report(self, loc: Location, name: str, spec: FieldSpec, target: str) -> None:
        """A field's location is looked up only for a problem."""
        kind = self.kinds_of.get(target)
        wanted = " or ".join(spec.to)
        if kind is not None:
            self.problems.error(
                loc,
                f"{name!r} must refer to {_a(wanted)}, but {target!r} is {_a(kind)}",
                f"use the id of {_a(wanted)}",
            )
            return
        named = named_by(self.dossier, target) if "actor" in spec.to else ""
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
        files = " or ".join(f"annotations/{PLURAL[k]}/{target}.yaml" for k in spec.to)
        self.problems.error(
            loc,
            f"{name!r} refers to {target!r}, but there is no {wanted} with that id.{close}",
            f"use the id of an existing {wanted}" + ("" if close else f", or add {files} if it is new"),
            about=target,
        )


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
