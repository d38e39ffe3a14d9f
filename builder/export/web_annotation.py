"""`annotations.jsonld`: every evidence quote as a W3C Web Annotation.

Annotation tools (Hypothesis-style clients, IIIF/text viewers, RDF stores) read the
W3C Web Annotation Data Model, so each quote is published as one `Annotation`
whose target is the seed text with two selectors: a `TextQuoteSelector` (exact
quote with up to 32 characters of prefix and suffix, copied from the seed text
around the anchor, not from the annotator's typing) and a `TextPositionSelector`.

Offsets: `start` and `end` of the TextPositionSelector count Unicode code points
(not bytes, not UTF-16 units) of the seed text as stored (decoded from UTF-8,
without a byte-order mark), which the site publishes byte for byte as
`data/texts/<source id>.txt`, the annotations' target `source`. The body links to
the dossier page the quote supports; relative IRIs resolve against this file's
address (data/annotations.jsonld), so they hold wherever the site is hosted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial
from typing import Any

from builder.export.records import Memo, Quote, entities, page_url, quotes_of, readable_json, remembered
from builder.model.dossier import PLURAL, Dossier
from builder.model.entities import Entity, Evidence

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
CONTEXT_LENGTH = 32  # characters of prefix and suffix, as hypothes.is uses
OFFSETS = (
    "TextPositionSelector start and end count Unicode code points of the seed text as stored "
    "(decoded from UTF-8, without a byte-order mark), published as data/texts/<source id>.txt."
)


def annotations_jsonld(dossier: Dossier, memo: Memo | None = None) -> Iterator[str]:
    """The collection in pieces, one annotation a line (as `readable_json(collection, levels=3)` lays it out)."""
    collection = {
        "@context": CONTEXT,
        "id": "annotations.jsonld",
        "type": "AnnotationCollection",
        "label": "Evidence quotes of the dossier",
        "summary": OFFSETS,
        "total": sum(1 for evidence in dossier.evidence() if _placed(evidence, dossier)),
        "first": {"id": "annotations.jsonld#page1", "type": "AnnotationPage", "startIndex": 0, "items": []},
    }
    before, _, after = readable_json(collection, levels=3).partition('"items": []')
    yield before + '"items": '
    separator = "[\n   "
    for kind in PLURAL:
        for owner in entities(dossier, kind):
            for line in remembered(memo, "annotations.jsonld", owner, partial(_lines, owner, dossier)):
                yield separator
                yield line
                separator = ",\n   "
    yield ("[]" if separator == "[\n   " else "\n  ]") + after + "\n"


def _lines(owner: Entity, dossier: Dossier) -> list[str]:
    """The annotations of one entity's quotes, each as one compact JSON line."""
    found = (_annotation(quote, dossier) for quote in quotes_of(owner))
    return [json.dumps(a, ensure_ascii=False) for a in found if a is not None]


def _placed(evidence: Evidence, dossier: Dossier) -> bool:
    """Whether a quote has a place to point at (only a checked dossier is exported; an unanchored quote has not)."""
    return evidence.anchor is not None and evidence.source in dossier.texts and evidence.source in dossier.sources


def _annotation(quote: Quote, dossier: Dossier) -> dict[str, Any] | None:
    evidence, owner = quote.evidence, quote.owner
    if not _placed(evidence, dossier):
        return None
    anchor = evidence.anchor
    assert anchor is not None
    source = dossier.sources[evidence.source]
    full = dossier.texts[evidence.source].text
    label = getattr(owner, "statement", "") or getattr(owner, "title", "") or getattr(owner, "name", "") or owner.id
    target: dict[str, Any] = {
        "type": "SpecificResource",
        "source": {
            "id": f"texts/{source.id}.txt",
            "type": "Text",
            "format": "text/plain",
            "title": source.title,
        },
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": full[anchor.start : anchor.end],
                "prefix": full[max(0, anchor.start - CONTEXT_LENGTH) : anchor.start],
                "suffix": full[anchor.end : anchor.end + CONTEXT_LENGTH],
            },
            {"type": "TextPositionSelector", "start": anchor.start, "end": anchor.end},
        ],
    }
    if source.language:
        target["source"]["language"] = source.language
    return {
        "id": f"annotations.jsonld#{quote.id}",
        "type": "Annotation",
        "motivation": "linking",
        "body": [
            {"id": f"../{page_url(owner)}", "type": "Text", "format": "text/html"},
            {
                "type": "TextualBody",
                "purpose": "describing",
                "format": "text/plain",
                "value": f"{owner.KIND} {owner.id}: {label}",
            },
            {"type": "TextualBody", "purpose": "tagging", "value": evidence.stance},
        ],
        "target": target,
    }
