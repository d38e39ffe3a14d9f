"""Stage 2: locate every quote in its source text (W3C TextQuoteSelector semantics)."""
