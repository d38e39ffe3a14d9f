"""The common case of YAML loading, fast: the `YNode` tree built from libyaml's events.

Pure-Python PyYAML takes most of the load stage of a large dossier. Anything unusual (a syntax error, an
alias, a tag, a duplicate key, deep nesting, an unshowable character) makes this reader give up: the careful
loader in `yaml_nodes` then reads the file again and explains the problem, so this one only has to be right
about valid files (tests compare the two).
"""

from __future__ import annotations

from typing import Any

import yaml

from builder.load.ynode import FLOAT_TAG, INT_TAG, YNode, scalar_value
from builder.problems import Location

# YAML's implicit types of plain scalars as PyYAML's safe loader gives them, without dates.
PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null")}
STR_TAG = "tag:yaml.org,2002:str"
# PyYAML's implicit resolvers by first character, without the one for dates (EDTF dates are read later).
NO_DATES = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_BaseLoader: type | None = getattr(yaml, "CSafeLoader", None)  # None: PyYAML built without libyaml


class _Loader(_BaseLoader or object):  # type: ignore[misc]
    """libyaml loader that leaves dates as strings (they are parsed as EDTF later)."""

    yaml_implicit_resolvers = NO_DATES


class _GiveUp(Exception):
    """The file is not a plain, valid annotation: let the careful loader explain."""


def parse_fast(text: str, path: str, max_depth: int, unshowable: Any) -> Any:
    """The YNode tree of a plain, valid document, or None to fall back."""
    if _BaseLoader is None:
        return None
    try:
        loader = _Loader(text)
    except ValueError:  # text libyaml cannot take (lone surrogates): the careful loader explains
        return None
    constructors = loader.yaml_constructors
    stack: list[tuple[Any, list]] = []  # (container YNode, [pending key, key location])
    root = None
    documents = 0
    try:
        while True:
            event = loader.get_event()
            kind = type(event)
            if kind is yaml.StreamEndEvent:
                break
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise _GiveUp
                continue
            if kind in (yaml.StreamStartEvent, yaml.DocumentEndEvent):
                continue
            if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                node, _ = stack.pop()
                if not stack:
                    root = node
                else:
                    _attach(stack[-1], node, unshowable)
                continue
            if kind is yaml.AliasEvent or event.tag not in (None, "!"):
                raise _GiveUp
            mark = event.start_mark
            loc = Location(path, mark.line + 1, mark.column + 1)
            if kind is yaml.ScalarEvent:
                value = event.value
                tag = loader.resolve(yaml.ScalarNode, value, event.implicit) if event.implicit[0] else STR_TAG
                if tag != STR_TAG:  # a plain scalar: YAML's implicit types apply
                    if tag not in PLAIN_TAGS:
                        raise _GiveUp
                    if tag in (INT_TAG, FLOAT_TAG):
                        value = scalar_value(tag, value)  # Refused (a ValueError): the careful loader reports it
                    else:
                        value = constructors[tag](loader, yaml.ScalarNode(tag, value))
                node = YNode(loc, value)
                if stack:
                    _attach(stack[-1], node, unshowable, raw=event.value)
                else:
                    root = node
                continue
            if stack and stack[-1][1][0] is None and stack[-1][0].is_map:
                raise _GiveUp  # a mapping or list used as a key
            if len(stack) >= max_depth:
                raise _GiveUp
            container: Any = {} if kind is yaml.MappingStartEvent else []
            stack.append((YNode(loc, container), [None, None]))
    except (_GiveUp, yaml.YAMLError, ValueError, OverflowError):  # UnicodeError (lone surrogates) is a ValueError
        return None
    finally:
        loader.dispose()
    return root


def _attach(frame: tuple[Any, list], node: Any, unshowable: Any, raw: str | None = None) -> None:
    parent, pending = frame
    if isinstance(node.value, str) and unshowable.search(node.value):
        raise _GiveUp
    if not parent.is_map:
        parent.value.append(node)
        return
    if pending[0] is None:  # this scalar is a key
        if raw is None or raw == "<<" or raw in parent.value:
            raise _GiveUp
        pending[0], pending[1] = raw, node.loc
        return
    parent.value[pending[0]] = (pending[1], node)
    pending[0] = pending[1] = None
