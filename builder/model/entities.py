"""The dossier's entities as plain classes, with the field names of `schema.yaml` (tests/test_model.py
checks that they agree). Every object keeps where it was read from, so that later stages can point at it."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from builder.model.dates import DateValue
from builder.problems import Location


class EmptyList(list):  # type: ignore[type-arg]
    """The one empty list that every loaded entity shares for a list field left out or empty (a large dossier has
    hundreds of thousands). It refuses to grow: an entity built in code gets fresh lists from the defaults."""

    __slots__ = ()

    def _shared(self, *args: object, **kwargs: object) -> None:
        raise TypeError("this empty list is shared by many entities: assign a new list instead")

    append = extend = insert = __setitem__ = __delitem__ = __iadd__ = __imul__ = _shared  # type: ignore[assignment]

    def __reduce__(self) -> str:
        return "EMPTY"  # unpickled as this very object


EMPTY: list = EmptyList()


@dataclass(slots=True)
class Located:
    """Where an object and each of its fields were written: `path` is the file; `locs` the object's line and column,
    then each field's number, line and column, packed by `pack_locs` (not `Location`s: a large dossier has hundreds
    of thousands of objects, and their places are only read to point at a mistake)."""

    path: str = ""
    locs: bytes | tuple[str | int, ...] = field(default=b"", repr=False)

    @property
    def loc(self) -> Location:
        """Where the object itself was written."""
        locs = self.locs
        if len(locs) < 2:
            return Location(self.path)
        return Location(self.path, locs[0], locs[1])  # type: ignore[arg-type]

    def at(self, name: str) -> Location:
        """Where the field `name` was written; the object's place if it was not."""
        locs = self.locs
        key: str | int = name
        if type(locs) is bytes:
            key = field_numbers(type(self)).get(name, -1)
        for index in range(2, len(locs), 3):
            if locs[index] == key:
                return Location(self.path, locs[index + 1], locs[index + 2])  # type: ignore[arg-type]
        return self.loc


def field_numbers(cls: type) -> dict[str, int]:
    """The number of each field of a Located class in `locs`."""
    numbers = _NUMBERS.get(cls)
    if numbers is None:
        numbers = _NUMBERS[cls] = {f.name: number for number, f in enumerate(fields(cls))}
    return numbers


_NUMBERS: dict[type, dict[str, int]] = {}


def pack_locs(cls: type, places: list[int]) -> bytes | tuple[str | int, ...]:
    """`Located.locs` from `[line, column, number, line, column, ...]`, numbers from `field_numbers(cls)`."""
    try:
        return bytes(places)  # 3 bytes a field instead of 24, and no object the cyclic collector tracks
    except ValueError:  # a line or column past 255
        names = list(field_numbers(cls))
        return tuple(names[value] if index % 3 == 2 else value for index, value in enumerate(places))


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where an evidence quote was found: character offsets into the source text.

    Frozen: serve's reuse (exports, discrepancies, page snapshots) tells a moved quote by a new Anchor object."""

    source: str
    start: int
    end: int
    paragraph: int  # 1-based paragraph number

    @property
    def slug(self) -> str:
        """A stable HTML id for the quoted span on the source page."""
        return f"q{self.start}-{self.end}"


@dataclass(slots=True)
class Evidence(Located):
    """An exact quote; `via` is its attribution chain, `also_via` the parallel first steps of other chains."""

    source: str = ""
    quote: str = ""
    prefix: str = ""
    suffix: str = ""
    stance: str = "reports"
    via: list[str] = field(default_factory=list)
    also_via: list[str] = field(default_factory=list)
    note: str = ""
    # Set by later stages:
    owner: str = ""  # id of the entity this evidence supports
    anchor: Anchor | None = None

    @property
    def chains(self) -> list[list[str]]:
        """Every attribution chain of the quote: `via`, then one per `also_via` step in place of its first."""
        rest = self.via[1:]
        return [list(self.via), *([step, *rest] for step in self.also_via)]


@dataclass(slots=True)
class SourceRelation(Located):
    type: str = ""
    source: str = ""
    note: str = ""


@dataclass(slots=True)
class NonBody(Located):
    kind: str = ""
    paragraphs: str = ""
    start: str = ""
    end: str = ""
    prefix: str = ""
    note: str = ""


@dataclass(slots=True)
class Role(Located):
    title: str = ""
    of: str = ""
    date: DateValue | None = None
    as_of: DateValue | None = None
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True)
class Participant(Located):
    actor: str = ""
    role: str = ""


@dataclass(slots=True)
class Entity(Located):
    id: str = ""
    notes: str = ""

    KIND = ""  # the schema's kind: source, actor, event, claim, relationship

    @property
    def evidence_list(self) -> list[Evidence]:
        """The quotes that support it: its `evidence` field, where its kind has one (an actor's are in its roles)."""
        return getattr(self, "evidence", EMPTY)  # type: ignore[no-any-return]


@dataclass(slots=True)
class Source(Entity):
    KIND = "source"
    file: str = ""
    title: str = ""
    publisher: str = ""
    authors: list[str] = field(default_factory=list)
    published: DateValue | None = None
    language: str = ""
    url: str = ""
    cites: list[str] = field(default_factory=list)
    relations: list[SourceRelation] = field(default_factory=list)
    non_body: list[NonBody] = field(default_factory=list)

    @property
    def held(self) -> bool:
        """Whether the dossier holds the text; a source without `file` is a document the others cite."""
        return bool(self.file)


@dataclass(slots=True)
class Actor(Entity):
    KIND = "actor"
    name: str = ""
    kind: str = ""  # person, agency, media-outlet ... (vocabulary actor_kind)
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    roles: list[Role] = field(default_factory=list)

    @property
    def evidence_list(self) -> list[Evidence]:
        return [e for role in self.roles for e in role.evidence]

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass(slots=True)
class Event(Entity):
    KIND = "event"
    title: str = ""
    date: DateValue | None = None
    as_of: DateValue | None = None
    date_note: str = ""
    place: str = ""
    participants: list[Participant] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def placed(self) -> DateValue | None:
        """Where a timeline puts it: its date, or else the date as of which it is reported."""
        return self.date or self.as_of


@dataclass(slots=True)
class Claim(Entity):
    KIND = "claim"
    statement: str = ""
    claimant: str = ""
    made: DateValue | None = None
    about: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    contradicts: list[str] = field(default_factory=list)
    differs_from: list[str] = field(default_factory=list)
    updates: list[str] = field(default_factory=list)
    overtaken_by: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Relationship(Entity):
    KIND = "relationship"
    subject: str = ""
    type: str = ""
    object: str = ""
    date: DateValue | None = None
    as_of: DateValue | None = None
    evidence: list[Evidence] = field(default_factory=list)
    claims: list[str] = field(default_factory=list)


ENTITY_CLASSES: dict[str, type[Entity]] = {cls.KIND: cls for cls in (Source, Actor, Event, Claim, Relationship)}

# Classes for nested objects, by (kind, field) or by shared object name.
OBJECT_CLASSES: dict[str | tuple[str, str], type[Located]] = {
    "evidence": Evidence,
    ("source", "relations"): SourceRelation,
    ("source", "non_body"): NonBody,
    ("actor", "roles"): Role,
    ("event", "participants"): Participant,
}
