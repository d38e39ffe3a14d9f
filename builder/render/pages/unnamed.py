"""The claims that rest only on anonymous or unnamed sources, paginated."""

from __future__ import annotations

from builder.render.crosssource import ANALYSIS, badges, cross, pager, pages_of
from builder.render.markdown import Md
from builder.render.site import PAGE_SIZE, Emitted, Site


def path_of(number: int) -> str:
    return f"{ANALYSIS}/unnamed-sources" + (f"-{number}" if number > 1 else "") + ".md"


def emit(site: Site) -> Emitted:
    analysis = cross(site)
    claims = sorted(analysis.unnamed.values(), key=lambda b: site.names[b.claim].casefold())
    for number, total, chunk in pages_of(claims, PAGE_SIZE):
        path = path_of(number)
        page = site.page(path)
        items = []
        for basis in chunk:
            claim = site.dossier.claims[basis.claim]
            how = "claimed by the unnamed source " if basis.claimant_unnamed else "every chain passes through "
            item = page.to(claim) + Md(" ") + badges(page, analysis.statuses.get(claim.id))
            items.append(item + Md(f" — {how}") + page.links(site.many(basis.unnamed)))
        yield site.render(
            "unnamed.md.j2",
            path,
            title="Claims resting on unnamed sources" + (f" ({number}/{total})" if total > 1 else ""),
            total=len(claims),
            all_claims=len(site.dossier.claims),
            items=items,
            pager=pager(page, number, total, path_of),
        )
