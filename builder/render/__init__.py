"""Stage 4: turn the checked dossier into Markdown pages, from Jinja2 templates."""
