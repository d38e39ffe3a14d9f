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

from builder.model.dossier import Dossier
from builder.model.schema import Schema, load_schema

FORM_KINDS = ("claim", "event", "relationship")  # the kinds the form writes


def annotate_json(dossier: Dossier) -> Iterator[str]:
    """The file in pieces, an entity a line."""
    schema = load_schema()
    vocabularies = schema.vocabularies
    yield '{"vocabularies":' + json.dumps(
        {name: vocabularies[name] for name in ("stance", "relationship_type")}, ensure_ascii=False
    )
    yield ',\n"via":' + json.dumps({kind: via_doc(schema, kind) for kind in FORM_KINDS}, ensure_ascii=False)
    yield ',\n"actors":['
    yield ",\n".join(json.dumps([a.id, a.name, a.aliases, a.kind], ensure_ascii=False) for a in dossier.actors.values())
    lists = {
        "claims": ((c.id, c.statement) for c in dossier.claims.values()),
        "events": ((e.id, e.title) for e in dossier.events.values()),
        "relationships": ((r.id, f"{r.subject} {r.type} {r.object}") for r in dossier.relationships.values()),
        "sources": ((s.id, s.title) for s in dossier.sources.values()),
    }
    for name, items in lists.items():
        yield f'],\n"{name}":['
        yield ",\n".join(json.dumps([i, _short(label)], ensure_ascii=False) for i, label in items)
    yield "]}\n"


def via_doc(schema: Schema, kind: str) -> str:
    """What `via` means in the evidence of `kind`, in schema.yaml's words."""
    evidence = schema.kinds[kind].fields["evidence"].items
    return evidence.fields["via"].doc if evidence is not None else ""


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
