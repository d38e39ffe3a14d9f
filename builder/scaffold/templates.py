"""`python -m builder new claim|event|actor|relationship [ID] [--source ID]`: a stub annotation.

Made from `schema.yaml`, so it always has today's fields: each required one with a `TODO:` placeholder, each
optional one commented out, every one described. `check --strict` refuses it until every placeholder is settled.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from builder.load.validate import ID_PATTERN
from builder.model.jsonschema import schema_line
from builder.model.schema import FieldSpec, Schema, load_schema

KINDS = ("claim", "event", "actor", "relationship")
_WHAT = {"ref": "the id of", "date": "an EDTF date such as 2026-01-03", "text": "text", "url": "https://…"}


def stub(kind: str, entity_id: str = "", source: str = "", schema: Schema | None = None) -> str:
    """The text of a new annotation file of `kind`."""
    schema = schema or load_schema()
    spec = schema.kinds[kind]
    out = [
        schema_line(kind),
        f"# {'An' if kind[0] in 'aeiou' else 'A'} {kind}: {spec.summary}.",
        f"# Written by `python -m builder new {kind}`: replace each placeholder (the values that start",
        "# with TODO), uncomment the optional fields you need and delete the others; then run",
        "# `python -m builder check --strict`. Every field is described in docs/reference.md.",
    ]
    for name, field in spec.fields.items():
        if name == "id":
            out.append(f"id: {entity_id or _todo('an id: lower-case words joined by hyphens, as the file name')}")
            continue
        out += _field(name, field, schema, source, "")
    return "\n".join(out) + "\n"


def _todo(what: str) -> str:
    return json.dumps(f"TODO: {what}", ensure_ascii=False)


def _describe(field: FieldSpec, schema: Schema, many: bool = False) -> str:
    """What a value of the field is, for its comment."""
    if field.type == "ref":
        kinds = " or ".join(f"{k}s" if many else (f"an {k}" if k[0] in "aeiou" else f"a {k}") for k in field.to)
        return f"the ids of {kinds}" if many else f"the id of {kinds}"
    if field.type == "enum":
        return "one of: " + ", ".join(schema.vocabularies[field.vocabulary])
    return _WHAT.get(field.type, field.type)


def _field(name: str, field: FieldSpec, schema: Schema, source: str, indent: str) -> list[str]:
    """The lines of one field: a required one with a placeholder, an optional one commented out."""
    if field.type == "enum":
        terms = schema.vocabularies[field.vocabulary]
        lines = [f"{indent}# {name}, one of:" + (f" ({field.doc})" if field.doc else "")]
        lines += [f"{indent}#   {term}: {meaning}" for term, meaning in terms.items()]
        if field.required:
            return [*lines, f"{indent}{name}: {_todo('one of the terms above')}"]
        default = field.doc.removeprefix("default: ") if field.doc.startswith("default: ") else next(iter(terms))
        return [*lines, f"{indent}# {name}: {default}"]
    if field.type == "list" and field.items is not None and field.items.type == "object":
        if not field.required:
            return [f"{indent}# {name}: {field.doc or 'a list'} (see docs/reference.md)"]
        lines = [f"{indent}{name}:" + (f"  # {field.doc}" if field.doc else "")]
        for number, (sub_name, sub) in enumerate(field.items.fields.items()):
            sub_lines = _field(sub_name, sub, schema, source, indent + "    ")
            if sub_name == "source" and source:
                sub_lines = [f"{indent}    source: {source}"]
            if number == 0:  # the list item's dash goes on its first field
                sub_lines[0] = f"{indent}  - " + sub_lines[0][len(indent) + 4 :]
            lines += sub_lines
        return lines
    if field.type == "list":
        what = _describe(field.items, schema, many=True) if field.items is not None else "values"
        doc = f"{field.doc}; {what}" if field.doc else what
        if field.required:
            return [f"{indent}{name}: [{_todo(what)}]  # {doc}"]
        return [f"{indent}# {name}: []  # {doc}"]
    what = _describe(field, schema)
    doc = f"{field.doc} ({what})" if field.doc and field.type != "text" else field.doc or what
    if field.required:
        placeholder = _todo(field.doc or (what if field.type != "text" else f"the {name}"))
        return [f"{indent}{name}: {placeholder}" + (f"  # {what}" if field.type != "text" else "")]
    return [f"{indent}# {name}:  # {doc}"]


def add_command(commands: argparse._SubParsersAction) -> None:
    cmd = commands.add_parser(
        "new", help="write a stub claim, event, actor or relationship with every field described (from the schema)"
    )
    cmd.add_argument("kind", choices=KINDS)
    cmd.add_argument("id", nargs="?", default="", help="the new entity's id; without it, the stub is printed")
    cmd.add_argument("--source", default="", help="the id of the source its evidence quotes")
    cmd.add_argument("--root", type=Path, default=Path("."), help="the dossier's root folder (default: here)")
    cmd.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    root: Path = args.root
    if args.source and not (root / "annotations" / "sources" / f"{args.source}.yaml").is_file():
        print(f"error: there is no source {args.source!r} (annotations/sources/{args.source}.yaml)", file=sys.stderr)
        return 2
    if not args.id:
        print(stub(args.kind, "", args.source), end="")
        return 0
    if not ID_PATTERN.match(args.id):
        print(f"error: {args.id!r} is not an id: use lower-case letters, digits and hyphens", file=sys.stderr)
        return 2
    schema = load_schema()
    taken = [p for k in schema.kinds.values() if (p := root / "annotations" / k.folder / f"{args.id}.yaml").exists()]
    if taken:
        print(f"error: {taken[0].relative_to(root)} exists: ids are unique across the dossier", file=sys.stderr)
        return 2
    path = root / "annotations" / schema.kinds[args.kind].folder / f"{args.id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as stream:
        stream.write(stub(args.kind, args.id, args.source, schema))
    print(f"wrote {path.relative_to(root)}: replace every TODO, then run `python -m builder check --strict`")
    return 0
