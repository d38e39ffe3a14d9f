"""Safe YAML loading that keeps the line and column of every value.

PyYAML's `safe_load` forgets where values came from and silently keeps the last
of two duplicate keys. Here a document is composed with a safe loader and walked
into `YNode`s, so that every later problem can point at a line, and duplicate
keys, aliases and custom tags are reported instead of accepted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from builder.problems import Location, Problems

_SCALAR_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings: dates are parsed as EDTF later."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class YNode:
    """A YAML value with its location.

    `value` is a dict of key -> (key location, YNode) for mappings, a list of
    YNodes for sequences, or a plain Python scalar.
    """

    loc: Location
    value: Any

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


def _loc(path: str, mark: yaml.Mark | None) -> Location:
    if mark is None:
        return Location(path)
    return Location(path, mark.line + 1, mark.column + 1)


def parse_yaml(text: str, path: str, problems: Problems) -> YNode | None:
    """Parse one YAML document; report problems and return None if unusable."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        problems.error(
            _loc(path, mark),
            f"this is not valid YAML: {problem}",
            "check indentation, and put text containing ': ' or starting with a quote mark in quotes",
        )
        return None
    except yaml.YAMLError as exc:
        problems.error(Location(path), f"this is not valid YAML: {exc}", "fix the YAML syntax")
        return None
    except RecursionError:
        problems.error(Location(path), "the YAML is nested too deeply", "flatten the structure")
        return None
    finally:
        loader.dispose()
    if root is None:
        problems.error(Location(path, 1, 1), "the file is empty", "write the entity's fields, starting with id")
        return None
    try:
        return _Walker(path, problems).walk(root)
    except RecursionError:
        problems.error(Location(path), "the YAML is nested too deeply", "flatten the structure")
        return None


class _Walker:
    def __init__(self, path: str, problems: Problems) -> None:
        self.path = path
        self.problems = problems
        self.seen: set[int] = set()
        self.constructor = _Loader("")

    def walk(self, node: yaml.Node) -> YNode | None:
        loc = _loc(self.path, node.start_mark)
        if id(node) in self.seen:
            self.problems.error(
                loc, "YAML anchors and aliases (&name, *name) are not supported", "write the value out in full"
            )
            return None
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            items = [self.walk(item) for item in node.value]
            return YNode(loc, [item for item in items if item is not None])
        if node.tag not in _SCALAR_TAGS:
            self.problems.error(
                loc, f"the YAML tag {node.tag!r} is not allowed", "remove the tag (text starting with ! must be quoted)"
            )
            return None
        return YNode(loc, self.constructor.construct_object(node))

    def _mapping(self, node: yaml.MappingNode, loc: Location) -> YNode:
        result: dict[str, tuple[Location, YNode]] = {}
        for key_node, value_node in node.value:
            key_loc = _loc(self.path, key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.error(key_loc, "keys must be plain field names", "write the field name as plain text")
                continue
            key = str(key_node.value)
            if key in result:
                first = result[key][0]
                self.problems.error(
                    key_loc,
                    f"the field {key!r} appears twice in this mapping (first at line {first.line})",
                    "keep one of them; YAML would silently use only the last",
                )
                continue
            value = self.walk(value_node)
            if value is not None:
                result[key] = (key_loc, value)
        return YNode(loc, result)
