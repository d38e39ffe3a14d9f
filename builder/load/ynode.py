"""The parsed YAML value with its place, built by every loader in `builder.load`."""

from __future__ import annotations

from typing import Any, NamedTuple

from builder.problems import Location


class YNode(NamedTuple):
    """A YAML value with its location.

    A named tuple, not a dataclass: a large dossier has millions, and the fast
    loaders make them with `tuple.__new__`, the cheapest object Python builds.

    `value` is a dict of key -> (key location, YNode) for mappings, a list of
    YNodes for sequences, or a plain Python scalar. A field whose value could not
    be read is kept as `unreadable`, so that it is not also reported as missing.
    """

    loc: Location
    value: Any
    unreadable: bool = False

    @property
    def is_map(self) -> bool:
        return isinstance(self.value, dict)

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)

    def plain(self) -> Any:
        """The value without locations (for exports and tests)."""
        if self.is_map:
            return {k: v.plain() for k, (_, v) in self.value.items()}
        if self.is_list:
            return [v.plain() for v in self.value]
        return self.value
