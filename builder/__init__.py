"""Dossier builder: seeds + YAML annotations -> a cross-linked MkDocs site.

The build is a pipeline, one sub-package per stage:

    load     read annotation YAML and source texts, validate against the model
    anchor   locate every evidence quote in its source text
    analyse  resolve references, build backlinks, mentions and coverage
    render   turn the dossier into Markdown pages (Jinja2 templates)
    export   the dossier as data files (JSON, JSON-LD, NDJSON, CSV) beside the pages
    publish  write the pages to a folder for any host, or hand them to MkDocs as virtual files

builder/pipeline.py runs them in that order for every command; builder/cache.py holds what
`mkdocs serve` keeps between rebuilds.
"""

__version__ = "0.1.0"
