"""No entity can have an id that names one of the site's own pages in its folder.

`claims/index.md` or `claims/all/...` beside `claims/<id>.md`: an entity with such an id would lose its
page to the index (or, with MkDocs' directory URLs, to the folder). The loader refuses the ids in
RESERVED_IDS (tests/bad/reserved-id); this test keeps that list in step with the pages rendered.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from builder.model.dossier import PLURAL, RESERVED_IDS
from builder.pipeline import check, render

REPO = Path(__file__).resolve().parent.parent


def test_every_page_beside_the_entity_pages_has_a_reserved_name(tmp_path: Path) -> None:
    root = tmp_path / "gen"
    script = REPO / "bench" / "generate.py"
    command = [sys.executable, str(script), "--sources", "150", "--out", str(root)]
    subprocess.run(command, check=True, capture_output=True)
    checked = check(root)
    assert checked.ok
    pages = render(checked).pages
    own: set[str] = set()
    for kind, plural in PLURAL.items():
        own |= {f"{plural}/{entity_id}.md" for entity_id in checked.dossier.by_kind(kind)}
    names = set()
    for path in pages:
        folder, _, rest = path.partition("/")
        if folder in PLURAL.values() and rest and path not in own:
            names.add(rest.split("/")[0].removesuffix(".md"))
    assert names == RESERVED_IDS, "every name used is reserved, and every reserved name is used"
