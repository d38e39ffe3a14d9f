"""Source pages: metadata, then the full text with numbered, anchored paragraphs."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Collection

from builder.model.entities import Evidence, Source
from builder.model.text import SourceText
from builder.render.env import Page
from builder.render.markdown import Md, escape, escape_html, escape_inline
from builder.render.site import LIST_CAP, Emitted, Site, display_name
from builder.render.textblock import CLOSE, OPEN


def emit(site: Site) -> Emitted:
    incoming = _incoming_relations(site)
    linked = _linked_paragraphs(site)
    if site.tracker is not None:
        incoming = site.tracker.extra("incoming_relations", incoming)
        linked = site.tracker.extra("linked_paragraphs", linked)
    for path, source in site.entity_pages("sources"):
        page = site.page(path)
        text = site.dossier.texts.get(source.id)
        evidence = site.analysis.evidence_by_source.get(source.id, [])
        yield site.render(
            "source.md.j2",
            path,
            source=source,
            text=text,
            coverage=site.analysis.coverage.get(source.id),
            relations=_relations(page, site, source, incoming.get(source.id, [])),
            paragraphs=_paragraphs(page, site, text, evidence, linked.get(source.id, ())) if text else Md(""),
            cited_by=_cited_by(page, site, source),
        )


def _linked_paragraphs(site: Site) -> dict[str, frozenset[int]]:
    """The paragraphs of each source that other pages link to (an actor's mentions), by source id."""
    linked: dict[str, set[int]] = defaultdict(set)
    for mentions in site.analysis.mentions.values():
        for mention in mentions:
            linked[mention.source].add(mention.paragraph)
    return {source: frozenset(numbers) for source, numbers in linked.items()}


def _cited_by(page: Page, site: Site, source: Source) -> list[Md]:
    """The sources that cite this one, and what reaches the dossier through it (`via`): a document the
    dossier does not hold is known only from these."""
    refs = site.analysis.refs
    lines = [page.to(s) + Md(" cites it") for s in site.many(refs.to(source.id, "cites", kind="source"))[:LIST_CAP]]
    relayed = [*refs.to(source.id, "via"), *refs.to(source.id, "also_via")]
    for entity in site.many(list(dict.fromkeys(relayed))[:LIST_CAP]):
        lines.append(Md(f"Relayed in the {entity.KIND} ") + site.link(page, entity))
    return lines


def _incoming_relations(site: Site) -> dict[str, list[tuple[str, Source]]]:
    incoming: dict[str, list[tuple[str, Source]]] = defaultdict(list)
    for source in site.raw.sources.values():
        for relation in source.relations:
            incoming[relation.source].append((relation.type, source))
    return dict(incoming)


_INVERSE = {
    "republishes": "is republished by",
    "rewrites": "is rewritten by",
    "follows-up": "is followed up by",
    "cites": "is cited by",
}


def _relations(page: Page, site: Site, source: Source, incoming: list[tuple[str, Source]]) -> list[Md]:
    lines = []
    for relation in source.relations:
        note = Md(" — ") + escape(relation.note) if relation.note else Md("")
        lines.append(
            Md(f"This source {escape(relation.type.replace('-', ' '))} ") + page.to(site.get(relation.source)) + note
        )
    for kind, other in incoming:
        lines.append(Md(f"This source {_INVERSE[kind]} ") + page.to(other))
    return lines


def _paragraphs(page: Page, site: Site, text: SourceText, evidence: list[Evidence], linked: Collection[int] = ()) -> Md:
    """The numbered paragraphs, as one piece of Markdown.

    A paragraph that quotes nothing and that no page links to (almost all) is a line of HTML, in runs inside
    a block the host passes through unread (`render.textblock`): a seed may have hundreds of thousands. A
    quoted or `linked` paragraph is Markdown, so that the host resolves its links and checks its anchor. What
    the builder adds to a paragraph is isolated (`unicode-bidi` in dossier.css), so that a seed's characters
    cannot reorder the builder's words; bidi scope controls are shown as signs (`render.markdown`).
    """
    by_paragraph: dict[int, list[Evidence]] = defaultdict(list)
    for ev in evidence:
        assert ev.anchor is not None
        by_paragraph[ev.anchor.paragraph].append(ev)
    non_body = text.non_body
    rendered = []
    run = False  # inside a block of HTML lines
    for number in range(1, len(text) + 1):
        passage = non_body.get(number)
        label = ""
        if passage is not None and non_body.get(number - 1) is not passage:
            kind = escape_html(passage.kind.replace("-", " "))
            label = f'<span class="dossier-nonbody-kind">not article body: {kind}</span> '
        quoting = by_paragraph.get(number)
        if quoting is None and number not in linked:
            if not run:
                rendered.append(f"{OPEN}\n")
                run = True
            classes = "dossier-para dossier-nonbody" if passage is not None else "dossier-para"
            body = escape_inline(text.text[text.starts[number - 1] : text.ends[number - 1]])
            rendered.append(
                f'<p id="p{number}" class="{classes}"><a class="dossier-pn" href="#p{number}">{number}</a> '
                f"{label}{body}</p>\n"
            )
            continue
        if run:
            rendered.append(f"{CLOSE}\n\n")
            run = False
        classes = ".dossier-para .dossier-nonbody" if passage is not None else ".dossier-para"
        body = _highlight(page, site, text, number, quoting or [])
        rendered.append(f"[{number}](#p{number}){{ .dossier-pn }} {label}{body}\n{{: #p{number} {classes} }}\n\n")
    if run:
        rendered.append(f"{CLOSE}\n\n")
    return Md("".join(rendered))


def _highlight(page: Page, site: Site, text: SourceText, number: int, evidence: list[Evidence]) -> str:
    """The paragraph with quoted spans marked, each followed by links to what cites it."""
    start, end = text.starts[number - 1], text.ends[number - 1]
    if not evidence:  # most paragraphs quote nothing
        return escape_inline(text.text[start:end])
    spans: dict[tuple[int, int], list[Evidence]] = defaultdict(list)
    for ev in evidence:
        assert ev.anchor is not None
        spans[(ev.anchor.start, ev.anchor.end)].append(ev)
    cuts = sorted({start, end, *(s for s, _ in spans), *(e for _, e in spans)})
    starts_at: dict[int, list[tuple[int, int]]] = defaultdict(list)
    ends_at: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for span in sorted(spans):
        starts_at[span[0]].append(span)
        ends_at[span[1]].append(span)
    out: list[str] = []
    for left, right in itertools.pairwise(cuts):
        for span in ends_at.get(left, []):
            out.append(_cite_links(page, site, spans[span]))
        for span in starts_at.get(left, []):
            out.append(f'<span class="dossier-anchor" id="q{span[0]}-{span[1]}"></span>')
        segment = escape_inline(text.text[left:right])
        covered = any(s <= left and right <= e for s, e in spans)
        out.append(f"<mark>{segment}</mark>" if covered else segment)
    for span in ends_at.get(end, []):
        out.append(_cite_links(page, site, spans[span]))
    return "".join(out)


def _cite_links(page: Page, site: Site, evidence: list[Evidence]) -> str:
    links = []
    seen = set()
    for ev in evidence:
        label, href = site.owner_href(page, ev)
        if (label, href) in seen or not href:
            continue
        seen.add((label, href))
        owner = site.get(ev.owner)
        title = escape_html(display_name(owner, site.dossier)) if owner else ""
        links.append(f'[{label}]({href} "{title}")')
    return f'<sup class="dossier-cites">{" ".join(links)}</sup>' if links else ""
