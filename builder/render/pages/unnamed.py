"""The claims that rest only on anonymous or unnamed sources, paginated."""

from __future__ import annotations

from builder.render.crosssource import ANALYSIS, badges, pager, pages_of
from builder.render.markdown import Md
from builder.render.site import PAGE_SIZE, Emitted, Site


def path_of(number: int) -> str:
    return f"{ANALYSIS}/unnamed-sources" + (f"-{number}" if number > 1 else "") + ".md"


def emit(site: Site) -> Emitted:
    # The list is sorted untracked and each page's key holds its part (see Site.reuse_page).
    names = site.raw_names
    unnamed = site.raw_analysis.cross.unnamed
    claims = sorted(unnamed.values(), key=lambda b: names[b.claim].casefold())
    all_claims = len(site.raw.claims)
    statuses = site.analysis.cross.statuses
    for number, total, chunk in pages_of(claims, PAGE_SIZE):
        path = path_of(number)
        key = (number, total, len(claims), all_claims, tuple(chunk))  # UnnamedBasis: frozen, of strings
        if site.reuse_page(path, key, [("claims", basis.claim) for basis in chunk]):
            continue
        page = site.page(path)
        items = []
        for basis in chunk:
            claim = site.dossier.claims[basis.claim]
            how = "claimed by the unnamed source " if basis.claimant_unnamed else "every chain passes through "
            item = page.to(claim) + Md(" ") + badges(page, statuses.get(claim.id))
            items.append(item + Md(f" — {how}") + page.links(site.many(basis.unnamed)))
        yield site.render(
            "unnamed.md.j2",
            path,
            title="Claims resting on unnamed sources" + (f" ({number}/{total})" if total > 1 else ""),
            total=len(claims),
            all_claims=all_claims,
            items=items,
            pager=pager(page, number, total, path_of),
        )
