"""The status of each claim and relationship as plain data, for the exports.

A reader of `dossier.json` (or the network and timeline widgets, which read the data files) must see what
the pages show: that a relationship or a claim is *reported*, by whom, along how many independent lines.
Each claim and relationship record gets a `status`:

- `support`: `corroborated` (two or more independent lines), `single-source` (one) or `unsupported`
  (every quote disputes it);
- `disputed`, `overtaken` (claims only): true or false;
- `lines`: one item per line of reporting, with the `sources` that carry it and the outlets or cited
  documents it comes `through` (empty when the sources speak in their own voice);
- `unnamed_only`: true when every chain that confirms it passes through an unnamed source.

The rules are those of the site (builder/analyse/status.py): the statuses are the build's analysis's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from builder.analyse.status import ClaimStatus
from builder.model.dossier import Dossier

if TYPE_CHECKING:
    from builder.analyse.crosssource import CrossSource


class Standings:
    """The `status` of each claim and relationship by id, worked out when asked for (the relationship graph
    page asks for a few; under serve the exports ask only for those whose status changed)."""

    def __init__(self, dossier: Dossier, cross: CrossSource) -> None:
        self.dossier, self.statuses = dossier, cross.statuses

    def key(self, entity_id: str) -> ClaimStatus | None:
        """All the entity's `status` is made from (None for an entity that has none), for the export memo."""
        return self.statuses.get(entity_id)

    def get(self, entity_id: str) -> dict[str, Any] | None:
        status = self.statuses.get(entity_id)
        return None if status is None else _data(status, entity_id in self.dossier.claims)

    def __getitem__(self, entity_id: str) -> dict[str, Any]:
        return _data(self.statuses[entity_id], entity_id in self.dossier.claims)


def _data(status: ClaimStatus, claim: bool) -> dict[str, Any]:
    data: dict[str, Any] = {"support": status.support, "disputed": status.disputed}
    if claim:
        data["overtaken"] = status.overtaken
    data["lines"] = [{"sources": line.sources, "through": line.upstream} for line in status.lines]
    data["unnamed_only"] = status.unnamed is not None
    return data
