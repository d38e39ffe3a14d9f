"""Incremental rendering: under `mkdocs serve`, re-render only the pages whose inputs changed since the last build.

While a page renders, every lookup it makes in the dossier or the analysis goes through a `Tracked` mapping
that notes the key read (entity ids, source texts, display names, backlinks, statuses, mentions ...); a page
that walks a whole mapping is *global* and always re-rendered. Pages of the whole site (listings, the timeline)
avoid that: their emitter places items on pages from untracked data and gives each page a *key* holding it
(`Site.reuse_page`). A page is reused when its key is equal and every key it read holds the same value: `is`
first, `==` after (analysis results are made afresh each build, so the old ones stay intact). Entities and
texts may be the very objects of the last build (the loader remembers files) but the anchor stage mutates them
in place, so their anchors and non-body passages are compared through snapshots. The mappings with a changed
key are found once per build, so a page costs a look at those few. A missing key is remembered as missing:
creating an entity with that id re-renders every page that looked for it.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from operator import attrgetter
from typing import Any

from builder.analyse.analysis import Analysis
from builder.model.dossier import PLURAL, Dossier
from builder.model.text import SourceText

MISSING = object()


class Reads:
    """What the page being rendered has read: keys by mapping tag, or `everything`."""

    __slots__ = ("everything", "keys")

    def __init__(self) -> None:
        self.keys: dict[str, set[Any]] = {}
        self.everything = False

    def take(self) -> dict[str, frozenset[Any]] | None:
        if not self.everything and not any(self.keys.values()):
            return {}  # a reused page reads nothing: most pages of a rebuild under serve
        found = None if self.everything else {tag: frozenset(keys) for tag, keys in self.keys.items() if keys}
        for keys in self.keys.values():
            keys.clear()
        self.everything = False
        return found


class Tracked(dict):  # type: ignore[type-arg]
    """A copy of a mapping that notes each key looked up; walking it marks the page global."""

    __slots__ = ("reads", "seen")

    def __init__(self, tag: str, data: dict[Any, Any], reads: Reads) -> None:
        super().__init__(data)
        self.seen: set[Any] = reads.keys.setdefault(tag, set())
        self.reads = reads

    def get(self, key: Any, default: Any = None) -> Any:
        self.seen.add(key)
        return dict.get(self, key, default)

    def __getitem__(self, key: Any) -> Any:
        self.seen.add(key)
        return dict.__getitem__(self, key)

    def __contains__(self, key: object) -> bool:
        self.seen.add(key)
        return dict.__contains__(self, key)

    def _all(self) -> None:
        self.reads.everything = True

    def __iter__(self) -> Iterator[Any]:
        self._all()
        return dict.__iter__(self)

    def __len__(self) -> int:
        self._all()
        return dict.__len__(self)

    def __bool__(self) -> bool:
        self._all()
        return dict.__len__(self) > 0

    def keys(self) -> Any:
        self._all()
        return dict.keys(self)

    def values(self) -> Any:
        self._all()
        return dict.values(self)

    def items(self) -> Any:
        self._all()
        return dict.items(self)

    def __reduce__(self) -> Any:  # pragma: no cover - never pickled, but stay a plain dict if it is
        return (dict, (dict(self),))


def text_state(text: SourceText) -> tuple[Any, ...]:
    """A source text's non-body passages (set in place by the anchor stage), with which runs share one."""
    order: dict[int, int] = {}
    return tuple(
        (number, order.setdefault(id(passage), len(order)), passage.kind)
        for number, passage in sorted(text.non_body.items())
    )


def _equal(old: Any, new: Any) -> bool:
    """Equal values (mappings item by item); an incomparable value counts as changed."""
    try:
        return bool(old == new)
    except Exception:  # pragma: no cover - mappings are then compared key by key
        return False


def _same(old: Any, new: Any) -> bool:
    return old is new or (old is not MISSING and new is not MISSING and _equal(old, new))


@dataclasses.dataclass
class Inputs:
    """The mappings a build's pages read, by tag, plus snapshots of what is mutated in place."""

    maps: dict[str, dict[Any, Any]]
    anchors: dict[str, tuple[Any, ...]]
    texts: dict[str, tuple[Any, ...]]
    tags: dict[str, Any]  # every tag a page read under, by the end of the build (mapped or noted)


class Tracker:
    """Wraps a build's dossier and analysis in `Tracked` mappings, and records each page's reads."""

    def __init__(self, dossier: Dossier, analysis: Analysis, names: dict[str, str]) -> None:
        self.reads = Reads()
        maps: dict[str, dict[Any, Any]] = {}

        def track(tag: str, data: dict[Any, Any]) -> Tracked:
            maps[tag] = data
            return Tracked(tag, data, self.reads)

        self.dossier = Dossier(
            **{plural: track(plural, dossier.by_kind(kind)) for kind, plural in PLURAL.items()},
            texts=track("texts", dossier.texts),
        )
        self.names = track("names", names)
        analysis_fields: dict[str, Any] = {
            "refs": dataclasses.replace(analysis.refs, incoming=track("refs", analysis.refs.incoming)),
            "mentions": track("mentions", analysis.mentions),
            "coverage": track("coverage", analysis.coverage),
            "evidence_by_source": track("evidence_by_source", analysis.evidence_by_source),
        }
        cross, independence = analysis.cross, analysis.cross.independence
        analysis_fields["cross"] = dataclasses.replace(
            cross,
            independence=dataclasses.replace(
                independence,
                cluster_of=track("cluster_of", independence.cluster_of),
                members=track("members", independence.members),
                ties=track("ties", independence.ties),
                local=track("local", independence.local),
            ),
            statuses=track("statuses", cross.statuses),
            unnamed=track("unnamed", cross.unnamed),
            timeline=dataclasses.replace(cross.timeline, where=track("where", cross.timeline.where)),
            discrepancies_of=track("discrepancies_of", cross.discrepancies_of),
        )
        self.analysis = dataclasses.replace(analysis, **analysis_fields)
        self.maps = maps
        self._raw = dossier

    def extra(self, tag: str, data: dict[Any, Any]) -> Tracked:
        """Track a mapping an emitter derives from the whole dossier (compared with `==`)."""
        self.maps[tag] = data
        return Tracked(tag, data, self.reads)

    def note(self, tag: str, key: Any) -> None:
        self.reads.keys.setdefault(tag, set()).add(key)

    def inputs(self) -> Inputs:
        raw = self._raw
        return Inputs(
            self.maps,
            {e.id: tuple(map(_ANCHOR, e.evidence_list)) for e in raw.entities()},
            {source_id: text_state(text) for source_id, text in raw.texts.items()},
            self.reads.keys,
        )


# An entity's anchors, as the Anchor objects on its evidence: the anchor stage sets a new Anchor on evidence
# it locates again and never changes one in place, so the objects of the last build are its values then.
# (Keyed by entity id: the evidence's owner, which that stage also sets, is that id.)
_ANCHOR = attrgetter("anchor")


class Previous:
    """The last build of one dossier root: its pages, what each read, and the inputs then."""

    def __init__(self, pages: dict[str, str], deps: dict[str, Any], inputs: Inputs, keys: dict[str, Any]) -> None:
        self.pages = pages
        self.deps = deps
        self.inputs = inputs
        self.keys = keys  # the key of each page of the whole site (see Site.reuse_page)
        self.current: Inputs | None = None
        self._dirty: dict[str, set[Any]] | None = None  # the tags with a changed key, and those keys
        self._moved: dict[str, bool] = {}  # whether any anchor, or any text's non-body passages, moved

    def start(self, current: Inputs) -> None:
        self.current = current
        self._dirty = None
        self._moved = {
            name: not _equal(getattr(self.inputs, name), getattr(current, name)) for name in ("anchors", "texts")
        }

    def _changed(self, tag: str) -> set[Any]:
        """The keys of one mapping whose values differ between the last build and this one."""
        old, new = self.inputs, self.current
        assert new is not None
        before, after = old.maps.get(tag), new.maps.get(tag)
        found: set[Any]
        if before is None or after is None:
            found = _EVERY
        elif before is after:
            found = set()
        else:
            found = set(before.keys() - after.keys())
            if not _equal(before, after):  # most maps are unchanged, and compared in C, values by `is` first
                get = before.get
                found.update(k for k, v in after.items() if get(k, MISSING) is not v and not _same(get(k, MISSING), v))
            if tag in _ENTITY_TAGS and self._moved["anchors"]:
                found.update(k for k in after if old.anchors.get(k) != new.anchors.get(k))
            elif tag == "texts" and self._moved["texts"]:
                found.update(k for k in after if old.texts.get(k) != new.texts.get(k))
        return found

    def _dirty_tags(self) -> dict[str, set[Any]]:
        """Every tag a page of the last build can have read, compared once: a page then costs a look at the
        few that changed. (A mapping an emitter starts tracking later in this build counts as all changed.)"""
        assert self.current is not None
        tags = {*self.inputs.maps, *self.inputs.tags, *self.current.maps}  # every tag a page can have read
        self._dirty = {tag: found for tag in tags if (found := self._changed(tag)) or found is _EVERY}
        return self._dirty

    def reusable(self, path: str) -> str | None:
        """The page as last rendered, if nothing it read has changed."""
        deps = self.deps.get(path)
        if deps is None:
            return None
        dirty = self._dirty
        if dirty is None:
            dirty = self._dirty_tags()
        for tag, found in dirty.items():
            keys = deps.get(tag)
            if keys is not None and (found is _EVERY or not keys.isdisjoint(found)):
                return None
        return self.pages.get(path)

    def reusable_keyed(self, path: str, key: Any) -> str | None:
        """`reusable`, for a page that also had this key at the last build."""
        if self.keys.get(path, MISSING) != key:
            return None
        return self.reusable(path)


class _Every(set):  # type: ignore[type-arg]
    """Every key has changed (a mapping appeared or went away)."""


_EVERY = _Every()
_ENTITY_TAGS = frozenset(PLURAL.values())
