"""YAML's implicit types of plain scalars as PyYAML's safe loader gives them, without dates.

Shared by the fast readers, which resolve scalars themselves instead of through a loader object.
"""

from __future__ import annotations

from typing import Any

import yaml

PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
STR_TAG = "tag:yaml.org,2002:str"
# PyYAML's implicit resolvers by first character (what Resolver.resolve does, without its per-call overhead).
NO_DATES = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_ANY_START: list = list(NO_DATES.get(None, []))
_RESOLVERS: dict[str, list] = {first: [*found, *_ANY_START] for first, found in NO_DATES.items() if first is not None}
# The first characters of a plain scalar that may resolve to something other than a string (all of
# them if PyYAML ever registers a resolver for any first character).
TYPED_FIRST = frozenset(first for first, found in _RESOLVERS.items() if found)
TYPED_ANYWHERE = bool(_ANY_START)


def resolve_plain(value: str) -> str:
    """The tag YAML gives a plain (unquoted) scalar; dates stay text."""
    for tag, pattern in _RESOLVERS.get(value[:1], _ANY_START):
        if pattern.match(value):
            return tag  # type: ignore[no-any-return]
    return STR_TAG


_CONSTRUCTOR = yaml.constructor.SafeConstructor()


def construct_plain(tag: str, value: str) -> Any:
    """The Python value of a plain scalar of one of the PLAIN_TAGS, as PyYAML's safe loader makes it."""
    return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, yaml.ScalarNode(tag, value))
