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
from builder.scaffold import credits

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
class NewActor:
    """An actor `new-source` adds for an outlet or author the text credits and the dossier lacks."""

    id: str
    name: str
    kind: str  # media-outlet or person
    why: str


@dataclass
class Proposal:
    """What the text states about itself, and what the contributor still has to decide."""

    title: str = ""
    title_given: bool = False  # by the contributor (`--name`), not read from the text
    published: str = ""  # EDTF
    publisher: str = ""  # actor id
    authors: list[str] = field(default_factory=list)  # actor ids
    cites: list[str] = field(default_factory=list)  # actor ids
    language: str = ""
    passages: list[Passage] = field(default_factory=list)
    mentions: Counter[str] = field(default_factory=Counter)  # actor id -> times named
    new_actors: list[NewActor] = field(default_factory=list)  # outlets and authors the dossier lacks
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
    header = paragraphs[: max(_header_end(paragraphs) + 1, 6)]
    credited: list[tuple[credits.Outlet, str]] = []  # outlets credited with the story, and by which line
    host = ""  # the outlet whose copy this is (masthead, copyright): an actor id or an outlet's name
    people: list[tuple[str, str]] = []  # authors named, and by which line
    for number, line in enumerate(paragraphs, start=1):
        if match := BYLINE.match(line):
            dates.append((_iso(int(match["year"]), match["month"], match["day"]), f"the byline {line!r}"))
            people.append((match["author"].strip(), "the byline"))
        elif match := STAMP.match(line):
            dates.append((_iso(int(match["year"]), match["month"], match["day"]), f"the time stamp {line!r}"))
        elif (match := DATELINE.match(line)) and dateline is None:
            dateline = match
        elif number <= len(header) and (by := credits.byline(line)):
            people += [(name, f"the byline {line!r}") for name in by[0]]
            if by[1] is not None:
                credited.append((by[1], f"the byline {line!r}"))
        elif number <= len(header) and (wire := credits.DATELINE.match(line)):
            outlet = credits.outlet_named(wire["agency"])
            if outlet is not None:
                credited.append((outlet, f"the dateline {wire.group(0).strip(' -–—.')!r}"))
        elif number <= len(header) and credits.is_date_line(line):
            found = credits.date_in(line)
            if found:
                dates.append((found[0], f"the date line {line!r}"))
                if line.lower().startswith("updated") and "published" not in line.lower():
                    proposal.todo.append("the text gives only when it was updated: `published` may be earlier")
                if number > 1 and _name_like(paragraphs[number - 2]):  # "Juan Diego Quesada" above the date
                    people.append((paragraphs[number - 2], "the line above the date"))
        elif number <= len(header) and _ROLE.search(line) and number > 1 and _name_like(paragraphs[number - 2]):
            people.append((paragraphs[number - 2], f"the line above {line!r}"))  # "Will Grant" / "… correspondent"
        elif outlet := credits.credit_outlet(line):
            credited.append((outlet, f"the credit line {line!r}"))
        elif (match := COPYRIGHT.match(line)) and not host:
            host = _by_name(actors, match["holder"], outlets) or match["holder"].strip(" .")
    if paragraphs and not host and len(paragraphs[0].split()) <= 3 and not _END.search(paragraphs[0]):
        host = _by_name(actors, paragraphs[0], outlets)  # a masthead
        if not host and (masthead := credits.outlet_named(paragraphs[0])):
            host = masthead.name
        elif not host and paragraphs[0].isupper() and len(paragraphs[0]) <= 20:
            host = paragraphs[0]  # "KTVZ": a station or site's name as the first line
    _authors(people, actors, proposal)
    _outlets(host, credited, actors, proposal)
    if dates:
        proposal.published, where = dates[0]
        proposal.findings.append(f"`published` is read from {where}")
    if dateline is not None:
        agency = dateline["agency"].strip()
        known = _by_name(actors, agency, outlets)
        if known and known not in proposal.cites and known != proposal.publisher:
            proposal.cites.append(known)
        said = f"the dateline {dateline.group(0)!r} credits {agency} (listed under `cites`"
        proposal.findings.append(said + (")" if known else "; add the agency as an actor)"))
        if not dates:
            proposal.todo.append("the dateline gives a day but no year: find the year, then set `published`")
    if not proposal.published:
        proposal.todo.append("no date found in the text: leave `published` out unless the text states it")
    if not proposal.publisher:
        proposal.todo.append("no outlet is named in the text: set `publisher` only if you know whose copy this is")


_ROLE = re.compile(r"\b(?:correspondent|reporter|editor|writer|corresponsal|periodista|redactora?)\b", re.I)


def _by_role(paragraphs: list[str], number: int) -> bool:
    """A name on its own line above a role or date line ("Will Grant" / "… correspondent"), or that role line."""
    line = paragraphs[number - 1]
    below = paragraphs[number] if number < len(paragraphs) else ""
    if _name_like(line) and (_ROLE.search(below) or credits.is_date_line(below)):
        return True
    return bool(_ROLE.search(line)) and len(line) <= 80 and number > 1 and _name_like(paragraphs[number - 2])


def _name_like(line: str) -> bool:
    """One person's name alone on a line ("Will Grant"), not a byline or an outlet."""
    by = credits.byline(f"By {line}") if len(line) <= 40 and not re.match(r"(?:by|por)\s", line, re.I) else None
    return by is not None and len(by[0]) == 1 and credits.outlet_named(line) is None


def _actor_for(actors: list[Actor], proposal: Proposal, name: str, kind: str, new_id: str, why: str) -> str:
    """The id of the actor of that name, or of a new one proposed (`proposal.new_actors`)."""
    outlet = credits.outlet_named(name) if kind == "media-outlet" else None
    for each in outlet.names if outlet else (name,):
        if known := _by_name(actors, each, (kind,)):
            return known
    new_id = new_id or slug(name, words=6)
    if any(a.id == new_id for a in actors):
        proposal.todo.append(f"{why} names {name!r}, but the id {new_id!r} is taken: add the actor by hand")
        return ""
    if not any(n.id == new_id for n in proposal.new_actors):
        proposal.new_actors.append(NewActor(new_id, name, kind, why))
    return new_id


def _authors(people: list[tuple[str, str]], actors: list[Actor], proposal: Proposal) -> None:
    for name, why in people:
        found = _actor_for(actors, proposal, name, "person", "", why)
        if found and found not in proposal.authors:
            proposal.authors.append(found)


def _outlets(host: str, credited: list[tuple[credits.Outlet, str]], actors: list[Actor], proposal: Proposal) -> None:
    """The publisher is whose copy the text is; an outlet credited with the story that is not the publisher
    is cited: a syndicated copy (a CNN story on a TV station's site) is recorded as such."""
    story = credited[0] if credited else None
    if host:
        known = host if any(a.id == host for a in actors) else ""
        outlet = credits.outlet_named(host)
        proposal.publisher = known or _actor_for(
            actors,
            proposal,
            outlet.name if outlet else host,
            "media-outlet",
            outlet.id if outlet else "",
            "the masthead",
        )
    if story is None:
        return
    author = _actor_for(actors, proposal, story[0].name, "media-outlet", story[0].id, story[1])
    if not proposal.publisher:
        proposal.publisher = author
        proposal.findings.append(
            f"`publisher` is {story[0].name}, credited by {story[1]}; if the text was taken from another site, "
            f"that site is the publisher and {story[0].name} goes under `cites`"
        )
    elif author and author != proposal.publisher:
        proposal.cites.append(author)
        proposal.findings.append(
            f"a {story[0].name} story ({story[1]}) carried by another outlet: `publisher` is the outlet whose copy "
            f"this is and whose address goes in `url`; {story[0].name}, which wrote it, is under `cites`; if "
            f"{story[0].name}'s own copy is in the dossier, add `relations: [{{type: republishes, source: <its id>}}]`"
        )


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
        elif number < header_end and (credits.byline(line) or _by_role(paragraphs, number)):
            kinds[number] = ("byline", "the author line")
        elif number < header_end and credits.is_date_line(line):
            kinds[number] = ("dateline", "the date line")
        elif credits.is_credit_line(line) and not line.startswith("("):
            kinds[number] = ("copyright", "the wire's credit or syndication notice")
        elif number < header_end and (CAPTION.search(line) or DATED_CAPTION.search(line)) and not DATELINE.match(line):
            kinds[number] = ("photo-caption", "looks like a caption or image credit")
    if not proposal.title:  # the first line of the head that reads as a headline, printed once
        for number in range(1, min(header_end, count + 1)):
            line = paragraphs[number - 1]
            if number not in kinds and _headline_like(line) and len(line.split()) >= 4 and not SEPARATOR.match(line):
                kinds[number] = ("headline", "the headline")
                proposal.title = line
                break
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

    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace("'", "")
    parts = re.findall(r"[a-z0-9]+", plain)
    stop = {"a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "if", "he", "his", "her", "by", "say"}
    chosen = [p for p in parts if p not in stop][:words]
    return "-".join(chosen)
