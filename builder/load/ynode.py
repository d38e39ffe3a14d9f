"""The parsed YAML value with its place, built by every loader in `builder.load`."""

from __future__ import annotations

import re
import unicodedata
from typing import Any, NamedTuple

from builder.problems import Location, short


class YNode(NamedTuple):
    """A YAML value with its location (a named tuple: a large dossier has millions). `value` is a dict of key ->
    (key location, YNode) for a mapping, a list of YNodes for a sequence, or a plain Python scalar. A field whose
    value could not be read is kept as `unreadable`, so that it is not also reported as missing."""

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


# The one rule every YAML scalar goes through, whichever reader read it ------------------------------
#
# The model holds text, ids, terms and dates: YAML's other types only ever come from text that was
# not put in quotes. A number is kept only if it reads back exactly as typed (`7`, `2025`), so that
# YAML never silently rewrites what a contributor wrote (`0777` is 511, `1_000` is 1000, `0x1F` is 31,
# `1.10` is 1.1, `1e400` is inf); a float is never kept. And text may hold no character that can
# change the order in which a page shows the text around it (the Unicode bidi controls).

INT_TAG = "tag:yaml.org,2002:int"
FLOAT_TAG = "tag:yaml.org,2002:float"
MAX_DIGITS = 18  # a number is a year or a paragraph; 18 digits keep it a machine integer
_CANONICAL_INT = re.compile(rf"0|-?[1-9][0-9]{{0,{MAX_DIGITS - 1}}}")
QUOTE_IT = "put the text in quotes"

# Every Bidi_Control character: the embeddings, overrides and isolates open a scope that can reorder
# everything after them on a page; the marks (LRM, RLM, ALM) reorder the characters next to them.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BIDI = re.compile(f"[{BIDI_CONTROLS}]")


# Fields whose text is copied from a seed and must match it character for character: a seed is kept as
# received, bidi controls and all, so these may hold them (every page shows them through
# `render.markdown`, which turns the controls that open a scope into visible signs).
SEED_TEXT_FIELDS = frozenset({"quote", "prefix", "suffix", "start", "end"})


class Refused(ValueError):
    """A scalar the model cannot keep as written; `str()` says why, for `file:line: error: ...`."""


def scalar_value(tag: str, raw: str) -> Any:
    """The value of a YAML scalar that YAML resolved (or was told) to read as `tag`, or `Refused`. Both readers call
    this before converting any number: so none converts a number of thousands of digits or keeps `inf`."""
    if tag == INT_TAG:
        if _CANONICAL_INT.fullmatch(raw):
            return int(raw)
        raise Refused(f"YAML reads {short(raw, 40)!r} as a number, which would not be shown as typed")
    if tag == FLOAT_TAG:
        raise Refused(f"YAML reads {short(raw, 40)!r} as a fractional number, which would not be shown as typed")
    raise Refused(f"{tag!r} is not a number type")  # cannot happen: the readers call this for numbers only


def text_refusal(text: str) -> str | None:
    """Why a text from an annotation cannot be kept (it holds a bidi control), or None."""
    found = BIDI.search(text)
    if found is None:
        return None
    char = found.group()
    return (
        f"the text holds the invisible character U+{ord(char):04X} {unicodedata.name(char)}, "
        "which can reorder the text shown around it"
    )
