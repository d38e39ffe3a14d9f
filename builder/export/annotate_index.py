"""`data/annotate.json`: what the Annotate form on a source's page offers (assets/annotate.js).

A reader who selects a passage picks the claimant, `via` and `about` from the dossier's actors (by name or
alias), the claim, event or relationship a quote is more evidence for, the vocabularies' terms, and what
`via` means for each kind in schema.yaml's words (so the form says what the stubs say); the form also
refuses an id that is taken. One file, fetched only when the form opens, so that no page carries a list of
every entity.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial

from builder.export.records import Memo, remembered
from builder.model.dossier import PLURAL, Dossier
from builder.model.entities import Actor, Claim, Entity, Relationship
from builder.model.schema import Schema, load_schema
from builder.problems import short

FORM_KINDS = ("claim", "event", "relationship")  # the kinds the form writes


def annotate_json(dossier: Dossier, memo: Memo | None = None) -> Iterator[str]:
    """The file in pieces, an entity a line."""
    schema = load_schema()
    vocabularies = schema.vocabularies
    yield '{"vocabularies":' + json.dumps(
        {name: vocabularies[name] for name in ("stance", "relationship_type")}, ensure_ascii=False
    )
    yield ',\n"via":' + json.dumps({kind: via_doc(schema, kind) for kind in FORM_KINDS}, ensure_ascii=False)
    yield ',\n"actors":['
    yield ",\n".join(remembered(memo, "annotate.json", a, partial(_line, a)) for a in dossier.actors.values())
    for kind in ("claim", "event", "relationship", "source"):
        yield f'],\n"{PLURAL[kind]}":['
        yield ",\n".join(
            remembered(memo, "annotate.json", e, partial(_line, e)) for e in dossier.by_kind(kind).values()
        )
    yield "]}\n"


def _line(entity: Entity) -> str:
    if isinstance(entity, Actor):
        return json.dumps([entity.id, entity.name, entity.aliases, entity.kind], ensure_ascii=False)
    if isinstance(entity, Relationship):
        label = f"{entity.subject} {entity.type} {entity.object}"
    else:
        label = entity.statement if isinstance(entity, Claim) else getattr(entity, "title", "")
    return json.dumps([entity.id, short(label, 80)], ensure_ascii=False)


def via_doc(schema: Schema, kind: str) -> str:
    """What `via` means in the evidence of `kind`, in schema.yaml's words."""
    evidence = schema.kinds[kind].fields["evidence"].items
    return evidence.fields["via"].doc if evidence is not None else ""
