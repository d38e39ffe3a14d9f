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


def coverage(dossier: Dossier, anchored: Mapping[str, list[Evidence]]) -> dict[str, Coverage]:
    """Each source's coverage, from the anchored evidence by source."""
    cited = {s: {ev.anchor.paragraph for ev in anchored.get(s, ()) if ev.anchor} for s in dossier.texts}
    result = {}
    for source_id, text in dossier.texts.items():
        body = text.body_paragraphs
        uncited = tuple(n for n in body if n not in cited[source_id])
        result[source_id] = Coverage(source_id, len(body), len(body) - len(uncited), uncited)
    return result
