"""The commonest shape of annotation file, read line by line without a YAML parser.

Almost every annotation is a block mapping of `field: value` lines, with lists of
`- field: value` items and one-line lists `[a, b]`. For such a file, reading it
line by line builds the same `YNode`s as libyaml in a fraction of the time (the
events libyaml hands to Python alone cost more than this whole reader).

It accepts only a strict subset of YAML whose meaning is plain, and gives up
(returns None) on anything else: comments after a value, block scalars, strings
over several lines or with escapes other than \" and \\, tabs, unusual characters,
anchors, tags, flow mappings, nested flow lists, `?` or `:` in flow items, empty
values, unexpected indentation, duplicate keys, deep nesting. Then libyaml's
events (`yaml_fast`, which calls this reader first) and, for anything unusual,
the careful loader read the file, so problems are still explained by one loader.
Tests compare the fast path with the careful loader on every annotation file.
"""

from __future__ import annotations

import re
from typing import Any

from builder.load.yaml_types import PLAIN_TAGS, STR_TAG, TYPED_ANYWHERE, TYPED_FIRST, construct_plain, resolve_plain
from builder.load.ynode import FLOAT_TAG, INT_TAG, Refused, YNode, scalar_value
from builder.problems import Location

# Anything but printable characters and `\n`: tabs, `\r`, other line breaks (U+0085, U+2028,
# U+2029), control characters, surrogates, U+FEFF, U+FFFE/U+FFFF and the bidi controls (which
# `ynode.text_refusal` refuses) are left to libyaml.
# Written as the characters left out rather than as those let in (`[^\n\x20-\x7e\xa0-\u2027...]`): the same
# set, but compiling the negated class took 5 ms of every run's start-up.
_UNUSUAL = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]"
)

# Every line, in order (one match per line, so the n-th row is line n): indentation, an optional
# `- ` (a list item), an optional `key:` and the spaces after it, and the rest without trailing spaces.
_LINE = re.compile(r"^( *)(- +)?(?:([a-z_][a-z0-9_]*):( +|$))?((?:.*[^ \n])?) *$", re.MULTILINE)

# A plain (unquoted) value: not starting with an indicator, and nothing that ends it early.
_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@` ")
_SINGLE = r"'((?:[^']|'')*)'"  # '' stands for '
_DOUBLE = r'"((?:[^"\\]|\\["\\])*)"'  # of the escapes, only \" and \\
_ESCAPE = re.compile(r"\\(.)")
_QUOTED = re.compile(f"{_SINGLE}|{_DOUBLE}")
# An item of a one-line flow list and the comma after it; a plain item without the characters
# that have a meaning in flow lists (give up rather than know every rule).
_FLOW_CHAR = r"[^,\[\]{}:#?'\"]"  # `?` too: PyYAML refuses it inside a flow item, libyaml does not
_FLOW_PLAIN = f"((?! ){_FLOW_CHAR}(?:{_FLOW_CHAR}*(?<! ))?)"
_FLOW_ITEM = re.compile(f" *(?:{_SINGLE}|{_DOUBLE}|{_FLOW_PLAIN}) *(?:,|$)")

_NOT_PLAIN = _PLAIN_START | {"["}  # a value starting with one is quoted, a flow list or left to libyaml


class _GiveUp(Exception):
    """Not the plain subset: let libyaml read the file."""


_new = tuple.__new__  # makes a Location or YNode without the named tuple's Python-level __new__


class _Reader:
    """Recursive descent over the content lines, each (indent, dash, key, spaces, value) as `_LINE` cuts it."""

    def __init__(self, path: str, rows: list[tuple[str, str, str, str, str]], content: list[int], depth: int):
        self.path = path
        self.rows = rows
        self.content = content  # the row numbers of the lines that are not blank or a comment
        self.max_depth = depth

    def mapping(self, pos: int, col: int, depth: int) -> tuple[YNode, int]:
        """The block mapping whose first key is on content line `pos` at column `col` (0-based); the position after."""
        if depth >= self.max_depth:
            raise _GiveUp
        rows, content, path = self.rows, self.content, self.path
        fields: dict[str, tuple[Location, YNode]] = {}
        node = _new(YNode, (_new(Location, (path, content[pos] + 1, col + 1)), fields, False))
        end = len(content)
        while True:
            row = content[pos]
            _, _, key, spaces, value = rows[row]
            if not key or key in fields:
                raise _GiveUp
            pos += 1
            if not value:
                child, pos = self.block(pos, col, depth + 1)
            elif value[0] in _NOT_PLAIN or ": " in value or " #" in value or value[-1] == ":":  # _ends_early
                child = self.scalar_or_flow(value, row, col + len(key) + 1 + len(spaces), depth + 1)
            else:  # the commonest value, a plain scalar, inline
                loc = _new(Location, (path, row + 1, col + len(key) + 2 + len(spaces)))
                child = _new(YNode, (loc, _plain(value) if value[0] in TYPED_FIRST or TYPED_ANYWHERE else value, False))
            fields[key] = (_new(Location, (path, row + 1, col + 1)), child)
            if pos == end:
                return node, pos
            following = rows[content[pos]]
            if len(following[0]) < col:
                return node, pos
            if len(following[0]) > col or following[1]:
                raise _GiveUp  # a continuation line, or a list item where a key belongs

    def block(self, pos: int, col: int, depth: int) -> tuple[YNode, int]:
        """The value of a `key:` at column `col`, given on the lines after it."""
        if pos == len(self.content):
            raise _GiveUp  # an empty value: where libyaml places it is libyaml's business
        indent, dash = self.rows[self.content[pos]][:2]
        if dash and len(indent) >= col:
            return self.sequence(pos, len(indent), depth)
        if not dash and len(indent) > col:
            return self.mapping(pos, len(indent), depth)
        raise _GiveUp

    def sequence(self, pos: int, col: int, depth: int) -> tuple[YNode, int]:
        """The block list whose first `-` is on content line `pos` at column `col`."""
        if depth >= self.max_depth:
            raise _GiveUp
        rows, content = self.rows, self.content
        items: list[YNode] = []
        node = _new(YNode, (_new(Location, (self.path, content[pos] + 1, col + 1)), items, False))
        end = len(content)
        while True:
            row = content[pos]
            _, dash, key, _, value = rows[row]
            if key:
                child, pos = self.mapping(pos, col + len(dash), depth + 1)
            elif value:
                child = self.scalar_or_flow(value, row, col + len(dash), depth + 1)
                pos += 1
            else:
                raise _GiveUp  # `-` alone
            items.append(child)
            if pos == end:
                return node, pos
            indent, dash = rows[content[pos]][:2]
            if len(indent) < col or (len(indent) == col and not dash):
                return node, pos
            if len(indent) > col:
                raise _GiveUp

    def scalar_or_flow(self, value: str, row: int, col: int, depth: int) -> YNode:
        """The value written after `key: ` or `- ` on line `row` (0-based) at column `col` (0-based)."""
        path = self.path
        if value[0] != "[":
            return _new(YNode, (_new(Location, (path, row + 1, col + 1)), _scalar(value), False))
        if depth >= self.max_depth or value[-1] != "]":
            raise _GiveUp
        inner = value[1:-1]
        items: list[YNode] = []
        at = 0  # in `inner`
        while inner.strip(" "):
            match = _FLOW_ITEM.match(inner, at)
            if match is None:
                raise _GiveUp
            single, double, plain = match.groups()
            if plain is not None:
                if plain[0] in _PLAIN_START:
                    raise _GiveUp
                start, item = match.start(3), _plain(plain)
            else:
                start, item = match.start(1 if single is not None else 2) - 1, _unquote(single, double)
            items.append(_new(YNode, (_new(Location, (path, row + 1, col + 2 + start)), item, False)))
            at = match.end()
            if at == len(inner):
                break
            if not inner[at:].strip(" "):
                raise _GiveUp  # a comma at the end
        return _new(YNode, (_new(Location, (path, row + 1, col + 1)), items, False))


def _scalar(value: str) -> Any:
    first = value[0]
    if first == "'" or first == '"':
        match = _QUOTED.fullmatch(value)
        if match is None:
            raise _GiveUp
        return _unquote(*match.groups())
    if first in _PLAIN_START or _ends_early(value):
        raise _GiveUp
    return _plain(value)


def _ends_early(plain: str) -> bool:
    """Whether a plain value holds what would end it early: `: ` (or `:` last) starts a mapping, ` #` a comment."""
    return ": " in plain or " #" in plain or plain[-1] == ":"


def _unquote(single: str | None, double: str | None) -> str:
    """The text of a one-line quoted scalar."""
    if single is not None:
        return single.replace("''", "'")
    assert double is not None
    return _ESCAPE.sub(r"\1", double) if "\\" in double else double


def _plain(value: str) -> Any:
    """A plain scalar's value: YAML's implicit types as PyYAML resolves them (without dates)."""
    tag = resolve_plain(value)
    if tag is STR_TAG:
        return value
    if tag not in PLAIN_TAGS:
        raise _GiveUp
    if tag in (INT_TAG, FLOAT_TAG):
        try:
            return scalar_value(tag, value)
        except Refused:
            raise _GiveUp from None  # the careful loader reports it
    return construct_plain(tag, value)


def parse_lines(text: str, path: str, max_depth: int) -> YNode | None:
    """The YNode tree of a document in the plain subset, or None to let libyaml read it."""
    if _UNUSUAL.search(text):
        return None
    rows = _LINE.findall(text)
    if len(rows) != text.count("\n") + 1:
        return None  # cannot happen: `_LINE` matches every line once
    content = []
    for number, (_, dash, key, _, value) in enumerate(rows):
        if dash or key:
            content.append(number)
        elif value and value[0] != "#":
            return None  # neither a key nor a list item: a continuation line, `---`, ...
    if not content or rows[content[0]][0] or rows[content[0]][1]:
        return None  # empty, or not a mapping starting at the margin
    try:
        node, pos = _Reader(path, rows, content, max_depth).mapping(0, 0, 0)
    except _GiveUp:
        return None
    return node if pos == len(content) else None
