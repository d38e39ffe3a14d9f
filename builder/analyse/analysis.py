"""Everything derived from the dossier that pages and reports need."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from builder.analyse.coverage import Coverage, coverage
from builder.analyse.crosssource import CrossSource, cross_source
from builder.analyse.mentions import Mention, NameFinder, find_mentions
from builder.analyse.provenance import check_provenance
from builder.analyse.references import RefIndex, check_references
from builder.model.dossier import Dossier
from builder.model.entities import Evidence
from builder.model.schema import Schema
from builder.problems import Problems

if TYPE_CHECKING:
    from builder.cache import ServeCache


@dataclass
class Analysis:
    refs: RefIndex
    mentions: dict[str, list[Mention]]
    coverage: dict[str, Coverage]
    evidence_by_source: dict[str, list[Evidence]]
    cross: CrossSource  # cross-source analysis: status, discrepancies, timeline, graph


def analyse(dossier: Dossier, schema: Schema, problems: Problems, cache: ServeCache | None = None) -> Analysis:
    """`cache` (under `mkdocs serve`): what earlier builds read from texts and quotes that did not change."""
    refs = check_references(dossier, schema, problems, cache.references if cache is not None else None)
    by_source: dict[str, list[Evidence]] = defaultdict(list)
    for evidence in dossier.evidence():
        if evidence.anchor is not None:
            by_source[evidence.source].append(evidence)
    _check_attribution(dossier, problems)
    check_provenance(dossier, schema, problems)
    finder = NameFinder(list(dossier.actors.values()))
    for name, first, second in finder.clashes:
        problems.warning(
            dossier.actors[second].at("aliases"),
            f"the name {name!r} is also used by the actor {first!r}",
            "give each actor names that tell it apart; mentions of this name are credited to the first",
        )
    mentions = find_mentions(dossier, finder, cache.mentions if cache is not None else None)
    covered = coverage(dossier, by_source)
    cross = cross_source(dossier, refs, problems, cache)
    return Analysis(refs, mentions, covered, dict(by_source), cross)


def _check_attribution(dossier: Dossier, problems: Problems) -> None:
    """A source's `cites` should name everyone its evidence is relayed through."""
    for claim in dossier.claims.values():
        for evidence in claim.evidence:
            source = dossier.sources.get(evidence.source)
            if source is None:
                continue
            missing = [step for step in (*evidence.via, *evidence.also_via) if step not in source.cites]
            if missing:
                problems.warning(
                    evidence.at("via"),
                    f"the source {source.id!r} does not list {', '.join(missing)} under `cites`",
                    f"add them to `cites` in {source.loc.path}",
                )
