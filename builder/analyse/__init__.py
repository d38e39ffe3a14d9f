"""Stage 3: resolve references and derive what the pages need (backlinks, mentions, coverage),
and the cross-source analysis (independence, claim status, discrepancies, attribution, timeline, graph)."""
