"""Reading a new article: what the text itself states about its date, outlet and author, and which
passages are not article body, as a proposal for the contributor to check (never a fact)."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass, field

from builder.analyse.mentions import NameFinder
from builder.model.entities import Actor
from builder.model.text import SourceText

_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): n for n, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True)) + r")\.?"
_DAYS = "|".join(calendar.day_name)
# "Wednesday, November 26, 2025 by Sophia Martinez"
BYLINE = re.compile(
    rf"^(?:(?:{_DAYS}),\s+)?{_MONTH}\s+(?P<day>\d{{1,2}}),\s+(?P<year>\d{{4}})\s+by\s+(?P<author>.+)$", re.I
)
# "11:48 JST, December 6, 2025"
STAMP = re.compile(
    rf"^\d{{1,2}}:\d{{2}}(?:\s*[AP]M)?\s+[A-Z]{{2,5}},\s+{_MONTH}\s+(?P<day>\d{{1,2}}),\s+(?P<year>\d{{4}})$", re.I
)
# "WASHINGTON, Dec 5 (Reuters) – ..."
DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Z .'\-]+),\s+{_MONTH}\s+(?P<day>\d{{1,2}})\s+\((?P<agency>[A-Za-z .]+)\)", re.I
)
COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)\s*(?P<holder>.*?)\s*(?:\d{4})?\s*$", re.I)
CAPTION = re.compile(r"(?:\bImage of\b|\bPhoto(?:graph)?\b|\bREUTERS/|©|^Description not available$)", re.I)
DATED_CAPTION = re.compile(rf",\s+{_MONTH}\s+\d{{1,2}},\s+\d{{4}}\.$", re.I)  # a wire photo's place and date
_END = re.compile(r"[.!?:;,]['\"’”)]*$")
_ABBREVIATION = re.compile(r"\b(?:[A-Z]\.){2,}$")  # "U.S." ends a headline without ending a sentence
SEPARATOR = re.compile(r"^[-–—•·|*]+$")
_BLOCKS = ("faq", "related-headlines", "site-furniture")  # kinds that span several paragraphs
_ENGLISH = {"the", "and", "of", "to", "in", "that", "is", "was", "for", "with"}
_SPANISH = {"el", "la", "de", "que", "los", "las", "en", "por", "con", "una"}


@dataclass
class Passage:
    """A proposed non-body passage: paragraphs first..last (1-based)."""

    kind: str
    first: int
    last: int
    note: str


@dataclass
class Proposal:
    """What the text states about itself, and what the contributor still has to decide."""

    title: str = ""
    published: str = ""  # EDTF
    publisher: str = ""  # actor id
    authors: list[str] = field(default_factory=list)  # actor ids
    cites: list[str] = field(default_factory=list)  # actor ids
    language: str = ""
    passages: list[Passage] = field(default_factory=list)
    mentions: Counter[str] = field(default_factory=Counter)  # actor id -> times named
    findings: list[str] = field(default_factory=list)  # what was read from the text, for `notes`
    todo: list[str] = field(default_factory=list)  # what the contributor must still check


def propose(text: str, actors: list[Actor]) -> Proposal:
    """Read the metadata, non-body passages and actor names a text states."""
    st = SourceText.parse(text)
    paragraphs = [st.paragraph(n) for n in range(1, len(st) + 1)]
    proposal = Proposal()
    _metadata(paragraphs, actors, proposal)
    proposal.passages = _passages(paragraphs, proposal)
    finder = NameFinder(actors)
    marked = {n for p in proposal.passages for n in range(p.first, p.last + 1)}
    for number in range(1, len(st) + 1):
        if number not in marked:
            for actor, _, _ in finder.find(text, st.starts[number - 1], st.ends[number - 1]):
                proposal.mentions[actor] += 1
    proposal.language = _language(text)
    return proposal


def _by_name(actors: list[Actor], name: str, kinds: tuple[str, ...] = ()) -> str:
    wanted = " ".join(name.split()).casefold()
    for actor in actors:
        if (not kinds or actor.kind in kinds) and wanted in {n.casefold() for n in actor.names}:
            return actor.id
    return ""


def _iso(year: int, month: str, day: str) -> str:
    return f"{year:04d}-{_MONTHS[month.lower().rstrip('.')]:02d}-{int(day):02d}"


def _metadata(paragraphs: list[str], actors: list[Actor], proposal: Proposal) -> None:
    outlets = ("media-outlet",)
    dates: list[tuple[str, str]] = []
    dateline: re.Match[str] | None = None
    for line in paragraphs:
        if match := BYLINE.match(line):
            dates.append((_iso(int(match["year"]), match["month"], match["day"]), f"the byline {line!r}"))
            author = match["author"].strip()
            known = _by_name(actors, author, ("person",))
            if known:
                proposal.authors.append(known)
            else:
                proposal.todo.append(f"the byline names {author!r}: add an actor for them and list it under `authors`")
        elif match := STAMP.match(line):
            dates.append((_iso(int(match["year"]), match["month"], match["day"]), f"the time stamp {line!r}"))
        elif (match := DATELINE.match(line)) and dateline is None:
            dateline = match
        elif (match := COPYRIGHT.match(line)) and not proposal.publisher:
            proposal.publisher = _by_name(actors, match["holder"], outlets)
    if not proposal.publisher and paragraphs:
        proposal.publisher = _by_name(actors, paragraphs[0], outlets)  # a masthead
    if dates:
        proposal.published, where = dates[0]
        proposal.findings.append(f"`published` is read from {where}")
    if dateline is not None:
        agency = dateline["agency"].strip()
        known = _by_name(actors, agency, outlets)
        if known:
            proposal.cites.append(known)
        said = f"the dateline {dateline.group(0)!r} credits {agency} (listed under `cites`"
        proposal.findings.append(said + (")" if known else "; add the agency as an actor)"))
        if not dates:
            proposal.todo.append("the dateline gives a day but no year: find the year, then set `published`")
    if not proposal.published:
        proposal.todo.append("no date found in the text: leave `published` out unless the text states it")
    if not proposal.publisher:
        proposal.todo.append("no known outlet found: set `publisher` only if the text names it")


def _headline_like(line: str) -> bool:
    return len(line) <= 150 and (not _END.search(line) or bool(_ABBREVIATION.search(line)))


def _header_end(paragraphs: list[str]) -> int:
    """The number of the first paragraph that reads like article body (long, not a caption)."""
    for number, line in enumerate(paragraphs, start=1):
        if len(line) >= 150 and not DATED_CAPTION.search(line) and not CAPTION.search(line):
            return number
    return len(paragraphs) + 1


def _passages(paragraphs: list[str], proposal: Proposal) -> list[Passage]:
    count = len(paragraphs)
    kinds: dict[int, tuple[str, str]] = {}  # paragraph number -> (kind, note)
    repeated = Counter(paragraphs)
    header_end = max(_header_end(paragraphs), 4)
    first = paragraphs[0] if count else ""
    short = first and _headline_like(first) and len(first.split()) <= 3 and repeated[first] == 1
    if short and (proposal.publisher or any(first in p for p in paragraphs[1:] if COPYRIGHT.match(p))):
        kinds[1] = ("masthead", "the outlet's name as the first line")
    for number, line in enumerate(paragraphs, start=1):
        if number in kinds:
            continue
        if BYLINE.match(line):
            kinds[number] = ("byline", "author and date")
        elif STAMP.match(line):
            kinds[number] = ("dateline", "the publishing site's time stamp")
        elif COPYRIGHT.match(line):
            kinds[number] = ("copyright", "copyright notice")
        elif repeated[line] > 1 and len(line) >= 20:
            if _headline_like(line):
                kinds[number] = ("headline", "the headline, printed more than once")
                proposal.title = proposal.title or line
            elif number != max(i for i, p in enumerate(paragraphs, start=1) if p == line):
                kinds[number] = ("teaser", "repeated further down: a teaser printed before the body")
        elif number < header_end and (CAPTION.search(line) or DATED_CAPTION.search(line)) and not DATELINE.match(line):
            kinds[number] = ("photo-caption", "looks like a caption or image credit")
    faq = _faq(paragraphs, kinds)
    for number in faq:
        kinds[number] = ("faq", "questions and answers written by the publisher")
    _lists(paragraphs, kinds)
    passages: list[Passage] = []
    for number in sorted(kinds):
        kind, note = kinds[number]
        last = passages[-1] if passages else None
        if last and kind in _BLOCKS and last.kind == kind and last.last == number - 1:
            last.last = number
        else:
            passages.append(Passage(kind, number, number, note))
    return passages


def _faq(paragraphs: list[str], kinds: dict[int, tuple[str, str]]) -> list[int]:
    """A closing block: a heading, then two or more questions each followed by an answer."""
    tail = len(paragraphs)
    while tail and kinds.get(tail, ("",))[0] == "copyright":
        tail -= 1
    questions = [n for n in range(1, tail + 1) if paragraphs[n - 1].endswith("?")]
    for first in questions:
        block = range(first, tail + 1)
        asked = [n for n in block if paragraphs[n - 1].endswith("?")]
        answered = all(n + 1 <= tail and not paragraphs[n].endswith("?") for n in asked)
        heading = first > 1 and _headline_like(paragraphs[first - 2]) and first - 1 not in kinds
        if len(asked) >= 2 and answered and heading:
            return list(range(first - 1, tail + 1))
    return []


def _lists(paragraphs: list[str], kinds: dict[int, tuple[str, str]]) -> None:
    """Runs of three or more short, unpunctuated lines: lists of other articles, rankings, navigation."""

    def separated(number: int) -> bool:  # an item between separator lines, whatever its punctuation
        before = number > 1 and SEPARATOR.match(paragraphs[number - 2])
        after = number == len(paragraphs) or SEPARATOR.match(paragraphs[number])
        return bool(before and after) and len(paragraphs[number - 1]) <= 200

    run: list[int] = []
    for number in [*range(1, len(paragraphs) + 1), 0]:
        line = paragraphs[number - 1] if number else ""
        if number and number not in kinds and (_headline_like(line) or SEPARATOR.match(line) or separated(number)):
            run.append(number)
            continue
        if len([n for n in run if not SEPARATOR.match(paragraphs[n - 1])]) >= 3:
            kind, note = "related-headlines", "a list of other articles' headlines"
            for n in run:
                text = paragraphs[n - 1]
                if len(text) > 3 and text.isupper():  # a section name such as "JN ACCESS RANKING"
                    kind, note = "site-furniture", "a site section, ranking or navigation"
                kinds[n] = (kind, note)
        run = []


def _language(text: str) -> str:
    words = Counter(w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ]+", text))
    english = sum(words[w] for w in _ENGLISH)
    spanish = sum(words[w] for w in _SPANISH)
    return "en" if english >= spanish else "es"


def slug(text: str, words: int = 5) -> str:
    """Lower-case words joined by hyphens, accents dropped: a readable id part."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    parts = re.findall(r"[a-z0-9]+", plain)
    stop = {"a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "if", "he", "his", "her", "by", "say"}
    chosen = [p for p in parts if p not in stop][:words]
    return "-".join(chosen)
