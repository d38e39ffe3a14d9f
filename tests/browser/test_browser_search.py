"""The search box (Pagefind's index, assets/dossier-search.js): every actor by each of its names with and without
accents and in any case, every claim by its words, a quoted phrase at its passage and at what cites it, facets,
and the keyboard."""

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
    meaningful words."""
    words = [w.strip("\"“”‘’',;!?()[]").rstrip(".") for w in statement.split()]
    words = [w + "." if re.fullmatch(r"\w(?:\.\w)+", w) else w for w in words]  # "U.S." as written
    runs: list[list[str]] = [[]]
    for word in words:
        if re.fullmatch(r"\w+(?:[-'’.]\w+)*\.?", word):
            runs[-1].append(word)
        else:
            runs.append([])
    windows = [run[i : i + most] for run in runs for i in range(max(1, len(run) - most + 1))]
    return " ".join(max(windows, key=lambda w: (sum(len(x) > 3 for x in w), len(w))))


def shown(hits: list) -> str:
    return ", ".join(dict.fromkeys(f"/{hit.path}" for hit in hits)) or "nothing"


def test_every_actor_is_found_by_each_of_its_names_with_and_without_accents(reader, dossier: Dossier) -> None:
    actors = spread(sorted(dossier.actors.values(), key=lambda a: a.id))
    assert actors, "the dossier has no actor"
    reader.open("")
    failures = []
    searched = 0
    for actor in actors:
        want = f"actors/{actor.id}/"
        queries = dict.fromkeys(q for name in actor.names for q in (name, unaccented(name), name.lower()))
        for query in queries:
            searched += 1
            hits = reader.search(query)
            if not any(h.path == want for h in hits):
                failures.append(f"{query!r} does not find {want}; it finds {shown(hits)}")
    assert not failures, f"{len(failures)} of {searched} searches failed:\n" + "\n".join(failures)
    assert not reader.take_problems()


def test_accents_fold_both_ways(reader, dossier: Dossier) -> None:
    """ "Chavez" finds what "Chávez" finds, and the other way round; "Nicolas" finds Nicolás Maduro's pages."""
    accented = sorted({w for a in dossier.actors.values() for n in a.names for w in n.split() if w != unaccented(w)})
    assert accented, "the dossier names no actor with an accent"
    reader.open("")
    failures = []
    count = "() => window.__dossierSearch.shown.at(-1).results"
    for word in spread(accented, 20):
        with_accent = {h.path for h in reader.search(word)}
        found_with = reader.page.evaluate(count)
        without = {h.path for h in reader.search(unaccented(word))}
        found_without = reader.page.evaluate(count)
        if not with_accent or not without or found_with != found_without:
            failures.append(f"{word!r} finds {found_with}, {unaccented(word)!r} {found_without} records")
    assert not failures, "\n".join(failures)
    maduro = [a for a in dossier.actors.values() if "Nicolás" in a.name]
    if maduro:  # the seed dossier: the claims and events about him are found without the accent
        pages = {h.path for h in reader.search("Nicolas")}
        assert f"actors/{maduro[0].id}/" in pages
        assert any(p.startswith("claims/") for p in pages) and any(p.startswith("events/") for p in pages)


def test_every_claim_is_found_by_a_phrase_of_its_statement(reader, dossier: Dossier) -> None:
    claims = spread(sorted(dossier.claims.values(), key=lambda c: c.id))
    assert claims, "the dossier has no claim"
    reader.open("")
    failures = []
    for claim in claims:
        want = f"claims/{claim.id}/"
        query = phrase(claim.statement)
        hits = reader.search(query)
        if not any(h.path == want for h in hits):
            failures.append(f"{query!r} does not find {want}; it finds {shown(hits)}")
    assert not failures, f"{len(failures)} of {len(claims)} searches failed:\n" + "\n".join(failures)
    assert not reader.take_problems()


def test_a_quoted_phrase_finds_the_passage_and_the_claims_that_cite_it(reader, dossier: Dossier) -> None:
    reader.open("")
    failures = []
    claims = [c for c in sorted(dossier.claims.values(), key=lambda c: c.id) if c.evidence]
    for claim in spread(claims, 25):
        evidence = claim.evidence[0]
        assert evidence.anchor is not None
        # six words as a reader types them, without a possessive: Pagefind finds no phrase with one (see docs)
        words = [w.strip("\"“”‘’',;:!?()[]") for w in evidence.quote.split()]
        runs = [words[i : i + 6] for i in range(max(1, len(words) - 5))]
        clean = [run for run in runs if all(w and not re.search(r"['’\"“”]", w) for w in run)]
        if not clean or len(clean[0]) < 3:
            continue
        query = '"' + " ".join(clean[0]).rstrip(".") + '"'
        hits = reader.search(query)
        passage = [h for h in hits if h.path == f"sources/{evidence.source}/" and h.fragment.startswith("p")]
        if not any(h.path == f"claims/{claim.id}/" for h in hits):
            failures.append(f"{query} does not find claims/{claim.id}/; it finds {shown(hits)}")
        elif not passage:
            failures.append(f"{query} does not point at a passage of sources/{evidence.source}/: {shown(hits)}")
        elif f"p{evidence.anchor.paragraph}" not in {h.fragment for h in passage}:
            failures.append(f"{query} points at {[h.fragment for h in passage]}, not p{evidence.anchor.paragraph}")
    assert not failures, "\n".join(failures)


COMMON = {"of": "with", "the": "a", "to": "for", "in": "on", "and": "or", "by": "at"}  # all in the box's STOP


def test_a_phrases_common_words_are_checked_in_the_text(reader, dossier: Dossier) -> None:
    """The commonest words of a quoted phrase are not looked up, but checked at their places in the text: the
    phrase finds its passage; the same phrase with one of them changed for another does not."""
    reader.open("")
    failures = []
    tried = 0
    for claim in sorted(dossier.claims.values(), key=lambda c: c.id):
        if tried == 4:
            break
        evidence = claim.evidence[0] if claim.evidence else None
        if evidence is None or evidence.anchor is None:
            continue
        words = [w.strip("\"“”‘’',;:!?()[]").rstrip(".") for w in evidence.quote.split()]
        runs = [words[i : i + 5] for i in range(max(0, len(words) - 4))]
        runs = [
            r
            for r in runs
            if r[2].lower() in COMMON and all(w.isalnum() and w.lower() not in COMMON for w in r[:2] + r[3:])
        ]
        if not runs:
            continue
        tried += 1
        run = runs[0]
        query = '"' + " ".join(run) + '"'
        changed = '"' + " ".join([*run[:2], COMMON[run[2].lower()], *run[3:]]) + '"'
        passage = (f"sources/{evidence.source}/", f"p{evidence.anchor.paragraph}")
        if passage not in {(h.path, h.fragment) for h in reader.search(query)}:
            failures.append(f"{query} does not find {passage}")
        if passage in {(h.path, h.fragment) for h in reader.search(changed)}:
            failures.append(f"{changed} finds {passage}, which does not say it")
        last = run[-1]  # the other words are looked up by their beginnings, then checked whole
        if len(last) > 2 and not re.search(r"(s|ed|ing)$", last):
            cut = '"' + " ".join([*run[:-1], last[:-1]]) + '"'
            if passage in {(h.path, h.fragment) for h in reader.search(cut)}:
                failures.append(f"{cut} finds {passage}, which says {last!r}")
    assert tried, "no quote has a common word between two others"
    assert not failures, "\n".join(failures)


PRESSED = "([f, v]) => document.querySelector(`[data-facet='${f}'][data-value='${v}']`)?.ariaPressed === 'true'"
KINDS_SHOWN = "() => [...document.querySelectorAll('.dossier-search__kind')].map(k => k.textContent)"


def test_facets_narrow_results_by_kind_and_claim_status(reader) -> None:
    reader.open("")
    reader.search("Maduro")
    page = reader.page
    claim = ".dossier-search__facet[data-facet='kind'][data-value='claim']"
    assert not page.query_selector(claim)  # the facets' tables are fetched when asked for
    page.click(".dossier-search__narrow")
    page.wait_for_selector(claim)
    assert len(set(page.evaluate(KINDS_SHOWN))) > 1
    for facet in ("status", "outlet", "year"):
        assert page.eval_on_selector_all(f"[data-facet='{facet}']", "bs => bs.length"), f"no {facet} facet"
    page.click(claim)
    page.wait_for_function(PRESSED, arg=["kind", "claim"])
    page.wait_for_function(f"() => ({KINDS_SHOWN})().every(k => k === 'Claim')")
    kinds = page.evaluate(KINDS_SHOWN)
    assert kinds and set(kinds) == {"Claim"}
    statuses = page.eval_on_selector_all("[data-facet='status']", "bs => bs.map(b => b.dataset.value)")
    assert statuses, "no claim status facet"
    page.click(f".dossier-search__facet[data-facet='status'][data-value='{statuses[-1]}']")
    page.wait_for_function(PRESSED, arg=["status", statuses[-1]])
    page.wait_for_timeout(200)
    after = page.evaluate(KINDS_SHOWN)
    assert set(after) <= {"Claim"} and len(after) <= len(kinds)
    assert not reader.take_problems()


def test_keyboard_slash_or_s_focuses_arrows_move_enter_opens(reader) -> None:
    reader.open("method/")
    page = reader.page
    for key in ("/", "s"):
        page.locator("body").click(position={"x": 5, "y": 300})
        page.keyboard.press(key)
        assert page.evaluate("() => document.activeElement.id") == "dossier-search-input", key
        assert page.input_value("#dossier-search-input") == "", f"{key!r} was typed into the box"
    hits = reader.search("Chavez")
    assert len(hits) >= 2
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    selected = page.get_attribute("#dossier-search-input", "aria-activedescendant")
    assert selected == "dossier-search-r0"
    first = page.get_attribute(f"#{selected} a", "href")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert reader.path() == (first or "").lstrip("/")
    page.keyboard.press("s")
    page.keyboard.type("Padrino")
    page.wait_for_selector(".dossier-search__result")
    page.keyboard.press("Escape")
    assert page.input_value("#dossier-search-input") == ""
    assert not reader.take_problems()
