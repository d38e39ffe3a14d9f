"""Render the whole site: a `Site` of shared helpers, and one emitter per page type.

Each emitter (in render/pages/) is a function `emit(site) -> Iterator[(path, markdown)]`
that can be read on its own, in the manner of Quartz's emitters.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from builder.analyse.analysis import Analysis
from builder.model.dossier import PLURAL, Dossier
from builder.model.entities import Claim, Entity, Event, Evidence, Relationship, Source
from builder.render.env import Page, entity_path, render_template
from builder.render.incremental import Previous, Tracker
from builder.render.markdown import Md, escape, external_href, link

PAGE_SIZE = 100  # most items on one listing page
LIST_CAP = 50  # most items in one list on an entity page
Emitted = Iterator[tuple[str, str]]


class Site:
    """The dossier plus the helpers that templates use to link things up."""

    def __init__(self, dossier: Dossier, analysis: Analysis) -> None:
        self.dossier = dossier
        self.analysis = analysis
        self.names = display_names(dossier)
        self.escaped: dict[str, Md] = {}  # display name -> escaped, shared by every page (see Page.to)
        self._by_id = _by_id(dossier)
        self._page: Page | None = None
        self.pages: dict[str, str] = {}  # filled by render_pages
        # untracked, for emitters that walk entities and note each page's own (see `reuse_page`)
        self.raw, self.raw_analysis, self.raw_names = dossier, analysis, self.names
        self.tracker: Tracker | None = None
        self.reused: set[str] = set()
        self.keys: dict[str, object] = {}  # path -> key, for the pages given to `reuse_page` (see there)
        self._last: tuple[Previous, Callable[[str, str], None]] | None = None  # see `reuse_from`
        self.share = (0, 1)  # (part, parts): entity n is this site's if n % parts == part (see `part`)

    # Incremental rendering (see render/incremental.py) -----------------------
    def start_tracking(self) -> Tracker:
        """Route lookups through tracked mappings, so each page's reads are known."""
        tracker = Tracker(self.dossier, self.analysis, self.names)
        self.tracker = tracker
        self.dossier, self.analysis, self.names = tracker.dossier, tracker.analysis, tracker.names
        return tracker

    def reuse_from(self, last: Previous, keep: Callable[[str, str], None]) -> None:
        """Offer the pages of the `last` build whose reads did not change; `keep` takes each reused entity page."""
        self._last = (last, keep)

    def stop_tracking(self) -> None:
        self.dossier, self.analysis, self.names = self.raw, self.raw_analysis, self.raw_names
        self.tracker = self._last = None

    def own(self, tag: str, entity_id: str) -> None:
        """Note that the page being rendered is about this entity."""
        if self.tracker is not None:
            self.tracker.note(tag, entity_id)

    def entity_pages(self, plural: str) -> Iterator[tuple[str, Any]]:
        """(path, entity) for each entity of a kind whose page must be rendered, noted as the page's own.

        A page of the last build that can be reused goes straight into the build's pages (`render_pages`), in
        its place, without passing through the emitter: most pages of a rebuild under serve. Of a `part` of
        the site, only its share.
        """
        mine, parts = self.share
        last = self._last  # read once: this runs for every entity
        for number, entity in enumerate(getattr(self.raw, plural).values()):
            if parts > 1 and number % parts != mine:
                continue
            path = f"{plural}/{entity.id}.md"
            if last is not None and (reused := last[0].reusable(path)) is not None:
                self.reused.add(path)
                last[1](path, reused)
                continue
            self.own(plural, entity.id)
            yield path, entity

    def part(self, part: int, parts: int) -> Site:
        """This site, giving only every `parts`-th entity's page from `part` on: a unit of work that two
        processes can share (publish/units.py)."""
        site = copy.copy(self)
        site.share = (part, parts)
        return site

    def reuse_page(self, path: str, key: object, own: Iterable[tuple[str, str]] = ()) -> bool:
        """For a page of the whole site (a listing, the timeline): whether the last build's page is reused (then
        it goes straight into the build's pages, as an entity page does), its `key` equal and nothing it read
        changed; else the page about to be rendered reads the entities `own` names, as (tag, id).

        Such an emitter places items on pages from `raw` and `raw_analysis`, untracked (a tracked walk would
        make every page depend on everything), so `key` holds all of that: the items' ids in order and any value
        shown that is not looked up through the tracked mappings; values (compared with `==`), not objects that
        a later build may change in place.
        """
        if self.tracker is None:
            return False
        self.keys[path] = key
        last = self._last
        if last is not None and (text := last[0].reusable_keyed(path, key)) is not None:
            self.reused.add(path)
            last[1](path, text)
            return True
        for tag, entity_id in own:
            self.tracker.note(tag, entity_id)
        return False

    # Lookups -------------------------------------------------------------
    def get(self, entity_id: str) -> Entity | None:
        if self.tracker is None:  # one dict lookup instead of one per kind; tracked lookups must note each kind
            return self._by_id.get(entity_id)
        return self.dossier.get(entity_id)

    def many(self, ids: Iterable[str]) -> list[Entity]:
        if self.tracker is None:
            by_id = self._by_id
            return [e for e in map(by_id.get, ids) if e is not None]
        return [e for e in (self.get(i) for i in ids) if e is not None]

    def link(self, page: Page, entity: Entity) -> Md:
        """A link to an entity; to a relationship, which has no page of its own, on its subject's page."""
        if isinstance(entity, Relationship):
            return page.to(self.get(entity.subject), self.names[entity.id], anchor=f"rel-{entity.id}")
        return page.to(entity)

    def page(self, path: str) -> Page:
        """The helpers for one page; an emitter and `render` ask for the same page in turn."""
        page = self._page
        if page is None or page.path != path or page.names is not self.names:
            page = self._page = Page(path, self.names, self.escaped)
        return page

    def render(self, template: str, path: str, **context: Any) -> tuple[str, str]:
        return path, render_template(template, self.page(path), site=self, **context)

    # Text helpers --------------------------------------------------------
    @staticmethod
    def short(text: str, limit: int = 90) -> str:
        text = " ".join(text.split())
        return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

    @staticmethod
    def relation_label(kind: str) -> str:
        return kind.replace("-", " ")

    @staticmethod
    def external(url: str) -> Md:
        return link(url, external_href(url))

    # Evidence ------------------------------------------------------------
    def quoted_text(self, evidence: Evidence) -> Md:
        """The quote as it stands in the source, not as the annotator typed it."""
        anchor = evidence.anchor
        text = self.dossier.texts.get(evidence.source)
        if anchor is None or text is None:
            return escape(evidence.quote)
        return escape(text.text[anchor.start : anchor.end])

    def quote(self, page: Page, evidence: Evidence) -> Md:
        """A quote as a block: the text as it stands in the source, where it is, and how it is used.

        Search leaves the quoted words out (they are indexed in the source's text), not the line under them,
        whose note is the annotator's own."""
        return Md(
            f"> {self.quoted_text(evidence)}\n> {{: data-search-exclude }}\n\n"
            f"— {self.evidence_link(page, evidence)}{self.evidence_meta(page, evidence)}\n"
            "{: .dossier-cite }"
        )

    def evidence_href(self, page: Page, evidence: Evidence) -> str:
        target = page.href(entity_path(evidence.source, "source"))
        return f"{target}#{evidence.anchor.slug}" if evidence.anchor else target

    def evidence_link(self, page: Page, evidence: Evidence) -> Md:
        source = self.dossier.sources.get(evidence.source)
        title = source.title if source else evidence.source
        paragraph = f", ¶{evidence.anchor.paragraph}" if evidence.anchor else ""
        result = link(f"{title}{paragraph}", self.evidence_href(page, evidence))
        if source is not None and source.url and evidence.anchor is not None:
            exact = self.dossier.texts[evidence.source].text[evidence.anchor.start : evidence.anchor.end]
            original = external_href(source.url.split("#", 1)[0]) + text_fragment(exact)
            result = result + Md(" (") + link("at the original", original) + Md(")")
        return result

    def evidence_meta(self, page: Page, evidence: Evidence) -> Md:
        parts = [escape(evidence.stance)]
        if evidence.via:
            parts.append(Md("via ") + page.links(self.many(evidence.via), " → "))
        if evidence.also_via:
            parts.append(Md("and in parallel via ") + page.links(self.many(evidence.also_via)))
        if evidence.note:
            parts.append(escape(evidence.note))
        return Md(" · " + " · ".join(parts))

    def evidence_links(self, page: Page, evidence: list[Evidence]) -> Md:
        return Md(", ".join(self.evidence_link(page, e) for e in evidence))

    def paragraph_links(self, page: Page, source: Source, paragraphs: list[int]) -> Md:
        base = page.href(entity_path(source))
        return Md(", ".join(f"[¶{n}]({base}#p{n})" for n in paragraphs))  # "¶" and digits need no escaping

    def chain(self, page: Page, claim: Claim, evidence: Evidence) -> Md:
        """Source (publisher) → original carried → intermediaries and cited documents → claimant, for one piece
        of evidence; one chain for each outlet it credits in parallel."""
        from builder.analyse.attribution import evidence_chains

        shown = []
        for found in evidence_chains(evidence, claim.claimant, self.dossier):
            source = self.dossier.sources.get(found.source)
            publisher = source.publisher if source is not None else ""
            steps = [self.step(page, self.get(found.source))]
            steps += [self.step(page, self.get(a)) for a in found.actors if a != publisher]
            shown.append(Md(" → ".join(steps)))
        return Md("; in parallel: ".join(shown))

    def step(self, page: Page, entity: Entity | None) -> Md:
        """One step of a chain; a source (held or only cited) with its publisher and date, and whether the
        dossier holds its text."""
        from builder.analyse.timeline import when

        text = page.to(entity)
        if isinstance(entity, Source):
            known = [page.to(self.get(entity.publisher))] if entity.publisher else []
            if entity.published:
                known.append(escape(when(entity.published)))
            if not entity.held:
                known.append(Md("not held"))
            if known:
                text += Md(" (") + Md(", ".join(known)) + Md(")")
        return text

    def owner_href(self, page: Page, evidence: Evidence) -> tuple[str, str]:
        """(link text, href) to what cites a passage."""
        owner = self.get(evidence.owner)
        if isinstance(owner, Relationship):
            return "relationship", page.href(entity_path(owner.subject, "actor")) + f"#rel-{owner.id}"
        if owner is None:
            return evidence.owner, ""
        if owner.KIND == "actor":
            return "role", page.href(entity_path(owner)) + "#roles"
        return owner.KIND, page.href(entity_path(owner))


def text_fragment(quote: str, words: int = 12) -> str:
    """A URL text fragment (`#:~:text=`) that makes browsers scroll to and highlight `quote`.

    Each part is percent-encoded, `-`, `,` and `&` included (they delimit the directive).
    A quote longer than `words` words is given as textStart,textEnd (its first and last
    five words), which keeps the URL short and matches across the original's markup.
    """
    from urllib.parse import quote as percent

    def encode(text: str) -> str:
        return percent(text, safe="").replace("-", "%2D")

    parts = quote.split()
    if len(parts) > words:
        return f"#:~:text={encode(' '.join(parts[:5]))},{encode(' '.join(parts[-5:]))}"
    return f"#:~:text={encode(' '.join(parts))}"


def display_names(dossier: Dossier) -> dict[str, str]:
    """Every entity's display name by id."""
    return {entity.id: display_name(entity, dossier) for entity in dossier.entities()}


def display_name(entity: Entity, dossier: Dossier) -> str:
    for attr in ("name", "title", "statement"):
        value = getattr(entity, attr, "")
        if value:
            return Site.short(value) if attr == "statement" else value
    if isinstance(entity, Relationship):
        subject = dossier.actors.get(entity.subject)
        obj = dossier.actors.get(entity.object)
        return f"{subject.name if subject else entity.subject} {entity.type} {obj.name if obj else entity.object}"
    return entity.id


def _by_id(dossier: Dossier) -> dict[str, Entity]:
    """Every entity by id; where kinds share an id, the one `Dossier.get` finds first."""
    found: dict[str, Entity] = {}
    for kind in reversed(PLURAL):
        found.update(dossier.by_kind(kind))
    return found


def by_date(entities: Iterable[Entity]) -> list[Any]:
    def key(e: Any) -> tuple:
        date = e.placed if isinstance(e, Event) else getattr(e, "published", None)
        return (date is None, date.sort_key if date else (0, 0, 0), e.id)

    return sorted(entities, key=key)
