"""Safe YAML loading that keeps the line and column of every value.

PyYAML's `safe_load` forgets where values came from and silently keeps the last of two duplicate keys: here
a document is composed with a safe loader and walked into `YNode`s, and duplicate keys, aliases and custom
tags are reported instead of accepted.
"""

from __future__ import annotations

import re

import yaml

from builder.load.yaml_fast import NO_DATES, PLAIN_TAGS, parse_fast
from builder.load.ynode import (
    BIDI,
    FLOAT_TAG,
    INT_TAG,
    QUOTE_IT,
    SEED_TEXT_FIELDS,
    Refused,
    YNode,
    scalar_value,
    text_refusal,
)
from builder.problems import Location, Problems, short

_TAGS = {"scalar": PLAIN_TAGS, "sequence": {"tag:yaml.org,2002:seq"}, "mapping": {"tag:yaml.org,2002:map"}}


MAX_DEPTH = 40  # annotations nest four or five levels; deeper is a mistake or an attack

# Characters that no annotation text needs and no page can show. YAML refuses them
# written out, but a double-quoted "\x07" or "\ud800" escape produces them.
_UNSHOWABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
# What makes the fast readers leave a file to this one: the above, and what `text_refusal` refuses.
_GIVE_UP = re.compile(f"{_UNSHOWABLE.pattern}|{BIDI.pattern}")
_SURROGATE_PAIR = re.compile(r"[\ud800-\udbff][\udc00-\udfff]")


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings (dates are parsed as EDTF later),
    limits nesting, and marks aliases instead of sharing the node they name."""

    depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.get_event()
            return _Alias("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
        if self.depth >= MAX_DEPTH:
            mark = self.peek_event().start_mark
            raise _TooDeep(None, None, f"it is nested more than {MAX_DEPTH} levels deep", mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)  # type: ignore[misc,arg-type]
        finally:
            self.depth -= 1


class _Alias(yaml.ScalarNode):
    """Where the document said `*name`."""


class _TooDeep(yaml.composer.ComposerError):
    pass


_Loader.yaml_implicit_resolvers = NO_DATES


def _loc(path: str, mark: yaml.Mark | None) -> Location:
    if mark is None:
        return Location(path)
    return Location(path, mark.line + 1, mark.column + 1)


def parse_yaml(text: str, path: str, problems: Problems) -> YNode | None:
    """Parse one YAML document; report problems and return None if unusable."""
    fast = parse_fast(text, path, MAX_DEPTH, _GIVE_UP)
    if fast is not None:
        return fast
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        location = Location(path, before.count("\n") + 1, len(before) - before.rfind("\n"))
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        problems.error(
            location,
            f"the file contains the control character U+{ord(char):04X}, which YAML does not allow",
            "delete the character (it is usually invisible: retype the text around it)",
        )
        return None
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        message, fix = _explain(exc, text)
        mark = exc.problem_mark or exc.context_mark
        if _AT_OPENING.match(message) and exc.context_mark is not None:
            mark = exc.context_mark  # what is not closed is shown where it opens, not where the file ends
        # The line and a caret under the column follow the fix, on lines of their own (as compilers show them),
        # so that the first line of the problem stays `file:line:column: error: message Fix: fix`.
        problems.error(_loc(path, mark), f"this is not valid YAML: {message}", fix + _shown(text, mark))
        return None
    except yaml.YAMLError as exc:
        problems.error(Location(path, 1, 1), f"this is not valid YAML: {exc}", "fix the YAML syntax")
        return None
    finally:
        loader.dispose()
    if root is None:
        problems.error(Location(path, 1, 1), "the file is empty", "write the entity's fields, starting with id")
        return None
    return _Walker(path, problems).walk(root)


_AT_OPENING = re.compile(r"the (list|mapping|quotation mark) opened |this line is neither")


def _explain(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, str]:
    """What a YAML syntax error means, in the words of someone writing an annotation, and its fix. PyYAML's messages
    name its parser's states ("expected <block end>, but found '?'"): the common ones are said plainly, the rare
    ones as PyYAML says them."""
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    start = exc.context_mark
    opened = f"line {start.line + 1}, column {start.column + 1}" if start is not None else "before"
    if isinstance(exc, _TooDeep):
        return problem, "flatten the structure"
    if problem == "mapping values are not allowed here":
        line = _line(text, exc.problem_mark)
        if ": " in line[: exc.problem_mark.column].lstrip() if exc.problem_mark else False:
            return (
                "this value holds ': ' (or ends with ':'), which YAML reads as the start of another field",
                'put the whole value in quotes, e.g. `name: "Ana: the mayor"`',
            )
        return (
            "this line is indented more than the field before it, so YAML reads it as part of that field's value",
            "indent it as much as the other fields of the same item",
        )
    if problem.startswith(("expected ',' or ']'", "expected ',' or '}'")):
        bracket = "[" if "]" in problem else "{"
        return (
            f"the {'list' if bracket == '[' else 'mapping'} opened with '{bracket}' here is not closed",
            "close it on the same line, or write one `- item` per line",
        )
    if problem.startswith("found character '\\t'"):
        return "a tab is used here, and YAML allows only spaces for indentation", "replace the tab with spaces"
    if "that cannot start any token" in problem:
        char = problem.split("'")[1] if "'" in problem else "this character"
        return f"a value cannot start with {char} in YAML", "put the text in quotes"
    if problem == "found unexpected end of stream" and "quoted scalar" in context:
        return (
            "the quotation mark opened here is never closed",
            "close the quote; inside '...' write a ' as '', inside \"...\" write a \" as \\\"",
        )
    if problem.startswith("found undefined alias"):
        return "`*` starts a YAML alias, which annotations do not use", "put text starting with * in quotes"
    if problem == "but found another document":
        return "the file holds a second document after a `---` line", "keep one annotation per file"
    if problem == "could not find expected ':'":
        return (
            "this line is neither `field: value` nor a list item `- ...`",
            "add ': ' after the field's name, or indent a value that goes on under its field",
        )
    if "block scalar" in context:
        return "`|` or `>` starts a block of text in YAML and must end its line", "put the text in quotes"
    if problem.startswith("expected '<document start>'"):
        return (
            "this line is indented less than the first field of the file",
            "start every field of the file at the margin, and indent only what belongs to a field",
        )
    if problem.startswith("expected <block end>, but found"):
        found = problem.rpartition("found ")[2].strip("'")
        if found == "<scalar>":
            return (
                "more text follows a value that has ended (text in quotes cannot go on after its closing quote)",
                "put the whole value in quotes",
            )
        if found in ("-", "<block sequence start>"):
            return (
                "a list item `-` stands where a field was expected",
                "indent the list under its field (`evidence:` then `  - source: ...`)",
            )
        return (
            f"this line is not indented like the lines of the block it belongs to (which starts at {opened})",
            "indent it as much as the other fields of the same item",
        )
    said = problem or context or "invalid YAML"
    if problem and context and start is not None and start is not exc.problem_mark:
        said += f" ({context} at {opened})"
    return said, "check indentation, and put text with ': ' or starting with a quote in quotes"


def _line(text: str, mark: yaml.Mark | None) -> str:
    if mark is None:
        return ""
    lines = text.split("\n")
    return lines[mark.line].rstrip("\r") if mark.line < len(lines) else ""


SHOWN = 60  # characters of the line shown on each side of the caret


def _shown(text: str, mark: yaml.Mark | None) -> str:
    """The line of the mark, and a caret under its column (part of a long line)."""
    line = _line(text, mark)
    if mark is None or not line.strip():
        return ""
    column = min(mark.column, len(line))
    left = max(0, column - SHOWN)
    piece = line[left : column + SHOWN]
    pad = "".join(c if c == "\t" else " " for c in piece[: column - left])
    number = f"{mark.line + 1} | "
    return f"\n    {number}{piece}\n    {' ' * len(number)}{pad}^"


class _Walker:
    def __init__(self, path: str, problems: Problems) -> None:
        self.path = path
        self.problems = problems
        self.constructor = _Loader("")
        self.field = ""  # the field whose value is being walked (a list's items are its field's values)

    def walk(self, node: yaml.Node) -> YNode | None:
        loc = _loc(self.path, node.start_mark)
        if isinstance(node, _Alias):
            self.problems.error(
                loc, "YAML anchors and aliases (&name, *name) are not supported", "write the value out in full"
            )
            return None
        if node.tag not in _TAGS[node.id]:  # type: ignore[attr-defined]  # each Node subclass has an id
            self.problems.error(
                loc, f"the YAML tag {node.tag!r} is not allowed", "remove the tag (text starting with ! must be quoted)"
            )
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            items = [self.walk(item) for item in node.value]
            return YNode(loc, [item for item in items if item is not None])
        if node.tag in (INT_TAG, FLOAT_TAG):  # the one rule for numbers (see ynode.scalar_value)
            try:
                return YNode(loc, scalar_value(node.tag, node.value))
            except Refused as exc:
                self.problems.error(loc, str(exc), QUOTE_IT)
                return None
        try:
            value = self.constructor.construct_object(node)
        except (ValueError, KeyError, yaml.YAMLError):
            self.problems.error(
                loc,
                f"{short(str(node.value), 40)!r} cannot be read as a YAML {node.tag.rpartition(':')[2]}",
                "put the value in quotes (and remove any !!tag before it)",
            )
            return None
        return YNode(
            loc, self._text(value, loc, self.field not in SEED_TEXT_FIELDS) if isinstance(value, str) else value
        )

    def _text(self, text: str, loc: Location, annotators: bool = False) -> str:
        """The text with escaped surrogate pairs joined; unshowable characters reported, and bidi controls in
        text that is the `annotators`' own (not copied from a seed)."""
        text = _SURROGATE_PAIR.sub(lambda m: m.group().encode("utf-16", "surrogatepass").decode("utf-16"), text)
        bad = _UNSHOWABLE.search(text)
        if bad is None:
            refusal = text_refusal(text) if annotators else None
            if refusal is not None:
                self.problems.error(loc, refusal, "delete it: it is invisible, so retype the text around it")
            return text
        self.problems.error(
            loc,
            f"the text contains the character U+{ord(bad.group()):04X}, which cannot be shown",
            "remove the escape that produces it (such as \\x07 or \\ud800 in double quotes)",
        )
        return _UNSHOWABLE.sub("\ufffd", text)

    def _mapping(self, node: yaml.MappingNode, loc: Location) -> YNode:
        result: dict[str, tuple[Location, YNode]] = {}
        for key_node, value_node in node.value:
            key_loc = _loc(self.path, key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.error(key_loc, "keys must be plain field names", "write the field name as plain text")
                continue
            key = self._text(str(key_node.value), key_loc)
            if key in result:
                first = result[key][0]
                self.problems.error(
                    key_loc,
                    f"the field {key!r} appears twice in this mapping (first at line {first.line})",
                    "keep one of them; YAML would silently use only the last",
                )
                continue
            self.field = key
            value = self.walk(value_node)
            result[key] = (key_loc, value or YNode(_loc(self.path, value_node.start_mark), None, unreadable=True))
        return YNode(loc, result)
