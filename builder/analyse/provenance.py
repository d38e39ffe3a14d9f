"""Checks on what the dossier says about provenance: held and cited documents, chains, "as of" dates.

A source without `file` is a document the held sources cite (an Axios report known only from the
articles relaying it): it has a page and ends attribution chains, but it has no text, so no quote can
come from it. `as_of` is one date of report, not an interval: a relationship "reported as of" a date
says nothing of when it began or ended. The rules a field's type cannot carry are checked here, one
pass over the entities.
"""

from __future__ import annotations

from builder.model.dossier import Dossier
from builder.model.entities import Actor, Event, Evidence, Relationship, Source
from builder.model.schema import Schema
from builder.problems import Problems


def check_provenance(dossier: Dossier, schema: Schema, problems: Problems) -> None:
    together = {
        kind: [(name, spec.requires) for name, spec in spec_of.fields.items() if spec.requires]
        for kind, spec_of in schema.kinds.items()
    }
    for entity in dossier.entities():
        for name, needed in together[entity.KIND]:  # `requires` in schema.yaml: a source's `file` needs `language`
            for other in needed if getattr(entity, name, None) else ():
                if not getattr(entity, other, None):
                    problems.error(
                        entity.loc,
                        f"the {entity.KIND} {entity.id!r} has {name!r} but no {other!r}",
                        f"add `{other}:` ({schema.kinds[entity.KIND].fields[other].doc})",
                    )
        for evidence in entity.evidence_list:
            _check_evidence(evidence, dossier, problems)
        if isinstance(entity, Source) and not entity.held and entity.non_body:
            problems.error(
                entity.at("non_body"),
                f"the source {entity.id!r} is not held (it has no `file`), so it has no passages to mark",
                "remove `non_body`, or give the `file` of its text",
            )
        elif isinstance(entity, (Relationship, Event)):
            _check_as_of(entity, problems)
        elif isinstance(entity, Actor):
            for role in entity.roles:
                _check_as_of(role, problems)


def _check_evidence(evidence: Evidence, dossier: Dossier, problems: Problems) -> None:
    source = dossier.sources.get(evidence.source)
    if source is not None and not source.held:
        problems.error(
            evidence.at("source"),
            f"the source {source.id!r} is a cited document the dossier does not hold: nothing can be quoted from it",
            "quote the held source that relays it, and name the cited document in `via`",
        )
    if evidence.also_via and not evidence.via:
        problems.error(
            evidence.at("also_via"),
            "`also_via` gives parallel first steps of `via`, but there is no `via`",
            "put the first outlet or document in `via` and the others in `also_via`",
        )


def _check_as_of(owner: object, problems: Problems) -> None:
    as_of = getattr(owner, "as_of", None)
    if as_of is not None and as_of.interval:
        problems.error(
            owner.at("as_of"),  # type: ignore[attr-defined]
            f"`as_of` is one date of report, not the interval {as_of.edtf()!r}",
            "give the date of the report (e.g. 2025-11-26); put when it held, if the texts say, in `date`",
        )
