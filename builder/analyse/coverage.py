"""How much of each source's article body the annotations quote."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from builder.model.dossier import Dossier
from builder.model.entities import Evidence
from builder.model.text import SourceText


@dataclass(frozen=True, slots=True)
class Coverage:
    source: str
    body: int  # number of article-body paragraphs
    cited: int  # of which quoted by at least one annotation
    uncited: tuple[int, ...]  # paragraph numbers left uncited

    @property
    def ratio(self) -> float:
        return self.cited / self.body if self.body else 1.0


def coverage(
    dossier: Dossier, reuse: bool = False, anchored: Mapping[str, list[Evidence]] | None = None
) -> dict[str, Coverage]:
    """Each source's coverage; with `reuse` (under `mkdocs serve`), the very object of the last build for a
    source whose text, non-body paragraphs and cited paragraphs are unchanged (pages then compare by `is`).

    `anchored`: the anchored evidence by source, if the caller has it (one walk of the evidence fewer)."""
    global _LAST
    if anchored is None:
        cited: dict[str, set[int]] = {source_id: set() for source_id in dossier.texts}
        for evidence in dossier.evidence():
            if evidence.anchor is not None and evidence.source in cited:
                cited[evidence.source].add(evidence.anchor.paragraph)
    else:
        cited = {s: {ev.anchor.paragraph for ev in anchored.get(s, ()) if ev.anchor} for s in dossier.texts}
    last = _LAST if reuse else {}
    result = {}
    inputs: dict[str, tuple[SourceText, tuple[int, ...], frozenset[int]]] = {}
    for source_id, text in dossier.texts.items():
        basis = inputs[source_id] = (text, tuple(text.non_body), frozenset(cited[source_id]))
        known = last.get(source_id)
        if known is not None and known[0][0] is text and known[0][1:] == basis[1:]:
            result[source_id] = known[1]
            continue
        body = text.body_paragraphs
        uncited = tuple(n for n in body if n not in cited[source_id])
        result[source_id] = Coverage(source_id, len(body), len(body) - len(uncited), uncited)
    if reuse:  # a one-off build leaves serve's memo alone
        _LAST = {source_id: (basis, result[source_id]) for source_id, basis in inputs.items()}
    return result


# Each source's inputs and coverage at the last build under serve.
_LAST: dict[str, tuple[tuple[SourceText, tuple[int, ...], frozenset[int]], Coverage]] = {}
