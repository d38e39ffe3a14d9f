"""JSON Schemas for editors, generated from `schema.yaml`.

An editor that knows the schema (any yaml-language-server client) completes field names and terms and flags
a wrong id or date while the annotator types. Generated from the model as data, they cannot drift from the
loader: `schema/` holds them, a test asserts they are current (`python -m builder schema` rewrites them).
The loader stays the authority: reference targets, quotes and real calendar days are checked there only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from builder.model.schema import FieldSpec, KindSpec, Schema, load_schema

DRAFT = "http://json-schema.org/draft-07/schema#"  # the draft yaml-language-server supports best
ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
_POINT = r"[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?[~?%]?"
# A point, a closed or half-open interval (`A/B`, `A/..`, `A/`, `../B`, `/B`), or one day of a range
# (`[..B]`, `[A..]`, `[A..B]`); see builder/model/dates.py.
DATE_PATTERN = (
    rf"^({_POINT}|{_POINT}/({_POINT}|\.\.)?|(\.\.)?/{_POINT}"
    rf"|\[\.\.{_POINT}\]|\[{_POINT}\.\.({_POINT})?\])$"
)
URL_PATTERN = r"^[Hh][Tt][Tt][Pp][Ss]?://[^\s<>\"']+$"  # ECMA regexes have no flags: case-insensitive by hand


def schema_line(kind: str) -> str:
    """The first line of an annotation file of `kind`, naming its schema for the editor."""
    return f"# yaml-language-server: $schema=../../schema/{kind}.schema.json"


def kind_schema(kind: KindSpec, schema: Schema) -> dict[str, Any]:
    """The JSON Schema of one annotation file."""
    # A shared object as this kind uses it: a field's description may differ from kind to kind (`via`).
    used = {f.object_name: f.fields for f in _walk(kind.fields.values()) if f.object_name}
    result: dict[str, Any] = {
        "$schema": DRAFT,
        "$id": f"{kind.name}.schema.json",
        "title": f"Dossier {kind.name}",
        "description": f"A {kind.name}: {kind.summary}. One file per {kind.name}, "
        f"annotations/{kind.folder}/<id>.yaml. Generated from builder/model/schema.yaml; do not edit.",
        **_object(kind.fields, schema),
    }
    if used:
        result["definitions"] = {
            name: _object(used[name], schema, schema.objects[name].summary) for name in sorted(used)
        }
    return result


def all_schemas(schema: Schema | None = None) -> dict[str, str]:
    """Every schema file's text, by file name: `{kind}.schema.json`."""
    schema = schema or load_schema()
    return {
        f"{name}.schema.json": json.dumps(kind_schema(kind, schema), indent=2, ensure_ascii=False) + "\n"
        for name, kind in schema.kinds.items()
    }


def _walk(fields: Any) -> Any:
    for spec in fields:
        yield spec
        if spec.items is not None:
            yield from _walk([spec.items])
        yield from _walk(spec.fields.values())


def _object(fields: dict[str, FieldSpec], schema: Schema, summary: str = "") -> dict[str, Any]:
    result: dict[str, Any] = {"type": "object"}
    if summary:
        result["description"] = summary
    result["properties"] = {name: _field(spec, schema) for name, spec in fields.items()}
    required = [name for name, spec in fields.items() if spec.required]
    if required:
        result["required"] = required
    together = {name: list(spec.requires) for name, spec in fields.items() if spec.requires}
    if together:
        result["dependencies"] = together
    result["additionalProperties"] = False
    return result


def _field(spec: FieldSpec, schema: Schema) -> dict[str, Any]:
    result = _type(spec, schema)
    doc = spec.doc
    if spec.type == "enum":
        terms = schema.vocabularies[spec.vocabulary]
        doc = (doc + ". " if doc else "") + "; ".join(f"{term}: {meaning}" for term, meaning in terms.items())
    elif spec.type == "ref":
        doc = (doc + ". " if doc else "") + f"The id of a {' or '.join(spec.to)}."
    if doc:
        result = {"description": doc, **result}
    return result


def _type(spec: FieldSpec, schema: Schema) -> dict[str, Any]:
    """The JSON Schema of a value of `spec.type` (the types listed at the top of schema.yaml)."""
    kind = spec.type
    if kind in ("id", "ref"):
        return {"type": "string", "pattern": ID_PATTERN}
    if kind == "text":
        # The loader reads a bare number as text; an empty required value is refused.
        return {"type": ["string", "number"], **({"minLength": 1} if spec.required else {})}
    if kind == "path":
        return {"type": "string", "minLength": 1}
    if kind == "url":
        return {"type": "string", "pattern": URL_PATTERN}
    if kind == "enum":
        terms = schema.vocabularies[spec.vocabulary]
        return {"type": "string", "enum": list(terms), "enumDescriptions": list(terms.values())}
    if kind == "date":
        return {
            "anyOf": [
                {"type": "string", "pattern": DATE_PATTERN},
                {"type": "integer", "minimum": 1, "maximum": 9999, "description": "a bare year"},
            ]
        }
    if kind == "list":
        assert spec.items is not None
        least = max(spec.min, 1 if spec.required else 0)
        return {"type": "array", "items": _field(spec.items, schema), **({"minItems": least} if least else {})}
    if kind == "object":
        if spec.object_name:
            return {"$ref": f"#/definitions/{spec.object_name}"}
        return _object(spec.fields, schema)
    raise ValueError(f"schema.yaml uses a field type the JSON Schema generator does not know: {kind!r}")


def add_command(commands: Any) -> None:
    """`python -m builder schema [--out schema]`: regenerate the committed schema files."""
    cmd = commands.add_parser("schema", help="write the editors' JSON Schemas generated from schema.yaml")
    cmd.add_argument("--out", type=Path, default=Path("schema"), help="the folder to write (default: schema)")
    cmd.set_defaults(run=_run)


def _run(args: Any) -> int:
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in all_schemas().items():
        (args.out / name).write_text(text, encoding="utf-8")
        print(f"wrote {args.out / name}")
    return 0
