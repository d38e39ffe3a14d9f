"""`texts/<source id>.txt`: each seed text, exactly as stored, as the exports' target.

The Web Annotation selectors and the anchors in dossier.json count positions in
these texts; publishing them beside the exports lets anyone check a quote by
slicing the file, without the repository.
"""

from __future__ import annotations

from collections.abc import Iterator

from builder.model.dossier import Dossier


def source_texts(dossier: Dossier) -> Iterator[tuple[str, str]]:
    """(file name under the data folder, text) for each source."""
    for source_id in sorted(dossier.texts):
        yield f"texts/{source_id}.txt", dossier.texts[source_id].text
