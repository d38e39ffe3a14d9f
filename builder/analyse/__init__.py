"""Stage 3: resolve references and derive what the pages need (backlinks, mentions, coverage)."""
