"""Material's search box finds every actor by each of its names, accented or not, and every claim by its words."""

from __future__ import annotations

import re
import unicodedata

import pytest

from builder.model.dossier import Dossier

pytestmark = pytest.mark.browser

MOST = 80  # entities searched per test: a sample, evenly spread, in a large dossier


def unaccented(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


def spread(items: list, most: int = MOST) -> list:
    if len(items) <= most:
        return items
    step = len(items) / most
    return [items[int(i * step)] for i in range(most)]


def phrase(statement: str, most: int = 6) -> str:
    """Up to `most` consecutive words of a statement, as a reader would type them: the run with the most
    meaningful words, leaving out words that Lunr's query syntax would read as operators."""
    words = [w.strip("\"“”‘’'.,;!?()[]") for w in statement.split()]
    runs: list[list[str]] = [[]]
    for word in words:
        if re.fullmatch(r"\w+(?:[-'’]\w+)*", word):
            runs[-1].append(word)
        else:
            runs.append([])
    windows = [run[i : i + most] for run in runs for i in range(max(1, len(run) - most + 1))]
    return " ".join(max(windows, key=lambda w: (sum(len(x) > 3 for x in w), len(w))))


def shown(hits: list) -> str:
    pages: dict[str, str] = {}
    for hit in hits:
        if hit.path not in pages or hit.full:
            pages[hit.path] = "" if hit.full else f" ({hit.missing or 'no term'})"
    return ", ".join(f"/{path}{note}" for path, note in pages.items()) or "nothing"


def test_every_actor_is_found_by_each_of_its_names_with_and_without_accents(reader, dossier: Dossier) -> None:
    actors = spread(sorted(dossier.actors.values(), key=lambda a: a.id))
    assert actors, "the dossier has no actor"
    reader.open("")
    failures = []
    searched = 0
    for actor in actors:
        want = f"actors/{actor.id}/"
        queries = dict.fromkeys(q for name in actor.names for q in (name, unaccented(name)))
        for query in queries:
            searched += 1
            hits = reader.search(query)
            if not any(h.path == want and h.full for h in hits):
                failures.append(f"{query!r} does not find {want}; it finds {shown(hits)}")
    assert not failures, f"{len(failures)} of {searched} searches failed:\n" + "\n".join(failures)
    assert not reader.take_problems()


def test_every_claim_is_found_by_a_phrase_of_its_statement(reader, dossier: Dossier) -> None:
    claims = spread(sorted(dossier.claims.values(), key=lambda c: c.id))
    assert claims, "the dossier has no claim"
    reader.open("")
    failures = []
    for claim in claims:
        want = f"claims/{claim.id}/"
        query = phrase(claim.statement)
        hits = reader.search(query)
        if not any(h.path == want and h.full for h in hits):
            failures.append(f"{query!r} does not find {want}; it finds {shown(hits)}")
    assert not failures, f"{len(failures)} of {len(claims)} searches failed:\n" + "\n".join(failures)
    assert not reader.take_problems()
