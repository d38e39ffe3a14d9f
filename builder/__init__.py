"""Dossier builder: seeds + YAML annotations -> a cross-linked MkDocs site.

The build is a pipeline, one sub-package per stage:

    load     read annotation YAML and source texts, validate against the model
    anchor   locate every evidence quote in its source text
    analyse  resolve references, build backlinks, mentions and coverage
    render   turn the dossier into Markdown pages (Jinja2 templates)
    publish  hand the pages to MkDocs as virtual files, or write them to a folder
"""

import time

__version__ = "0.1.0"
IMPORT_STARTED = time.perf_counter()  # the benchmark counts importing the builder as the builder's time
