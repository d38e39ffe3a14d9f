"""Index pages: actors by kind, events in date order, claims, sources.

No page lists every entity of a large dossier: each index shows at most
`INDEX_SAMPLE` items per group and links to paginated group pages of at most
`PAGE_SIZE` items, so page size stays flat as the dossier grows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from builder.analyse.discrepancies import slug
from builder.analyse.timeline import event_when
from builder.model.entities import Entity, Event, Source
from builder.render.crosssource import badges, pages_of
from builder.render.env import Page
from builder.render.markdown import Md, escape, link
from builder.render.pages.actors import kind_labels
from builder.render.site import PAGE_SIZE, Emitted, Site, by_date

INDEX_SAMPLE = 30


@dataclass
class Group:
    title: str
    items: list[Md] = field(default_factory=list)
    more: str = ""


Item = Callable[[Page, Entity], Md]


def emit(site: Site) -> Emitted:
    # Which entity goes on which page is worked out untracked, and each page's key holds it (see
    # Site.reuse_page): a one-claim edit then re-renders the listing page that shows that claim, not all.
    dossier, names = site.raw, site.raw_names
    labels = kind_labels()
    actors: dict[str, list[Entity]] = defaultdict(list)
    for actor in sorted(dossier.actors.values(), key=lambda a: a.name.casefold()):
        actors[labels.get(actor.kind, actor.kind)].append(actor)
    yield from grouped(
        site,
        "actors",
        "Actors",
        "by-kind",
        dict(sorted(actors.items())),
        _plain,
        "People, bodies, outlets and unnamed sources, by kind.",
    )

    events: dict[str, list[Entity]] = defaultdict(list)
    for event in by_date(dossier.events.values()):
        events[str(event.placed.sort_key[0]) if event.placed else "Date unknown"].append(event)
    yield from grouped(
        site,
        "events",
        "Events",
        "by-year",
        events,
        _dated,
        "Events in date order, each at the precision its sources allow.",
    )

    claims = sorted(dossier.claims.values(), key=lambda c: names[c.id].casefold())
    yield from grouped(
        site,
        "claims",
        "Claims",
        "all",
        {"": claims},
        _with_status(site),
        "Every claim is attributed to whoever makes it; none is stated here as fact. Each badge gives a claim's "
        "status (corroborated, single source, disputed, overtaken by events) and links to the reasons for it.",
    )

    sources = by_date(dossier.sources.values())
    yield from grouped(
        site,
        "sources",
        "Sources",
        "all",
        {"": sources},
        _source,
        "The documents of the dossier, oldest first, each with its full text.",
    )


def grouped(
    site: Site, folder: str, title: str, sub: str, groups: Mapping[str, Sequence[Entity]], item: Item, intro: str
) -> Emitted:
    """`folder/index.md` with a sample of each group, plus paginated pages per group.

    `groups` hold untracked entities (`site.raw`); every item a page shows is read as that page renders.
    """
    for name, members in groups.items():
        if len(members) > INDEX_SAMPLE:
            named = f"{title}: {name}" if name else title
            yield from _pages(site, folder, sub, slug(name) or "all", named, members, item)
    index_path = f"{folder}/index.md"
    samples = {name: members[:INDEX_SAMPLE] for name, members in groups.items()}
    key = tuple((name, _ids(sample), len(groups[name])) for name, sample in samples.items())
    if site.reuse_page(index_path, key, _owned(folder, samples.values())):
        return
    index = site.page(index_path)
    shown: list[Group] = []
    for name, sample in samples.items():
        group = Group(name, [item(index, e) for e in sample])
        members = groups[name]
        if len(members) > INDEX_SAMPLE:
            more = _page_path(folder, sub, slug(name) or "all", 1)
            group.more = link(f"All {len(members)} {name or title.lower()} →", index.href(more))
        shown.append(group)
    yield site.render("listing.md.j2", index_path, title=title, intro=escape(intro), groups=shown, pager="")


def _pages(site: Site, folder: str, sub: str, slug: str, title: str, members: Sequence[Entity], item: Item) -> Emitted:
    for number, total, chunk in pages_of(members, PAGE_SIZE):
        path = _page_path(folder, sub, slug, number)
        if site.reuse_page(path, (title, number, total, _ids(chunk)), _owned(folder, [chunk])):
            continue
        page = site.page(path)
        pager = [link("↑ Index", page.href(f"{folder}/index.md"))]
        if number > 1:
            pager.append(link("← Previous", page.href(_page_path(folder, sub, slug, number - 1))))
        pager.append(escape(f"Page {number} of {total}"))
        if number < total:
            pager.append(link("Next →", page.href(_page_path(folder, sub, slug, number + 1))))
        yield site.render(
            "listing.md.j2",
            path,
            title=f"{title} ({number}/{total})",
            intro="",
            groups=[Group("", [item(page, e) for e in chunk])],
            pager=Md(" · ".join(pager)),
        )


def _ids(entities: Sequence[Entity]) -> tuple[str, ...]:
    return tuple(e.id for e in entities)


def _owned(folder: str, lists: Iterable[Sequence[Entity]]) -> list[tuple[str, str]]:
    """The entities a listing page shows: it reads their fields (a description, a date) directly."""
    return [(folder, e.id) for entities in lists for e in entities]


def _page_path(folder: str, sub: str, slug: str, number: int) -> str:
    return f"{folder}/{sub}/{slug}" + (f"-{number}" if number > 1 else "") + ".md"


def _plain(page: Page, entity: Entity) -> Md:
    description = getattr(entity, "description", "")
    return page.to(entity) + (Md(" — ") + escape(description) if description else Md(""))


def _dated(page: Page, entity: Entity) -> Md:
    shown = event_when(entity) if isinstance(entity, Event) else "date unknown"
    return Md(f"{escape(shown)} — ") + page.to(entity)


def _with_status(site: Site) -> Item:
    """Claim items followed by their status badges (see render/crosssource.py)."""
    statuses = site.analysis.cross.statuses
    return lambda page, entity: page.to(entity) + Md(" ") + badges(page, statuses.get(entity.id))


def _source(page: Page, entity: Entity) -> Md:
    date = getattr(entity, "published", None)
    held = "" if not isinstance(entity, Source) or entity.held else " (cited, not held)"
    return Md(f"{escape(date.human() if date else 'date not stated')} — ") + page.to(entity) + Md(held)
