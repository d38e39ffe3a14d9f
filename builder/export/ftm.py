"""`ftm.ndjson`: the dossier as FollowTheMoney entities, one JSON object a line.

FollowTheMoney (FtM) is the data model of OpenSanctions and OCCRP Aleph, so an
investigator can load the dossier next to sanctions lists and company registries
and see the same people and bodies. The mapping is meant to be faithful rather
than complete: where FtM has no fitting schema, the most general honest one is
used and the dossier's own word is kept in `description`.

- actors: Person, PublicBody (governments, state bodies, agencies, armed forces),
  Organization (outlets, parties, groups, international bodies), LegalEntity
  (countries, with their ISO code in `country`, since FtM has no schema for a
  state; unnamed sources, which may be a person or a group), Article (cited
  publications), Project (named operations);
- sources: Article; events: Event (dates at their precision: FtM dates are
  prefixes, `2025-11` stays a month);
- evidence: Documentation linking the Article to the entity it supports (an
  actor's role, an event, or a claim's claimant, with the claim in
  `description` and the exact quote in `summary`);
- relationships: Membership, Directorship, Employment, Associate and Sanction
  where the type and both ends fit FtM's ranges (a sanctions link is a Sanction
  on the object, with the subject as `authority`), UnknownLink otherwise; their
  evidence is the link's `proof` (FtM links are not Things, so Documentation
  cannot point at them). A link's `date` interval gives FtM's start and end dates;
  `as_of` (reported as holding on that date, no more) is said in `summary` and is
  never made an end date. An event known only to have happened by a date
  (`../2025-12-01`) gets no end date either: `summary` says "no later than".

Ids are the dossier's ids; a piece of evidence is `<owner id>.e<n>`. FtM itself is
not a dependency of the builder: the schemas' ranges used here are listed below,
and the test suite validates every line with the followthemoney package.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache, partial
from pathlib import Path
from typing import Any

from builder.export.records import Memo, date_parts, entities, remembered
from builder.model.dates import DateValue
from builder.model.dossier import PLURAL, Dossier
from builder.model.entities import Actor, Claim, Event, Relationship, Source

ACTOR_SCHEMA = {
    "person": "Person",
    "government": "PublicBody",
    "government-body": "PublicBody",
    "agency": "PublicBody",
    "armed-force": "PublicBody",
    "military-unit": "PublicBody",
    "political-group": "Organization",
    "organisation": "Organization",
    "criminal-organisation": "Organization",
    "media-outlet": "Organization",
    "publication": "Article",
    "country": "LegalEntity",
    "international-body": "Organization",
    "operation": "Project",
    "unnamed-source": "LegalEntity",
}
ACTOR_TOPICS = {
    "government": "gov.national",
    "government-body": "gov",
    "agency": "gov.security",
    "armed-force": "mil",
    "military-unit": "mil",
    "criminal-organisation": "crime",
    "international-body": "gov.igo",
}
# FtM's schema hierarchy, as far as the ranges below need it.
_IS_A = {
    "Person": {"Person", "LegalEntity", "Thing"},
    "PublicBody": {"PublicBody", "Organization", "LegalEntity", "Thing"},
    "Organization": {"Organization", "LegalEntity", "Thing"},
    "LegalEntity": {"LegalEntity", "Thing"},
    "Article": {"Article", "Document", "Thing"},
    "Project": {"Project", "Thing"},
    "Event": {"Event", "Thing"},
}
# relationship type -> (FtM schema, subject property, its range, object property, its range)
LINKS = {
    "member-of": ("Membership", "member", "LegalEntity", "organization", "Organization"),
    "leads": ("Directorship", "director", "LegalEntity", "organization", "Organization"),
    "serves": ("Employment", "employee", "Person", "employer", "Organization"),
    "allied-with": ("Associate", "person", "Person", "associate", "Person"),
}
FALLBACK = ("UnknownLink", "subject", "Thing", "object", "Thing")

Entity = dict[str, Any]


def ftm_ndjson(dossier: Dossier, memo: Memo | None = None) -> Iterator[str]:
    """One entity a line: actors, sources, events, links, then one Documentation per quote."""
    schemas = _schemas(dossier)
    for kind in ("actor", "source", "event", "relationship"):
        for entity in entities(dossier, kind):
            yield remembered(memo, "ftm", entity, partial(_entity_line, entity, dossier, schemas))
    for kind in PLURAL:
        for owner in entities(dossier, kind):
            yield remembered(memo, "ftm.doc", owner, partial(_documentation_lines, owner, dossier, schemas))


def _entity_line(entity: Any, dossier: Dossier, schemas: dict[str, str]) -> str:
    return _line(_ftm_entity(entity, dossier, schemas))


def _documentation_lines(owner: Any, dossier: Dossier, schemas: dict[str, str]) -> str:
    return "".join(_line(d) for d in _documentation(owner, dossier, schemas))


def _line(entity: Entity) -> str:
    return json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n"


def _schemas(dossier: Dossier) -> dict[str, str]:
    """The FtM schema of every entity that can be an FtM node, by id."""
    schemas = {a.id: ACTOR_SCHEMA.get(a.kind, "LegalEntity") for a in dossier.actors.values()}
    schemas.update({s: "Article" for s in dossier.sources})
    schemas.update({e: "Event" for e in dossier.events})
    return schemas


def _ftm_entity(entity: Any, dossier: Dossier, schemas: dict[str, str]) -> Entity:
    if isinstance(entity, Actor):
        return _actor(entity, dossier)
    if isinstance(entity, Source):
        return _source(entity, dossier)
    if isinstance(entity, Event):
        return _event(entity, schemas)
    assert isinstance(entity, Relationship)
    return _link(entity, dossier, schemas)


def _documentation(owner: Any, dossier: Dossier, schemas: dict[str, str]) -> Iterator[Entity]:
    """A Documentation entity per quote, tying the quoted source to the entity the quote is about."""
    if isinstance(owner, Relationship):
        return  # a link's evidence is its `proof`
    target = owner.claimant if isinstance(owner, Claim) else owner.id
    if target not in schemas:
        return
    for n, evidence in enumerate(owner.evidence_list, start=1):
        if evidence.source not in dossier.sources:
            continue
        text = dossier.texts.get(evidence.source)
        exact = text.text[evidence.anchor.start : evidence.anchor.end] if text and evidence.anchor else evidence.quote
        role = "claimant" if isinstance(owner, Claim) else owner.KIND
        if isinstance(owner, Actor):
            role = next((f"role: {r.title}" for r in owner.roles if evidence in r.evidence), "role")
        description = f"claim {owner.id}: {owner.statement}" if isinstance(owner, Claim) else ""
        yield _entity(
            f"{owner.id}.e{n}",
            "Documentation",
            document=evidence.source,
            entity=target,
            role=f"{role} ({evidence.stance})",
            summary=exact,
            description=description,
        )


def _entity(entity_id: str, schema: str, **properties: Any) -> Entity:
    props: dict[str, list[str]] = {}
    for name, value in properties.items():
        values = value if isinstance(value, list) else [value]
        values = [str(v) for v in values if v not in (None, "")]
        if values:
            props[name] = list(dict.fromkeys(values))
    return {"id": entity_id, "schema": schema, "properties": props}


def _actor(actor: Actor, dossier: Dossier) -> Entity:
    schema = ACTOR_SCHEMA.get(actor.kind, "LegalEntity")  # an unmapped new kind: the most general
    props: dict[str, Any] = {
        "name": actor.name,
        "alias": actor.aliases,
        "description": actor.description,
        "notes": actor.notes,
        "topics": ACTOR_TOPICS.get(actor.kind, ""),
    }
    if schema == "Article":
        props["title"] = actor.name
    if actor.kind == "country":
        props["country"] = [c for c in (country_code(n) for n in actor.names) if c]
    if schema == "Person":
        props["position"] = [_position(r.title, r.of, dossier, r.as_of) for r in actor.roles]
    return _entity(actor.id, schema, **props)


def _position(title: str, of: str, dossier: Dossier, as_of: DateValue | None = None) -> str:
    body = dossier.actors.get(of)
    position = f"{title}, {body.name}" if body else title
    return f"{position} (reported as of {as_of.edtf()})" if as_of is not None else position


def _source(source: Source, dossier: Dossier) -> Entity:
    publisher = dossier.actors.get(source.publisher)
    authors = [dossier.actors[a].name for a in source.authors if a in dossier.actors]
    published = source.published.start if source.published and not source.published.interval else None
    return _entity(
        source.id,
        "Article",
        name=source.title,
        title=source.title,
        publishedAt=published.iso() if published else "",
        publisher=publisher.name if publisher else "",
        author=authors,
        sourceUrl=source.url,
        language=source.language,
        fileName=source.file.rsplit("/", 1)[-1],
        notes=source.notes,
    )


def _dates(value: DateValue | None) -> dict[str, str]:
    if value is None:
        return {}
    if not value.interval:
        return {"date": date_parts(value)[0]}
    start, end = date_parts(value)
    return {"startDate": start, "endDate": end}


def _event(event: Event, schemas: dict[str, str]) -> Entity:
    involved = [p.actor for p in event.participants if "LegalEntity" in _IS_A.get(schemas.get(p.actor, ""), ())]
    date, summary = event.date, event.date_note
    if date is not None and date.interval and date.start is None and date.end is not None:
        summary = f"Date: no later than {date.end.iso()}. {summary}".strip()
        date = None  # happened by then: not an interval that ended then
    return _entity(
        event.id,
        "Event",
        name=event.title,
        location=event.place,
        involved=involved,
        summary=summary,
        description=event.notes,
        **_dates(date),
    )


def _reported(rel: Relationship) -> str:
    return f"Reported as of {rel.as_of.edtf()}; when it began or ended is not stated." if rel.as_of else ""


def _link(rel: Relationship, dossier: Dossier, schemas: dict[str, str]) -> Entity:
    proof = [e.source for e in rel.evidence if e.source in dossier.sources]
    if rel.type == "sanctions":
        authority = dossier.actors.get(rel.subject)
        return _entity(
            rel.id,
            "Sanction",
            entity=rel.object,
            authority=authority.name if authority else rel.subject,
            proof=proof,
            description=rel.notes,
            summary=_reported(rel),
            **_dates(rel.date),
        )
    schema, subject_prop, subject_range, object_prop, object_range = LINKS.get(rel.type, FALLBACK)
    if not (
        subject_range in _IS_A.get(schemas.get(rel.subject, ""), ())
        and object_range in _IS_A.get(schemas.get(rel.object, ""), ())
    ):
        schema, subject_prop, _, object_prop, _ = FALLBACK
    label = rel.type.replace("-", " ")
    props: dict[str, Any] = {subject_prop: rel.subject, object_prop: rel.object, **_dates(rel.date)}
    props["relationship" if schema == "Associate" else "role"] = label
    props["proof"] = proof
    props["description"] = rel.notes
    props["summary"] = _reported(rel)
    return _entity(rel.id, schema, **props)


COUNTRIES = Path(__file__).with_name("countries.tsv")


@cache
def _territories() -> dict[str, str]:
    """English country names, casefolded, to their codes: CLDR's, as Babel gives them (a test keeps them so);
    read from a file rather than from Babel, whose locale data costs 15 ms to load."""
    lines = COUNTRIES.read_text(encoding="utf-8").splitlines()
    return {name.casefold(): code for code, name in (line.split("\t") for line in lines if not line.startswith("#"))}


def country_code(name: str) -> str:
    """The ISO 3166-1 alpha-2 code of a country's English name ('' when unknown)."""
    return _territories().get(name.casefold(), "")
