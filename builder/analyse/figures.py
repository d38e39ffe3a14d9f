"""Figures in quoted text: a number, what it counts, and how exact the source says it is.

"at least 83 individuals have perished" gives 83 deaths, a lower bound; "over 20
vessels" gives 20 vessels, a lower bound; "$1.5 million" gives 1,500,000 USD; "on
November 25" gives a date. What a number counts is read from the words that follow
it and grouped into a small vocabulary of units (deaths, strikes, vessels ...), so
that "fatalities" and "individuals have perished" can be compared. A number whose
unit is not in the vocabulary keeps its noun ("sources") and is compared only with
the same noun. Vague amounts ("dozens", "thousands") are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _words(text: str) -> list[str]:
    """Word lists are written as one string each, to keep them short and readable."""
    return text.split()


_MONTHS = "january february march april may june july august september october november december"
MONTHS = {name: n for n, month in enumerate(_words(_MONTHS), 1) for name in (month, month[:3])} | {"sept": 9}
NUMBER_WORDS = {
    w: n
    for n, w in enumerate(
        _words(
            "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
            "seventeen eighteen nineteen twenty"
        )
    )
}
NUMBER_WORDS |= {w: 10 * n for n, w in enumerate(_words("_ _ _ thirty forty fifty sixty seventy eighty ninety")) if n}
MULTIPLIERS = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12}
CURRENCIES = {"$": "USD", "€": "EUR", "£": "GBP", "dollars": "USD", "euros": "EUR", "pounds": "GBP"}

# Unit vocabulary: a counted noun -> the unit figures are compared in.
UNITS = {
    "deaths": "dead deaths fatalities fatality killed lives",
    "casualties": "casualties casualty",
    "injured": "injured wounded injuries",
    "people": "people persons person individuals individual civilians civilian men women children",
    "strikes": "strikes strike airstrikes airstrike attacks attack raids raid bombings bombing",
    "vessels": "vessels vessel boats boat ships ship speedboats speedboat",
    "warships": "warships warship destroyers destroyer frigates frigate",
    "aircraft": "aircraft jets jet planes plane fighters",
    "troops": "troops soldiers soldier marines personnel",
    "arrests": "arrests arrested detainees detained prisoners",
    "countries": "countries country nations",
    "percent": "percent per_cent",
}
UNIT_OF = {word: unit for unit, words in UNITS.items() for word in _words(words)}
DEATH_WORDS = frozenset(
    _words("killed killing kill dead died die dying perished perish fatalities deaths lost murdered")
)
QUALIFIERS = {  # the words before a number -> the bound they give
    tuple(phrase.split()): bound
    for bound, phrases in {
        "min": "at least, more than, over, upwards of",
        "max": "up to, fewer than, less than, at most, under, nearly, almost",
        "about": "about, around, approximately, roughly, some, estimated",
    }.items()
    for phrase in phrases.split(", ")
}
STOP = frozenset(
    _words(
        "of in on at to for and or the a an by from with as than that which who whom was were is are have has had "
        "been be being said says say this these those it its their his her our into per after before since during"
    )
)

WINDOW_BEFORE = 30  # characters read before a possible figure (for 'at least')
WINDOW_AFTER = 120  # and after it (for the unit and death words)
_CANDIDATE_TEXT = r"[$€£\d]|\b(?:" + "|".join(sorted([*NUMBER_WORDS, *MONTHS], key=len, reverse=True)) + r")\b"
_CANDIDATE = re.compile(_CANDIDATE_TEXT)  # run on lower-cased text: much faster than IGNORECASE
_CANDIDATE_ANY_CASE = re.compile(_CANDIDATE_TEXT, re.IGNORECASE)
_TOKEN = re.compile(r"[$€£]|\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|\d+(?:\.\d+)?%?|[A-Za-z]+(?:['’][A-Za-z]+)?")


@dataclass(frozen=True, slots=True)
class Figure:
    value: float
    unit: str  # a unit of UNITS, "USD" etc., "date", "year", or a plain noun
    known: bool  # the unit is from the vocabulary (or a date or amount)
    bound: str  # exact | min | max | about
    text: str  # the words it was read from, e.g. "at least 83 individuals"


def _number(token: str) -> float | None:
    if token[0].isdigit():
        digits = token.rstrip("%").replace(",", "")
        try:
            return float(digits)
        except ValueError:
            return None
    return NUMBER_WORDS.get(token.lower())


def figures(text: str) -> list[Figure]:
    """Every figure in `text`, in order.

    One regex finds where a figure could start (a digit, a currency sign, a number
    word, a month name); only a window of words around each such place is read,
    so the cost does not grow with the words between figures.
    """
    found: list[Figure] = []
    done = 0  # text before this offset has been read
    lowered = text.lower()
    candidates = _CANDIDATE.finditer(lowered) if len(lowered) == len(text) else _CANDIDATE_ANY_CASE.finditer(text)
    for match in candidates:
        start = match.start()
        if start < done:
            continue
        left = text.find(" ", max(0, start - WINDOW_BEFORE)) + 1 if start > WINDOW_BEFORE else 0
        right = text.rfind(" ", start, start + WINDOW_AFTER) if start + WINDOW_AFTER < len(text) else len(text)
        tokens = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, min(left, start), max(right, start))]
        i = next((k for k, t in enumerate(tokens) if t[1] == start), None)
        if i is None:
            continue
        figure, used = _read(text, tokens, i)
        if figure is not None:
            found.append(figure)
        done = tokens[min(i + max(used, 1), len(tokens)) - 1][2]
    return found


def _read(text: str, tokens: list[tuple[str, int, int]], i: int) -> tuple[Figure | None, int]:
    """The figure starting at token i, if any, and how many tokens it used."""
    origin = i
    word, start, end = tokens[i]
    lower = word.lower()
    if lower in MONTHS and i + 1 < len(tokens) and tokens[i + 1][0].isdigit() and int(tokens[i + 1][0]) <= 31:
        return _date(text, tokens, i)
    currency = CURRENCIES.get(word) if word in "$€£" else None
    if currency:
        i += 1
        if i >= len(tokens):
            return None, 1
        word, _, end = tokens[i]
    value = _number(word)
    if value is None or _attached(text, start if not currency else tokens[i][1], end):
        return None, 1
    if lower == "one" and i + 1 < len(tokens) and tokens[i + 1][0].lower() in ("of", "another"):
        return None, 1
    j = i + 1
    if lower in NUMBER_WORDS and value >= 20 and j < len(tokens) and text[end : tokens[j][1]] in ("-", " "):
        units = NUMBER_WORDS.get(tokens[j][0].lower(), 10)
        if units < 10:  # twenty-one
            value, end, j = value + units, tokens[j][2], j + 1
    while j < len(tokens) and tokens[j][0].lower() in MULTIPLIERS:
        value *= MULTIPLIERS[tokens[j][0].lower()]
        end = tokens[j][2]
        j += 1
    bound, first = _qualifier(tokens, i - (1 if currency else 0))
    begin = tokens[first][1]
    if currency is None and j < len(tokens) and tokens[j][0].lower() in CURRENCIES:
        currency = CURRENCIES[tokens[j][0].lower()]
        end = tokens[j][2]
        j += 1
    if currency:
        return Figure(value, currency, True, bound, text[begin:end]), j - origin
    if word.endswith("%"):
        return Figure(value, "percent", True, bound, text[begin:end]), j - origin
    if 1800 <= value <= 2100 and float(value).is_integer() and word.isdigit() and len(word) == 4:
        return Figure(value, "year", True, "exact", text[begin:end]), j - origin
    unit, known, last = _counted(tokens, j)
    if (not known or unit == "people") and _near_death(tokens, first, last):
        unit, known = "deaths", True
    if unit is None:
        return None, j - origin
    stop = tokens[last][2] if last >= j else end
    return Figure(value, unit, known, bound, text[begin:stop]), j - origin


def _attached(text: str, start: int, end: int) -> bool:
    """A number glued to letters or a dash (F-35, G2, 11:48) is a name or a time, not a count."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return before.isalnum() or before in "-‐–:/" or after.isalpha() or after in ":/"


def _qualifier(tokens: list[tuple[str, int, int]], i: int) -> tuple[str, int]:
    """The bound that the one or two words before token i give, and where they start."""
    two = tuple(t[0].lower() for t in tokens[max(0, i - 2) : i])
    if len(two) == 2 and two in QUALIFIERS:
        return QUALIFIERS[two], i - 2
    if two and two[-1:] in QUALIFIERS:
        return QUALIFIERS[two[-1:]], i - 1
    return "exact", i


def _counted(tokens: list[tuple[str, int, int]], j: int) -> tuple[str | None, bool, int]:
    """(unit, known, index of its token) of what the number counts, from the next few words."""
    first: tuple[str, int] | None = None
    for k in range(j, min(j + 3, len(tokens))):
        word = tokens[k][0]
        lower = word.lower()
        if lower in STOP or not word.isalpha():
            break
        unit = UNIT_OF.get(lower)
        if unit:
            return unit, True, k
        if first is None:
            first = (lower, k)
    if first is not None and first[0].endswith("s") and len(first[0]) > 3:
        return first[0], False, first[1]
    return None, False, j - 1


def _near_death(tokens: list[tuple[str, int, int]], first: int, last: int) -> bool:
    window = tokens[max(0, first - 1) : first] + tokens[last + 1 : last + 5]
    return any(t[0].lower() in DEATH_WORDS for t in window)


def _date(text: str, tokens: list[tuple[str, int, int]], i: int) -> tuple[Figure, int]:
    month = MONTHS[tokens[i][0].lower()]
    day = int(tokens[i + 1][0])
    end, used = tokens[i + 1][2], 2
    if i + 2 < len(tokens) and tokens[i + 2][0].isdigit() and len(tokens[i + 2][0]) == 4:
        end, used = tokens[i + 2][2], 3
    # Compared by month and day: one source may give the year and another not.
    return Figure(month * 100 + day, "date", True, "exact", text[tokens[i][1] : end]), used
