"""Under `mkdocs serve`, the search index is made beside the preview, not in its way.

Indexing the whole dossier takes seconds, longer than the rest of a rebuild after a one-file edit. Under
serve, each rebuild hands the index to a thread and the preview is back at once; search answers from the
last index until the new one is swapped in (builder/search puts it in place in one step). Requests that
come while an index is being made are folded into one more run, with the latest build's dossier.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from builder.analyse.analysis import Analysis
from builder.model.dossier import Dossier
from builder.search import SearchError, index_site

Said = Callable[[str], None]


class SearchLater:
    def __init__(self, warn: Said, say: Said) -> None:
        self.warn, self.say = warn, say
        self.lock = threading.Lock()
        self.next: tuple[Path, Dossier, Analysis | None, bool] | None = None
        self.thread: threading.Thread | None = None

    def request(self, site: Path, dossier: Dossier, analysis: Analysis | None, directory_urls: bool) -> None:
        with self.lock:
            self.next = (site, dossier, analysis, directory_urls)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="dossier search index", daemon=True)
                self.thread.start()

    def _run(self) -> None:
        while True:
            with self.lock:
                if self.next is None:
                    self.thread = None
                    return
                (site, dossier, analysis, directory_urls), self.next = self.next, None
            try:
                index_site(site, dossier, analysis, directory_urls, self.say)
            except (SearchError, OSError) as exc:  # the preview stays; search answers from the last index
                self.warn(f"search: the index was not made again: {exc}")

    def wait(self, timeout: float | None = None) -> None:
        """For tests and benches: until no index is being made."""
        thread = self.thread
        if thread is not None:
            thread.join(timeout)
