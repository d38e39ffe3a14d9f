"""TODO placeholders left in annotation files.

`new-source` and `new` write stubs whose every guess or blank is marked `TODO:`. A stub loads, so the
site can be built at once; but a TODO left in a pull request would publish "TODO: ..." as a title.
Each one is a warning, which `check --strict` and `mkdocs build --strict` (CI) refuse.
"""

from __future__ import annotations

import re

from builder.problems import PLACEHOLDER, Location, Problems

MARK = re.compile(r"\bTODO[:,]")  # as the stubs write it; a bare "todo" in Spanish text is left alone


def report(path: str, text: str, problems: Problems) -> None:
    """A warning for each line of an annotation file that still holds a TODO mark."""
    if "TODO" not in text:  # nearly every file: one scan of the text
        return
    for number, line in enumerate(text.splitlines(), start=1):
        found = MARK.search(line)
        if found is None:
            continue
        shown = line.strip()
        shown = shown if len(shown) <= 90 else shown[:89] + "…"
        problems.warning(
            Location(path, number, found.start() + 1),
            f"{PLACEHOLDER}: {shown!r}",
            "settle it (fill in or check the value against the text), then delete the TODO; "
            "delete a commented-out field you leave unknown",
        )
