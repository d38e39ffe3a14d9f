"""What a long-running process keeps between rebuilds of one dossier: the one place serve-time state lives.

`mkdocs serve` rebuilds the whole site after every edit, in the same process. The plugin owns one
`ServeCache` per dossier root and hands it to every stage of the pipeline; a one-off build passes none.
Each stage reads and replaces only its own field, explained where it is used. Every shortcut gives what
a fresh build gives: tests/test_incremental.py compares them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from builder.analyse.crosssource import StatusMemo
from builder.analyse.discrepancies import Figures
from builder.analyse.mentions import MentionMemo
from builder.analyse.overlap import OverlapMemo
from builder.analyse.references import ReferenceMemo
from builder.anchor.anchoring import FoundWith, Marked
from builder.export.records import Memo as ExportMemo
from builder.load.annotations import Memo as AnnotationMemo
from builder.load.dossier import SeedMemo
from builder.render.incremental import Previous


@dataclass
class ServeCache:
    root: Path  # the dossier these are of: another root needs another cache
    annotations: AnnotationMemo = field(default_factory=dict)
    texts: dict[str, SeedMemo] = field(default_factory=dict)  # seed file -> its stamp, text and parse
    anchors: FoundWith = field(default_factory=dict)
    marks: dict[int, Marked] = field(default_factory=dict)
    mentions: MentionMemo = field(default_factory=MentionMemo)
    references: ReferenceMemo = field(default_factory=dict)
    overlaps: OverlapMemo = field(default_factory=OverlapMemo)
    statuses: StatusMemo = field(default_factory=StatusMemo)
    figures: Figures = field(default_factory=dict)
    pages: Previous | None = None
    exports: ExportMemo = field(default_factory=ExportMemo)
