"""Write a synthetic, valid dossier of any size, to benchmark the builder at scale.

Usage: python bench/generate.py --sources N --out DIR [--seed S]

The dossier is shaped like a real one (see docs/reference.md): about N/2 actors, N events, 5N claims,
N/2 relationships and 10N evidence quotes, ~5% wire stories republished verbatim, non-body passages
(mastheads, bylines, related headlines, FAQs) and claims that contradict each other. It is generated in
one linear pass so that N = 10,000 takes seconds, and it is byte-for-byte deterministic for a seed so
that benchmark runs are comparable.

Every quote is unique in its article body *by construction*: each quoted sentence carries a number
("4,127") that is unique within its story, so no other body sentence can contain the quote. The only
deliberate exceptions are the repeated-phrase cases, which carry the `prefix`/`suffix` that selects one
occurrence, as the reference asks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

# --------------------------------------------------------------------------------------------------
# Word banks. Everything is fictional, so that no generated sentence is a claim about a real person.


def words(text: str, sep: str | None = None) -> list[str]:
    """Word banks are written as one string each, to keep them readable and short."""
    return text.split(sep)


FIRST = words(
    "Marta José Ana Tomás Lucía Iván Sofía Andrés Elena Rafael Camila Diego Inés Óscar Beatriz Julián Nadia "
    "Víctor Carmen Mateo Irene Joaquín Paula Hernán Renée Zoë Anders Mirela Kofi Amara Yusuf Leila Tariq Hana "
    "Piotr Oksana Dmitri Ingrid Henrik Aiko Kenji Mei Ravi Priya Samuel Grace Noah Clara Felix Greta"
)
LAST = words(
    "Quiroga Álvarez Ferrer Núñez Okafor Lindqvist Marín Castaño Ibáñez Duarte Mendoza Salcedo Herrera Rojas "
    "Peña Valdés Ortega Cordero Bianchi Novak Kowalski Haddad Mensah Tanaka Sato Petrov Ivanova Nielsen Brandt "
    "Keller Moreau Lefèvre Dubois Costa Sousa Almeida Barros Fonseca Guerra Prieto Quintero Solís Trujillo "
    "Urrutia Vela Zamora Acosta Bermúdez Cárdenas Esquivel"
)
ONSETS = words("Val Kes Mor Tar Lum Ost Bel Cor Dra Ess Fen Gal Hal Ir Jor Kal Lor Mar Nor Pel Quen Ros Sal Tor Ul")
MIDDLES = ["do", "ra", "vi", "ne", "lo", "ta", "mi", "ga", ""]
ENDINGS = words("ria land stan via mia nia ca sa ro dor")
TOWN_ENDS = words("ane ar ova eto inas by ford mont ero ia")
TOWN_PREFIXES = ["", "", "", "Port ", "San ", "New ", "Puerto "]
PORTFOLIOS = words("Interior Defence Finance Energy Justice Foreign Affairs Transport Health")
WORDS = words("Amber Granite Meridian Northern Coastal Silver Harbour Summit Cedar Falcon Beacon Atlas Trident")
PAPERS = words("Ledger Wire Daily Herald Courier Observer Gazette Dispatch Times Headlines")
TOPICS = words(
    "fuel shipments|the border talks|the port strike|the sanctions regime|the disputed election|drone strikes|"
    "the prisoner exchange|the mining concession|the refinery fire|naval deployments|the amnesty proposal|"
    "the arms embargo|the pipeline contract|the ceasefire",
    "|",
)
WEEKDAYS = words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")
MONTHS = words("January February March April May June July August September October November December")
DOCS = words("shipping manifests|intercepted messages|bank transfers|satellite images|witness statements", "|")
HEAD_SUBJ = words("Central Bank|Farmers|Rail Workers|Football Club|Museum|Airline|Court|Teachers|Startup", "|")
HEAD_VERB = words(
    "Raises Rates Again|Wins Appeal|Announces Walkout|Signs New Coach|Reopens After Repairs|Cuts Routes|"
    "Rules on Water Rights|Demands Pay Rise|Unveils Satellite Plan|Tours Abroad",
    "|",
)

# (share of the actors, kind); the first few also have a minimum so that tiny dossiers still work.
ACTOR_MIX = [
    (0.40, "person"),
    (0.12, "unnamed-source"),
    (0.05, "media-outlet"),
    (0.04, "country"),
    (0.03, "government"),
    (0.07, "government-body"),
    (0.05, "agency"),
    (0.03, "armed-force"),
    (0.03, "military-unit"),
    (0.04, "political-group"),
    (0.05, "organisation"),
    (0.02, "criminal-organisation"),
    (0.02, "international-body"),
    (0.03, "publication"),
    (0.02, "operation"),
]
MINIMUM = {"person": 3, "unnamed-source": 1, "media-outlet": 2, "country": 2, "government": 1}
ORG_NAMES = {
    "government": ["Government of {c}", "Provisional Government of {c}", "{c} Transitional Council"],
    "government-body": ["{c} Ministry of {p}", "{c} Supreme Court", "Office of the {c} Attorney General"],
    "agency": ["{a} Intelligence Directorate", "{c} National Police", "{a} Customs Service"],
    "armed-force": ["{a} Navy", "{a} Army", "{a} Air Force", "{a} Coast Guard"],
    "military-unit": ["{o} {w} Brigade", "{o} Marine Battalion of {c}"],
    "political-group": ["{a} Democratic Party", "United Front for {c}", "{w} Movement of {c}"],
    "organisation": ["{c} Chamber of Commerce", "{t} Port Authority", "{w} Foundation for {c}"],
    "criminal-organisation": ["{w} Cartel", "{t} Syndicate"],
    "international-body": ["{w} Council of States", "{w} Court of Human Rights", "{w} Monitoring Mission"],
    "publication": ["{w} Report on {c}", "{c} Audit of {y}", "{w} Papers"],
    "operation": ["Operation {w} {v}"],
}
OFFICIAL_TITLES = {
    "government": ["President", "Prime Minister", "Foreign Minister", "spokesperson"],
    "government-body": ["minister", "deputy minister", "chief justice"],
    "agency": ["director", "deputy director"],
    "armed-force": ["commander", "chief of staff"],
    "political-group": ["leader", "secretary-general"],
    "organisation": ["chief executive", "chair"],
    "criminal-organisation": ["alleged leader"],
    "country": ["ambassador", "envoy"],
}
UNNAMED = [
    "two sources familiar with the talks",
    "a senior official in {c}",
    "people briefed on the matter",
    "three diplomats in {t}",
    "an official who asked not to be named",
    "intelligence officials in {c}",
    "a person close to the negotiations",
    "two security sources in {t}",
]
EVENTS = [  # title, participant roles, first evidence sentence, second evidence sentence
    (
        "{A} and {B} hold talks in {t}",
        ("host", "visitor"),
        "{r}, [[{a} and {b} met in {t} for talks that lasted {n} minutes]], according to people present.",
        "[[The delegations in {t} exchanged {n} pages of proposals]], one participant said.",
    ),
    (
        "{A} strikes a fuel depot near {t}",
        ("attacker", "target"),
        "{r}, [[{a} struck a fuel depot near {t} used by {b}, destroying {n} litres of diesel]].",
        "[[Residents counted {n} craters around the depot near {t}]] after the strike.",
    ),
    (
        "{A} detains members of {B} in {t}",
        ("detaining party", "detained"),
        "{r}, [[{a} detained {n} people linked to {b} in raids across {t}]].",
        "[[Lawyers said {n} of those held in {t} had not been charged]].",
    ),
    (
        "{A} announces sanctions on {B}",
        ("sanctioning party", "target"),
        "{r}, [[{a} announced sanctions on {b} covering {n} companies and individuals]].",
        "[[The sanctions list published in {t} runs to {n} entries]], officials said.",
    ),
    (
        "{A} and {B} sign an agreement in {t}",
        ("signatory", "signatory"),
        "{r}, [[{a} and {b} signed an agreement in {t} worth {n} million dollars]].",
        "[[The agreement signed in {t} has {n} clauses]], according to a copy seen by reporters.",
    ),
    (
        "{A} holds naval exercises off {t}",
        ("organiser", "observer"),
        "{r}, [[{a} began naval exercises off {t} involving {n} sailors]], while {b} sent observers.",
        "[[Ships taking part in the drills off {t} fired {n} rounds]], observers said.",
    ),
    (
        "Protest against {B} in {t}",
        ("organiser", "target"),
        "{r}, [[{a} led a march of about {n} people against {b} through {t}]].",
        "[[Police in {t} said they had made {n} arrests]] during the protest.",
    ),
    (
        "{A} expels diplomats of {B}",
        ("expelling party", "expelled"),
        "{r}, [[{a} ordered {n} staff of {b} to leave {t}]].",
        "[[The expelled staff were given {n} minutes to leave {t}]], a spokesperson said.",
    ),
]
# Claim cores: {x} and {y} are actors, {t} a town, {n} the unique number. Two carry a curly quote or a
# dash inside the quoted span, so that the builder's quote normalisation is exercised too.
CORES = [
    "{x} moved {n} tonnes of fuel through {t}",
    "{x} paid {n} dollars a month to officials in {t}",
    "{x} kept {n} advisers inside {y}",
    "{x} deployed {n} troops near {t}",
    "{x} detained {n} people in {t}",
    "{x} received {n} messages from {y} before the talks",
    "{x} is holding {n} prisoners near {t}",
    "{x} spent {n} hours negotiating with {y}",
    "{x} shipped {n} containers of equipment to {t}",
    "{x} recorded {n} ceasefire violations near {t}",
    "{x} owes {y} {n} million dollars",
    "{x} moved {n} families out of {t}",
    "{x} described the {n} arrests in {t} as “lawful”",
    "{x} flew {n} passengers – most of them officials – out of {t}",
]
NAMED_WRAPS = ["[[{core}]], {c} said on {d}.", "{c} said that [[{core}]].", "According to {c}, [[{core}]]."]
VIA_WRAPS = ["[[{core}]], {v} reported, citing {c}.", "{v} reported that, according to {c}, [[{core}]]."]
VIA2_WRAP = "Citing a report by {v2}, {v} said that [[{core}]], according to {c}."
OWN_WRAPS = ["[[{core}]], according to records reviewed by {p}.", "Documents obtained by {p} show that [[{core}]]."]
DISPUTE_WRAP = "{p} found no record that [[{core}]], as {c} has said."
DETAIL_WRAP = "[[{c} pointed to {n} {docs}]] to support the account."
UPDATE_WRAP = "[[{core}]], {c} said, revising an earlier figure."
REPEAT_WRAP = "{o} later repeated that {core}, without giving a source."
REL_PHRASES = {
    "protects": "has provided protection to",
    "advises": "has been advising",
    "commands": "has commanded",
    "controls": "has controlled",
    "supports": "has financed",
    "allied-with": "has formed an alliance with",
    "opposes": "has campaigned against",
    "negotiates-with": "has held talks with",
    "communicates-with": "has been in contact with",
    "accuses": "has accused",
    "threatens": "has threatened",
    "attacks": "has attacked",
    "sanctions": "has imposed sanctions on",
    "member-of": "has been a member of",
    "leads": "has led",
    "part-of": "has been part of",
    "serves": "has served",
    "spies-on": "has spied on",
    "relies-on": "has relied on",
    "fears": "is said to fear",
}
REL_WRAPS = [
    "[[{s} {ph} {o} for at least {n} days]], according to documents seen by {p}.",
    "[[In {n} pages of testimony, witnesses said that {s} {ph} {o}]].",
]
ROLE_WRAP = "[[{name}, {title} of {org}]], spoke to reporters in {t}."
FILLER = [
    "{a} did not respond to a request for comment.",
    "The dispute over {topic} has simmered since {year}, and neither side has signalled a willingness to compromise.",
    "Analysts in {t} said the situation remained fluid and difficult to verify independently.",
    "The claims could not be independently verified.",
    "{a} has repeatedly denied wrongdoing.",
    "Relations between {c1} and {c2} have been strained for years.",
    "Diplomats in {t} said privately that the next few weeks would be decisive.",
    "The government in {t} has faced mounting pressure over {topic}.",
    "It was not immediately clear what prompted the decision.",
    "{a} is expected to address the matter at a news conference later this week.",
    "Officials declined to say when further talks would take place.",
    "Previous rounds of negotiations over {topic} collapsed without agreement.",
    "Local media in {t} carried extensive coverage of the events.",
    "Critics say the measures do little to address the underlying problems behind {topic}.",
    "Markets in {t} were little changed after the announcement.",
]
NORMALISE = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})

# --------------------------------------------------------------------------------------------------
# Model


@dataclass(slots=True)
class Actor:
    id: str
    name: str
    kind: str
    aliases: list[str] = field(default_factory=list)
    description: str = ""
    country: Actor | None = None
    roles: list[dict] = field(default_factory=list)
    staff: list[Actor] = field(default_factory=list)  # journalists of an outlet
    role_sentence: tuple[str, str] | None = None  # (title, organisation name) not yet evidenced

    def mention(self, rng: random.Random) -> str:
        """A name as a text would print it: the full name or one of the aliases.

        Unnamed sources are only ever printed as the phrase the text uses ("two sources familiar...").
        """
        if self.kind == "unnamed-source":
            return self.aliases[0]
        return self.name if not self.aliases or rng.random() < 0.6 else rng.choice(self.aliases)


@dataclass(slots=True)
class Story:
    topic: str
    towns: list[str]
    cast: list[Actor]
    sources: list[Source] = field(default_factory=list)
    claims: list[tuple[dict, int, Actor, Actor]] = field(default_factory=list)  # claim, core, x, claimant
    events: list[tuple[int, dict]] = field(default_factory=list)  # (source index, event)
    numbers: set[int] = field(default_factory=set)
    cursor: int = 0


@dataclass(slots=True)
class Source:
    index: int
    date: dt.date
    publisher: Actor
    story: Story | None
    copy_of: Source | None = None
    month_only: bool = False
    id: str = ""
    title: str = ""
    authors: list[Actor] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    cites: dict[str, None] = field(default_factory=dict)  # an ordered set
    lines: list[tuple[str, str]] = field(default_factory=list)  # (text, non-body kind or "")
    born: list[dict] = field(default_factory=list)  # claims first evidenced here


class Ids:
    """Allocates ids that are unique across all kinds, as the reference requires."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def make(self, text: str) -> str:
        base = slug(text)[:60].rstrip("-") or "x"
        candidate, n = base, 1
        while candidate in self.used:
            n += 1
            candidate = f"{base}-{n}"
        self.used.add(candidate)
        return candidate


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def plain(text: str) -> str:
    """The accent-free spelling, which sources often use and aliases must list."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def adjective(country: str) -> str:
    if country.endswith("a"):
        return country + "n"
    return country + ("an" if country[-1] in "eiou" else "ian")


# --------------------------------------------------------------------------------------------------
# Generation


class Generator:
    """Builds the whole dossier in memory in one pass over the sources, then writes it."""

    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.ids = Ids()
        self.actors: list[Actor] = []
        self.events: list[dict] = []
        self.claims: list[dict] = []
        self.relationships: list[dict] = []
        self.sources: list[Source] = []
        self.towns: dict[str, list[str]] = {}
        self.names: set[str] = set()

    # ---- actors

    def make_actors(self) -> None:
        """About N/2 actors in ACTOR_MIX proportions; officials and reporters get roles in other actors."""
        rng, total = self.rng, max(self.n // 2, 10)
        counts = {kind: max(MINIMUM.get(kind, 0), int(share * total)) for share, kind in ACTOR_MIX}
        counts["person"] += total - sum(counts.values())
        countries = [self.add(self.unique(self.country_name), "country") for _ in range(counts["country"])]
        for c in countries:
            self.give_aliases(c, [f"Republic of {c.name}"] if rng.random() < 0.3 else [])
            c.description = f"A country; its capital is {self.towns[c.name][0]}."
        for _ in range(counts["media-outlet"]):
            name = self.unique(lambda: rng.choice(["The ", ""]) + f"{rng.choice(WORDS)} {rng.choice(PAPERS)}")
            outlet = self.add(name, "media-outlet", "A news outlet.")
            if name.startswith("The "):
                self.give_aliases(outlet, [name[4:]])
        outlets = self.of_kind("media-outlet")
        for kind in ORG_NAMES:
            for _ in range(counts[kind]):
                c = rng.choice(countries)
                name = self.unique(partial(self.org_name, kind, c))
                org = self.add(name, kind, f"A {kind.replace('-', ' ')} of {c.name}.", country=c)
                initials = "".join(w[0] for w in name.split() if w[0].isupper())
                if len(initials) >= 3 and rng.random() < 0.5:
                    self.give_aliases(org, [initials])
        employers = [a for a in self.actors if a.kind in OFFICIAL_TITLES]
        for i in range(counts["person"]):
            name = self.unique(self.person_name)
            person = self.add(name, "person")
            last = name.split()[-1]
            self.give_aliases(person, [plain(name), last, plain(last)])
            if i % 6 == 0:  # a journalist
                outlet = outlets[(i // 6) % len(outlets)]
                outlet.staff.append(person)
                person.description = f"A reporter for {outlet.name}."
                person.roles = [{"title": "reporter", "of": outlet.id}]
                continue
            org = rng.choice(employers)
            title = rng.choice(OFFICIAL_TITLES[org.kind])
            person.description = f"{cap(title)} of {org.name}."
            person.country = org.country or org
            role: dict = {"title": title, "of": org.id}
            if rng.random() < 0.5:
                role["date"] = Date(f"{rng.randrange(2012, 2024)}/..")
            person.roles = [role]
            person.role_sentence = (title, org.name)
        for _ in range(counts["unnamed-source"]):
            for _ in range(20):  # "two sources familiar with the talks (Outlet)", a new one if possible
                c, outlet = rng.choice(countries), rng.choice(outlets)
                phrase = rng.choice(UNNAMED).format(c=c.name, t=rng.choice(self.towns[c.name]))
                if f"{cap(phrase)} ({outlet.name})" not in self.names:
                    break
            name = self.unique(partial(str, f"{cap(phrase)} ({outlet.name})"))
            group = self.add(name, "unnamed-source", f"Unnamed sources cited by {outlet.name}.", country=c)
            group.aliases = [phrase]  # not a name: unnamed sources are described, and never looked for

    def give_aliases(self, actor: Actor, aliases: list[str]) -> None:
        """Only aliases no other actor uses: the builder credits a shared name to one actor and warns."""
        actor.aliases = [a for a in dict.fromkeys(aliases) if a != actor.name and a not in self.names]
        self.names.update(actor.aliases)

    def unique(self, make: Callable[[], str]) -> str:
        """A name no other actor has as name or alias: the builder tells actors apart by their names."""
        for _ in range(50):
            name = make()
            if name not in self.names:
                break
        else:
            name = f"{name} {len(self.names)}"
        self.names.add(name)
        return name

    def country_name(self) -> str:
        rng = self.rng
        name = rng.choice(ONSETS) + rng.choice(MIDDLES) + rng.choice(ENDINGS)
        if name not in self.towns:
            self.towns[name] = [
                rng.choice(TOWN_PREFIXES) + rng.choice(ONSETS) + rng.choice(MIDDLES) + rng.choice(TOWN_ENDS)
                for _ in range(3)
            ]
        return name

    def org_name(self, kind: str, c: Actor) -> str:
        rng = self.rng
        return rng.choice(ORG_NAMES[kind]).format(
            c=c.name,
            a=adjective(c.name),
            p=rng.choice(PORTFOLIOS),
            w=rng.choice(WORDS),
            v=rng.choice(WORDS),
            t=rng.choice(self.towns[c.name]),
            y=rng.randrange(2015, 2026),
            o=ordinal(rng.randrange(2, 40)),
        )

    def person_name(self) -> str:
        rng = self.rng
        middle = f"{rng.choice('ABCDEFGHJKLMNPRSTV')}. " if rng.random() < 0.3 else ""
        return f"{rng.choice(FIRST)} {middle}{rng.choice(LAST)}"

    def add(self, name: str, kind: str, description: str = "", country: Actor | None = None) -> Actor:
        actor = Actor(self.ids.make(name), name, kind, description=description, country=country)
        self.actors.append(actor)
        return actor

    def of_kind(self, kind: str) -> list[Actor]:
        return [a for a in self.actors if a.kind == kind]

    # ---- sources and stories

    def plan_sources(self) -> None:
        """Dates, publishers, stories and wire copies, before any text exists."""
        rng, outlets = self.rng, self.of_kind("media-outlet")
        castable = [a for a in self.actors if a.kind != "media-outlet" and not a.description.startswith("A reporter")]
        rng.shuffle(castable)
        cast_at, story, left = 0, None, 0
        for i in range(self.n):
            publisher = outlets[i % len(outlets)]
            originals = [s for s in self.sources[-40:] if s.copy_of is None]
            # about 5% are wire copies, and never none: the last source is one if chance made none before it
            last_chance = i == self.n - 1 and all(s.copy_of is None for s in self.sources)
            if i and originals and (rng.random() < 0.05 or last_chance):
                original = rng.choice(originals)
                if publisher is original.publisher:
                    publisher = outlets[(i + 1) % len(outlets)]
                date = original.date + dt.timedelta(days=rng.randrange(2))
                self.sources.append(Source(i, date, publisher, None, copy_of=original))
                continue
            if left == 0:
                size = min(9, len(castable))
                cast = [castable[(cast_at + k) % len(castable)] for k in range(size)]
                cast_at += size
                home = next((a.country or a for a in cast if a.country or a.kind == "country"), self.countries[0])
                story = Story(rng.choice(TOPICS), self.towns[home.name], cast)
                start = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(900))
                left = rng.randrange(2, 7)
            assert story is not None
            date = (story.sources[-1].date if story.sources else start) + dt.timedelta(days=rng.randrange(4))
            source = Source(i, date, publisher, story, month_only=rng.random() < 0.08)
            story.sources.append(source)
            self.sources.append(source)
            left -= 1

    def number(self, story: Story) -> str:
        """A four-digit figure unused in the story: what makes each quoted sentence unique."""
        while True:
            n = self.rng.randrange(1000, 10000)
            if n not in story.numbers:
                story.numbers.add(n)
                return f"{n:,}"

    def pick(self, story: Story, exclude: Actor | None = None, kinds: tuple[str, ...] = ()) -> Actor:
        """The next cast member in turn, so that every actor of the cast ends up in some annotation."""
        for _ in range(len(story.cast)):
            actor = story.cast[story.cursor % len(story.cast)]
            story.cursor += 1
            if actor is not exclude and (not kinds or actor.kind in kinds) and actor.kind != "unnamed-source":
                return actor
        return next(a for a in self.actors if a is not exclude and a.kind in ("country", "government"))

    def place(self, source: Source, wrapped: str, exact: bool = False, **slots: str) -> dict:
        """Put a sentence with a [[quoted span]] into a source and return its evidence.

        Now and then the text gets a double space or the quote straight quotes and hyphens, which
        the reference says must still match; `exact` turns that off where the caller needs the text.
        """
        text = cap(wrapped.format(**slots))
        before, rest = text.split("[[", 1)
        quote, after = rest.split("]]", 1)
        rng = self.rng
        if exact:
            source.sentences.append(text.replace("[[", "").replace("]]", ""))
            return {"source": source, "quote": quote}
        if rng.random() < 0.01 and " " in quote:  # a stray double space the quote need not copy
            at = quote.index(" ")
            text = before + quote[:at] + "  " + quote[at + 1 :] + after
        else:
            text = before + quote + after
        if rng.random() < 0.5:
            quote = quote.translate(NORMALISE)
        source.sentences.append(text)
        return {"source": source, "quote": quote}

    def later(self, source: Source) -> Source | None:
        """Another original of the same story, published later, to carry a second piece of evidence."""
        assert source.story is not None
        later = [s for s in source.story.sources if s.index > source.index]
        return self.rng.choice(later) if later and self.rng.random() < 0.6 else None

    def fill(self, source: Source, n_events: int, n_claims: int, n_rels: int) -> None:
        rng, story = self.rng, source.story
        assert story is not None
        for _ in range(n_events):
            self.make_event(source, story)
        for _ in range(n_claims):
            self.make_claim(source, story)
        for _ in range(n_rels):
            self.make_relationship(source, story)
        for actor in story.cast:  # role sentences for officials who first appear here
            if actor.role_sentence and rng.random() < 0.3:
                title, org = actor.role_sentence
                ev = self.place(source, ROLE_WRAP, name=actor.name, title=title, org=org, t=rng.choice(story.towns))
                actor.roles[0]["evidence"] = [ev]
                actor.role_sentence = None

    def relative_date(self, source: Source) -> tuple[str, Date | None, str]:
        """A phrase such as 'on Monday', the EDTF date it resolves to, and the date_note saying how."""
        rng, d = self.rng, source.date
        roll = rng.random()
        note = f"in a report published {d.isoformat()}"
        if roll < 0.55:
            back = rng.randrange(0, 7)
            day = d - dt.timedelta(days=back)
            phrase = {0: "on " + WEEKDAYS[day.weekday()], 1: "yesterday"}.get(back, "on " + WEEKDAYS[day.weekday()])
            return phrase, Date(day.isoformat()), f'"{phrase}" {note}'
        if roll < 0.7:
            return "earlier this month", Date(f"{d.year}-{d.month:02d}"), f'"earlier this month" {note}'
        if roll < 0.78:
            return "about three years ago", Date(f"{d.year - 3}~"), f'"about three years ago" {note}'
        if roll < 0.86:
            m1 = d.month - 2 if d.month > 2 else 1
            phrase = f"between {MONTHS[m1 - 1]} and {MONTHS[d.month - 1]}"
            return phrase, Date(f"{d.year}-{m1:02d}/{d.year}-{d.month:02d}"), f'"{phrase}" {note}'
        if roll < 0.92:
            return (
                f"in what appears to have been {MONTHS[d.month - 1]}",
                Date(f"{d.year}-{d.month:02d}?"),
                "the month is uncertain",
            )
        return "at an unspecified date", None, ""

    def make_event(self, source: Source, story: Story) -> None:
        rng = self.rng
        title_t, roles, first, second = rng.choice(EVENTS)
        a = self.pick(story)
        b = self.pick(story, exclude=a)
        t = rng.choice(story.towns)
        phrase, date, note = self.relative_date(source)
        evidence = [self.place(source, first, r=phrase, a=a.mention(rng), b=b.mention(rng), t=t, n=self.number(story))]
        evidence.append(self.place(self.later(source) or source, second, t=t, n=self.number(story)))
        event = {
            "id": "",
            "title": title_t.format(A=a.name, B=b.name, t=t),
            "date": date,
            "date_note": note or None,
            "place": f"{t}, {a.country.name}" if a.country else t,
            "participants": [{"actor": a.id, "role": roles[0]}, {"actor": b.id, "role": roles[1]}],
            "evidence": evidence,
        }
        event["id"] = self.ids.make(event["title"])
        if not source.title:
            source.title = event["title"]
        story.events.append((source.index, event))
        self.events.append(event)

    def claimant(self, story: Story) -> Actor:
        unnamed = [a for a in story.cast if a.kind == "unnamed-source"]
        if unnamed and self.rng.random() < 0.5:
            return self.rng.choice(unnamed)
        return self.pick(
            story,
            kinds=(
                "person",
                "government",
                "government-body",
                "agency",
                "political-group",
                "organisation",
                "international-body",
                "publication",
                "armed-force",
            ),
        )

    def make_claim(self, source: Source, story: Story) -> None:
        rng, pub = self.rng, source.publisher
        earlier, link = story.claims[-12:], rng.random()
        contradicts: list[str] = []
        updates: list[str] = []
        if earlier and link < 0.12:  # another figure for the same thing, from someone else
            prior, core_i, x, _ = rng.choice(earlier)
            c = self.claimant(story)
            contradicts = [prior["id"]]
        elif earlier and link < 0.16:  # the same claimant revises its own figure
            prior, core_i, x, c = rng.choice(earlier)
            updates = [prior["id"]]
        else:
            core_i, x, c = rng.randrange(len(CORES)), self.pick(story), self.claimant(story)
        y, t, n = self.pick(story, exclude=x), rng.choice(story.towns), self.number(story)
        core_t = CORES[core_i]
        core = core_t.format(x=x.mention(rng), y=y.mention(rng), t=t, n=n)
        statement = cap(core_t.format(x=x.name, y=y.name, t=t, n=n)) + "."
        about = [x.id] + ([y.id] if "{y}" in core_t else [])
        if story.events and rng.random() < 0.3:
            about.append(story.events[-1][1]["id"])
        roll = rng.random()
        if not updates and c.kind != "unnamed-source" and roll < 0.1:
            c = pub  # the outlet's own finding, in its own voice
        cm = c.mention(rng)
        if updates:
            ev = self.place(source, UPDATE_WRAP, core=core, c=cm)
        elif c is pub:
            ev = self.place(source, rng.choice(OWN_WRAPS), core=core, p=cm) | {"stance": "supports"}
        elif c.kind == "unnamed-source" and roll < 0.5:
            v = self.via(pub)
            if rng.random() < 0.2:
                v2 = self.via(pub, v)
                ev = self.place(source, VIA2_WRAP, core=core, c=cm, v=v.mention(rng), v2=v2.mention(rng))
                ev["via"] = [v.id, v2.id]
            else:
                ev = self.place(source, rng.choice(VIA_WRAPS), core=core, c=cm, v=v.mention(rng))
                ev["via"] = [v.id]
            ev["stance"] = "reports"
            source.cites.update(dict.fromkeys(ev["via"]))
        elif rng.random() < 0.04:  # the same words again later in the body: a prefix or suffix chooses
            ev = self.place(
                source, rng.choice(NAMED_WRAPS), exact=True, core=core, c=cm, d=WEEKDAYS[source.date.weekday()]
            )
            text = source.sentences[-1]
            at = text.index(core)
            source.sentences.append(REPEAT_WRAP.format(o=self.pick(story).name, core=core))
            if at > 0:
                ev["prefix"] = text[max(0, at - 24) : at]
            else:
                ev["suffix"] = text[len(core) : len(core) + 12]
        else:
            ev = self.place(source, rng.choice(NAMED_WRAPS), core=core, c=cm, d=WEEKDAYS[source.date.weekday()])
            if rng.random() < 0.5:
                ev["stance"] = "reports"
        if c is not pub:
            source.cites[c.id] = None
        evidence = [ev]
        second = rng.random()
        if second < 0.3:
            evidence.append(self.place(source, DETAIL_WRAP, c=cm, n=self.number(story), docs=rng.choice(DOCS)))
        elif second < 0.4 and (other := self.later(source)):
            if rng.random() < 0.3 and c is not other.publisher:
                dispute = self.place(other, DISPUTE_WRAP, core=core, p=other.publisher.mention(rng), c=cm)
                evidence.append(dispute | {"stance": "disputes"})
            else:
                evidence.append(
                    self.place(other, rng.choice(NAMED_WRAPS), core=core, c=cm, d=WEEKDAYS[other.date.weekday()])
                )
            if c is not other.publisher:
                other.cites[c.id] = None
        claim = {
            "id": self.ids.make(" ".join(statement.split()[:8])),
            "statement": statement,
            "claimant": c.id,
            "made": Date(source.date.isoformat()) if rng.random() < 0.4 else None,
            "about": about,
            "evidence": evidence,
            "contradicts": contradicts,
            "updates": updates,
        }
        story.claims.append((claim, core_i, x, c))
        source.born.append(claim)
        self.claims.append(claim)

    def via(self, publisher: Actor, exclude: Actor | None = None) -> Actor:
        """An outlet (or now and then a cited report) that passed a claim on to the source."""
        options = [a for a in self.pool_via if a is not publisher and a is not exclude]
        return self.rng.choice(options) if options else publisher

    def make_relationship(self, source: Source, story: Story) -> None:
        rng = self.rng
        s = self.pick(story)
        o = self.pick(story, exclude=s)
        rel_type = rng.choice(list(REL_PHRASES))
        ph, p = REL_PHRASES[rel_type], source.publisher.mention(rng)
        evidence = [
            self.place(source, REL_WRAPS[0], s=s.mention(rng), ph=ph, o=o.mention(rng), n=self.number(story), p=p)
        ]
        other = self.later(source) or source
        evidence.append(
            self.place(other, REL_WRAPS[1], s=s.mention(rng), ph=ph, o=o.mention(rng), n=self.number(story))
        )
        rel: dict = {
            "id": self.ids.make(f"{s.name} {rel_type} {o.name}"),
            "subject": s.id,
            "type": rel_type,
            "object": o.id,
        }
        roll = rng.random()
        if roll < 0.4:
            rel["date"] = Date(f"{rng.randrange(2010, source.date.year)}/{source.date.isoformat()}")
        elif roll < 0.55:
            rel["date"] = Date(f"../{source.date.year}-{source.date.month:02d}")
        rel["evidence"] = evidence
        if source.born and rng.random() < 0.4:
            rel["claims"] = [rng.choice(source.born)["id"]]
        self.relationships.append(rel)

    # ---- texts

    def render(self, source: Source) -> None:
        """Lay out the article: furniture around a body of shuffled sentences, 3-5 KB in all."""
        rng, pub = self.rng, source.publisher
        if source.copy_of is not None:
            self.render_copy(source)
            return
        story = source.story
        assert story is not None
        cast = [a for a in story.cast if a.kind != "unnamed-source"] or story.cast
        target = rng.randrange(2600, 4200) - sum(len(s) for s in source.sentences)
        sentences = list(source.sentences)
        order = rng.sample(range(len(FILLER)), len(FILLER))  # no filler twice until all have been used
        while target > 0:
            a, b = rng.sample(cast, 2) if len(cast) > 1 else (cast[0], cast[0])
            filler = FILLER[order[len(sentences) % len(order)]].format(
                a=a.mention(rng),
                topic=story.topic,
                year=source.date.year - rng.randrange(2, 12),
                t=rng.choice(story.towns),
                c1=(a.country or a).name,
                c2=(b.country or b).name,
            )
            sentences.append(cap(filler))
            target -= len(filler) + 1
        rng.shuffle(sentences)
        body: list[str] = []
        while sentences:
            k = rng.randrange(1, 4)
            body.append(" ".join(sentences[:k]))
            del sentences[:k]
        town = rng.choice(story.towns)
        body[0] = f"{town.upper()}, {MONTHS[source.date.month - 1][:3]} {source.date.day} ({pub.name}) – {body[0]}"
        lines: list[tuple[str, str]] = []
        if rng.random() < 0.7:
            lines.append((pub.name, "masthead"))
        if rng.random() < 0.8:
            lines.append((source.title, "headline"))
        d = source.date
        month = f"{MONTHS[d.month - 1]} {d.year}"
        when = month if source.month_only else f"{WEEKDAYS[d.weekday()]}, {MONTHS[d.month - 1]} {d.day}, {d.year}"
        if pub.staff:
            source.authors = [pub.staff[source.index % len(pub.staff)]]
            lines.append((f"{when} by {source.authors[0].name}", "byline"))
        else:
            lines.append((when, "dateline"))
        if rng.random() < 0.3:
            lines.append(
                (f"{cast[0].name} in {town}. Photo: {rng.choice(FIRST)} {rng.choice(LAST)}/{pub.name}", "photo-caption")
            )
        if rng.random() < 0.1:
            lines.append((source.sentences[0] if source.sentences else body[-1], "teaser"))
        lines += [(p, "") for p in body]
        if rng.random() < 0.15:
            lines.append((f"Questions about {story.topic}", "faq"))
            lines.append((f"What do we know about {story.topic}?", "faq"))
            lines.append((rng.choice(source.sentences) if source.sentences else body[0], "faq"))
            lines.append((f"Will {pub.name} keep following {story.topic}?", "faq"))
            lines.append((f"{pub.name} will update this page as more information becomes available.", "faq"))
        self.furniture(source, lines)

    def furniture(self, source: Source, lines: list[tuple[str, str]]) -> None:
        rng, pub = self.rng, source.publisher
        if rng.random() < 0.3:
            lines.append((f"Most read on {pub.name}", "related-headlines"))
            seen: set[str] = set()
            for _ in range(rng.randrange(4, 9)):
                head = f"{rng.choice(self.countries).name} {rng.choice(HEAD_SUBJ)} {rng.choice(HEAD_VERB)}"
                if head not in seen:
                    seen.add(head)
                    lines += [("-", "related-headlines"), (head, "related-headlines")]
        if rng.random() < 0.6:
            lines.append((f"© {pub.name} {source.date.year}", "copyright"))
        source.lines = lines

    def render_copy(self, source: Source) -> None:
        """A wire story run again: the same headline, byline and body under another masthead."""
        original = source.copy_of
        assert original is not None
        source.title, source.authors = original.title, original.authors
        kept = [
            line
            for line in original.lines
            if line[1] in ("", "headline", "byline", "dateline", "photo-caption", "teaser")
        ]
        lines = ([(source.publisher.name, "masthead")] if self.rng.random() < 0.7 else []) + kept
        self.furniture(source, lines)
        source.cites = {original.publisher.id: None} | original.cites

    def non_body(self, source: Source) -> list[dict]:
        """Describe each run of furniture the way an annotator would: by start/end text or paragraphs."""
        out: list[dict] = []
        lines, i = source.lines, 0
        while i < len(lines):
            kind, j = lines[i][1], i
            while kind and j + 1 < len(lines) and lines[j + 1][1] == kind:
                j += 1
            first, last = lines[i][0], lines[j][0]
            entry: dict = {"kind": kind}
            if not kind:
                pass
            elif kind in ("masthead", "teaser", "dateline") or (kind == "headline" and self.rng.random() < 0.5):
                entry["paragraphs"] = f"{i + 1}" if i == j else f"{i + 1}-{j + 1}"
            elif kind == "photo-caption":
                entry["start"] = "Photo:"
            elif kind == "copyright":
                entry["start"] = first.rsplit(" ", 1)[0]
            elif kind == "faq":
                entry.update(start=first, end="will update this page")
            elif kind == "related-headlines":
                entry.update(start=first, end=last)
            else:  # headline, byline
                entry["start"] = first
            if kind:
                out.append(entry)
            i = j + 1
        return out

    # ---- the whole dossier

    def run(self) -> None:
        self.make_actors()
        self.countries = self.of_kind("country")
        self.pool_via = self.of_kind("media-outlet") + self.of_kind("publication")
        self.plan_sources()
        originals = [s for s in self.sources if s.copy_of is None]
        quotas = [spread(total, len(originals)) for total in (self.n, 5 * self.n, self.n // 2)]
        for k, source in enumerate(originals):
            self.fill(source, quotas[0][k], quotas[1][k], quotas[2][k])
        self.name_sources()
        for source in self.sources:
            self.render(source)
        self.copy_evidence()
        self.overtaken()

    def name_sources(self) -> None:
        """Titles and readable ids (outlet-date-headline), once the first event of each source is known."""
        for s in self.sources:
            if s.copy_of is not None:
                s.title = s.copy_of.title
            elif not s.title:
                assert s.story is not None
                s.title = f"Row over {s.story.topic} deepens in {self.rng.choice(s.story.towns)}"
            words = " ".join(s.title.split()[:5])
            s.id = self.ids.make(f"{s.publisher.id} {s.date.isoformat()} {words}")

    def copy_evidence(self) -> None:
        """Some claims also cite the republished copy, with the same quote (the body is the same)."""
        for s in self.sources:
            if s.copy_of is None:
                continue
            for claim in s.copy_of.born:
                first = claim["evidence"][0]
                if first["source"] is s.copy_of and self.rng.random() < 0.3:
                    claim["evidence"].append(first | {"source": s.id})

    def overtaken(self) -> None:
        """Claims overtaken by a later event of the same story."""
        for s in self.sources:
            if s.story is None:
                continue
            later = [e for i, e in s.story.events if i > s.index]
            for claim in s.born:
                if later and self.rng.random() < 0.05:
                    claim["overtaken_by"] = [self.rng.choice(later)["id"]]


def spread(total: int, parts: int) -> list[int]:
    """Split total into parts whose sizes differ by at most one (Bresenham), so the totals are exact."""
    return [(total * (k + 1)) // parts - (total * k) // parts for k in range(parts)]


# --------------------------------------------------------------------------------------------------
# Output: a tiny YAML emitter, because PyYAML's is too slow for 80,000 files and quotes too much.


class Date(str):
    """An EDTF date; always written quoted so YAML never turns it into a datetime."""


RESERVED = {"y", "n", "yes", "no", "true", "false", "on", "off", "null", "~"}
PLAIN = re.compile(r"[^\W\d_][\w .,;'’“”‘()/&%+–—-]*", re.UNICODE)


def scalar(value: str | Source, flow: bool = False) -> str:
    if isinstance(value, Source):
        return value.id
    if isinstance(value, Date):
        return f"'{value}'"
    ok = PLAIN.fullmatch(value) and not value.endswith(" ") and value.lower() not in RESERVED
    if ok and not (flow and "," in value):
        return value
    return json.dumps(value, ensure_ascii=False)


def emit(data: dict, indent: int, out: list[str], lead: str | None = None) -> None:
    first = True
    for key, value in data.items():
        if value is None or value == [] or value == "":
            continue
        pad = lead if first and lead is not None else " " * indent
        first = False
        if isinstance(value, list) and isinstance(value[0], dict):
            out.append(f"{pad}{key}:")
            for item in value:
                emit(item, indent + 4, out, " " * (indent + 2) + "- ")
        elif isinstance(value, list):
            out.append(f"{pad}{key}: [{', '.join(scalar(v, flow=True) for v in value)}]")
        else:
            out.append(f"{pad}{key}: {scalar(value)}")


def document(kind: str, data: dict) -> str:
    out = [f"# yaml-language-server: $schema=../../schema/{kind}.schema.json"]
    emit(data, 0, out)
    return "\n".join(out) + "\n"


MKDOCS = """\
site_name: Synthetic dossier ({n} sources, seed {seed})
theme:
  name: material
  font: false
  features: [navigation.tabs, navigation.sections, navigation.indexes, navigation.top]
docs_dir: docs
# As in the project's own mkdocs.yml: without a nav, MkDocs lists every generated page on every page,
# which makes the HTML grow with the square of the dossier.
nav:
  - Home: index.md
  - Actors: actors/index.md
  - Events: events/index.md
  - Claims: claims/index.md
  - Sources: sources/index.md
# As in the project's own: search is Pagefind's, indexed by the dossier plugin (no Material search plugin).
plugins:
  - dossier
markdown_extensions:
  - attr_list
  - md_in_html
  - admonition
  - tables
  - toc:
      permalink: true
  - pymdownx.superfences
validation:
  nav:
    omitted_files: info
  links:
    not_found: warn
    anchors: warn
    absolute_links: warn
    unrecognized_links: warn
"""
INDEX = """\
# Synthetic dossier

A generated dossier of {n} sources (seed {seed}) for benchmarking the builder. Every name, place and
figure in it is invented.

<!-- dossier:at-a-glance -->
"""


def write(gen: Generator, out: Path, seed: int) -> dict[str, int]:
    """Write seeds, annotations, docs and mkdocs.yml under out; return what was written, by kind."""
    folders = {k: out / "annotations" / k for k in ("sources", "actors", "events", "claims", "relationships")}
    for folder in [out / "seeds", out / "docs", *folders.values()]:
        folder.mkdir(parents=True, exist_ok=True)
    width = max(3, len(str(gen.n - 1)))
    for s in gen.sources:
        file = f"seeds/{s.index:0{width}d}_{gen.rng.getrandbits(64):016x}.txt"
        gap = "\n\n" if gen.rng.random() < 0.5 else "\n"
        (out / file).write_text(gap.join(text for text, _ in s.lines) + "\n", encoding="utf-8")
        data = {
            "id": s.id,
            "file": file,
            "title": s.title,
            "publisher": s.publisher.id,
            "authors": [a.id for a in s.authors],
            "published": Date(f"{s.date.year}-{s.date.month:02d}" if s.month_only else s.date.isoformat()),
            "language": "en",
            "cites": list(s.cites),
            "relations": [{"type": "republishes", "source": s.copy_of.id}]
            if s.copy_of
            else (
                [{"type": "follows-up", "source": s.story.sources[0].id}]
                if s.story and s.story.sources[0] is not s
                else []
            ),
            "non_body": gen.non_body(s),
            "notes": "Published date read from the byline." if s.month_only else None,
        }
        (folders["sources"] / f"{s.id}.yaml").write_text(document("source", data), encoding="utf-8")
    for a in gen.actors:
        data = {
            "id": a.id,
            "name": a.name,
            "aliases": a.aliases,
            "kind": a.kind,
            "description": a.description,
            "roles": a.roles,
        }
        (folders["actors"] / f"{a.id}.yaml").write_text(document("actor", data), encoding="utf-8")
    for kind, folder, items in (
        ("event", "events", gen.events),
        ("claim", "claims", gen.claims),
        ("relationship", "relationships", gen.relationships),
    ):
        for item in items:
            (folders[folder] / f"{item['id']}.yaml").write_text(document(kind, item), encoding="utf-8")
    (out / "docs" / "index.md").write_text(INDEX.format(n=gen.n, seed=seed), encoding="utf-8")
    (out / "mkdocs.yml").write_text(MKDOCS.format(n=gen.n, seed=seed), encoding="utf-8")
    quotes = sum(len(x["evidence"]) for x in gen.events + gen.claims + gen.relationships)
    return {
        "sources": len(gen.sources),
        "actors": len(gen.actors),
        "events": len(gen.events),
        "claims": len(gen.claims),
        "relationships": len(gen.relationships),
        "quotes": quotes,
        "republished": sum(s.copy_of is not None for s in gen.sources),
    }


def generate(n: int, out: Path, seed: int = 0) -> dict[str, int]:
    gen = Generator(n, seed)
    gen.run()
    return write(gen, out, seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=int, required=True, help="number of sources (at least 10)")
    parser.add_argument("--out", type=Path, required=True, help="dossier root to write")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.sources < 10:
        parser.error("--sources must be at least 10")
    if args.out.exists() and (not args.out.is_dir() or any(args.out.iterdir())):
        parser.error(
            f"{args.out} exists and is not an empty folder: a dossier written into it would be mixed "
            "with what is there; remove it or choose another"
        )
    counts = generate(args.sources, args.out, args.seed)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
