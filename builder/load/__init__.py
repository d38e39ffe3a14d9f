"""Stage 1: read annotation files and source texts, validated against the model."""
