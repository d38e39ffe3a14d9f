"""Search: a Pagefind index of the dossier, written after the site by whichever host built it.

records.py says what is indexed (from the builder's own data); index.py writes the index into a built site;
command.py is `python -m builder search-index SITE`. The reader's side is assets/dossier-search.js.
"""

from builder.search.index import Indexed, SearchError, index_site

__all__ = ["Indexed", "SearchError", "index_site"]
