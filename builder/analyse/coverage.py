"""How much of each source's article body the annotations quote."""

from __future__ import annotations

from dataclasses import dataclass

from builder.model.dossier import Dossier


@dataclass(frozen=True)
class Coverage:
    source: str
    body: int  # number of article-body paragraphs
    cited: int  # of which quoted by at least one annotation
    uncited: tuple[int, ...]  # paragraph numbers left uncited

    @property
    def ratio(self) -> float:
        return self.cited / self.body if self.body else 1.0


def coverage(dossier: Dossier) -> dict[str, Coverage]:
    cited: dict[str, set[int]] = {source_id: set() for source_id in dossier.texts}
    for evidence in dossier.evidence():
        if evidence.anchor is not None and evidence.source in cited:
            cited[evidence.source].add(evidence.anchor.paragraph)
    result = {}
    for source_id, text in dossier.texts.items():
        body = text.body_paragraphs
        uncited = tuple(n for n in body if n not in cited[source_id])
        result[source_id] = Coverage(source_id, len(body), len(body) - len(uncited), uncited)
    return result
