"""`claims.csv`: one row per claim, for a spreadsheet or a newsroom's fact-check log.

Lists are joined with "; ", ids are the dossier's own, and `evidence` gives each
quote as `source ¶paragraph [stance]: "exact text"`, one a line inside the cell.
Annotations come from strangers' pull requests, so a cell that a spreadsheet
would run as a formula (starting with = + - @ or a tab) gets a leading `'`,
as OWASP advises against CSV injection.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from builder.export.records import Memo, entities, page_url, remembered
from builder.export.standing import Standings
from builder.model.dossier import Dossier
from builder.model.entities import Claim, Evidence

_FORMULA = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = [
    "id",
    "statement",
    "claimant",
    "claimant_name",
    "made",
    "about",
    "contradicts",
    "differs_from",
    "updates",
    "overtaken_by",
    "status",
    "lines",
    "unnamed_only",
    "sources",
    "evidence",
    "notes",
    "page",
]
LISTS = ("about", "contradicts", "differs_from", "updates", "overtaken_by")  # id lists, joined with "; "


def claims_csv(dossier: Dossier, status: Standings, memo: Memo | None = None) -> Iterator[str]:
    """The header, then one row per claim (a row may span lines: the evidence cell has one quote a line)."""
    yield _row({name: name for name in COLUMNS})
    for claim in entities(dossier, "claim"):
        assert isinstance(claim, Claim)
        # a status reads other sources' ties, which the memo does not follow: what it is made from is the key
        make = lambda claim=claim: _row({**_cells(claim, dossier), **_status_cells(status[claim.id])})  # noqa: E731
        yield remembered(memo, "claims.csv", claim, make, status.key(claim.id))


def _status_cells(status: dict[str, object]) -> dict[str, str]:
    statuses = [str(status["support"])] + [name for name in ("disputed", "overtaken") if status.get(name)]
    lines = status["lines"]
    assert isinstance(lines, list)
    return {
        "status": "; ".join(statuses),
        "lines": str(len(lines)),
        "unnamed_only": "yes" if status["unnamed_only"] else "no",
    }


def _cells(claim: Claim, dossier: Dossier) -> dict[str, str]:
    claimant = dossier.actors.get(claim.claimant)
    return {
        "id": claim.id,
        "statement": claim.statement,
        "claimant": claim.claimant,
        "claimant_name": claimant.name if claimant else "",
        "made": claim.made.edtf() if claim.made else "",
        **{name: "; ".join(getattr(claim, name)) for name in LISTS},
        "sources": "; ".join(dict.fromkeys(e.source for e in claim.evidence)),
        "evidence": "\n".join(_evidence(e, dossier) for e in claim.evidence),
        "notes": claim.notes,
        "page": page_url(claim),
    }


def _row(cells: dict[str, str]) -> str:
    """One CSV record, quoted as the csv module does, with formulas defused."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writerow({key: "'" + value if value.startswith(_FORMULA) else value for key, value in cells.items()})
    return out.getvalue()


def _evidence(evidence: Evidence, dossier: Dossier) -> str:
    text = dossier.texts.get(evidence.source)
    anchor = evidence.anchor
    exact = text.text[anchor.start : anchor.end] if text and anchor else evidence.quote
    where = f" ¶{anchor.paragraph}" if anchor else ""
    return f'{evidence.source}{where} [{evidence.stance}]: "{" ".join(exact.split())}"'
