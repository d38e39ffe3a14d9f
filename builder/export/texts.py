"""`texts/<source id>.txt`: each seed text, exactly as stored, as the exports' target.

The Web Annotation selectors and the anchors in dossier.json count positions in
these texts; publishing them beside the exports lets anyone check a quote by
slicing the file, without the repository.
"""

from __future__ import annotations

from builder.model.dossier import Dossier


def source_texts(dossier: Dossier) -> dict[str, str]:
    """Each source's text by file name under the data folder."""
    return {f"texts/{source_id}.txt": dossier.texts[source_id].text for source_id in sorted(dossier.texts)}
