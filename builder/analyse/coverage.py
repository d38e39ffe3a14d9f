"""How much of each source's article body the annotations quote."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from builder.model.dossier import Dossier
from builder.model.entities import Evidence


@dataclass(frozen=True, slots=True)
class Coverage:
    source: str
    body: int  # number of article-body paragraphs
    cited: int  # of which quoted by at least one annotation
    uncited: tuple[int, ...]  # paragraph numbers left uncited

    @property
    def ratio(self) -> float:
        return self.cited / self.body if self.body else 1.0


def coverage(dossier: Dossier, anchored: Mapping[str, list[Evidence]] | None = None) -> dict[str, Coverage]:
    """Each source's coverage. `anchored`: the anchored evidence by source, if the caller has it (one walk
    of the evidence fewer)."""
    if anchored is None:
        cited: dict[str, set[int]] = {source_id: set() for source_id in dossier.texts}
        for evidence in dossier.evidence():
            if evidence.anchor is not None and evidence.source in cited:
                cited[evidence.source].add(evidence.anchor.paragraph)
    else:
        cited = {s: {ev.anchor.paragraph for ev in anchored.get(s, ()) if ev.anchor} for s in dossier.texts}
    result = {}
    for source_id, text in dossier.texts.items():
        body = text.body_paragraphs
        uncited = tuple(n for n in body if n not in cited[source_id])
        result[source_id] = Coverage(source_id, len(body), len(body) - len(uncited), uncited)
    return result
