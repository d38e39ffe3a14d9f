"""Check a parsed YAML document against the schema and build an entity from it. The rules come from
`schema.yaml`; this module knows only the field *types*. Validation goes on after a problem, so that one
run shows them all."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, NamedTuple

from builder.load.ynode import QUOTE_IT, YNode
from builder.model.dates import DateError, DateValue, parse_date
from builder.model.entities import EMPTY, ENTITY_CLASSES, OBJECT_CLASSES, Entity, Located, field_numbers, pack_locs
from builder.model.schema import FieldSpec, KindSpec, Schema
from builder.problems import Problems, suggest

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_URL = re.compile(r"^https?://[^\s<>\"']+$", re.IGNORECASE)
_TYPE_NAMES = {
    "id": "an id",
    "text": "text",
    "ref": "an id",
    "enum": "a term",
    "date": "a date",
    "url": "a URL",
    "path": "a path",
    "list": "a list",
    "object": "a mapping",
}

# Names no common file system takes: Windows refuses these as a file or folder name, with any
# extension (`con.yaml`, `aux/index.html`). An id names a file and a folder of the published site.
WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)), *(f"lpt{n}" for n in range(10))}
)
MAX_ID_LENGTH = 100  # an id is a file name, a folder name and part of every path below it (Windows: 260)

# Characters that show nothing, which let two names look the same (warned about in names, not refused:
# the joiners are needed in Persian, Indic scripts and emoji, so only between two ASCII characters).
_ZERO_WIDTH = re.compile(r"[\u200b\u2060\ufeff\u180e\u00ad\u034f]|(?<=[\x21-\x7e])[\u200c\u200d](?=[\x21-\x7e])")
_NAME_FIELDS = frozenset({"name", "aliases", "title"})

_MISSING = object()
SHORT = 40  # characters up to which a text is kept as one string however often it recurs


def _a(noun: str) -> str:
    return ("an " if noun[:1] in "aeiou" else "a ") + noun


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    return repr(value)


class _Plan(NamedTuple):
    """What `_fields` needs to know of the fields of one kind of mapping, worked out once."""

    fields: dict[str, tuple[FieldSpec, int]]  # spec and number in `locs`, by name
    lists: dict[str, Any]  # the list fields, each the shared `EMPTY` until a value replaces it
    required: tuple[tuple[str, FieldSpec], ...]


class Validator:
    """Builds entities from YAML nodes, reporting every problem to `problems` (which may be swapped between files)."""

    def __init__(self, schema: Schema, problems: Problems) -> None:
        self.schema = schema
        self.problems = problems
        # Each vocabulary's terms, to keep the schema's own string instead of one copy per annotation.
        self._terms = {name: {term: term for term in terms} for name, terms in schema.vocabularies.items()}
        self._dates: dict[str, DateValue] = {}  # dates are immutable: one object per distinct text
        self._ids: dict[str, str] = {}  # every valid id seen, as itself
        self._short: dict[str, str] = {}  # every short text seen, as itself
        self._plans: dict[tuple[int, type], _Plan] = {}  # by id() of a schema's (immutable) field specs

    def entity(self, node: YNode, kind: KindSpec) -> Entity | None:
        if not node.is_map:
            self.problems.error(
                node.loc,
                f"an annotation file must be a mapping of fields, not {_describe(node.plain())}",
                "write fields as `name: value`, starting with `id:`",
            )
            return None
        cls = ENTITY_CLASSES[kind.name]
        values, locs = self._fields(node, kind.fields, kind.name, kind.name, cls)
        return cls(path=node.loc.path, locs=locs, **values)

    def _fields(
        self, node: YNode, specs: dict[str, FieldSpec], where: str, label: str, cls: type[Located]
    ) -> tuple[dict[str, Any], bytes | tuple[str | int, ...]]:
        """The fields of a mapping and their places as `Located.locs` keeps them (`where` names it for the model,
        `label` for people)."""
        plan = self._plan(specs, cls)
        values = plan.lists.copy()
        _, line, column = node.loc
        locs = [line, column]
        known = plan.fields
        for key, (key_loc, child) in node.value.items():
            field = known.get(key)
            if field is None:
                self.problems.error(
                    key_loc,
                    f"unknown field {key!r} in {_a(label)}.{suggest(key, tuple(specs))}",
                    f"use one of: {', '.join(specs)}",
                )
                continue
            spec, number = field
            _, line, column = child.loc
            locs += (number, line, column)
            value = self._value(child, spec, where)
            if value is not _MISSING:
                values[key] = value
        for name, spec in plan.required:
            if name not in node.value:
                self.problems.error(
                    node.loc,
                    f"the {label} has no {name!r}, which is required",
                    f"add `{name}:` ({spec.doc or _TYPE_NAMES[spec.type]})",
                )
        return values, pack_locs(cls, locs)

    def _plan(self, specs: dict[str, FieldSpec], cls: type[Located]) -> _Plan:
        plan = self._plans.get((id(specs), cls))
        if plan is None:
            numbers = field_numbers(cls)
            plan = self._plans[(id(specs), cls)] = _Plan(
                {name: (spec, numbers[spec.name]) for name, spec in specs.items()},
                {name: EMPTY for name, spec in specs.items() if spec.type == "list"},
                tuple((name, spec) for name, spec in specs.items() if spec.required),
            )
        return plan

    def _value(self, node: YNode, spec: FieldSpec, where: str) -> Any:
        value = node.value
        if type(value) is str:  # the common case first (an unreadable node's value is None)
            if value.strip():
                return _CHECKS[spec.type](self, node, spec, where)
        elif node.unreadable:
            return _MISSING  # already reported where it was read
        elif value is not None and value != []:
            return _CHECKS[spec.type](self, node, spec, where)
        if spec.required:
            self.problems.error(node.loc, f"{spec.name!r} is empty", f"give {spec.name!r} a value")
        return _MISSING

    def _wrong(self, node: YNode, spec: FieldSpec, fix: str = "") -> object:
        self.problems.error(
            node.loc,
            f"{spec.name!r} must be {_TYPE_NAMES[spec.type]}, not {_describe(node.plain())}",
            fix or f"write {spec.name!r} as {_TYPE_NAMES[spec.type]}",
        )
        return _MISSING

    def _text(self, node: YNode, spec: FieldSpec, where: str) -> Any:
        value = node.value
        if type(value) is str:
            text = value.strip()
        elif type(value) is int:  # only a number that reads back as typed gets here (see ynode.scalar_value)
            text = str(value)
        else:
            return self._wrong(node, spec, QUOTE_IT)
        if spec.name in _NAME_FIELDS and (found := _ZERO_WIDTH.search(text)):
            char = found.group()
            self.problems.warning(
                node.loc,
                f"{spec.name!r} holds the invisible character U+{ord(char):04X} {unicodedata.name(char, '')} "
                f"at character {found.start() + 1}: it can make two different names look the same",
                "delete it (retype the name), unless the script of the name needs it",
            )
        if len(text) > SHORT:
            return text
        return self._short.setdefault(text, text)  # languages, role names, captions recur thousands of times

    def _id(self, node: YNode, spec: FieldSpec, where: str) -> Any:
        if type(node.value) is str:  # most ids recur as references: each is checked once, one string each
            known = self._ids.get(node.value)
            if known is not None:
                return known
        text = self._text(node, spec, where)
        if text is _MISSING:
            return text
        if not ID_PATTERN.match(text):
            slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "an-id"
            self.problems.error(
                node.loc, f"{text!r} is not a valid id", f"use lower-case letters, digits and hyphens, e.g. {slug!r}"
            )
            return _MISSING
        if text in WINDOWS_RESERVED or len(text) > MAX_ID_LENGTH:  # refs too: no entity can have such an id
            if len(text) > MAX_ID_LENGTH:
                why = f"is {len(text)} characters long, more than the {MAX_ID_LENGTH} a file name can safely be"
                fix = f"shorten it, e.g. {text[:MAX_ID_LENGTH].rstrip('-')!r}"
            else:
                why = "is a device name on Windows, where no file or folder can be called so"
                fix = f"choose another id, e.g. {text + '-1'!r} (and rename the file to match)"
            self.problems.error(node.loc, f"the id {text!r} {why}", fix)
            return _MISSING
        return self._ids.setdefault(text, text)

    _ref = _id
    _path = _text

    def _enum(self, node: YNode, spec: FieldSpec, where: str) -> Any:
        terms = self._terms[spec.vocabulary]
        text = self._text(node, spec, where)
        if text is _MISSING:
            return text
        if text not in terms:
            self.problems.error(
                node.loc,
                f"{text!r} is not a known {spec.name}.{suggest(text, tuple(terms))}",
                f"use one of: {', '.join(terms)}",
            )
            return _MISSING
        return terms[text]

    def _date(self, node: YNode, spec: FieldSpec, where: str) -> Any:
        if node.is_map or node.is_list:
            return self._wrong(node, spec, "write the date as text, e.g. 2025-11-26")
        try:
            if type(node.value) is not str:
                return parse_date(node.value)
            date = self._dates.get(node.value)  # a few hundred dates recur across thousands of files
            if date is None:
                date = self._dates[node.value] = parse_date(node.value)
            return date
        except DateError as exc:
            said = str(exc) if len(str(exc)) <= 200 else str(exc)[:199] + "…"  # it quotes the date, of any length
            self.problems.error(
                node.loc,
                f"{spec.name!r}: {said}",
                "write an EDTF date: 2025, 2025-11, 2025-11-26, 2022~ or an interval 2025-09/2025-11",
            )
            return _MISSING

    def _url(self, node: YNode, spec: FieldSpec, where: str) -> Any:
        text = self._text(node, spec, where)
        if text is _MISSING:
            return text
        if not _URL.match(text):
            self.problems.error(
                node.loc,
                f"{text!r} is not an http(s) URL",
                "give the full address starting with https://, or leave the field out if unknown",
            )
            return _MISSING
        return text

    def _list(self, node: YNode, spec: FieldSpec, where: str) -> Any:
        if not node.is_list:
            return self._wrong(node, spec, f"write a list: `{spec.name}: [a, b]` or one `- item` per line")
        assert spec.items is not None
        items = []
        for child in node.value:
            value = self._value(child, spec.items, where)
            if value is not _MISSING:
                items.append(value)
        if len(node.value) < spec.min:
            self.problems.error(node.loc, f"{spec.name!r} needs at least {spec.min} item(s)", f"add to {spec.name!r}")
        return items[:] if items else EMPTY  # a copy is exactly as long: appending left room for more

    def _object(self, node: YNode, spec: FieldSpec, where: str) -> Any:
        if not node.is_map:
            return self._wrong(node, spec, f"write each item of {spec.name!r} as a mapping of fields")
        name = spec.object_name or spec.name
        cls = OBJECT_CLASSES.get(spec.object_name) or OBJECT_CLASSES[(where, spec.name)]
        values, locs = self._fields(node, spec.fields, name, spec.object_name or f"item of {spec.name!r}", cls)
        return cls(path=node.loc.path, locs=locs, **values)


# The check of each field type (an unbound method, so that a validator holds no cycle through itself).
_CHECKS = {kind: getattr(Validator, f"_{kind}") for kind in _TYPE_NAMES}
